"""Starting an application: its reference, its intake, one per intake and entry level."""

import datetime as dt

import pytest

from admissions.applications.errors import ApplicationAlreadyExists, NoIntakeOpen
from admissions.applications.models import TimelineEvent
from admissions.applications.services import create_application
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from tests.applicants.factories import UserFactory
from tests.calendar import IN_ROUND_1, paris, paris_calendar
from tests.catalogue.factories import EntryLevelFactory, IntakeFactory, RoundFactory


@pytest.fixture
def calendar(db):
    return paris_calendar()


def test_a_new_application_is_a_draft_with_a_public_reference(calendar):
    applicant = UserFactory()
    application = create_application(
        applicant=applicant,
        programme=calendar.programme,
        entry_level=calendar.entry_level,
        now=IN_ROUND_1,
    )
    assert application.reference == "PMAI-2027-00001"
    assert (application.status, application.intake, application.round) == (
        Status.DRAFT,
        calendar.intake,
        None,
    )
    event = TimelineEvent.objects.get(application=application)
    assert (event.kind, event.to_status, event.actor) == ("created", Status.DRAFT, applicant)


def test_references_count_up_per_programme_intake(calendar):
    references = [
        create_application(
            applicant=UserFactory(), programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
        ).reference
        for _ in range(3)
    ]
    assert references == ["PMAI-2027-00001", "PMAI-2027-00002", "PMAI-2027-00003"]


def test_a_second_application_for_the_same_intake_and_level_is_refused_naming_the_first(
    calendar,
):
    applicant = UserFactory()
    first = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    with pytest.raises(ApplicationAlreadyExists) as caught:
        create_application(
            applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
        )
    assert caught.value.reference == first.reference
    assert first.reference in str(caught.value)


def test_the_same_person_may_apply_at_another_entry_level(calendar):
    applicant = UserFactory()
    EntryLevelFactory(programme=calendar.programme, code="m2")
    create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    other = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="m2", now=IN_ROUND_1
    )
    assert other.reference == "PMAI-2027-00002"


def test_an_unknown_entry_level_is_not_found(calendar):
    with pytest.raises(NotFound, match="m7"):
        create_application(
            applicant=UserFactory(), programme=calendar.programme, entry_level="m7", now=IN_ROUND_1
        )


def test_a_draft_may_be_started_before_the_first_round_opens(calendar):
    application = create_application(
        applicant=UserFactory(),
        programme=calendar.programme,
        entry_level="pm",
        now=paris(2026, 10, 1),
    )
    assert application.intake == calendar.intake


def test_after_the_last_deadline_the_next_intake_is_joined(calendar):
    next_intake = IntakeFactory(programme=calendar.programme, academic_year=2028)
    RoundFactory(intake=next_intake, number=1, upcoming_at=paris(2027, 10, 1))
    application = create_application(
        applicant=UserFactory(),
        programme=calendar.programme,
        entry_level="pm",
        now=paris(2027, 10, 1),
    )
    assert application.reference == "PMAI-2028-00001"


def test_with_no_round_open_or_to_come_the_programme_is_closed(calendar):
    with pytest.raises(NoIntakeOpen, match="closed"):
        create_application(
            applicant=UserFactory(),
            programme=calendar.programme,
            entry_level="pm",
            now=paris(2027, 9, 18, 0, 0, 0) + dt.timedelta(days=1),
        )
