"""Webhooks go to real HTTP endpoints on 127.0.0.1: signed, retried, logged, replayable."""

from __future__ import annotations

import json
import time

import pytest
from django.db import transaction
from django.utils import timezone

from admissions.core.models import AuditEvent
from admissions.notifications.errors import UnknownWebhookEvent
from admissions.notifications.models import WebhookDelivery, WebhookEndpoint, WebhookStatus
from admissions.notifications.services import deliver_due_webhooks, emit_event, replay_delivery
from admissions.notifications.signing import verify_signature

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAYLOAD = {"application": "PMAI-2027-00042", "programme": "post-master-ai"}


def endpoint(url: str, events=("application.submitted",)) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(url=url, events=list(events))


def emit() -> list[WebhookDelivery]:
    with transaction.atomic():
        return emit_event(event="application.submitted", payload=PAYLOAD)


def test_a_delivery_is_posted_signed_and_recorded(webhook_receiver, mail_queue):
    receiver = webhook_receiver(status=200)
    hook = endpoint(receiver.url)

    [delivery] = emit()
    mail_queue()

    [request] = receiver.requests
    headers = request.headers
    assert headers["X-Admissions-Event"] == "application.submitted"
    assert headers["X-Admissions-Delivery"] == str(delivery.public_id)
    assert abs(int(headers["X-Admissions-Timestamp"]) - time.time()) < 60
    assert verify_signature(
        hook.secret,
        headers["X-Admissions-Timestamp"],
        request.body,
        headers["X-Admissions-Signature"],
    )
    document = json.loads(request.body)
    assert document["data"] == PAYLOAD
    assert document["id"] == str(delivery.public_id)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)
    assert delivery.response_body == "accepted"


def test_an_endpoint_answering_500_is_retried_with_backoff(webhook_receiver):
    receiver = webhook_receiver(status=500)
    endpoint(receiver.url)
    [delivery] = emit()
    now = timezone.now()

    counts = deliver_due_webhooks(now=now)

    delivery.refresh_from_db()
    assert counts["pending"] == 1
    assert delivery.status == WebhookStatus.PENDING
    assert (delivery.attempts, delivery.response_code) == (1, 500)
    assert delivery.response_body == "something broke on our side"
    assert delivery.next_attempt_at > now
    assert delivery.attempt_log[-1]["code"] == 500
    assert len(receiver.requests) == 1


def test_an_endpoint_that_times_out_is_retried(webhook_receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver = webhook_receiver(status=200, delay=1.5)
    endpoint(receiver.url)
    [delivery] = emit()

    deliver_due_webhooks()

    delivery.refresh_from_db()
    assert delivery.status == WebhookStatus.PENDING
    assert delivery.response_code is None
    assert "timed out" in delivery.last_error
    assert delivery.attempts == 1


def test_a_delivery_gives_up_after_the_last_attempt(webhook_receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    endpoint(webhook_receiver(status=500).url)
    [delivery] = emit()

    deliver_due_webhooks()
    delivery.refresh_from_db()
    deliver_due_webhooks(now=delivery.next_attempt_at)

    delivery.refresh_from_db()
    assert delivery.status == WebhookStatus.DEAD
    assert [entry["code"] for entry in delivery.attempt_log] == [500, 500]


def test_a_delivery_can_be_replayed_with_the_same_id(webhook_receiver, administrator):
    receiver = webhook_receiver(status=200)
    endpoint(receiver.url)
    [delivery] = emit()
    deliver_due_webhooks()

    replay_delivery(delivery=delivery, actor=administrator)
    deliver_due_webhooks()

    assert len(receiver.requests) == 2
    ids = {request.headers["X-Admissions-Delivery"] for request in receiver.requests}
    assert ids == {str(delivery.public_id)}
    assert AuditEvent.objects.filter(action="notifications.webhook_replayed").exists()


def test_only_subscribed_active_endpoints_get_the_event(webhook_receiver):
    subscribed = webhook_receiver()
    other_event = webhook_receiver()
    inactive = webhook_receiver()
    endpoint(subscribed.url)
    endpoint(other_event.url, events=["payment.received"])
    WebhookEndpoint.objects.create(
        url=inactive.url, events=["application.submitted"], is_active=False
    )

    deliveries = emit()
    deliver_due_webhooks()

    assert len(deliveries) == 1
    assert (len(subscribed.requests), len(other_event.requests), len(inactive.requests)) == (
        1,
        0,
        0,
    )


def test_a_rolled_back_change_announces_nothing(webhook_receiver):
    endpoint(webhook_receiver().url)

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        emit_event(event="application.submitted", payload=PAYLOAD)
        1 / 0  # noqa: B018

    assert WebhookDelivery.objects.count() == 0


def test_an_unknown_event_is_refused():
    with pytest.raises(UnknownWebhookEvent, match=r"decision\.guessed is not a webhook event"):
        emit_event(event="decision.guessed", payload={})
