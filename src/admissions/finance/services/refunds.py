"""Giving money back: refunds recorded next to their payment, never instead of it.

``record_refund`` is a finance officer's act. A card payment is refunded through its
provider first (outside the transaction: a provider call must not hold the fee's row lock),
then recorded; a bank transfer refund is recorded once the officer has sent it. The fee's
status follows (``ledger.refresh_status``): refunded in full, it is ``refunded``; in part,
it stays paid or goes back to due if what remains is below the fee.

``refund_rule`` tells staff whether a withdrawn application's fee is refundable under its
programme's rule, ``programme.settings["fee_refund_rule"]``:

- ``never`` (the default): the application fee pays for the examination of the file and is
  not refunded;
- ``before_deadline``: refundable when the application was withdrawn before the deadline of
  its round (for a draft, the round open when it was withdrawn);
- ``before_review``: refundable when the application was withdrawn before staff started
  examining it, that is while it was a draft, submitted or incomplete (not yet eligible,
  in review or further on).

The rule advises; the officer decides and records the refund (the reason says why).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application, TimelineEvent
from admissions.applications.states import Status
from admissions.core import clock
from admissions.core.money import format_money
from admissions.core.permissions import check
from admissions.finance import errors
from admissions.finance.models import (
    FinanceEventKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Refund,
)
from admissions.finance.providers import PaymentProvider, ProviderError, get_provider
from admissions.finance.services import ledger

REFUND_RULES = ("never", "before_deadline", "before_review")
BEFORE_REVIEW = frozenset({Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE})


def refundable_cents(payment: Payment) -> int:
    """What is left of a received payment to refund."""
    if payment.status != PaymentStatus.SUCCEEDED:
        return 0
    refunded = Refund.objects.filter(payment=payment).aggregate(total=Sum("amount_cents"))
    return payment.amount_cents - int(refunded["total"] or 0)


def record_refund(
    *,
    payment: Payment,
    amount_cents: int,
    reason: str,
    actor: Any,
    now: dt.datetime | None = None,
    provider: PaymentProvider | None = None,
) -> Refund:
    """Refund ``amount_cents`` of a received ``payment``; never more than received minus
    already refunded. A card payment is refunded with its provider first (``provider``:
    the one it was paid with, by default): if the provider refuses, nothing is recorded."""
    now = now or clock.now()
    reason = (reason or "").strip()
    fee = payment.fee
    check(actor, "finance.refund", programme_id=fee.application.programme_id)
    if not reason:
        raise errors.FinanceError(errors.REFUND_REASON_REQUIRED, field="reason", code="reason")
    if amount_cents <= 0:
        raise errors.FinanceError(
            errors.AMOUNT_NOT_POSITIVE, field="amount", code="amount_not_positive"
        )
    _check_amount(payment, amount_cents)
    provider_reference = ""
    if payment.method == PaymentMethod.CARD and payment.provider:
        try:
            provider = provider or get_provider(payment.provider)
            provider_reference = provider.refund(payment, amount_cents)
        except (LookupError, ProviderError) as error:
            raise errors.FinanceError(
                errors.REFUND_PROVIDER_FAILED % {"detail": str(error)}, code="provider_refused"
            ) from error
    with transaction.atomic():
        fee = ledger.lock_fee(fee)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        # Checked again under the lock: two officers refunding at once cannot exceed it.
        _check_amount(payment, amount_cents)
        refund = Refund.objects.create(
            payment=payment,
            amount_cents=amount_cents,
            currency=payment.currency,
            reason=reason,
            provider_reference=provider_reference,
            refunded_by=actor,
            refunded_at=now,
        )
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.REFUND_RECORDED,
            actor=actor,
            amount_cents=amount_cents,
            currency=payment.currency,
            data={
                "payment": str(payment.public_id),
                "refund": refund.pk,
                "provider_reference": provider_reference,
                "reason": reason,
            },
            now=now,
        )
        ledger.refresh_status(fee, now=now)
    return refund


def _check_amount(payment: Payment, amount_cents: int) -> None:
    if payment.status != PaymentStatus.SUCCEEDED:
        raise errors.FinanceError(errors.REFUND_NOT_RECEIVED, code="refund_not_received")
    available = refundable_cents(payment)
    if amount_cents > available:
        raise errors.FinanceError(
            errors.REFUND_TOO_MUCH % {"available": format_money(available, payment.currency)},
            field="amount",
            code="refund_too_much",
        )


@dataclass(frozen=True)
class RefundAdvice:
    """What the programme's rule says about refunding a withdrawn application's fee."""

    rule: str
    refundable: bool
    message_en: str
    message_fr: str


def _rule(application: Application) -> str:
    rule = (application.programme.settings or {}).get("fee_refund_rule", "never")
    return rule if rule in REFUND_RULES else "never"


def _withdrawal_from(application: Application) -> str:
    event = (
        TimelineEvent.objects.filter(application=application, to_status=Status.WITHDRAWN)
        .order_by("-at", "-pk")
        .first()
    )
    return event.from_status if event is not None else ""


def refund_rule(application: Application, now: dt.datetime | None = None) -> RefundAdvice:
    """Whether ``application``'s fee is refundable under its programme's rule, and why."""
    rule = _rule(application)
    if application.status != Status.WITHDRAWN or application.withdrawn_at is None:
        return RefundAdvice(
            rule,
            False,
            "The application is not withdrawn: the refund rule for withdrawals does not apply.",
            "La candidature n'est pas retirée : la règle de remboursement ne s'applique pas.",
        )
    if rule == "before_deadline":
        withdrawn_at = application.withdrawn_at
        round_ = application.round or application_selectors.round_open_at(
            application.intake, withdrawn_at
        )
        if round_ is not None and withdrawn_at <= round_.deadline_at:
            return RefundAdvice(
                rule,
                True,
                f"Refundable: withdrawn before the deadline of round {round_.number}.",
                f"Remboursable : retirée avant la date limite de la session {round_.number}.",
            )
        return RefundAdvice(
            rule,
            False,
            "Not refundable: withdrawn after the deadline of its round.",
            "Non remboursable : retirée après la date limite de sa session.",
        )
    if rule == "before_review":
        if _withdrawal_from(application) in BEFORE_REVIEW:
            return RefundAdvice(
                rule,
                True,
                "Refundable: withdrawn before the admissions team started examining it.",
                "Remboursable : retirée avant que l'équipe des admissions ne l'examine.",
            )
        return RefundAdvice(
            rule,
            False,
            "Not refundable: withdrawn after the admissions team started examining it.",
            "Non remboursable : retirée après le début de son examen par l'équipe des admissions.",
        )
    return RefundAdvice(
        rule,
        False,
        "Not refundable: this programme does not refund application fees.",
        "Non remboursable : ce programme ne rembourse pas les frais de candidature.",
    )
