# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The head of programme, or a representative the head names, selects who is invited; the
invitation moves the application to the interview stage and asks the applicant to book."""

from __future__ import annotations

import pytest

from admissions.applications.models import TimelineEvent
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.core.models import AuditEvent
from admissions.core.roles import Role
from admissions.notifications.models import OutboxMessage
from admissions.review.interviews import errors, selection, selectors
from admissions.review.models import InterviewStatus
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory
from tests.people import make_user
from tests.review.interview_stories import (
    NOW,
    PREREQUISITES,
    booked,
    eligible,
    eligible_application,
    head,
    interviewer,
    invited,
    open_slot,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db


def test_the_head_invites_an_eligible_applicant_who_is_asked_to_book(eligible, head, slot):
    interview = selection.invite(application=eligible, actor=head, now=NOW)

    eligible.refresh_from_db()
    assert eligible.status == Status.INTERVIEW
    assert interview.status == InterviewStatus.INVITED
    assert interview.attempt == 1
    mail = OutboxMessage.objects.get(event="interview_invitation")
    assert mail.recipient_email == eligible.applicant.email
    assert f"/applications/{eligible.reference}/interview/" in mail.body_text
    assert "7 March 2027" in mail.body_text  # book before the last slot's cut-off
    assert TimelineEvent.objects.filter(
        application=eligible, to_status=Status.INTERVIEW, visible_to_applicant=True
    ).exists()
    assert AuditEvent.objects.filter(action="interview.invited").exists()


def test_the_invitation_is_in_the_applicants_language(pm_intake, head):
    application = eligible_application(pm_intake, applicant=UserFactory(preferred_language="fr"))

    selection.invite(application=application, actor=head, now=NOW)

    mail = OutboxMessage.objects.get(event="interview_invitation")
    assert mail.subject.startswith("Invitation à un entretien")
    assert "Réserver mon entretien" in mail.body_text


def test_an_admissions_officer_does_not_select(eligible, officer):
    with pytest.raises(NotFound):
        selection.invite(application=eligible, actor=officer, now=NOW)


def test_a_representative_the_head_names_selects_until_revoked(pm, pm_intake, head, interviewer):
    representative = selection.name_representative(
        programme=pm, user=interviewer, actor=head, now=NOW
    )
    first = selection.invite(
        application=eligible_application(pm_intake), actor=interviewer, now=NOW
    )
    selection.revoke_representative(representative=representative, actor=head)

    assert first.invited_by == interviewer
    with pytest.raises(NotFound):
        selection.invite(application=eligible_application(pm_intake), actor=interviewer, now=NOW)


def test_only_the_head_names_representatives(pm, officer, interviewer):
    with pytest.raises(errors.InterviewError) as refused:
        selection.name_representative(programme=pm, user=interviewer, actor=officer, now=NOW)

    assert str(refused.value) == str(errors.NOT_HEAD)


def test_a_submitted_application_cannot_be_invited(pm_intake, head):
    programme = pm_intake.programme
    application = ApplicationFactory(intake=pm_intake, programme=programme, submitted=True)

    with pytest.raises(errors.InterviewError):
        selection.invite(application=application, actor=head, now=NOW)


def test_an_applicant_already_invited_is_not_invited_twice(eligible, head):
    selection.invite(application=eligible, actor=head, now=NOW)

    with pytest.raises(errors.InterviewError) as refused:
        selection.invite(application=eligible, actor=head, now=NOW)

    assert eligible.reference in str(refused.value)


def test_the_page_lists_eligible_applications_not_yet_invited(eligible, pm_intake, head):
    other = eligible_application(pm_intake)
    selection.invite(application=other, actor=head, now=NOW)

    assert selectors.invitable(pm_intake) == [eligible]


def test_the_msc_chair_invites_an_application_in_review_to_its_optional_interview(msc):
    msc.pipeline = ["eligibility", "committee_review", "interview"]
    msc.save()
    intake = IntakeFactory(programme=msc, academic_year=2027)
    application = ApplicationFactory(
        intake=intake, programme=msc, submitted=True, status=Status.IN_REVIEW
    )
    chair = make_user("chloe.chair@example.org", [(Role.COMMITTEE_CHAIR, msc)], mfa=True)

    selection.invite(application=application, actor=chair, now=NOW)

    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
