"""Anyone can post to the payment webhook. A post we do not believe (unsigned, badly signed)
leaves a small summary for tracing (its size, hash, first bytes and the headers that help),
never the whole body; and one address posting too much is answered 429 with Retry-After."""

from __future__ import annotations

import hashlib
import json

import pytest

from admissions.finance.models import ProviderWebhook, WebhookOutcome
from admissions.finance.providers import signing
from admissions.finance.services import card
from tests.finance.factories import ready_post_master_draft, simulated_webhook

pytestmark = pytest.mark.django_db

URL = "/payments/webhooks/simulator/"


def unsigned_post(client, body: bytes, address: str = "203.0.113.7", **headers):
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        REMOTE_ADDR=address,
        HTTP_USER_AGENT="curl/8.0",
        **headers,
    )


def big_event(size: int) -> bytes:
    return json.dumps(
        {"id": "evt_forged", "type": "checkout.session.completed", "padding": "x" * size}
    ).encode()


def test_a_60_kb_unsigned_post_keeps_its_size_hash_and_first_bytes_only(client):
    body = big_event(60_000)

    response = unsigned_post(client, body)

    assert response.status_code == 400
    row = ProviderWebhook.objects.get()
    assert row.outcome == WebhookOutcome.REJECTED
    assert row.payload["size"] == len(body)
    assert row.payload["sha256"] == hashlib.sha256(body).hexdigest()
    assert body.decode().startswith(row.payload["head"])
    assert 0 < len(row.payload["head"]) <= 200
    assert row.payload["headers"]["User-Agent"] == "curl/8.0"
    assert row.payload["headers"]["Content-Type"] == "application/json"
    assert len(json.dumps(row.payload)) < 1_000
    assert "padding" not in row.payload


def test_a_badly_signed_post_keeps_the_signature_header_it_came_with(client):
    body = big_event(10)

    unsigned_post(client, body, HTTP_PAYMENT_SIGNATURE="t=1,v1=" + "0" * 64)

    row = ProviderWebhook.objects.get()
    assert row.payload["headers"][signing.SIGNATURE_HEADER] == "t=1,v1=" + "0" * 64


def test_a_signed_event_is_still_kept_whole(client):
    draft = ready_post_master_draft()
    payment = card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key="first-click-0000000000",
        return_url="https://school.example/return",
        cancel_url="https://school.example/cancel",
    )
    body, headers = simulated_webhook(payment)

    client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_PAYMENT_SIGNATURE=headers[signing.SIGNATURE_HEADER],
    )

    assert ProviderWebhook.objects.get().payload == json.loads(body)


def test_one_address_posting_unsigned_bodies_is_stopped_with_429_and_retry_after(client, settings):
    settings.PAYMENT_WEBHOOK_REJECTED_RATE = "5/min"
    answers = [unsigned_post(client, big_event(100)) for _ in range(8)]

    assert [a.status_code for a in answers] == [400] * 5 + [429] * 3
    assert int(answers[-1]["Retry-After"]) > 0
    assert ProviderWebhook.objects.count() == 5


def test_another_address_is_not_stopped_by_the_first_ones_posts(client, settings):
    settings.PAYMENT_WEBHOOK_REJECTED_RATE = "5/min"
    for _ in range(6):
        unsigned_post(client, big_event(100), address="203.0.113.7")

    response = unsigned_post(client, big_event(100), address="198.51.100.20")

    assert response.status_code == 400


def test_every_post_from_one_address_counts_towards_the_overall_limit(client, settings):
    settings.PAYMENT_WEBHOOK_RATE = "3/min"
    answers = [unsigned_post(client, b"{}") for _ in range(4)]

    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert "Retry-After" in answers[-1]


def test_a_made_up_forwarded_for_header_does_not_escape_the_limit(client, settings):
    settings.PAYMENT_WEBHOOK_REJECTED_RATE = "5/min"
    answers = [
        unsigned_post(client, big_event(100), HTTP_X_FORWARDED_FOR=f"192.0.2.{i}") for i in range(7)
    ]

    assert [a.status_code for a in answers] == [400] * 5 + [429] * 2
