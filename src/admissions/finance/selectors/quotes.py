"""Reads of tuition quotes for the applicant's and the finance office's pages."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import dateformat

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.core.errors import NotFound
from admissions.core.permissions import filter_by_scope
from admissions.finance import errors
from admissions.finance import funding as funding_rules
from admissions.finance.models import FinanceEvent, Quote, QuoteFunding, QuoteStatus

PERMISSION = "finance.quotes"
# No quote for an application that is over for good; a registered student may still need one
# (an employer asks for a new quote), so ``registered`` is not here.
CLOSED_STATUSES = frozenset(
    {Status.WITHDRAWN, Status.REFUSED, Status.DECLINED, Status.EXPIRED, Status.INELIGIBLE}
)
QUOTE_EVENTS = (
    "quote_requested",
    "quote_issued",
    "quote_revised",
    "quote_accepted",
    "quote_declined",
    "quote_cancelled",
    "quote_sent_to_payer",
)


def _with_details(queryset: QuerySet[Quote]) -> QuerySet[Quote]:
    return queryset.select_related(
        "application__programme",
        "application__intake",
        "application__applicant",
        "issued_by",
        "requested_by",
    ).prefetch_related(
        "lines",
        "payers",
        Prefetch("funding", queryset=QuoteFunding.objects.select_related("payer")),
    )


@dataclass(frozen=True)
class QuoteThread:
    """One quote and its versions, newest first; a request not issued yet stands alone."""

    current: Quote
    versions: list[Quote]

    @property
    def older(self) -> list[Quote]:
        return self.versions[1:]


def quotes_of(application: Application) -> list[Quote]:
    """Every quote and version of ``application``, newest first."""
    return list(
        _with_details(Quote.objects.filter(application=application)).order_by(
            "-requested_at", "-version", "-pk"
        )
    )


def quote_threads(application: Application) -> list[QuoteThread]:
    threads: dict[str, list[Quote]] = {}
    for quote in quotes_of(application):
        key = quote.number or str(quote.public_id)
        threads.setdefault(key, []).append(quote)
    result = []
    for versions in threads.values():
        versions.sort(key=lambda q: q.version, reverse=True)
        result.append(QuoteThread(current=versions[0], versions=versions))
    result.sort(key=lambda thread: thread.current.requested_at, reverse=True)
    return result


def _as_uuid(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(key))
    except ValueError:
        return None


def quote_of(application: Application, key: str) -> Quote:
    """The quote of ``application`` named by its public id or its number (then its latest
    version). Raises ``NotFound``."""
    quotes = _with_details(Quote.objects.filter(application=application))
    public_id = _as_uuid(key)
    if public_id is not None:
        quote = quotes.filter(public_id=public_id).first()
    else:
        quote = quotes.filter(number=key).exclude(number="").order_by("-version").first()
    if quote is None:
        raise NotFound(errors.QUOTE_NOT_FOUND)
    return quote


def versions_of(quote: Quote) -> list[Quote]:
    """Every version of ``quote``'s number (the quote alone while it is a request)."""
    if not quote.number:
        return [quote]
    return list(
        Quote.objects.filter(application_id=quote.application_id, number=quote.number)
        .select_related("issued_by")
        .order_by("-version")
    )


def pending_request(application: Application) -> Quote | None:
    return Quote.objects.filter(application=application, status=QuoteStatus.REQUESTED).first()


def quote_events(quote: Quote) -> list[FinanceEvent]:
    """The finance events of ``quote``'s application about this quote's versions."""
    ids = {str(version.public_id) for version in versions_of(quote)}
    events = FinanceEvent.objects.filter(
        application_id=quote.application_id, kind__in=QUOTE_EVENTS
    ).select_related("actor")
    return [event for event in events if str((event.data or {}).get("quote")) in ids]


# --------------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------------


def finance_programmes(user: Any) -> QuerySet[Programme]:
    """The programmes whose quotes ``user`` manages."""
    return filter_by_scope(
        user, PERMISSION, Programme.objects.all(), programme_field="pk"
    ).order_by("name_en")


def staff_quotes(
    user: Any, *, programme_id: int | None = None, status: str | None = None
) -> QuerySet[Quote]:
    """Quotes in ``user``'s finance scope: by default the current versions (superseded ones
    hidden), requests first, then the most recent."""
    quotes = filter_by_scope(
        user, PERMISSION, Quote.objects.all(), programme_field="application__programme"
    )
    if programme_id is not None:
        quotes = quotes.filter(application__programme_id=programme_id)
    if status:
        quotes = quotes.filter(status=status)
    else:
        quotes = quotes.exclude(status=QuoteStatus.SUPERSEDED)
    return quotes.select_related(
        "application__programme", "application__applicant", "application__intake"
    ).order_by("-requested_at", "-version", "-pk")


def staff_quote(user: Any, public_id: Any) -> Quote:
    """One quote in ``user``'s scope, by its public id. Raises ``NotFound``, exactly as for a
    quote that does not exist."""
    key = _as_uuid(public_id)
    if key is None:
        raise NotFound(errors.QUOTE_NOT_FOUND)
    quotes = filter_by_scope(
        user, PERMISSION, Quote.objects.all(), programme_field="application__programme"
    )
    quote = _with_details(quotes.filter(public_id=key)).first()
    if quote is None:
        raise NotFound(errors.QUOTE_NOT_FOUND)
    return quote


# --------------------------------------------------------------------------------------------
# Helpers for pages (the services use them too)
# --------------------------------------------------------------------------------------------


def local_today(application: Application, now: dt.datetime) -> dt.date:
    return clock.local(now, application.programme.time_zone).date()


def refusal_of_request(application: Application, now: dt.datetime) -> str | None:
    """Why a quote cannot be requested for ``application`` at ``now``, or ``None``."""
    if application.status in CLOSED_STATUSES:
        return str(errors.QUOTE_APPLICATION_CLOSED % {"status": Status(application.status).label})
    intake = application.intake
    if not application.programme.tuition_cents:
        # A quote of €0 would mislead the applicant and whoever funds them.
        return str(errors.QUOTE_TUITION_NOT_PUBLISHED % {"year": intake.academic_year_label})
    if intake.starts_on is not None and intake.starts_on <= local_today(application, now):
        return str(
            errors.QUOTE_INTAKE_STARTED
            % {
                "programme": application.programme.t("name"),
                "starts_on": dateformat.format(intake.starts_on, "j F Y"),
            }
        )
    return None


def tuition_line(application: Application, language: str | None = None) -> dict[str, Any]:
    """The line a quote starts with: the programme's tuition for the intake's year."""
    programme = application.programme
    year = application.intake.academic_year_label
    return {
        "label_en": f"Tuition: {programme.name_en}, {year}",
        "label_fr": f"Frais de scolarité : {programme.name_fr or programme.name_en}, {year}",
        "amount_cents": int(programme.tuition_cents or 0),
    }


def default_valid_until(application: Application, now: dt.datetime) -> dt.date:
    days = funding_rules.quote_validity_days(application.programme)
    return local_today(application, now) + dt.timedelta(days=days)


def is_expired(quote: Quote, today: dt.date) -> bool:
    return (
        quote.status == QuoteStatus.ISSUED
        and quote.valid_until is not None
        and quote.valid_until < today
    )
