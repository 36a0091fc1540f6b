"""Paying the application fee by card through a hosted checkout.

``start_card_payment`` records a pending payment, then asks the provider for a checkout
session, outside any transaction (a provider call must not hold a row lock). The pay
button's form carries an idempotency key made when the page was shown: a double click, or
the same form sent twice, returns the first payment and its checkout. A checkout opened
less than ``PENDING_CHECKOUT_LIFETIME`` ago for the same amount is reused as well, so two
tabs do not lead to paying twice.

``handle_provider_webhook`` is the only way a card payment becomes money received. It keeps
every webhook (``ProviderWebhook``), believed or not:

- a bad signature, or a timestamp outside the tolerance: ``rejected``, nothing else happens;
- an event already received (a provider retry, a replay): ``duplicate``, nothing happens
  (the event id is unique per provider for believed webhooks, so two copies arriving at the
  same moment cannot both go through);
- a payment succeeded with another amount or currency than the payment we opened:
  ``mismatch``, a ``payment_mismatch`` finance event for staff, nothing recorded as paid;
- a payment succeeded: ``ledger.record_payment``, which issues the receipt and queues the
  email, in the same transaction as the webhook's row;
- failed or cancelled: the pending payment says so.

Whether the browser comes back before or after the webhook does not matter: the return page
reads the payment's state, and only the webhook changes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from admissions.applications.selectors import applicant_status
from admissions.applications.states import is_final
from admissions.core import clock
from admissions.finance import errors
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FinanceEventKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProviderWebhook,
    WebhookOutcome,
)
from admissions.finance.providers import (
    EventOutcome,
    InvalidPayload,
    InvalidSignature,
    PaymentProvider,
    ProviderError,
    WebhookEvent,
    active_provider,
)
from admissions.finance.providers.signing import SIGNATURE_HEADER, STRIPE_SIGNATURE_HEADER
from admissions.finance.services import ledger
from admissions.finance.services.fees import PENDING_CHECKOUT_LIFETIME

UrlFor = str | Callable[[Payment], str]

# What a rejected webhook's row keeps of a body we do not believe.
_MAX_KEPT_BODY = 4000
# A post we do not believe may come from anyone: its row keeps a summary (size, hash, first
# bytes, the headers that help trace it), never the body, so posting costs the poster more
# than it costs our database.
_REJECTED_HEAD_CHARS = 200
_REJECTED_HEADERS = ("Content-Type", "User-Agent", SIGNATURE_HEADER, STRIPE_SIGNATURE_HEADER)
_REJECTED_HEADER_CHARS = 200


def _url(url: UrlFor, payment: Payment) -> str:
    return url(payment) if callable(url) else url


def _stored_key(fee: ApplicationFee, idempotency_key: str) -> str:
    # Keys are per fee: the same key sent for another fee is another payment, never the
    # first one's (the column is unique across the table).
    return f"fee{fee.pk}:{idempotency_key}"[:80]


def _reusable_checkout(
    fee: ApplicationFee, *, provider: str, amount: int, now: dt.datetime
) -> Payment | None:
    return (
        Payment.objects.filter(
            fee=fee,
            method=PaymentMethod.CARD,
            status=PaymentStatus.PENDING,
            provider=provider,
            amount_cents=amount,
            currency=fee.currency,
            created_at__gt=now - PENDING_CHECKOUT_LIFETIME,
        )
        .exclude(checkout_url="")
        .order_by("-created_at", "-pk")
        .first()
    )


def start_card_payment(
    *,
    fee: ApplicationFee,
    actor: Any,
    idempotency_key: str,
    return_url: UrlFor,
    cancel_url: UrlFor,
    now: dt.datetime | None = None,
    provider: PaymentProvider | None = None,
) -> Payment:
    """Open (or find again) a card checkout for what remains to pay on ``fee``.

    ``return_url`` and ``cancel_url`` may be callables of the new payment (their pages name
    it). The returned payment's ``checkout_url`` is where to send the card holder; it is
    empty only while another request for the same key is still talking to the provider.
    """
    now = now or clock.now()
    provider = provider or active_provider()
    if provider is None:
        raise errors.FinanceError(errors.CARD_PAYMENTS_OFF, code="card_payments_off")
    key = _stored_key(fee, idempotency_key)
    with transaction.atomic():
        fee = ledger.lock_fee(fee)
        existing = Payment.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        if fee.status == FeeStatus.NOT_CHARGED or fee.amount_cents == 0:
            raise errors.FinanceError(errors.NO_FEE, code="no_fee")
        if fee.status in (FeeStatus.PAID, FeeStatus.WAIVED):
            raise errors.FinanceError(errors.ALREADY_SETTLED, code="already_settled")
        if is_final(applicant_status(fee.application)):
            raise errors.FinanceError(
                errors.APPLICATION_CLOSED_FOR_PAYMENT, code="application_closed"
            )
        amount = ledger.balance_cents(fee)
        if amount <= 0:
            raise errors.FinanceError(errors.ALREADY_SETTLED, code="already_settled")
        reusable = _reusable_checkout(fee, provider=provider.name, amount=amount, now=now)
        if reusable is not None:
            return reusable
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    fee=fee,
                    method=PaymentMethod.CARD,
                    status=PaymentStatus.PENDING,
                    amount_cents=amount,
                    currency=fee.currency,
                    provider=provider.name,
                    idempotency_key=key,
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                    created_at=now,
                )
        except IntegrityError:
            # The same key from a concurrent request that committed first.
            return Payment.objects.get(idempotency_key=key)
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.PAYMENT_STARTED,
            actor=actor,
            amount_cents=amount,
            currency=fee.currency,
            data={"payment": str(payment.public_id), "provider": provider.name},
            now=now,
        )
    # The provider is called after commit, outside the fee's row lock.
    try:
        checkout = provider.start_checkout(
            payment, _url(return_url, payment), _url(cancel_url, payment)
        )
    except ProviderError as error:
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.FAILED, failure_reason=f"Checkout not opened: {error}"[:2000]
        )
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.PAYMENT_FAILED,
            actor=actor,
            amount_cents=amount,
            currency=fee.currency,
            data={"payment": str(payment.public_id), "detail": str(error)[:500]},
            now=now,
        )
        raise errors.FinanceError(
            errors.PROVIDER_UNAVAILABLE, code="provider_unavailable"
        ) from error
    # Conditional updates: a webhook faster than this answer may have stored the session.
    Payment.objects.filter(pk=payment.pk, provider_reference="").update(
        provider_reference=checkout.session_id
    )
    Payment.objects.filter(pk=payment.pk, checkout_url="").update(checkout_url=checkout.url[:500])
    payment.refresh_from_db()
    return payment


# --------------------------------------------------------------------------------------------
# Webhooks
# --------------------------------------------------------------------------------------------


def _storable(value: Any) -> Any:
    """``value`` without NUL characters, which PostgreSQL's text and jsonb refuse."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(str(key)): _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


def _as_text(body: bytes) -> dict[str, Any]:
    return {"body": _storable(body[:_MAX_KEPT_BODY].decode("utf-8", errors="replace"))}


def _readable(body: bytes) -> dict[str, Any]:
    """What a webhook row keeps of a body: the JSON object when it is one, else its text."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _as_text(body)
    if isinstance(payload, dict) and len(body) <= 64_000:
        return dict(_storable(payload))
    return _as_text(body)


def _summary(body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
    """What a rejected post's row keeps: enough to recognise and trace it, not the body."""
    kept = {
        name: _storable(str(headers[name]))[:_REJECTED_HEADER_CHARS]
        for name in _REJECTED_HEADERS
        if headers.get(name)
    }
    return {
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "head": _storable(
            body[: _REJECTED_HEAD_CHARS * 4].decode("utf-8", errors="replace")[
                :_REJECTED_HEAD_CHARS
            ]
        ),
        "headers": kept,
    }


def _event_details(payload: Any) -> tuple[str, str]:
    if not isinstance(payload, dict):
        return "", ""
    event_id, event_type = payload.get("id"), payload.get("type")
    return (
        event_id[:120] if isinstance(event_id, str) else "",
        event_type[:80] if isinstance(event_type, str) else "",
    )


def _find_payment(provider: PaymentProvider, event: WebhookEvent) -> Payment | None:
    payments = Payment.objects.filter(provider=provider.name, method=PaymentMethod.CARD)
    if event.session_id:
        found = payments.filter(provider_reference=event.session_id).first()
        if found is not None:
            return found
    if event.payment_public_id:
        try:
            public_id = uuid.UUID(event.payment_public_id)
        except ValueError:
            return None
        return payments.filter(public_id=public_id).first()
    return None


def handle_provider_webhook(
    *,
    provider: PaymentProvider,
    body: bytes,
    headers: Mapping[str, str],
    now: dt.datetime | None = None,
) -> ProviderWebhook:
    """Believe, record and apply one webhook; returns its row, whose ``outcome`` says what
    happened. Never raises for what a sender put in the body."""
    now = now or clock.now()
    try:
        event = provider.verify_webhook(body, headers, now=now)
    except InvalidSignature as error:
        return ProviderWebhook.objects.create(
            provider=provider.name,
            signature_valid=False,
            payload=_summary(body, headers),
            received_at=now,
            outcome=WebhookOutcome.REJECTED,
            detail=_storable(str(error))[:2000],
        )
    except InvalidPayload as error:
        payload = _readable(body)
        event_id, event_type = _event_details(payload)
        # Signed, so from the provider; unreadable, so ignored. Kept without the unique
        # event id (a duplicate row must not fail on the constraint).
        return ProviderWebhook.objects.create(
            provider=provider.name,
            event_id="",
            event_type=event_type,
            signature_valid=False,
            payload={**payload, "_event_id": event_id} if event_id else payload,
            received_at=now,
            outcome=WebhookOutcome.IGNORED,
            detail=_storable(f"Signed, but not an event we can read: {error}")[:2000],
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = ProviderWebhook.objects.create(
                    provider=provider.name,
                    event_id=_storable(event.event_id),
                    event_type=_storable(event.event_type),
                    signature_valid=True,
                    payload=_storable(event.payload),
                    received_at=now,
                    outcome=WebhookOutcome.PROCESSED,
                )
        except IntegrityError:
            first = (
                ProviderWebhook.objects.filter(
                    provider=provider.name, event_id=event.event_id, signature_valid=True
                )
                .exclude(outcome=WebhookOutcome.DUPLICATE)
                .first()
            )
            return ProviderWebhook.objects.create(
                provider=provider.name,
                event_id=_storable(event.event_id),
                event_type=_storable(event.event_type),
                signature_valid=True,
                payload=_storable(event.payload),
                received_at=now,
                outcome=WebhookOutcome.DUPLICATE,
                detail="Already received"
                + (f" on {first.received_at.isoformat()} ({first.outcome})." if first else "."),
                payment=first.payment if first else None,
            )
        outcome, detail, payment = _apply(provider, event, now)
        row.outcome = outcome
        row.detail = _storable(detail)[:2000]
        row.payment = payment
        row.save(update_fields=["outcome", "detail", "payment"])
    return row


def _apply(
    provider: PaymentProvider, event: WebhookEvent, now: dt.datetime
) -> tuple[str, str, Payment | None]:
    found = _find_payment(provider, event)
    if found is None:
        if event.outcome == EventOutcome.OTHER:
            return WebhookOutcome.IGNORED, f"{event.event_type}: nothing to do.", None
        return (
            WebhookOutcome.UNKNOWN_PAYMENT,
            f"No card payment has the session {event.session_id or '—'} or the reference "
            f"{event.payment_public_id or '—'}.",
            None,
        )
    fee = ledger.lock_fee(found.fee)
    payment = Payment.objects.select_for_update().get(pk=found.pk)
    payment.fee = fee
    if event.session_id and not payment.provider_reference:
        # The webhook came before our own call to the provider returned: keep its session.
        payment.provider_reference = event.session_id
        payment.save(update_fields=["provider_reference"])
    if event.outcome == EventOutcome.SUCCEEDED:
        return _succeeded(provider, event, fee, payment, now)
    if event.outcome in (EventOutcome.FAILED, EventOutcome.CANCELLED):
        if payment.status != PaymentStatus.PENDING:
            return (
                WebhookOutcome.IGNORED,
                f"{event.event_type}: the payment is already {payment.status}.",
                payment,
            )
        failed = event.outcome == EventOutcome.FAILED
        payment.status = PaymentStatus.FAILED if failed else PaymentStatus.CANCELLED
        payment.failure_reason = event.failure_reason or (
            "The card payment failed." if failed else "The card holder left the checkout."
        )
        payment.save(update_fields=["status", "failure_reason"])
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.PAYMENT_FAILED,
            amount_cents=payment.amount_cents,
            currency=payment.currency,
            data={
                "payment": str(payment.public_id),
                "provider": provider.name,
                "event": event.event_id,
                "status": payment.status,
                "reason": payment.failure_reason,
            },
            now=now,
        )
        return WebhookOutcome.PROCESSED, f"Payment {payment.status}.", payment
    return WebhookOutcome.IGNORED, f"{event.event_type}: nothing to do.", payment


def _succeeded(
    provider: PaymentProvider,
    event: WebhookEvent,
    fee: ApplicationFee,
    payment: Payment,
    now: dt.datetime,
) -> tuple[str, str, Payment | None]:
    if payment.status == PaymentStatus.SUCCEEDED:
        return WebhookOutcome.IGNORED, "The payment was already recorded as received.", payment
    if event.amount_cents != payment.amount_cents or event.currency != payment.currency.upper():
        got = f"{event.amount_cents} {event.currency or '?'}"
        expected = f"{payment.amount_cents} {payment.currency}"
        payment.status = PaymentStatus.FAILED
        payment.failure_reason = (
            f"The provider confirmed {got} where {expected} was asked: not recorded as paid; "
            "the finance office checks it with the provider."
        )
        payment.save(update_fields=["status", "failure_reason"])
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.PAYMENT_MISMATCH,
            amount_cents=event.amount_cents,
            currency=(event.currency or "")[:3],
            data={
                "payment": str(payment.public_id),
                "provider": provider.name,
                "event": event.event_id,
                "expected_amount_cents": payment.amount_cents,
                "expected_currency": payment.currency,
            },
            now=now,
        )
        return WebhookOutcome.MISMATCH, f"Confirmed {got}, expected {expected}.", payment
    already_settled = fee.is_settled
    ledger.record_payment(
        fee=fee,
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        method=PaymentMethod.CARD,
        now=now,
        payment=payment,
        provider=provider.name,
        provider_reference=event.session_id,
        received_on=clock.local(now, fee.application.programme.time_zone).date(),
    )
    if already_settled:
        return (
            WebhookOutcome.PROCESSED,
            "Recorded; the fee was already settled, so this payment is to be refunded.",
            payment,
        )
    return WebhookOutcome.PROCESSED, "Payment received.", payment
