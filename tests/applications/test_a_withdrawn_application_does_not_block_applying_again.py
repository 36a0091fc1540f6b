"""Withdrawing is not a lock-out: while the round is open the person may apply again to the
same intake and entry level; the withdrawn application stays, withdrawn, on their record."""

import pytest
from django.db import IntegrityError, transaction

from admissions.applications.errors import ApplicationAlreadyExists
from admissions.applications.models import Application
from admissions.applications.services import create_application, withdraw_application
from admissions.applications.states import Status
from tests.applicants.factories import UserFactory
from tests.calendar import IN_ROUND_1, paris_calendar


@pytest.fixture
def calendar(db):
    return paris_calendar()


def test_a_new_application_after_a_withdrawal_gets_a_new_reference_and_keeps_the_old_one(
    calendar,
):
    applicant = UserFactory()
    first = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    withdraw_application(application=first, actor=applicant, now=IN_ROUND_1)

    second = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )

    assert second.reference != first.reference
    assert second.status == Status.DRAFT
    first.refresh_from_db()
    assert first.status == Status.WITHDRAWN


def test_the_new_application_still_blocks_a_third_one(calendar):
    applicant = UserFactory()
    first = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    withdraw_application(application=first, actor=applicant, now=IN_ROUND_1)
    second = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )

    with pytest.raises(ApplicationAlreadyExists) as caught:
        create_application(
            applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
        )
    assert caught.value.reference == second.reference


def test_the_database_allows_withdrawn_duplicates_but_not_two_live_ones(calendar):
    applicant = UserFactory()
    first = create_application(
        applicant=applicant, programme=calendar.programme, entry_level="pm", now=IN_ROUND_1
    )
    withdraw_application(application=first, actor=applicant, now=IN_ROUND_1)
    fields = {
        "applicant": applicant,
        "programme": first.programme,
        "intake": first.intake,
        "entry_level": first.entry_level,
    }
    Application.objects.create(reference="PMAI-2027-09998", status=Status.WITHDRAWN, **fields)
    Application.objects.create(reference="PMAI-2027-09999", status=Status.DRAFT, **fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(reference="PMAI-2027-10000", status=Status.DRAFT, **fields)
