"""The money side of the API.

For the signed-in applicant (``applicant_router``, under ``/applications``):

- ``GET /applications/{reference}/fee``: the application fee, what was paid (with receipt
  numbers), what is left and the bank transfer reference;
- ``GET /applications/{reference}/quotes``: every version of the tuition quotes with their
  totals, lines, funding routes and validity.

Another person's reference answers 404, like one that does not exist.

For staff holding ``finance.view`` or ``reports.export`` (``staff_router``, under
``/finance``): ``GET /finance/summary?programme=&year=``, the finance dashboard's figures as
JSON, within the programmes of their scope. Anyone else gets 404; a staff session without
two-factor authentication gets 403.

For finance officers and their service accounts (``staff_finance_router``, under
``/staff/finance``): ``POST /staff/finance/transfers`` records a bank transfer received,
as the money file's form does, and answers the payment with its receipt number. It takes an
``Idempotency-Key``.

Both take an API token (scopes ``finance:read`` and ``finance:write``) or a staff session
(``api/auth.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as WithStatus

from admissions.accounts.mfa import has_mfa
from admissions.api.auth import STAFF_AUTH, require_scope, token_of
from admissions.api.errors import READ_ERRORS, STAFF_ERRORS
from admissions.api.idempotency import idempotent
from admissions.api.schemas import In, text
from admissions.applications import selectors as application_selectors
from admissions.catalogue.models import Programme
from admissions.finance.models import (
    FeeStatus,
    FeeWaiver,
    FundingRoute,
    Payment,
    PaymentMethod,
    PaymentStatus,
    Quote,
    QuoteStatus,
)
from admissions.finance.selectors import dashboard
from admissions.finance.services import ledger, transfers

applicant_router = Router(tags=["fees and quotes"])
staff_router = Router(tags=["finance reports"], auth=STAFF_AUTH)
staff_finance_router = Router(tags=["finance (staff)"], auth=STAFF_AUTH)

MFA_REQUIRED = _(
    "Staff accounts need two-factor authentication. Set up an authenticator app, sign in "
    "again, then call the API."
)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- The applicant's fee ------------------------------------------------------------------------


class RefundOut(Schema):
    amount_cents: int
    currency: str
    refunded_at: dt.datetime


class PaymentOut(Schema):
    id: str
    method: str
    method_label: str
    status: str
    status_label: str
    amount_cents: int
    currency: str
    received_on: dt.date | None
    succeeded_at: dt.datetime | None
    receipt_number: str | None
    refunds: list[RefundOut]


class WaiverOut(Schema):
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None


class BankTransferOut(Schema):
    holder: str
    iban: str
    bic: str
    # What to write in the transfer's communication: the fee's creditor reference.
    reference: str


class FeeOut(Schema):
    reference: str
    full_amount_cents: int
    amount_cents: int
    currency: str
    reduction_code: str
    status: str
    status_label: str
    settled: bool
    paid_cents: int
    balance_cents: int
    transfer_reference: str
    bank_transfer: BankTransferOut
    deferred_until: dt.date | None
    settled_at: dt.datetime | None
    payments: list[PaymentOut]
    waiver: WaiverOut | None


@applicant_router.get("/{reference}/fee", response={200: FeeOut, **READ_ERRORS}, url_name="fee")
def get_fee(request: HttpRequest, reference: str) -> dict[str, Any]:
    """The application fee: the amount after any reduction, its status (``due``, ``paid``,
    ``waived``, ``deferred``, ``refunded``, ``not_charged``), what was paid net of refunds,
    the balance, the ISO 11649 reference to write on a bank transfer with the account to send
    it to, each payment with its receipt number and refunds, and the latest waiver request.
    The fee is set up from the programme the first time it is asked for."""
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    fee = ledger.ensure_fee(application=application)
    payments = list(
        Payment.objects.filter(fee=fee)
        .select_related("receipt")
        .prefetch_related("refunds")
        .order_by("created_at", "pk")
    )
    received = sum(p.amount_cents for p in payments if p.status == PaymentStatus.SUCCEEDED)
    refunded = sum(r.amount_cents for p in payments for r in p.refunds.all())
    paid = received - refunded
    if fee.status in (FeeStatus.WAIVED, FeeStatus.NOT_CHARGED):
        balance = 0
    else:
        balance = max(fee.amount_cents - paid, 0)
    waiver = FeeWaiver.objects.filter(fee=fee).order_by("-requested_at", "-pk").first()
    return {
        "reference": application.reference,
        "full_amount_cents": fee.full_amount_cents,
        "amount_cents": fee.amount_cents,
        "currency": fee.currency,
        "reduction_code": fee.reduction_code,
        "status": fee.status,
        "status_label": _label(FeeStatus, fee.status),
        "settled": fee.is_settled,
        "paid_cents": paid,
        "balance_cents": balance,
        "transfer_reference": fee.transfer_reference,
        "bank_transfer": {
            "holder": getattr(settings, "FEE_BANK_HOLDER", ""),
            "iban": getattr(settings, "FEE_BANK_IBAN", ""),
            "bic": getattr(settings, "FEE_BANK_BIC", ""),
            "reference": fee.transfer_reference,
        },
        "deferred_until": fee.deferred_until,
        "settled_at": fee.settled_at,
        "payments": [
            {
                "id": str(payment.public_id),
                "method": payment.method,
                "method_label": _label(PaymentMethod, payment.method),
                "status": payment.status,
                "status_label": _label(PaymentStatus, payment.status),
                "amount_cents": payment.amount_cents,
                "currency": payment.currency,
                "received_on": payment.received_on,
                "succeeded_at": payment.succeeded_at,
                "receipt_number": getattr(getattr(payment, "receipt", None), "number", None),
                "refunds": [
                    {
                        "amount_cents": refund.amount_cents,
                        "currency": refund.currency,
                        "refunded_at": refund.refunded_at,
                    }
                    for refund in payment.refunds.all()
                ],
            }
            for payment in payments
        ],
        "waiver": None
        if waiver is None
        else {
            "status": waiver.status,
            "requested_at": waiver.requested_at,
            "decided_at": waiver.decided_at,
        },
    }


# --- The applicant's quotes -------------------------------------------------------------------


class QuoteLineOut(Schema):
    label_en: str
    label_fr: str
    amount_cents: int


class QuoteFundingOut(Schema):
    route: str
    route_label: str
    # ``null``: this route covers what the other routes leave of the total.
    amount_cents: int | None


class QuoteOut(Schema):
    id: str
    number: str
    version: int
    status: str
    status_label: str
    currency: str
    total_cents: int
    requested_at: dt.datetime
    issued_on: dt.date | None
    valid_until: dt.date | None
    accepted_at: dt.datetime | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    hours: int | None
    note: str
    lines: list[QuoteLineOut]
    funding: list[QuoteFundingOut]


@applicant_router.get(
    "/{reference}/quotes",
    response={200: list[QuoteOut], **READ_ERRORS},
    url_name="quotes",
)
def list_quotes(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """Every quote of the application, the latest first, each version on its own
    (a revised quote keeps its number; the version it replaced is ``superseded``)."""
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    quotes = (
        Quote.objects.filter(application=application)
        .prefetch_related("lines", Prefetch("funding"))
        .order_by("-requested_at", "-version", "-pk")
    )
    return [
        {
            "id": str(quote.public_id),
            "number": quote.number,
            "version": quote.version,
            "status": quote.status,
            "status_label": _label(QuoteStatus, quote.status),
            "currency": quote.currency,
            "total_cents": quote.total_cents,
            "requested_at": quote.requested_at,
            "issued_on": quote.issued_on,
            "valid_until": quote.valid_until,
            "accepted_at": quote.accepted_at,
            "starts_on": quote.starts_on,
            "ends_on": quote.ends_on,
            "hours": quote.hours,
            "note": quote.staff_note,
            "lines": [
                {
                    "label_en": line.label_en,
                    "label_fr": line.label_fr,
                    "amount_cents": line.amount_cents,
                }
                for line in quote.lines.all()
            ],
            "funding": [
                {
                    "route": row.route,
                    "route_label": _label(FundingRoute, row.route),
                    "amount_cents": row.amount_cents,
                }
                for row in quote.funding.all()
            ],
        }
        for quote in quotes
    ]


# --- Staff: the dashboard's figures -----------------------------------------------------------


class StatusCountOut(Schema):
    count: int
    amount_cents: int


class FeeFiguresOut(Schema):
    currency: str
    fees: int
    by_status: dict[str, StatusCountOut]
    received_cents: int
    refunded_cents: int
    net_cents: int
    outstanding_cents: int


class RoundFeesOut(FeeFiguresOut):
    academic_year: int
    # ``null``: drafts, not submitted to any round yet.
    round: int | None


class RoundQuotesOut(Schema):
    academic_year: int
    round: int | None
    by_status: dict[str, int]


class RouteOut(Schema):
    route: str
    label: str
    currency: str
    quotes: int
    expected_cents: int
    accepted_cents: int


# Not "ProgrammeSummaryOut": the OpenAPI document names a schema by its class, and the
# catalogue's list has one of that name; two would share one entry (issue 19).
class FinanceProgrammeOut(Schema):
    code: str
    name_en: str
    name_fr: str
    fees_by_round: list[RoundFeesOut]
    fees_total: list[FeeFiguresOut]
    quotes_by_round: list[RoundQuotesOut]
    quotes_total: dict[str, int]
    expected_tuition: list[RouteOut]


class SummaryFiltersOut(Schema):
    programme: str | None
    year: int | None


class SummaryOut(Schema):
    filters: SummaryFiltersOut
    programmes: list[FinanceProgrammeOut]
    fees_total: list[FeeFiguresOut]
    quotes_total: dict[str, int]
    expected_tuition: list[RouteOut]


def _fee_figures(figures: dashboard.FeeFigures) -> dict[str, Any]:
    return {
        "currency": figures.currency,
        "fees": figures.fees,
        "by_status": {
            status: {"count": count, "amount_cents": amount}
            for status, _label_text, count, amount in figures.by_status()
        },
        "received_cents": figures.received_cents,
        "refunded_cents": figures.refunded_cents,
        "net_cents": figures.net_cents,
        "outstanding_cents": figures.outstanding_cents,
    }


def _quote_counts(counts: dict[str, int]) -> dict[str, int]:
    return {status.value: counts.get(status, 0) for status in QuoteStatus}


def _route(route: dashboard.RouteFigures) -> dict[str, Any]:
    return {
        "route": route.route,
        "label": route.label,
        "currency": route.currency,
        "quotes": route.quotes,
        "expected_cents": route.expected_cents,
        "accepted_cents": route.accepted_cents,
    }


@staff_router.get(
    "/summary",
    response={200: SummaryOut, **STAFF_ERRORS},
    url_name="finance_summary",
)
def finance_summary(
    request: HttpRequest, programme: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """The finance dashboard as JSON, for staff with ``finance.view`` or
    ``reports.export``: per programme of their scope and per round (``null``: drafts), the
    application fees by status (count and amount), money received, refunded, net and still
    to pay; quotes by status; the tuition expected per funding route from each application's
    latest issued or accepted quote. ``programme`` (a programme code) and ``year`` (the
    academic year classes start, e.g. 2027) narrow it. A programme outside the caller's
    scope answers 404. Token scope: ``finance:read``."""
    require_scope(request, "finance:read")
    user = request.user
    if not dashboard.can_see_finance_figures(user):
        raise Http404
    # A token is its own credential (a service account has no authenticator); a session
    # must belong to someone with two-factor on.
    if token_of(request) is None and not has_mfa(user):
        raise HttpError(403, str(MFA_REQUIRED))
    scope = dashboard.finance_scope(user)
    chosen: Programme | None = None
    if programme:
        chosen = dashboard.visible_programmes(user).filter(slug=programme).first()
        if chosen is None:
            raise Http404
    figures = dashboard.finance_dashboard(programme_ids=scope, programme=chosen, academic_year=year)
    return {
        "filters": {"programme": chosen.slug if chosen else None, "year": year},
        "programmes": [
            {
                "code": item.programme.slug,
                "name_en": item.programme.name_en,
                "name_fr": item.programme.name_fr,
                "fees_by_round": [
                    {
                        **_fee_figures(row.fees),
                        "academic_year": row.academic_year,
                        "round": row.round_number,
                    }
                    for row in item.rounds
                ],
                "fees_total": [_fee_figures(total) for total in item.totals],
                "quotes_by_round": [
                    {
                        "academic_year": row.academic_year,
                        "round": row.round_number,
                        "by_status": _quote_counts(row.counts),
                    }
                    for row in item.quotes
                ],
                "quotes_total": _quote_counts(
                    item.quote_totals.counts if item.quote_totals else {}
                ),
                "expected_tuition": [_route(route) for route in item.routes],
            }
            for item in figures.programmes
        ],
        "fees_total": [_fee_figures(total) for total in figures.totals],
        "quotes_total": _quote_counts(figures.quote_totals),
        "expected_tuition": [_route(route) for route in figures.routes],
    }


# --- Staff: recording a bank transfer -----------------------------------------------------------


class TransferIn(In):
    # The application's reference (PMAI-2027-00042).
    reference: text(40)  # type: ignore[valid-type]
    amount_cents: int
    currency: text(3)  # type: ignore[valid-type]
    received_on: dt.date | None = None
    payer_name: text(200) = ""  # type: ignore[valid-type]
    # The bank's reference of the transaction, as printed on the statement: one transfer is
    # recorded once, whatever the number of attempts.
    bank_reference: text(100)  # type: ignore[valid-type]


class TransferOut(Schema):
    id: str
    reference: str
    amount_cents: int
    currency: str
    received_on: dt.date | None
    bank_reference: str
    receipt_number: str | None
    fee_status: str
    balance_cents: int


@staff_finance_router.post(
    "/transfers", response={201: TransferOut, **STAFF_ERRORS}, url_name="staff_record_transfer"
)
@idempotent
def record_transfer(request: HttpRequest, payload: TransferIn) -> WithStatus[dict[str, Any]]:
    """Record a bank transfer received towards an application's fee and issue its receipt,
    as a finance officer does on the money file (permission ``finance.payments``; token
    scope ``finance:write``). Refused (400, nothing recorded) when the bank reference was
    already recorded, the fee takes no more money, or the currency is not the fee's; 404 for
    an application outside the caller's programmes. Send an ``Idempotency-Key`` so that a
    retry after a timeout replays the first answer."""
    require_scope(request, "finance:write")
    application = application_selectors.application_for_staff(
        reference=payload.reference, user=request.user, action="finance.payments"
    )
    payment = transfers.reconcile_transfer(
        fee=ledger.ensure_fee(application=application),
        amount_cents=payload.amount_cents,
        currency=payload.currency,
        received_on=payload.received_on,
        payer_name=payload.payer_name,
        bank_reference=payload.bank_reference,
        actor=request.user,
    )
    fee = payment.fee
    fee.refresh_from_db()
    receipt = getattr(payment, "receipt", None)
    return WithStatus(
        201,
        {
            "id": str(payment.public_id),
            "reference": application.reference,
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "received_on": payment.received_on,
            "bank_reference": payment.provider_reference,
            "receipt_number": receipt.number if receipt else None,
            "fee_status": fee.status,
            "balance_cents": ledger.balance_cents(fee),
        },
    )
