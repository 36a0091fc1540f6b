"""The hosted-checkout adapter: Stripe Checkout's webhook signatures and API calls. Its API
is played by a local HTTP server; nothing reaches the network."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from admissions.finance.providers import (
    EventOutcome,
    HostedCheckoutProvider,
    InvalidPayload,
    InvalidSignature,
    ProviderError,
    get_provider,
    signing,
)
from tests.finance.factories import PaymentFactory

SECRET = "whsec_test_0123456789abcdefghijkl"
NOW = dt.datetime(2027, 1, 20, 10, 0, tzinfo=dt.UTC)


def provider(api_url="http://127.0.0.1:9", api_key="sk_test_key"):
    return HostedCheckoutProvider(webhook_secret=SECRET, api_key=api_key, api_url=api_url)


def event(kind="checkout.session.completed", **session):
    return json.dumps(
        {
            "id": "evt_1",
            "type": kind,
            "data": {
                "object": {
                    "id": "cs_test_1",
                    "client_reference_id": "2b7c4f1e-0000-4000-8000-000000000001",
                    "amount_total": 15000,
                    "currency": "eur",
                    "payment_status": "paid",
                    **session,
                }
            },
        }
    ).encode()


def stripe_header(body: bytes, at: dt.datetime, secret: str = SECRET) -> str:
    # Stripe's documented scheme, written out independently of ``signing``.
    timestamp = int(at.timestamp())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def test_a_webhook_signed_as_stripe_signs_is_believed_from_either_header_name():
    body = event()
    for name in ("Stripe-Signature", "Payment-Signature", "stripe_signature"):
        found = provider().verify_webhook(body, {name: stripe_header(body, NOW)}, now=NOW)
        assert (found.event_id, found.outcome, found.session_id) == (
            "evt_1",
            EventOutcome.SUCCEEDED,
            "cs_test_1",
        )
        assert (found.amount_cents, found.currency) == (15_000, "EUR")


def test_one_matching_signature_among_several_is_enough_while_a_secret_is_rolled():
    body = event()
    old = stripe_header(body, NOW, secret="whsec_the_old_secret_000000000")
    header = old + "," + stripe_header(body, NOW).split(",")[1]
    assert provider().verify_webhook(body, {"Stripe-Signature": header}, now=NOW).event_id


@pytest.mark.parametrize(
    "header",
    ["", "v1=abc", "t=123", "t=abc,v1=def", "garbage", "t=1,v1=" + "0" * 64],
    ids=["empty", "no-time", "no-signature", "bad-time", "garbage", "wrong"],
)
def test_a_malformed_or_wrong_signature_is_refused(header):
    with pytest.raises(InvalidSignature):
        provider().verify_webhook(event(), {"Stripe-Signature": header}, now=NOW)


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_timestamp_more_than_five_minutes_away_is_refused(minutes):
    body = event()
    header = stripe_header(body, NOW + dt.timedelta(minutes=minutes))
    with pytest.raises(InvalidSignature):
        provider().verify_webhook(body, {"Stripe-Signature": header}, now=NOW)


def test_without_a_secret_nothing_is_believed():
    body = event()
    unconfigured = HostedCheckoutProvider(webhook_secret="", api_key="k", api_url="http://x")
    with pytest.raises(InvalidSignature):
        unconfigured.verify_webhook(
            body, {"Stripe-Signature": stripe_header(body, NOW, "")}, now=NOW
        )


@pytest.mark.parametrize(
    ("kind", "extra", "outcome"),
    [
        ("checkout.session.completed", {"payment_status": "unpaid"}, EventOutcome.OTHER),
        ("checkout.session.async_payment_succeeded", {}, EventOutcome.SUCCEEDED),
        ("checkout.session.async_payment_failed", {}, EventOutcome.FAILED),
        ("checkout.session.expired", {}, EventOutcome.CANCELLED),
        ("charge.refunded", {}, EventOutcome.OTHER),
    ],
)
def test_checkout_events_are_read_for_what_they_mean(kind, extra, outcome):
    body = event(kind, **extra)
    found = provider().verify_webhook(body, {"Stripe-Signature": stripe_header(body, NOW)}, now=NOW)
    assert found.outcome == outcome


def test_a_signed_body_that_is_not_an_event_is_unreadable():
    body = b'{"hello": "world"}'
    with pytest.raises(InvalidPayload):
        provider().verify_webhook(body, {"Stripe-Signature": stripe_header(body, NOW)}, now=NOW)


def test_the_registry_builds_the_configured_providers(settings):
    settings.PAYMENT_WEBHOOK_SECRET = SECRET
    settings.PAYMENT_API_KEY = "sk_test_from_settings"
    hosted = get_provider("hosted")
    assert (hosted.name, hosted.webhook_secret, hosted.api_key) == (
        "hosted",
        SECRET,
        "sk_test_from_settings",
    )
    assert get_provider("simulator").name == "simulator"
    with pytest.raises(LookupError):
        get_provider("paypal")
    assert signing.SIGNATURE_HEADER == "Payment-Signature"


# --- The API, played by a local server ---------------------------------------------------------


class FakeStripe(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def log_message(self, *args):
        pass

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        FakeStripe.requests.append(
            {"path": self.path, "form": form, "headers": dict(self.headers.items())}
        )
        if self.headers.get("Authorization") != "Bearer sk_test_key":
            self._answer(401, {"error": {"message": "Invalid API Key provided"}})
        elif self.path == "/v1/checkout/sessions":
            self._answer(200, {"id": "cs_test_42", "url": "https://checkout.example/c/cs_test_42"})
        elif self.path == "/v1/refunds":
            self._answer(200, {"id": "re_test_7"})
        else:
            self._answer(404, {"error": {"message": "No such route"}})

    def do_GET(self):
        FakeStripe.requests.append({"path": self.path, "form": {}, "headers": {}})
        self._answer(200, {"id": "cs_test_42", "payment_intent": "pi_test_9"})


@pytest.fixture
def api():
    FakeStripe.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_checkout_session_is_created_for_the_payments_amount(api):
    payment = PaymentFactory(provider="hosted", provider_reference="")
    checkout = provider(api).start_checkout(payment, "https://s.example/r", "https://s.example/c")
    assert (checkout.url, checkout.session_id) == (
        "https://checkout.example/c/cs_test_42",
        "cs_test_42",
    )
    [request] = FakeStripe.requests
    form = {key: values[0] for key, values in request["form"].items()}
    assert form["line_items[0][price_data][unit_amount]"] == "15000"
    assert form["line_items[0][price_data][currency]"] == "eur"
    assert form["client_reference_id"] == str(payment.public_id)
    assert form["success_url"] == "https://s.example/r"
    assert request["headers"]["Idempotency-Key"] == f"checkout-{payment.public_id}"


@pytest.mark.django_db
def test_a_refund_goes_to_the_sessions_payment_intent(api):
    payment = PaymentFactory(provider="hosted", provider_reference="cs_test_42", succeeded=True)
    assert provider(api).refund(payment, 5_000) == "re_test_7"
    refund_request = FakeStripe.requests[-1]
    assert refund_request["form"] == {"payment_intent": ["pi_test_9"], "amount": ["5000"]}


@pytest.mark.django_db
def test_an_api_refusal_is_a_provider_error_with_its_message(api):
    payment = PaymentFactory(provider="hosted", provider_reference="")
    with pytest.raises(ProviderError, match="Invalid API Key provided"):
        provider(api, api_key="sk_wrong").start_checkout(payment, "https://r", "https://c")


@pytest.mark.django_db
def test_an_unreachable_api_is_a_provider_error():
    payment = PaymentFactory(provider="hosted", provider_reference="")
    with pytest.raises(ProviderError):
        provider("http://127.0.0.1:9").start_checkout(payment, "https://r", "https://c")
