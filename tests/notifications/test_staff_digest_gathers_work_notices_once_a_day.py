"""Staff who asked for a digest get one email a day listing their new work."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus, OutboxMessage
from admissions.notifications.services import (
    queue_message,
    send_daily_digests,
    set_digest_preference,
)
from tests.calendar import PARIS
from tests.people import make_reviewer

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2027, 3, 2, 8, 0, tzinfo=PARIS)


@pytest.fixture
def reviewer():
    person = make_reviewer(None, mfa=False, preferred_language="fr")
    set_digest_preference(user=person, digest=True)
    return person


def notify(user, reference: str) -> OutboxMessage:
    return queue_message(
        recipient_email=user.email,
        template="staff_work_item",
        context={
            **get_event("staff_work_item").sample,
            "summary": f"{reference} attend votre évaluation.",
            "action_url": f"https://admissions.example.org/staff/applications/{reference}/",
        },
        language="en",
        idempotency_key=f"review:{reference}:{user.pk}",
        user=user,
    )


def test_work_notices_wait_for_the_digest_and_go_as_one_email(reviewer):
    first = notify(reviewer, "PMAI-2027-00042")
    notify(reviewer, "PMAI-2027-00057")
    assert first.status == MessageStatus.HELD

    assert send_daily_digests(now=MORNING) == 1
    assert send_daily_digests(now=MORNING + dt.timedelta(hours=3)) == 0

    digest = OutboxMessage.objects.get(event="staff_digest")
    assert digest.idempotency_key == f"digest:{reviewer.pk}:2027-03-02"
    assert digest.status == MessageStatus.QUEUED
    assert digest.subject == "Votre récapitulatif du jour\u00a0: 2 nouveaux éléments"
    assert "PMAI-2027-00042 attend votre évaluation." in digest.body_text
    assert set(
        OutboxMessage.objects.filter(event="staff_work_item").values_list("status", "digest")
    ) == {(MessageStatus.DIGESTED, digest.pk)}


def test_notices_after_todays_digest_wait_for_tomorrows(reviewer):
    notify(reviewer, "PMAI-2027-00042")
    send_daily_digests(now=MORNING)
    late = notify(reviewer, "PMAI-2027-00099")

    assert send_daily_digests(now=MORNING + dt.timedelta(hours=5)) == 0
    assert send_daily_digests(now=MORNING + dt.timedelta(days=1)) == 1
    late.refresh_from_db()
    assert late.status == MessageStatus.DIGESTED
    assert OutboxMessage.objects.filter(event="staff_digest").count() == 2


def test_no_digest_goes_before_the_digest_hour(reviewer, settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    notify(reviewer, "PMAI-2027-00042")

    assert send_daily_digests(now=MORNING.replace(hour=6, minute=59)) == 0


def test_staff_without_a_digest_get_each_notice_at_once(officer):
    message = notify(officer, "PMAI-2027-00042")

    assert message.status == MessageStatus.QUEUED


def test_turning_the_digest_off_releases_what_was_held(reviewer):
    held = notify(reviewer, "PMAI-2027-00042")

    set_digest_preference(user=reviewer, digest=False)

    held.refresh_from_db()
    assert held.status == MessageStatus.QUEUED
    assert held.next_attempt_at is not None
