"""A successful submission: the open round, the acknowledgement, the timeline."""

import pytest

from admissions.applications.models import TimelineEvent
from admissions.applications.services import transition
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.notifications.models import OutboxMessage
from admissions.workflows.submission import submit_application
from tests.applicants.factories import UserFactory
from tests.calendar import paris

IN_ROUND_3 = paris(2027, 4, 10, 15)


def test_the_application_belongs_to_the_round_open_when_submitted(ready_draft, calendar):
    submitted = submit_application(
        application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3
    )
    assert submitted.round == calendar.round(3)
    assert submitted.round.results_at == paris(2027, 6, 30, 9)


def test_the_acknowledgement_email_is_queued(ready_draft):
    submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3)
    # The fee paid beforehand queued its own "payment received" email.
    message = OutboxMessage.objects.get(event="application_submitted")
    assert (message.event, message.recipient_email) == (
        "application_submitted",
        ready_draft.applicant.email,
    )
    assert ready_draft.reference in message.body_text


def test_the_timeline_says_it_in_plain_words(ready_draft):
    submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3)
    event = TimelineEvent.objects.get(application=ready_draft, kind="status_changed")
    assert event.message_en == (
        f"You submitted your application {ready_draft.reference}. "
        "The admissions team checks it next."
    )


def test_submitting_again_returns_the_application_unchanged(ready_draft):
    first = submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3)
    again = submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3)
    assert (again.status, again.version, again.submitted_at) == (
        first.status,
        first.version,
        first.submitted_at,
    )
    assert TimelineEvent.objects.filter(to_status=Status.SUBMITTED).count() == 1
    assert OutboxMessage.objects.filter(event="application_submitted").count() == 1


def test_missing_items_sent_after_the_deadline_resubmit_it_in_its_round(ready_draft, calendar):
    submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_3)
    officer = UserFactory()
    transition(
        application=ready_draft,
        to="incomplete",
        actor=officer,
        now=IN_ROUND_3,
        message_context={"documents": ["Passport"], "due_on": paris(2027, 6, 1).date()},
    )
    after_deadline = paris(2027, 6, 2, 10)
    resubmitted = submit_application(
        application=ready_draft, actor=ready_draft.applicant, now=after_deadline
    )
    assert (resubmitted.status, resubmitted.round, resubmitted.submitted_at) == (
        Status.SUBMITTED,
        calendar.round(3),
        IN_ROUND_3,
    )
    assert (
        resubmitted.timeline.filter(to_status="submitted")
        .last()
        .message_en.startswith("You sent the missing items")
    )


def test_someone_else_cannot_submit_it(ready_draft):
    with pytest.raises(NotFound):
        submit_application(application=ready_draft, actor=UserFactory(), now=IN_ROUND_3)
