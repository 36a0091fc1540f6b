"""From the ranked list, the chair (or the programme head) moves an application in review on
to the interview, to the panel, or refuses it. A refusal is held until the decisions are
released: the applicant sees nothing of it and receives nothing."""

from __future__ import annotations

import pytest

from admissions.applications.errors import StageNotInPipeline
from admissions.applications.models import TimelineEvent
from admissions.applications.selectors import timeline_for_applicant
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.core.models import AuditEvent
from admissions.core.roles import Role
from admissions.notifications.models import OutboxMessage
from admissions.review import chair
from admissions.review.models import MemberRole
from tests.catalogue.factories import EntryLevelFactory
from tests.people import make_user
from tests.review.chair_stories import (
    application_in_review,
    committee_of,
    review,
    reviewed_programme,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(msc):
    return committee_of(reviewed_programme(msc))


@pytest.fixture
def chloe(committee):
    return seat(committee, "chloe.chair@example.org", role=MemberRole.CHAIR).user


@pytest.fixture
def application(committee):
    application = application_in_review(committee)
    review(seat(committee, "ana@example.org"), application, 2)
    return application


def test_the_chair_sends_an_application_to_the_msc_interview(application, chloe):
    chair.advance_application(application=application, to=Status.INTERVIEW, actor=chloe)

    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    event = TimelineEvent.objects.get(application=application, to_status=Status.INTERVIEW)
    assert event.actor == chloe and event.visible_to_applicant
    assert AuditEvent.objects.filter(
        action="review.application_advanced", object_ref=application.reference
    ).exists()


def test_the_chair_sends_an_application_to_the_panel(application, chloe):
    chair.advance_application(application=application, to=Status.READY_FOR_PANEL, actor=chloe)

    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PANEL


def test_a_refusal_is_recorded_but_nothing_reaches_the_applicant(application, chloe):
    chair.advance_application(
        application=application,
        to=Status.REFUSED,
        actor=chloe,
        reason="Academic level below what the programme needs.",
    )

    application.refresh_from_db()
    assert application.status == Status.REFUSED
    event = TimelineEvent.objects.get(application=application, to_status=Status.REFUSED)
    assert event.reason == "Academic level below what the programme needs."
    assert event.data["held_until_release"] is True
    assert not event.visible_to_applicant
    assert event not in timeline_for_applicant(application)
    assert not OutboxMessage.objects.filter(recipient_email=application.applicant.email).exists()


def test_a_refusal_needs_a_reason(application, chloe):
    with pytest.raises(chair.CannotAdvance) as refused:
        chair.advance_application(application=application, to=Status.REFUSED, actor=chloe)

    assert refused.value.field == "reason"
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


def test_only_an_application_in_review_moves_on(committee, chloe):
    waiting = application_in_review(committee, status=Status.READY_FOR_PANEL)
    review(seat(committee, "ana@example.org"), waiting, 3)

    with pytest.raises(chair.CannotAdvance):
        chair.advance_application(application=waiting, to=Status.INTERVIEW, actor=chloe)


def test_no_interview_for_a_programme_whose_pipeline_has_none(msc, chloe, application):
    msc.pipeline = ["eligibility", "committee_review"]
    msc.save()
    application.refresh_from_db()

    with pytest.raises(StageNotInPipeline):
        chair.advance_application(application=application, to=Status.INTERVIEW, actor=chloe)


def test_the_programme_head_may_advance_without_a_seat(msc, application):
    head = make_user("hugo.head@example.org", [(Role.PROGRAMME_HEAD, msc)], mfa=True)

    chair.advance_application(application=application, to=Status.READY_FOR_PANEL, actor=head)

    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PANEL


@pytest.mark.parametrize("who", ["reviewer", "officer", "chair_of_another_committee"])
def test_nobody_else_may_advance(msc, committee, application, who):
    if who == "reviewer":
        actor = seat(committee, "rita@example.org").user
    elif who == "officer":
        actor = make_user("olga@example.org", [(Role.ADMISSIONS_OFFICER, msc)], mfa=True)
    else:
        other = committee_of(msc, name="M2", entry_level=EntryLevelFactory(programme=msc))
        actor = seat(other, "otis.chair@example.org", role=MemberRole.CHAIR).user

    with pytest.raises(NotFound):
        chair.advance_application(application=application, to=Status.READY_FOR_PANEL, actor=actor)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
