"""Reads for the finance officer's pages: work queues and one application's money file.

Every queue is limited to the programmes where the person holds ``finance.view``
(``core.permissions.filter_by_scope``); related rows are fetched with the list so a page of
fifty fees runs a handful of queries, not fifty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.core.errors import NotFound
from admissions.core.permissions import filter_by_scope, programme_scope
from admissions.finance.models import (
    ApplicationFee,
    BankStatement,
    BankStatementLine,
    FeeStatus,
    FeeWaiver,
    FinanceEvent,
    Payment,
    PaymentStatus,
    Receipt,
    Refund,
    WaiverStatus,
)
from admissions.finance.services import ledger

PERMISSION = "finance.view"
STATEMENT_NOT_FOUND = _("No statement has this reference.")
RECEIPT_NOT_FOUND = _("No receipt has this number in your programmes.")
WAIVER_NOT_FOUND = _("No waiver request has this number in your programmes.")


def _scoped_fees(user: Any) -> QuerySet[ApplicationFee]:
    return filter_by_scope(
        user,
        PERMISSION,
        ApplicationFee.objects.all(),
        programme_field="application__programme",
    )


def _with_received(queryset: QuerySet[ApplicationFee]) -> QuerySet[ApplicationFee]:
    """Annotate ``received_cents``: payments received minus refunds, in one query."""
    received = (
        Payment.objects.filter(fee=OuterRef("pk"), status=PaymentStatus.SUCCEEDED)
        .values("fee")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    refunded = (
        Refund.objects.filter(payment__fee=OuterRef("pk"))
        .values("payment__fee")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    return queryset.annotate(
        received_cents=Coalesce(Subquery(received, output_field=IntegerField()), 0)
        - Coalesce(Subquery(refunded, output_field=IntegerField()), 0),
    )


def fees_awaiting_payment(user: Any) -> QuerySet[ApplicationFee]:
    """Fees still to pay in the person's programmes, oldest first, with what was received."""
    return _with_received(
        _scoped_fees(user)
        .filter(status__in=[FeeStatus.DUE, FeeStatus.REFUNDED])
        .select_related("application__programme", "application__applicant")
        .order_by("created_at", "pk")
    )


def deferred_fees(user: Any) -> QuerySet[ApplicationFee]:
    """Deferred fees, the nearest date first (deferred until further notice last)."""
    return (
        _scoped_fees(user)
        .filter(status=FeeStatus.DEFERRED)
        .select_related("application__programme", "application__applicant")
        .order_by("deferred_until", "pk")
    )


def waivers(user: Any, *, status: str | None = None) -> QuerySet[FeeWaiver]:
    queryset = filter_by_scope(
        user,
        PERMISSION,
        FeeWaiver.objects.all(),
        programme_field="fee__application__programme",
    ).select_related("fee__application__programme", "fee__application__applicant", "decided_by")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def waivers_to_decide(user: Any) -> QuerySet[FeeWaiver]:
    """Open waiver requests in the person's programmes, the oldest first."""
    return waivers(user, status=WaiverStatus.REQUESTED).order_by("requested_at", "pk")


def recently_decided_waivers(user: Any, *, limit: int = 50) -> list[FeeWaiver]:
    return list(
        waivers(user).exclude(status=WaiverStatus.REQUESTED).order_by("-decided_at", "-pk")[:limit]
    )


def waiver_for_staff(user: Any, waiver_id: Any) -> FeeWaiver:
    found = waivers(user).filter(public_id=waiver_id).first()
    if found is None:
        raise NotFound(WAIVER_NOT_FOUND)
    return found


def statements(*, limit: int = 100) -> QuerySet[BankStatement]:
    """Imported statements, the latest first, with their line counts per outcome."""
    return BankStatement.objects.select_related("uploaded_by", "applied_by").annotate(
        line_count=Count("lines"),
        recorded_count=Count("lines", filter=Q(lines__payment__isnull=False)),
    )[:limit]


def statements_awaiting_apply() -> QuerySet[BankStatement]:
    return (
        BankStatement.objects.filter(status=BankStatement.Status.PREVIEWED)
        .select_related("uploaded_by")
        .annotate(line_count=Count("lines"))
        .order_by("uploaded_at", "pk")
    )


def statement(public_id: Any) -> BankStatement:
    found = (
        BankStatement.objects.filter(public_id=public_id)
        .select_related("uploaded_by", "applied_by")
        .first()
    )
    if found is None:
        raise NotFound(STATEMENT_NOT_FOUND)
    return found


@dataclass
class StatementLineRow:
    line: BankStatementLine
    # False when the line pays a fee of a programme outside the person's scope: its
    # label, payer and application are not shown.
    visible: bool
    payment: Payment | None
    receipt: Receipt | None


def statement_lines(statement: BankStatement, user: Any) -> list[StatementLineRow]:
    scope = programme_scope(user, PERMISSION)
    lines = statement.lines.select_related(
        "fee__application__programme",
        "fee__application__applicant",
        "payment__receipt",
    ).order_by("row_number")
    rows = []
    for line in lines:
        visible = line.fee is None or scope is None or line.fee.application.programme_id in scope
        payment = getattr(line, "payment", None)
        rows.append(
            StatementLineRow(
                line=line,
                visible=visible,
                payment=payment,
                receipt=getattr(payment, "receipt", None) if payment is not None else None,
            )
        )
    return rows


def outcome_counts(statement: BankStatement) -> dict[str, int]:
    return dict(
        statement.lines.values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
        .order_by()
    )


@dataclass
class MoneyFile:
    """Everything about one application's money, for the finance officer's page."""

    application: Application
    fee: ApplicationFee | None
    paid_cents: int = 0
    balance_cents: int = 0
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    waivers: list[FeeWaiver] = field(default_factory=list)
    events: list[FinanceEvent] = field(default_factory=list)
    statement_lines: list[BankStatementLine] = field(default_factory=list)

    @property
    def open_waiver(self) -> FeeWaiver | None:
        return next((w for w in self.waivers if w.status == WaiverStatus.REQUESTED), None)

    @property
    def refundable_payments(self) -> list[Payment]:
        return [p for p in self.payments if p.status == PaymentStatus.SUCCEEDED]


def money_file(application: Application) -> MoneyFile:
    fee = (
        ApplicationFee.objects.filter(application=application)
        .select_related("application__programme")
        .first()
    )
    events = list(
        FinanceEvent.objects.filter(application=application)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    if fee is None:
        return MoneyFile(application=application, fee=None, events=events)
    payments = list(
        Payment.objects.filter(fee=fee)
        .select_related("recorded_by", "statement_line__statement")
        .prefetch_related(
            Prefetch("refunds", queryset=Refund.objects.select_related("refunded_by")),
        )
        .order_by("created_at", "pk")
    )
    receipts = list(
        Receipt.objects.filter(payment__fee=fee).select_related("payment").order_by("issued_at")
    )
    receipt_by_payment = {receipt.payment_id: receipt for receipt in receipts}
    for payment in payments:
        payment.receipt_or_none = receipt_by_payment.get(payment.pk)  # type: ignore[attr-defined]
    return MoneyFile(
        application=application,
        fee=fee,
        paid_cents=ledger.paid_cents(fee),
        balance_cents=ledger.balance_cents(fee),
        payments=payments,
        refunds=[refund for payment in payments for refund in payment.refunds.all()],
        receipts=receipts,
        waivers=list(
            FeeWaiver.objects.filter(fee=fee)
            .select_related("requested_by", "decided_by")
            .order_by("-requested_at", "-pk")
        ),
        events=events,
        statement_lines=list(
            BankStatementLine.objects.filter(fee=fee)
            .select_related("statement")
            .order_by("-statement__uploaded_at", "row_number")
        ),
    )


def receipt_for_staff(user: Any, number: str) -> Receipt:
    queryset = filter_by_scope(
        user,
        PERMISSION,
        Receipt.objects.all(),
        programme_field="payment__fee__application__programme",
    )
    found = (
        queryset.filter(number=number)
        .select_related("payment__fee__application__programme")
        .first()
    )
    if found is None:
        raise NotFound(RECEIPT_NOT_FOUND)
    return found


@dataclass
class FinanceHome:
    fees_due: list[ApplicationFee]
    fees_due_count: int
    deferred: list[ApplicationFee]
    deferred_count: int
    waivers: list[FeeWaiver]
    waivers_count: int
    statements: list[BankStatement]
    statements_count: int


def finance_home(user: Any, *, limit: int = 50) -> FinanceHome:
    due = fees_awaiting_payment(user)
    deferred = deferred_fees(user)
    open_waivers = waivers_to_decide(user)
    awaiting = statements_awaiting_apply()
    return FinanceHome(
        fees_due=list(due[:limit]),
        fees_due_count=due.count(),
        deferred=list(deferred[:limit]),
        deferred_count=deferred.count(),
        waivers=list(open_waivers[:limit]),
        waivers_count=open_waivers.count(),
        statements=list(awaiting[:limit]),
        statements_count=awaiting.count(),
    )
