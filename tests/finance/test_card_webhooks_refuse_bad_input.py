"""The webhook endpoint believes only what the provider signed, applies each event once,
refuses an amount or currency that does not match, and answers garbage without a 500.
Every webhook that reaches it is kept, whatever its fate; a hostile body (a NUL byte, a lone
surrogate, nesting deeper than 32 levels, more than 256 kB) is refused before, at the request
edge, with a 400 or 413 in the API's error shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.finance.models import (
    FeeStatus,
    FinanceEvent,
    Payment,
    PaymentStatus,
    ProviderWebhook,
    Receipt,
    WebhookOutcome,
)
from admissions.finance.providers import signing
from admissions.finance.services import card
from tests.finance.factories import ready_post_master_draft, simulated_webhook

pytestmark = pytest.mark.django_db

URL = "/payments/webhooks/simulator/"


@pytest.fixture
def payment():
    draft = ready_post_master_draft()
    return card.start_card_payment(
        fee=draft.fee,
        actor=draft.applicant,
        idempotency_key="first-click-0000000000",
        return_url="https://school.example/return",
        cancel_url="https://school.example/cancel",
    )


def post(client, body: bytes, headers: dict[str, str]):
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"
    }
    return client.post(URL, data=body, content_type="application/json", **extra)


def test_the_endpoint_is_where_the_url_name_says(db):
    assert reverse("payments:webhook", args=["simulator"]) == URL


def test_a_signed_success_records_the_payment_and_answers_200(client, payment):
    body, headers = simulated_webhook(payment)
    response = post(client, body, headers)
    assert (response.status_code, response.json()) == (200, {"outcome": "processed"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.fee.status == FeeStatus.PAID
    webhook = ProviderWebhook.objects.get()
    assert (webhook.outcome, webhook.signature_valid, webhook.payment) == (
        WebhookOutcome.PROCESSED,
        True,
        payment,
    )


def test_a_bad_signature_is_rejected_with_400_and_nothing_is_paid(client, payment):
    body, headers = simulated_webhook(payment)
    headers[signing.SIGNATURE_HEADER] = headers[signing.SIGNATURE_HEADER][:-4] + "0000"
    response = post(client, body, headers)
    assert (response.status_code, response.json()) == (400, {"outcome": "rejected"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    webhook = ProviderWebhook.objects.get()
    assert (webhook.outcome, webhook.signature_valid) == (WebhookOutcome.REJECTED, False)
    assert "does not match" in webhook.detail


def test_a_body_changed_after_signing_is_rejected(client, payment):
    body, headers = simulated_webhook(payment)
    forged = body.replace(b'"amount_total":15000', b'"amount_total":1')
    assert post(client, forged, headers).status_code == 400
    assert not Receipt.objects.exists()


def test_a_webhook_signed_with_another_secret_is_rejected(client, payment, settings):
    body, headers = simulated_webhook(payment)
    settings.PAYMENT_WEBHOOK_SECRET = "the-real-secret-the-attacker-does-not-know"
    assert post(client, body, headers).status_code == 400


def test_a_missing_signature_is_rejected(client, payment):
    body, _headers = simulated_webhook(payment)
    response = post(client, body, {})
    assert response.status_code == 400
    assert ProviderWebhook.objects.get().detail == "no signature header"


def test_a_signature_older_than_five_minutes_is_rejected(client, payment):
    six_minutes_ago = clock.now() - dt.timedelta(minutes=6)
    body, headers = simulated_webhook(payment, now=six_minutes_ago)
    response = post(client, body, headers)
    assert response.status_code == 400
    assert "outside" in ProviderWebhook.objects.get().detail
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_signature_four_minutes_old_is_still_believed(client, payment):
    body, headers = simulated_webhook(payment, now=clock.now() - dt.timedelta(minutes=4))
    assert post(client, body, headers).json() == {"outcome": "processed"}


def test_a_replayed_webhook_is_a_duplicate_and_pays_nothing_twice(client, payment):
    body, headers = simulated_webhook(payment)
    first = post(client, body, headers)
    again = post(client, body, headers)
    assert first.json() == {"outcome": "processed"}
    assert (again.status_code, again.json()) == (200, {"outcome": "duplicate"})
    assert Receipt.objects.count() == 1
    assert FinanceEvent.objects.filter(kind="payment_succeeded").count() == 1
    assert list(ProviderWebhook.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "processed",
        "duplicate",
    ]


def test_another_success_event_for_a_paid_payment_records_nothing_more(client, payment):
    body, headers = simulated_webhook(payment)
    post(client, body, headers)
    body, headers = simulated_webhook(payment, event_id="evt_async_succeeded_copy")
    response = post(client, body, headers)
    assert response.json() == {"outcome": "ignored"}
    assert Receipt.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [{"amount_cents": 100}, {"amount_cents": 150_000}, {"currency": "USD"}],
    ids=["less", "more", "other-currency"],
)
def test_an_amount_or_currency_that_does_not_match_is_refused_and_flagged(client, payment, changes):
    body, headers = simulated_webhook(payment, **changes)
    response = post(client, body, headers)
    assert (response.status_code, response.json()) == (200, {"outcome": "mismatch"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert "not recorded as paid" in payment.failure_reason
    assert payment.fee.status == FeeStatus.DUE
    assert not Receipt.objects.exists()
    event = FinanceEvent.objects.get(kind="payment_mismatch")
    assert event.data["expected_amount_cents"] == 15_000
    assert event.data["payment"] == str(payment.public_id)


@pytest.mark.parametrize(
    "body",
    [b"", b"not json at all", b"[1, 2, 3]", b"\xff\xfe\x00", b'{"id": 12}'],
    ids=["empty", "text", "list", "binary", "odd-id"],
)
def test_garbage_without_a_signature_is_a_400_never_a_500(client, db, body):
    response = post(client, body, {signing.SIGNATURE_HEADER: "t=oops,v1=zz"})
    assert response.status_code == 400
    assert ProviderWebhook.objects.get().outcome == WebhookOutcome.REJECTED


@pytest.mark.parametrize(
    "payload",
    [[1, 2], {"id": "evt_1"}, {"type": "checkout.session.completed"}, "text"],
    ids=["list", "no-type", "no-id", "string"],
)
def test_signed_garbage_is_kept_and_ignored_with_200(client, db, payload):
    body = json.dumps(payload).encode()
    headers = {
        signing.SIGNATURE_HEADER: signing.signature_header(
            "development-only-payment-webhook-secret", body, at=clock.now()
        )
    }
    response = post(client, body, headers)
    assert (response.status_code, response.json()) == (200, {"outcome": "ignored"})


def test_signed_not_json_is_ignored_with_200(client, db, settings):
    body = b"<html>oops</html>"
    headers = {
        signing.SIGNATURE_HEADER: signing.signature_header(
            settings.PAYMENT_WEBHOOK_SECRET, body, at=clock.now()
        )
    }
    assert post(client, body, headers).json() == {"outcome": "ignored"}


def test_an_event_about_a_session_we_never_opened_is_kept_as_unknown(client, payment):
    body, headers = simulated_webhook(payment)
    body = body.replace(str(payment.public_id).encode(), b"00000000-0000-0000-0000-000000000000")
    Payment.objects.filter(pk=payment.pk).update(provider_reference="sim_cs_other")
    headers = {
        signing.SIGNATURE_HEADER: signing.signature_header(
            "development-only-payment-webhook-secret", body, at=clock.now()
        )
    }
    response = post(client, body, headers)
    assert response.json() == {"outcome": "unknown_payment"}
    assert not Receipt.objects.exists()


def test_a_webhook_that_beats_our_own_checkout_call_still_finds_its_payment(client, payment):
    # The provider's webhook can arrive before its answer to our checkout request is stored:
    # the payment is found by its public id, and keeps the session.
    body, headers = simulated_webhook(payment)
    session = payment.provider_reference
    Payment.objects.filter(pk=payment.pk).update(provider_reference="")
    assert post(client, body, headers).json() == {"outcome": "processed"}
    payment.refresh_from_db()
    assert (payment.status, payment.provider_reference) == (PaymentStatus.SUCCEEDED, session)


def test_another_provider_name_is_not_found(client, db):
    assert (
        client.post(
            "/payments/webhooks/paypal/", data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/payments/webhooks/hosted/", data=b"{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_the_endpoint_accepts_only_post(client, db):
    assert client.get(URL).status_code == 405


def test_the_endpoint_needs_no_csrf_token(payment):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body, headers = simulated_webhook(payment)
    assert post(strict, body, headers).status_code == 200


def _signed(settings, body: bytes) -> dict[str, str]:
    return {
        signing.SIGNATURE_HEADER: signing.signature_header(
            settings.PAYMENT_WEBHOOK_SECRET, body, at=clock.now()
        )
    }


def test_a_signed_event_with_an_amount_no_column_holds_is_kept_without_a_500(
    client, payment, settings
):
    payload = {
        "id": "evt_ok_1",
        "type": "checkout.session.completed",
        "data": {"object": {"id": "cs_x", "amount_total": 10**30, "currency": "eur"}},
    }
    body = json.dumps(payload).encode()
    response = post(client, body, _signed(settings, body))
    assert response.status_code == 200
    assert response.json()["outcome"] in {"ignored", "unknown_payment"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"id": "evt_\u0000nul", "type": "checkout.session.completed", "data": {}}, "nul_byte"),
        ({"id": "evt_1", "type": "x", "data": {"object": {"currency": "\u0000ur"}}}, "nul_byte"),
        ({"id": "evt_2", "type": "x", "data": {}, "\u0000": 1}, "nul_byte"),
        ({"id": "evt_3", "type": "x", "data": {"note": "\ud800"}}, "lone_surrogate"),
    ],
    ids=["nul-in-id", "nul-deep-inside", "nul-in-keys", "lone-surrogate"],
)
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_characters_a_database_refuses_are_refused_at_the_edge_with_400(
    client, payment, settings, payload, code, signed
):
    body = json.dumps(payload).encode()
    response = post(client, body, _signed(settings, body) if signed else {})
    assert response.status_code == 400
    assert (set(response.json()), response.json()["code"]) == ({"detail", "code", "errors"}, code)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


@pytest.mark.parametrize(
    "body",
    [
        b"{" * 10_000,
        b"[" * 100_000,
        ('{"a":' * 600 + "1" + "}" * 600).encode(),
        ("[" * 600 + "]" * 600).encode(),
    ],
    ids=["unclosed-objects", "unclosed-lists", "objects-600-deep", "lists-600-deep"],
)
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_a_payload_nested_too_deep_is_refused_with_400_never_a_recursion_error(
    client, db, settings, body, signed
):
    response = post(client, body, _signed(settings, body) if signed else {})
    assert (response.status_code, response.json()["code"]) == (400, "too_deep")
    assert not ProviderWebhook.objects.exists()
