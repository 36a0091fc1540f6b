"""The core of the money side: the fee an application owes, money received towards it, and
the receipt and events that follow.

Every way money arrives (a reconciled bank transfer, a card payment confirmed by its
provider's webhook) ends in ``record_payment``, which locks the fee row, records the payment
and its receipt number in one transaction, recomputes the fee's status from what was paid and
refunded, and queues the "payment received" email and webhook with it: all or nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from admissions.applications import notify
from admissions.applications.models import Application
from admissions.core import clock
from admissions.finance import errors
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FinanceCounter,
    FinanceEvent,
    FinanceEventKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Receipt,
    Refund,
)
from admissions.notifications import services as notifications

# ISO 11649 creditor references ("RF" + two check digits + up to 21 characters) are what
# European banks print and check for structured payment references.
_RF_ALPHABET = {chr(ord("A") + i): str(10 + i) for i in range(26)}


def _rf_check_digits(body: str) -> str:
    digits = "".join(_RF_ALPHABET.get(ch, ch) for ch in f"{body}RF00")
    return f"{98 - int(digits) % 97:02d}"


def creditor_reference(application_reference: str) -> str:
    """``PMAI-2027-00042`` -> ``RF58PMAI202700042``: the reference an applicant writes on a
    bank transfer; the check digits make a mistyped reference match nothing."""
    body = "".join(ch for ch in application_reference.upper() if ch.isalnum())[:21]
    return f"RF{_rf_check_digits(body)}{body}"


def is_valid_creditor_reference(text: str) -> bool:
    text = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(text) < 5 or not text.startswith("RF"):
        return False
    return _rf_check_digits(text[4:]) == text[2:4]


def record_event(
    *,
    application: Application,
    kind: FinanceEventKind | str,
    actor: Any = None,
    amount_cents: int | None = None,
    currency: str = "",
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> FinanceEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return FinanceEvent.objects.create(
        application=application,
        kind=kind,
        at=now or clock.now(),
        actor=actor,
        amount_cents=amount_cents,
        currency=currency,
        data=data or {},
    )


def ensure_fee(*, application: Application, now: dt.datetime | None = None) -> ApplicationFee:
    """The application's fee, set up from its programme the first time it is asked for."""
    existing = ApplicationFee.objects.filter(application=application).first()
    if existing is not None:
        return existing
    now = now or clock.now()
    programme = application.programme
    amount = int(programme.application_fee_cents or 0)
    try:
        with transaction.atomic():
            fee = ApplicationFee.objects.create(
                application=application,
                full_amount_cents=amount,
                amount_cents=amount,
                currency=programme.currency,
                status=FeeStatus.DUE if amount > 0 else FeeStatus.NOT_CHARGED,
                transfer_reference=creditor_reference(application.reference),
                settled_at=None if amount > 0 else now,
                created_at=now,
                updated_at=now,
            )
            record_event(
                application=application,
                kind=FinanceEventKind.FEE_CREATED,
                amount_cents=amount,
                currency=programme.currency,
                now=now,
            )
    except IntegrityError:
        # Two requests set the fee up at once: the other one's row is the fee.
        return ApplicationFee.objects.get(application=application)
    return fee


def lock_fee(fee: ApplicationFee) -> ApplicationFee:
    """Re-read ``fee`` under a row lock; call inside a transaction."""
    return (
        ApplicationFee.objects.select_for_update()
        .select_related("application__programme", "application__applicant")
        .get(pk=fee.pk)
    )


def paid_cents(fee: ApplicationFee) -> int:
    """Received minus refunded, in the fee's currency."""
    received = (
        Payment.objects.filter(fee=fee, status=PaymentStatus.SUCCEEDED).aggregate(
            total=Sum("amount_cents")
        )["total"]
        or 0
    )
    refunded = (
        Refund.objects.filter(payment__fee=fee).aggregate(total=Sum("amount_cents"))["total"] or 0
    )
    return int(received) - int(refunded)


def balance_cents(fee: ApplicationFee, *, paid: int | None = None) -> int:
    """What is still to pay (never negative; an excess shows in ``paid_cents``). ``paid``:
    ``paid_cents(fee)`` when the caller already has it."""
    if fee.status in (FeeStatus.WAIVED, FeeStatus.NOT_CHARGED):
        return 0
    return max(fee.amount_cents - (paid_cents(fee) if paid is None else paid), 0)


def refresh_status(fee: ApplicationFee, *, now: dt.datetime) -> ApplicationFee:
    """Recompute a locked fee's status from its payments and refunds."""
    if fee.status in (FeeStatus.WAIVED, FeeStatus.NOT_CHARGED):
        return fee
    paid = paid_cents(fee)
    refunded_any = Refund.objects.filter(payment__fee=fee).exists()
    if fee.amount_cents > 0 and paid >= fee.amount_cents:
        status = FeeStatus.PAID
    elif refunded_any and paid <= 0:
        status = FeeStatus.REFUNDED
    elif fee.status == FeeStatus.DEFERRED:
        status = FeeStatus.DEFERRED
    else:
        status = FeeStatus.DUE
    if status != fee.status:
        fee.status = status
        fee.settled_at = now if status == FeeStatus.PAID else fee.settled_at
        fee.updated_at = now
        fee.save(update_fields=["status", "settled_at", "updated_at"])
    return fee


def next_number(*, kind: str, year: int) -> int:
    """The next number of ``kind`` in ``year``, taken under a row lock in the caller's
    transaction: a rollback gives the number back, so numbers have no gaps."""
    counter = FinanceCounter.objects.select_for_update().filter(kind=kind, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                FinanceCounter.objects.create(kind=kind, year=year, last_number=0)
        except IntegrityError:
            pass  # created by a concurrent transaction; lock it below
        counter = FinanceCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _issue_receipt(payment: Payment, *, now: dt.datetime) -> Receipt:
    fee = payment.fee
    application = fee.application
    applicant = application.applicant
    year = clock.local(now, application.programme.time_zone).year
    sequence = next_number(kind="receipt", year=year)
    programme = application.programme
    receipt = Receipt.objects.create(
        number=f"R-{year}-{sequence:06d}",
        year=year,
        sequence=sequence,
        payment=payment,
        issued_at=now,
        language=applicant.preferred_language or settings.LANGUAGE_CODE,
        payer_name=payment.payer_name or applicant.get_full_name() or applicant.email,
        payer_email=applicant.email,
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        description_en=f"Application fee: {programme.name_en}, application {application.reference}",
        description_fr=(
            f"Frais de candidature : {programme.name_fr or programme.name_en}, "
            f"candidature {application.reference}"
        ),
    )
    record_event(
        application=application,
        kind=FinanceEventKind.RECEIPT_ISSUED,
        amount_cents=payment.amount_cents,
        currency=payment.currency,
        data={"receipt": receipt.number, "payment": str(payment.public_id)},
        now=now,
    )
    return receipt


def _fee_page_url(application: Application) -> str:
    path = reverse("portal:fee", kwargs={"reference": application.reference})
    return str(settings.SITE_URL or "").rstrip("/") + path


def _announce(payment: Payment, receipt: Receipt, *, now: dt.datetime) -> None:
    application = payment.fee.application
    applicant = application.applicant
    language = applicant.preferred_language or settings.LANGUAGE_CODE
    programme = application.programme
    local_day = clock.local(now, programme.time_zone).date()
    notifications.queue_message(
        recipient_email=applicant.email,
        template="payment_received",
        context={
            **notify.base_context(application, language),
            # "View my receipt": the fee page lists the receipts (rendered on request, never
            # inside this transaction).
            "action_url": _fee_page_url(application),
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "paid_on": payment.received_on or local_day,
            "payment_ref": receipt.number,
        },
        language=language,
        idempotency_key=f"payment:{payment.public_id}:received",
        user=applicant,
    )
    notifications.emit_event(
        event="payment.received",
        payload={
            "reference": application.reference,
            "programme": programme.slug,
            "receipt": receipt.number,
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "method": payment.method,
            "received_at": now.isoformat(),
        },
    )


def record_payment(
    *,
    fee: ApplicationFee,
    amount_cents: int,
    currency: str,
    method: PaymentMethod | str,
    actor: Any = None,
    now: dt.datetime | None = None,
    payment: Payment | None = None,
    provider: str = "",
    provider_reference: str = "",
    received_on: dt.date | None = None,
    payer_name: str = "",
    statement_line: Any = None,
) -> Payment:
    """Record money received towards ``fee`` and issue its receipt.

    ``payment`` is a pending card payment the provider has just confirmed; without it a new
    payment row is created (a bank transfer). A payment already succeeded is returned as it
    is, so a replayed confirmation records nothing twice. The amount may differ from what is
    due (a partial transfer, an overpayment): money that arrived is always recorded, and the
    fee's status says what remains. A currency other than the fee's is refused.
    """
    now = now or clock.now()
    if amount_cents <= 0:
        raise errors.FinanceError(errors.AMOUNT_NOT_POSITIVE, code="amount_not_positive")
    with transaction.atomic():
        fee = lock_fee(fee)
        if currency.upper() != fee.currency.upper():
            raise errors.FinanceError(
                errors.CURRENCY_MISMATCH % {"got": currency.upper(), "expected": fee.currency},
                code="currency_mismatch",
            )
        if payment is not None:
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            if payment.status == PaymentStatus.SUCCEEDED:
                return payment
            payment.status = PaymentStatus.SUCCEEDED
            payment.amount_cents = amount_cents
            payment.succeeded_at = now
            payment.received_on = received_on or payment.received_on
            payment.payer_name = payer_name or payment.payer_name
            if provider_reference and not payment.provider_reference:
                payment.provider_reference = provider_reference
            payment.save()
        else:
            payment = Payment.objects.create(
                fee=fee,
                method=method,
                status=PaymentStatus.SUCCEEDED,
                amount_cents=amount_cents,
                currency=fee.currency,
                provider=provider,
                provider_reference=provider_reference,
                received_on=received_on,
                payer_name=payer_name,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                statement_line=statement_line,
                created_at=now,
                succeeded_at=now,
            )
        payment.fee = fee
        record_event(
            application=fee.application,
            kind=FinanceEventKind.PAYMENT_SUCCEEDED,
            actor=actor,
            amount_cents=amount_cents,
            currency=fee.currency,
            data={
                "payment": str(payment.public_id),
                "method": str(method),
                "provider": provider,
                "provider_reference": payment.provider_reference,
            },
            now=now,
        )
        receipt = _issue_receipt(payment, now=now)
        refresh_status(fee, now=now)
        _announce(payment, receipt, now=now)
    return payment
