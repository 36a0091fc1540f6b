"""transition(): the one way a status changes, with its event, email and audit line."""

import datetime as dt

import pytest

from admissions.applications import errors
from admissions.applications.errors import (
    ApplicationClosed,
    ReasonRequired,
    StageNotInPipeline,
    TransitionNotAllowed,
)
from admissions.applications.models import TimelineEvent
from admissions.applications.services import record_event, transition
from admissions.applications.states import Status
from admissions.core.models import AuditEvent
from admissions.notifications.models import OutboxMessage
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory

NOW = dt.datetime(2027, 2, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def officer(db):
    return UserFactory(email="officer@example.org")


def test_an_allowed_change_is_written_with_its_timeline_event(officer):
    application = ApplicationFactory(submitted=True)
    result = transition(
        application=application, to="eligible", actor=officer, reason="Checked.", now=NOW
    )
    assert result.status == application.status == Status.ELIGIBLE
    assert result.version == 2
    event = TimelineEvent.objects.get(application=application, kind="status_changed")
    assert (event.actor, event.from_status, event.to_status, event.reason, event.at) == (
        officer,
        Status.SUBMITTED,
        Status.ELIGIBLE,
        "Checked.",
        NOW,
    )
    assert event.message_en.startswith("Your application meets the eligibility requirements")
    assert event.message_fr.startswith("Votre candidature remplit")


def test_the_email_of_the_new_status_is_queued_in_the_applicants_language(officer):
    application = ApplicationFactory(submitted=True, applicant__preferred_language="fr")
    transition(application=application, to="eligible", actor=officer, now=NOW)
    event = TimelineEvent.objects.get(application=application, kind="status_changed")
    message = OutboxMessage.objects.get()
    assert message.event == "eligibility_outcome"
    assert message.recipient_email == application.applicant.email
    assert message.language == "fr"
    assert (
        message.idempotency_key == f"application:{application.reference}:status:eligible:{event.pk}"
    )


def test_no_email_when_the_caller_says_so_or_the_status_has_none(officer):
    application = ApplicationFactory(eligible=True)
    transition(application=application, to="interview", actor=officer, now=NOW)
    transition(application=application, to="ready_for_panel", actor=officer, now=NOW, notify=False)
    assert not OutboxMessage.objects.exists()
    assert TimelineEvent.objects.filter(application=application).count() == 2


def test_every_change_is_audited(officer):
    application = ApplicationFactory(submitted=True)
    transition(
        application=application,
        to="incomplete",
        actor=officer,
        now=NOW,
        message_context={"documents": ["Transcript"], "due_on": dt.date(2027, 2, 10)},
    )
    audit = AuditEvent.objects.get(action="application.status_changed")
    assert (audit.actor, audit.object_ref, audit.data["from"], audit.data["to"]) == (
        officer,
        application.reference,
        "submitted",
        "incomplete",
    )


def test_a_change_the_table_does_not_allow_is_refused_with_a_readable_message(officer):
    application = ApplicationFactory()
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(application=application, to="admitted", actor=officer, now=NOW)
    assert str(caught.value) == str(
        errors.TRANSITION_NOT_ALLOWED % {"current": "Draft", "target": "Admitted"}
    )
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not TimelineEvent.objects.filter(kind="status_changed").exists()


def test_a_closed_application_says_it_is_closed(officer):
    application = ApplicationFactory(refused=True)
    with pytest.raises(ApplicationClosed):
        transition(application=application, to="withdrawn", actor=officer, now=NOW)


def test_overriding_ineligibility_needs_a_reason(officer):
    application = ApplicationFactory(submitted=True, status=Status.INELIGIBLE)
    with pytest.raises(ReasonRequired):
        transition(application=application, to="eligible", actor=officer, now=NOW)
    transition(
        application=application,
        to="eligible",
        actor=officer,
        now=NOW,
        reason="The diploma was misread: it is a five-year degree.",
    )
    assert application.status == Status.ELIGIBLE


def test_a_stage_the_programme_does_not_use_is_refused(officer):
    application = ApplicationFactory(eligible=True, intake__programme__post_master=True)
    with pytest.raises(StageNotInPipeline):
        transition(application=application, to="in_review", actor=officer, now=NOW)


def test_the_status_is_read_again_under_the_lock(officer):
    stale = ApplicationFactory(submitted=True)
    fresh = type(stale).objects.get(pk=stale.pk)
    transition(application=fresh, to="eligible", actor=officer, now=NOW)
    with pytest.raises(TransitionNotAllowed):
        transition(application=stale, to="ineligible", actor=officer, now=NOW)


def test_a_status_email_lacking_what_it_needs_rolls_the_change_back(officer):
    application = ApplicationFactory(submitted=True)
    with pytest.raises(Exception, match="documents"):
        transition(application=application, to="incomplete", actor=officer, now=NOW)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not TimelineEvent.objects.filter(kind="status_changed").exists()


def test_other_events_join_the_timeline_without_changing_the_status(officer):
    application = ApplicationFactory(submitted=True)
    record_event(
        application=application,
        kind="documents_requested",
        actor=officer,
        message_en="The school asked for your M1 transcript.",
        message_fr="L'école demande votre relevé de notes de M1.",
        now=NOW,
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.timeline.get().kind == "documents_requested"
