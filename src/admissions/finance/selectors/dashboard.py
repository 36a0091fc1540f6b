"""The finance dashboard, its CSV export and the summary API: what fees, payments, refunds and
quotes add up to, per programme and round, within the programmes a person may see.

Every figure is a ``GROUP BY`` in the database: the dashboard runs the same handful of
queries whether a programme has ten applications or a hundred thousand. The CSV export's
rows come from ``fee_export``, with the same scope.

The round of a figure is the application's round (the one it joined when submitted); a draft
has none and is counted under "not submitted".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from admissions.catalogue.models import Intake, Programme
from admissions.core.permissions import has_permission, programme_scope
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FundingRoute,
    Payment,
    PaymentStatus,
    Quote,
    QuoteFunding,
    QuoteStatus,
    Refund,
)

# The two permissions that open the finance figures: a finance officer's, and the export
# right admissions officers, programme heads and administrators hold.
PERMISSIONS = ("finance.view", "reports.export")

NOT_SUBMITTED = _("Not submitted")
# A live quote without any funding row: its whole total is expected from an unnamed route.
UNSPECIFIED_ROUTE = "unspecified"
UNSPECIFIED_ROUTE_LABEL = _("Funding not specified")

# Quotes whose amounts a finance officer may expect: issued (waiting for the payer) or
# accepted. Requests not answered yet have no amounts; declined, cancelled and superseded
# versions are no longer expected.
LIVE_QUOTE_STATUSES = (QuoteStatus.ISSUED, QuoteStatus.ACCEPTED)
# Fees still waiting for money: what is left on them is "outstanding".
UNSETTLED_FEE_STATUSES = (FeeStatus.DUE, FeeStatus.DEFERRED)


def _keys(prefix: str) -> list[str]:
    """The application's programme, academic year and round, seen from a table through
    ``prefix`` (``fee__application__``): what the figures are grouped by."""
    return [f"{prefix}programme_id", f"{prefix}intake__academic_year", f"{prefix}round__number"]


# --- Scope ------------------------------------------------------------------------------------


def finance_scope(user: Any) -> set[int] | None:
    """The programme ids whose finance figures ``user`` may see (``None``: every programme):
    those where they manage finance or may export reports."""
    ids: set[int] = set()
    for code in PERMISSIONS:
        scope = programme_scope(user, code)
        if scope is None:
            return None
        ids |= scope
    return ids


def can_see_finance_figures(user: Any) -> bool:
    return any(has_permission(user, code, any_programme=True) for code in PERMISSIONS)


def visible_programmes(user: Any) -> QuerySet[Programme]:
    programmes = Programme.objects.order_by("name_en")
    scope = finance_scope(user)
    if scope is not None:
        programmes = programmes.filter(pk__in=scope)
    return programmes


def academic_years(programme_ids: set[int] | None) -> list[int]:
    """The academic years of the intakes of these programmes, the most recent first."""
    intakes = Intake.objects.all()
    if programme_ids is not None:
        intakes = intakes.filter(programme_id__in=programme_ids)
    return sorted(set(intakes.values_list("academic_year", flat=True)), reverse=True)


# --- The figures ------------------------------------------------------------------------------


@dataclass
class FeeFigures:
    """Application fees of one group (a round, a programme, everything) in one currency."""

    currency: str
    counts: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)
    received_cents: int = 0
    refunded_cents: int = 0
    outstanding_cents: int = 0

    @property
    def fees(self) -> int:
        return sum(self.counts.values())

    @property
    def net_cents(self) -> int:
        return self.received_cents - self.refunded_cents

    def by_status(self) -> list[tuple[str, str, int, int]]:
        """``(status, label, count, amount_cents)`` for every fee status, in a fixed order."""
        return [
            (
                status.value,
                str(status.label),
                self.counts.get(status, 0),
                self.amounts.get(status, 0),
            )
            for status in FeeStatus
        ]

    def add(self, other: FeeFigures) -> None:
        for status, count in other.counts.items():
            self.counts[status] = self.counts.get(status, 0) + count
        for status, amount in other.amounts.items():
            self.amounts[status] = self.amounts.get(status, 0) + amount
        self.received_cents += other.received_cents
        self.refunded_cents += other.refunded_cents
        self.outstanding_cents += other.outstanding_cents


@dataclass
class RoundFees:
    academic_year: int
    round_number: int | None
    fees: FeeFigures

    @property
    def round_label(self) -> str:
        return str(self.round_number) if self.round_number is not None else str(NOT_SUBMITTED)


@dataclass
class RoundQuotes:
    academic_year: int
    round_number: int | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def round_label(self) -> str:
        return str(self.round_number) if self.round_number is not None else str(NOT_SUBMITTED)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def by_status(self) -> list[tuple[str, str, int]]:
        return [
            (status.value, str(status.label), self.counts.get(status, 0)) for status in QuoteStatus
        ]


@dataclass
class RouteFigures:
    """Tuition expected through one funding route, from the live quotes (issued or
    accepted); ``accepted_cents`` is the part of it the applicant has accepted."""

    route: str
    currency: str
    expected_cents: int = 0
    accepted_cents: int = 0
    quotes: int = 0

    @property
    def label(self) -> str:
        if self.route == UNSPECIFIED_ROUTE:
            return str(UNSPECIFIED_ROUTE_LABEL)
        try:
            return str(FundingRoute(self.route).label)
        except ValueError:
            return self.route


@dataclass
class ProgrammeFigures:
    programme: Programme
    rounds: list[RoundFees] = field(default_factory=list)
    totals: list[FeeFigures] = field(default_factory=list)
    quotes: list[RoundQuotes] = field(default_factory=list)
    quote_totals: RoundQuotes | None = None
    routes: list[RouteFigures] = field(default_factory=list)


@dataclass
class FinanceDashboard:
    programmes: list[ProgrammeFigures]
    totals: list[FeeFigures]
    quote_totals: dict[str, int]
    routes: list[RouteFigures]


def _round_order(key: tuple[int, int | None]) -> tuple[int, int]:
    year, number = key
    # Most recent year first; in a year, rounds in order, drafts ("not submitted") last.
    return (-year, number if number is not None else 1_000)


def _route_order(route: str) -> int:
    codes = [choice.value for choice in FundingRoute]
    return codes.index(route) if route in codes else len(codes)


def scoped(
    queryset: QuerySet[Any],
    prefix: str,
    *,
    programme_ids: set[int] | None,
    academic_year: int | None,
) -> QuerySet[Any]:
    if programme_ids is not None:
        queryset = queryset.filter(**{f"{prefix}programme_id__in": programme_ids})
    if academic_year is not None:
        queryset = queryset.filter(**{f"{prefix}intake__academic_year": academic_year})
    return queryset


def _latest_live_quotes(
    *, programme_ids: set[int] | None, academic_year: int | None
) -> QuerySet[Quote]:
    """Each application's latest live quote (issued or accepted): the one whose amounts are
    expected. An older quote of the same application does not count twice."""
    latest = (
        Quote.objects.filter(application=OuterRef("application"), status__in=LIVE_QUOTE_STATUSES)
        .order_by("-requested_at", "-version", "-pk")
        .values("pk")[:1]
    )
    return scoped(
        Quote.objects.filter(status__in=LIVE_QUOTE_STATUSES),
        "application__",
        programme_ids=programme_ids,
        academic_year=academic_year,
    ).filter(pk=Subquery(latest))


def _expected_tuition(
    *, programme_ids: set[int] | None, academic_year: int | None
) -> dict[int, list[RouteFigures]]:
    """Expected tuition per programme, route and currency, in two queries.

    A funding row with an amount counts that amount; the rows of a quote without an amount
    share what the amounted rows leave of the quote's total (equally, rounded down to the
    cent); a quote with no funding row counts its whole total as "funding not specified"."""
    quotes = _latest_live_quotes(programme_ids=programme_ids, academic_year=academic_year)
    integer = IntegerField()
    known = Subquery(
        QuoteFunding.objects.filter(quote=OuterRef("quote"), amount_cents__isnull=False)
        .values("quote")
        .annotate(total=Sum("amount_cents"))
        .values("total"),
        output_field=integer,
    )
    open_rows = Subquery(
        QuoteFunding.objects.filter(quote=OuterRef("quote"), amount_cents__isnull=True)
        .values("quote")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=integer,
    )
    share = Case(
        When(amount_cents__isnull=False, then=F("amount_cents")),
        default=Greatest(
            F("quote__total_cents") - Coalesce(known, Value(0)), Value(0), output_field=integer
        )
        / Coalesce(open_rows, Value(1)),
        output_field=integer,
    )
    accepted = Q(quote__status=QuoteStatus.ACCEPTED)
    figures: dict[int, list[RouteFigures]] = {}
    funded = (
        QuoteFunding.objects.filter(quote__in=quotes.values("pk"))
        .annotate(share=share)
        .values("quote__application__programme_id", "route", "quote__currency")
        .annotate(
            expected=Sum("share"),
            accepted=Sum("share", filter=accepted),
            quotes=Count("quote", distinct=True),
        )
        .order_by()
    )
    for row in funded:
        figures.setdefault(row["quote__application__programme_id"], []).append(
            RouteFigures(
                route=row["route"],
                currency=row["quote__currency"],
                expected_cents=int(row["expected"] or 0),
                accepted_cents=int(row["accepted"] or 0),
                quotes=row["quotes"],
            )
        )
    unfunded = (
        quotes.filter(funding__isnull=True)
        .values("application__programme_id", "currency")
        .annotate(
            expected=Sum("total_cents"),
            accepted=Sum("total_cents", filter=Q(status=QuoteStatus.ACCEPTED)),
            quotes=Count("pk"),
        )
        .order_by()
    )
    for quote_row in unfunded:
        figures.setdefault(quote_row["application__programme_id"], []).append(
            RouteFigures(
                route=UNSPECIFIED_ROUTE,
                currency=quote_row["currency"],
                expected_cents=int(quote_row["expected"] or 0),
                accepted_cents=int(quote_row["accepted"] or 0),
                quotes=quote_row["quotes"],
            )
        )
    return figures


def finance_dashboard(
    *,
    programme_ids: set[int] | None,
    programme: Programme | None = None,
    academic_year: int | None = None,
) -> FinanceDashboard:
    """The figures of the programmes in ``programme_ids`` (``None``: every programme),
    narrowed to one ``programme`` and one ``academic_year`` when given.

    Seven queries whatever the amount of data: fees, payments, refunds and quotes grouped by
    programme, year and round, the expected tuition (two), then the programmes."""
    if programme is not None:
        if programme_ids is not None and programme.pk not in programme_ids:
            programme_ids = set()
        else:
            programme_ids = {programme.pk}
    groups = _fee_groups(programme_ids=programme_ids, academic_year=academic_year)
    quote_groups = _quote_groups(programme_ids=programme_ids, academic_year=academic_year)
    routes = _expected_tuition(programme_ids=programme_ids, academic_year=academic_year)

    programmes = Programme.objects.order_by("name_en")
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=programme_ids)
    shown: list[ProgrammeFigures] = []
    grand: dict[str, FeeFigures] = {}
    grand_quotes: dict[str, int] = {}
    grand_routes: dict[tuple[str, str], RouteFigures] = {}
    for item in programmes:
        figures_of = ProgrammeFigures(programme=item)
        totals: dict[str, FeeFigures] = {}
        for year, number, currency, fee_figures in sorted(
            groups.get(item.pk, []), key=lambda g: (_round_order((g[0], g[1])), g[2])
        ):
            figures_of.rounds.append(
                RoundFees(academic_year=year, round_number=number, fees=fee_figures)
            )
            totals.setdefault(currency, FeeFigures(currency=currency)).add(fee_figures)
            grand.setdefault(currency, FeeFigures(currency=currency)).add(fee_figures)
        figures_of.totals = [totals[currency] for currency in sorted(totals)]

        quote_total = RoundQuotes(academic_year=academic_year or 0, round_number=None)
        for counted in sorted(
            quote_groups.get(item.pk, []),
            key=lambda q: _round_order((q.academic_year, q.round_number)),
        ):
            figures_of.quotes.append(counted)
            for status, n in counted.counts.items():
                quote_total.counts[status] = quote_total.counts.get(status, 0) + n
                grand_quotes[status] = grand_quotes.get(status, 0) + n
        figures_of.quote_totals = quote_total

        for route_figures in sorted(
            routes.get(item.pk, []), key=lambda r: (r.currency, _route_order(r.route))
        ):
            figures_of.routes.append(route_figures)
            overall = grand_routes.setdefault(
                (route_figures.route, route_figures.currency),
                RouteFigures(route=route_figures.route, currency=route_figures.currency),
            )
            overall.expected_cents += route_figures.expected_cents
            overall.accepted_cents += route_figures.accepted_cents
            overall.quotes += route_figures.quotes
        shown.append(figures_of)
    return FinanceDashboard(
        programmes=shown,
        totals=[grand[currency] for currency in sorted(grand)],
        quote_totals=grand_quotes,
        routes=[
            grand_routes[key]
            for key in sorted(grand_routes, key=lambda key: (key[1], _route_order(key[0])))
        ],
    )


FeeGroup = tuple[int, int | None, str, FeeFigures]  # year, round, currency, figures


def _fee_groups(
    *, programme_ids: set[int] | None, academic_year: int | None
) -> dict[int, list[FeeGroup]]:
    """Fees, received payments and refunds, each grouped in the database by programme, year,
    round and currency (three queries), merged per group."""
    fees = (
        scoped(
            ApplicationFee.objects.all(),
            "application__",
            programme_ids=programme_ids,
            academic_year=academic_year,
        )
        .values(*_keys("application__"), "currency", "status")
        .annotate(n=Count("pk"), amount=Sum("amount_cents"))
        .order_by()
    )
    payments = (
        scoped(
            Payment.objects.filter(status=PaymentStatus.SUCCEEDED),
            "fee__application__",
            programme_ids=programme_ids,
            academic_year=academic_year,
        )
        .values(*_keys("fee__application__"), "fee__currency")
        .annotate(
            received=Sum("amount_cents"),
            received_unsettled=Sum(
                "amount_cents", filter=Q(fee__status__in=UNSETTLED_FEE_STATUSES)
            ),
        )
        .order_by()
    )
    refunds = (
        scoped(
            Refund.objects.all(),
            "payment__fee__application__",
            programme_ids=programme_ids,
            academic_year=academic_year,
        )
        .values(*_keys("payment__fee__application__"), "payment__fee__currency")
        .annotate(
            refunded=Sum("amount_cents"),
            refunded_unsettled=Sum(
                "amount_cents", filter=Q(payment__fee__status__in=UNSETTLED_FEE_STATUSES)
            ),
        )
        .order_by()
    )
    groups: dict[tuple[int, int, int | None, str], FeeFigures] = {}

    def group(row: dict[str, Any], prefix: str, currency: str) -> FeeFigures:
        key = (
            row[f"{prefix}programme_id"],
            row[f"{prefix}intake__academic_year"],
            row[f"{prefix}round__number"],
            row[currency],
        )
        if key not in groups:
            groups[key] = FeeFigures(currency=row[currency])
        return groups[key]

    for row in fees:
        figures = group(row, "application__", "currency")
        amount = int(row["amount"] or 0)
        figures.counts[row["status"]] = figures.counts.get(row["status"], 0) + row["n"]
        figures.amounts[row["status"]] = figures.amounts.get(row["status"], 0) + amount
        if row["status"] in UNSETTLED_FEE_STATUSES:
            figures.outstanding_cents += amount
    for row in payments:
        figures = group(row, "fee__application__", "fee__currency")
        figures.received_cents += int(row["received"] or 0)
        figures.outstanding_cents -= int(row["received_unsettled"] or 0)
    for row in refunds:
        figures = group(row, "payment__fee__application__", "payment__fee__currency")
        figures.refunded_cents += int(row["refunded"] or 0)
        figures.outstanding_cents += int(row["refunded_unsettled"] or 0)

    by_programme: dict[int, list[FeeGroup]] = {}
    for (programme_id, year, number, currency), figures in groups.items():
        by_programme.setdefault(programme_id, []).append((year, number, currency, figures))
    return by_programme


def _quote_groups(
    *, programme_ids: set[int] | None, academic_year: int | None
) -> dict[int, list[RoundQuotes]]:
    """Quotes (every version) counted by status per programme, year and round."""
    rows = (
        scoped(
            Quote.objects.all(),
            "application__",
            programme_ids=programme_ids,
            academic_year=academic_year,
        )
        .values(*_keys("application__"), "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups: dict[tuple[int, int, int | None], RoundQuotes] = {}
    for row in rows:
        key = (
            row["application__programme_id"],
            row["application__intake__academic_year"],
            row["application__round__number"],
        )
        if key not in groups:
            groups[key] = RoundQuotes(academic_year=key[1], round_number=key[2])
        groups[key].counts[row["status"]] = row["n"]
    by_programme: dict[int, list[RoundQuotes]] = {}
    for (programme_id, _year, _number), counted in groups.items():
        by_programme.setdefault(programme_id, []).append(counted)
    return by_programme
