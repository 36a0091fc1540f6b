"""The finance export: one row per application fee, with its payments, receipts, refunds,
latest waiver request and latest quote, within the programmes a person may see
(``dashboard.finance_scope``).

Fees are read as plain values from one cursor, a chunk at a time, and each chunk's payments,
refunds, waivers, quotes and funding rows are fetched in five queries: memory is bounded by
the chunk, not by the export, so the CSV view can stream 100,000 rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from admissions.catalogue.models import Programme
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FeeWaiver,
    Payment,
    PaymentStatus,
    Quote,
    QuoteFunding,
    QuoteStatus,
    Refund,
)
from admissions.finance.selectors.dashboard import scoped


@dataclass(frozen=True)
class ExportRow:
    """One application fee as the CSV export prints it."""

    reference: str
    programme: str
    academic_year: int
    round_number: int | None
    applicant_name: str
    applicant_email: str
    amount_cents: int
    currency: str
    status: str
    paid_cents: int
    refunded_cents: int
    balance_cents: int
    methods: tuple[str, ...]
    receipts: tuple[str, ...]
    waiver_status: str
    quote_number: str
    quote_version: int | None
    quote_status: str
    quote_total_cents: int | None
    funding: tuple[tuple[str, int | None], ...]
    created_at: dt.datetime


def export_fees(
    *,
    programme_ids: set[int] | None,
    programme: Programme | None = None,
    academic_year: int | None = None,
    chunk_size: int = 1000,
) -> Iterator[ExportRow]:
    """Every application fee in scope, by programme and reference, one ``ExportRow`` at a
    time.

    Fees are read as plain values from one cursor, ``chunk_size`` at a time; for each chunk
    five queries fetch its received payments (with receipt numbers), refunds, waiver
    requests, quotes and funding rows. Memory is bounded by the chunk, not the export, and no
    model instance is built (building them made the export several times slower)."""
    if programme is not None:
        if programme_ids is not None and programme.pk not in programme_ids:
            return
        programme_ids = {programme.pk}
    fees = (
        scoped(
            ApplicationFee.objects.all(),
            "application__",
            programme_ids=programme_ids,
            academic_year=academic_year,
        )
        .order_by("application__programme__slug", "application__reference")
        .values_list(
            "pk",
            "application_id",
            "application__reference",
            "application__programme__slug",
            "application__intake__academic_year",
            "application__round__number",
            "application__applicant__first_name",
            "application__applicant__last_name",
            "application__applicant__email",
            "amount_cents",
            "currency",
            "status",
            "created_at",
        )
    )
    chunk: list[tuple[Any, ...]] = []
    for fee in fees.iterator(chunk_size=chunk_size):
        chunk.append(fee)
        if len(chunk) == chunk_size:
            yield from _export_chunk(chunk)
            chunk = []
    if chunk:
        yield from _export_chunk(chunk)


def _export_chunk(chunk: list[tuple[Any, ...]]) -> Iterator[ExportRow]:
    fee_ids = [fee[0] for fee in chunk]
    application_ids = [fee[1] for fee in chunk]
    received: dict[int, int] = {}
    methods: dict[int, list[str]] = {}
    receipts: dict[int, list[str]] = {}
    for fee_id, method, amount, receipt in (
        Payment.objects.filter(fee_id__in=fee_ids, status=PaymentStatus.SUCCEEDED)
        .order_by("created_at", "pk")
        .values_list("fee_id", "method", "amount_cents", "receipt__number")
    ):
        received[fee_id] = received.get(fee_id, 0) + amount
        if method not in methods.setdefault(fee_id, []):
            methods[fee_id].append(method)
        if receipt:
            receipts.setdefault(fee_id, []).append(receipt)
    refunded: dict[int, int] = {}
    for fee_id, amount in Refund.objects.filter(payment__fee_id__in=fee_ids).values_list(
        "payment__fee_id", "amount_cents"
    ):
        refunded[fee_id] = refunded.get(fee_id, 0) + amount
    waivers: dict[int, str] = {}
    for fee_id, status in (
        FeeWaiver.objects.filter(fee_id__in=fee_ids)
        .order_by("requested_at", "pk")
        .values_list("fee_id", "status")
    ):
        waivers[fee_id] = status  # the latest request wins
    quotes: dict[int, tuple[int, str, int, str, int]] = {}
    for quote_row in (
        Quote.objects.filter(application_id__in=application_ids)
        .exclude(status=QuoteStatus.SUPERSEDED)
        .order_by("requested_at", "version", "pk")
        .values_list("application_id", "pk", "number", "version", "status", "total_cents")
    ):
        quotes[quote_row[0]] = quote_row[1:]  # the latest quote wins
    funding: dict[int, list[tuple[str, int | None]]] = {}
    for quote_id, route, share in (
        QuoteFunding.objects.filter(quote_id__in=[latest[0] for latest in quotes.values()])
        .order_by("pk")
        .values_list("quote_id", "route", "amount_cents")
    ):
        funding.setdefault(quote_id, []).append((route, share))

    for (
        fee_id,
        application_id,
        reference,
        programme_slug,
        year,
        round_number,
        first_name,
        last_name,
        email,
        amount_cents,
        currency,
        status,
        created_at,
    ) in chunk:
        paid = received.get(fee_id, 0)
        back = refunded.get(fee_id, 0)
        if status in (FeeStatus.WAIVED, FeeStatus.NOT_CHARGED):
            balance = 0
        else:
            balance = max(amount_cents - (paid - back), 0)
        quote = quotes.get(application_id)
        yield ExportRow(
            reference=reference,
            programme=programme_slug,
            academic_year=year,
            round_number=round_number,
            applicant_name=f"{first_name} {last_name}".strip() or email,
            applicant_email=email,
            amount_cents=amount_cents,
            currency=currency,
            status=status,
            paid_cents=paid,
            refunded_cents=back,
            balance_cents=balance,
            methods=tuple(methods.get(fee_id, ())),
            receipts=tuple(receipts.get(fee_id, ())),
            waiver_status=waivers.get(fee_id, ""),
            quote_number=quote[1] if quote else "",
            quote_version=quote[2] if quote else None,
            quote_status=quote[3] if quote else "",
            quote_total_cents=quote[4] if quote else None,
            funding=tuple(funding.get(quote[0], ())) if quote else (),
            created_at=created_at,
        )
