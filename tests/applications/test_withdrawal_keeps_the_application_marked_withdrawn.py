"""Withdrawal by the applicant: from any state before a final one, with an optional reason."""

import datetime as dt

import pytest

from admissions.applications.errors import ApplicationClosed
from admissions.applications.models import Application
from admissions.applications.services import withdraw_application
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.notifications.models import OutboxMessage
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("trait", ["submitted", "incomplete", "eligible"])
def test_an_applicant_withdraws_with_a_reason_staff_will_see(db, trait):
    application = ApplicationFactory(**{trait: True})
    withdraw_application(
        application=application, actor=application.applicant, reason="Admitted elsewhere.", now=NOW
    )
    kept = Application.objects.get(pk=application.pk)
    assert (kept.status, kept.withdrawn_at, kept.withdrawal_reason) == (
        Status.WITHDRAWN,
        NOW,
        "Admitted elsewhere.",
    )
    event = kept.timeline.get(kind="status_changed")
    assert (event.reason, event.message_en) == (
        "Admitted elsewhere.",
        "You withdrew your application.",
    )


def test_a_draft_can_be_withdrawn_without_a_reason(db):
    draft = ApplicationFactory()
    withdraw_application(application=draft, actor=draft.applicant, now=NOW)
    assert draft.status == Status.WITHDRAWN
    assert draft.withdrawal_reason == ""
    assert not OutboxMessage.objects.exists()


def test_withdrawing_twice_changes_nothing_the_second_time(db):
    application = ApplicationFactory(submitted=True)
    withdraw_application(application=application, actor=application.applicant, now=NOW)
    withdraw_application(application=application, actor=application.applicant, now=NOW)
    assert application.timeline.filter(to_status=Status.WITHDRAWN).count() == 1


def test_a_refused_application_can_no_longer_be_withdrawn(db):
    application = ApplicationFactory(refused=True)
    with pytest.raises(ApplicationClosed, match="closed"):
        withdraw_application(application=application, actor=application.applicant, now=NOW)


def test_another_applicant_cannot_withdraw_it(db):
    application = ApplicationFactory(submitted=True)
    with pytest.raises(NotFound):
        withdraw_application(application=application, actor=UserFactory(), now=NOW)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
