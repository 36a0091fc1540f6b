"""The adapter for a hosted-checkout card provider with Stripe Checkout's API and signing.

- ``start_checkout`` creates a Checkout Session (``POST /v1/checkout/sessions``) for the
  payment's amount and currency, with our payment's public id as ``client_reference_id``
  and an idempotency key per payment, so a retried call opens no second session.
- Webhooks are signed (``signing``), and read as Checkout events:
  ``checkout.session.completed`` with ``payment_status=paid`` and
  ``checkout.session.async_payment_succeeded`` mean the money arrived;
  ``checkout.session.async_payment_failed`` means it did not; ``checkout.session.expired``
  means the card holder gave up. Any other event is kept and ignored.
- ``refund`` refunds the session's payment intent (``POST /v1/refunds``).

The calls use the standard library's HTTP client with a timeout; they happen outside any
database transaction (``services.card`` and ``services.refunds`` see to it).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeGuard

from admissions.core import clock
from admissions.finance.providers import signing
from admissions.finance.providers.base import (
    Checkout,
    EventOutcome,
    InvalidPayload,
    PaymentProvider,
    ProviderError,
    WebhookEvent,
)

if TYPE_CHECKING:
    from admissions.finance.models import Payment


def _usable(value: Any, longest: int) -> TypeGuard[str]:
    """A non-empty printable string that fits its column (no NUL or control characters,
    which databases refuse or logs garble)."""
    return isinstance(value, str) and 0 < len(value) <= longest and value.isprintable()


def parse_checkout_event(payload: Any) -> WebhookEvent:
    """A Stripe-shaped Checkout event as a ``WebhookEvent``; ``InvalidPayload`` when the
    body is not one."""
    if not isinstance(payload, dict):
        raise InvalidPayload("the body is not a JSON object")
    event_id = payload.get("id")
    event_type = payload.get("type")
    data = payload.get("data")
    session = data.get("object") if isinstance(data, dict) else None
    if not _usable(event_id, 120):
        raise InvalidPayload("the event has no usable id")
    if not _usable(event_type, 80):
        raise InvalidPayload("the event has no usable type")
    if not isinstance(session, dict):
        return WebhookEvent(event_id, event_type, EventOutcome.OTHER, payload=payload)
    amount = session.get("amount_total")
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount < 2**31:
        amount = None  # not an amount a payment of ours can have
    currency = session.get("currency")
    raw_metadata = session.get("metadata")
    metadata: dict[str, Any] = raw_metadata if isinstance(raw_metadata, dict) else {}
    reference = session.get("client_reference_id") or metadata.get("payment") or ""
    raw_session_id = session.get("id")
    session_id = raw_session_id if _usable(raw_session_id, 120) else ""
    reference = reference if _usable(reference, 64) else ""
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        paid = event_type.endswith("succeeded") or session.get("payment_status") == "paid"
        outcome = EventOutcome.SUCCEEDED if paid else EventOutcome.OTHER
    elif event_type == "checkout.session.async_payment_failed":
        outcome = EventOutcome.FAILED
    elif event_type == "checkout.session.expired":
        outcome = EventOutcome.CANCELLED
    else:
        outcome = EventOutcome.OTHER
    failure = metadata.get("failure_reason") or session.get("failure_reason") or ""
    return WebhookEvent(
        event_id=event_id,
        event_type=event_type,
        outcome=outcome,
        session_id=session_id,
        payment_public_id=str(reference),
        amount_cents=amount,
        currency=currency.upper()[:3] if _usable(currency, 3) else "",
        failure_reason=str(failure)[:500].replace("\x00", ""),
        payload=payload,
    )


class CheckoutWebhooks:
    """Verification of Stripe-shaped signed Checkout webhooks, shared with the simulator."""

    name = ""
    webhook_secret = ""  # nosec B105  # empty until configured: nothing verifies then

    def verify_webhook(
        self, body: bytes, headers: Mapping[str, str], *, now: dt.datetime | None = None
    ) -> WebhookEvent:
        header = signing.header_value(
            headers, signing.SIGNATURE_HEADER, signing.STRIPE_SIGNATURE_HEADER
        )
        signing.verify(secret=self.webhook_secret, body=body, header=header, now=now or clock.now())
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise InvalidPayload("the body is not JSON") from None
        return parse_checkout_event(payload)


class HostedCheckoutProvider(CheckoutWebhooks, PaymentProvider):
    name = "hosted"

    def __init__(
        self, *, webhook_secret: str, api_key: str, api_url: str, timeout: float = 10
    ) -> None:
        self.webhook_secret = webhook_secret
        self.api_key = api_key
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def _call(
        self, method: str, path: str, params: Mapping[str, Any] | None, idempotency_key: str = ""
    ) -> dict[str, Any]:
        if not self.api_key:
            raise ProviderError("PAYMENT_API_KEY is not set")
        data = urllib.parse.urlencode(params or {}).encode() if params is not None else None
        request = urllib.request.Request(self.api_url + path, data=data, method=method)  # noqa: S310
        request.add_header("Authorization", f"Bearer {self.api_key}")
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        if idempotency_key:
            request.add_header("Idempotency-Key", idempotency_key)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310  # https only: PAYMENT_API_URL is checked at start-up
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            detail = ""
            try:
                detail = json.loads(error.read().decode("utf-8"))["error"]["message"]
            except Exception:
                detail = str(error)
            raise ProviderError(detail) from error
        except (OSError, ValueError) as error:
            raise ProviderError(str(error)) from error
        if not isinstance(answer, dict):
            raise ProviderError("the provider's answer is not a JSON object")
        return answer

    def start_checkout(self, payment: Payment, return_url: str, cancel_url: str) -> Checkout:
        application = payment.fee.application
        answer = self._call(
            "POST",
            "/v1/checkout/sessions",
            {
                "mode": "payment",
                "success_url": return_url,
                "cancel_url": cancel_url,
                "client_reference_id": str(payment.public_id),
                "customer_email": application.applicant.email,
                "metadata[payment]": str(payment.public_id),
                "metadata[application]": application.reference,
                "line_items[0][quantity]": 1,
                "line_items[0][price_data][currency]": payment.currency.lower(),
                "line_items[0][price_data][unit_amount]": payment.amount_cents,
                "line_items[0][price_data][product_data][name]": (
                    f"Application fee {application.reference}"
                ),
            },
            idempotency_key=f"checkout-{payment.public_id}",
        )
        url, session_id = answer.get("url"), answer.get("id")
        if not isinstance(url, str) or not isinstance(session_id, str):
            raise ProviderError("the checkout session has no url or id")
        return Checkout(url=url, session_id=session_id)

    def refund(self, payment: Payment, amount_cents: int) -> str:
        session = self._call(
            "GET", f"/v1/checkout/sessions/{urllib.parse.quote(payment.provider_reference)}", None
        )
        intent = session.get("payment_intent")
        if not isinstance(intent, str) or not intent:
            raise ProviderError("the checkout session has no payment to refund")
        refunded = sum(refund.amount_cents for refund in payment.refunds.all())
        answer = self._call(
            "POST",
            "/v1/refunds",
            {"payment_intent": intent, "amount": amount_cents},
            # The same refund retried after a timeout is not made twice.
            idempotency_key=f"refund-{payment.public_id}-{refunded}-{amount_cents}",
        )
        reference = answer.get("id")
        if not isinstance(reference, str):
            raise ProviderError("the refund has no id")
        return reference
