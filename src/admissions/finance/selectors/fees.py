"""What the applicant's fee page shows, and the fee documents an applicant may open."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.applications.selectors import applicant_status
from admissions.applications.states import is_final
from admissions.core.errors import NotFound
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    Payment,
    PaymentStatus,
    Receipt,
    Refund,
)
from admissions.finance.providers import active_provider
from admissions.finance.services import ledger
from admissions.finance.services.fees import Reduction, fee_reductions, reduction_of

NO_SUCH_RECEIPT = _("No receipt of yours has this number.")
NO_SUCH_PAYMENT = _("No payment of this application has this reference.")


@dataclass(frozen=True)
class BankDetails:
    holder: str
    iban: str
    bic: str
    reference: str


@dataclass(frozen=True)
class FeePage:
    fee: ApplicationFee
    paid_cents: int
    balance_cents: int
    reductions: list[Reduction]
    reduction: Reduction | None
    payments: list[Payment]
    bank: BankDetails
    card_available: bool
    can_pay: bool
    can_choose_reduction: bool

    @property
    def is_settled(self) -> bool:
        return self.fee.is_settled


def payments_of(fee: ApplicationFee) -> QuerySet[Payment]:
    """The fee's payments, newest first, each with its receipt and refunds."""
    return (
        Payment.objects.filter(fee=fee)
        .select_related("receipt")
        .prefetch_related(Prefetch("refunds", queryset=Refund.objects.order_by("refunded_at")))
        .order_by("-created_at", "-pk")
    )


def fee_page(fee: ApplicationFee) -> FeePage:
    application = fee.application
    payments = list(payments_of(fee))
    received = any(p.status == PaymentStatus.SUCCEEDED for p in payments)
    # ``ledger.paid_cents`` from the payments and refunds just read, instead of two sums.
    paid = sum(p.amount_cents for p in payments if p.status == PaymentStatus.SUCCEEDED) - sum(
        refund.amount_cents for p in payments for refund in p.refunds.all()
    )
    balance = ledger.balance_cents(fee, paid=paid)
    open_to_pay = (
        fee.status in (FeeStatus.DUE, FeeStatus.DEFERRED, FeeStatus.REFUNDED)
        and balance > 0
        and not is_final(applicant_status(application))
    )
    reductions = fee_reductions(application.programme)
    return FeePage(
        fee=fee,
        paid_cents=paid,
        balance_cents=balance,
        reductions=reductions,
        reduction=reduction_of(fee),
        payments=payments,
        bank=BankDetails(
            holder=str(settings.FEE_BANK_HOLDER or ""),
            iban=str(settings.FEE_BANK_IBAN or ""),
            bic=str(settings.FEE_BANK_BIC or ""),
            reference=fee.transfer_reference,
        ),
        card_available=active_provider() is not None,
        can_pay=open_to_pay,
        can_choose_reduction=bool(reductions)
        and not received
        and (
            fee.status == FeeStatus.DUE
            or (fee.status == FeeStatus.NOT_CHARGED and bool(fee.reduction_code))
        )
        and not is_final(applicant_status(application)),
    )


def payment_of(application: Application, public_id: Any) -> Payment:
    """A payment of ``application``'s fee by its public id; ``NotFound`` otherwise."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(NO_SUCH_PAYMENT) from None
    payment = (
        Payment.objects.filter(fee__application=application, public_id=key)
        .select_related("fee", "receipt")
        .first()
    )
    if payment is None:
        raise NotFound(NO_SUCH_PAYMENT)
    return payment


def receipt_of(application: Application, number: str) -> Receipt:
    """A receipt of ``application``'s fee by its number; ``NotFound`` otherwise."""
    receipt = (
        Receipt.objects.filter(payment__fee__application=application, number=number)
        .select_related("payment__fee__application__programme")
        .first()
    )
    if receipt is None:
        raise NotFound(NO_SUCH_RECEIPT)
    return receipt


def checkout_payment(public_id: str) -> Payment | None:
    """The card payment a provider's checkout page is about (the simulator shows its
    state), or ``None``."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Payment.objects.filter(public_id=key).select_related("fee__application").first()
