"""Tuition quotes: requested by the applicant with the routes that will fund the tuition,
issued by a finance officer with a number, lines and a validity, revised as new versions,
accepted or declined by the applicant, and sent to third-party payers.

Every change is a ``FinanceEvent`` with its actor. A state change locks the quote row and
checks its status again inside the transaction (compare-and-set), so of two finance officers
issuing the same request at once, one wins and the other is told, with nothing recorded.
The PDF and the emails that carry it are produced after commit by a background task
(``finance.tasks.deliver_quote``): a rolled-back issue renders and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from admissions.applications import notify
from admissions.applications import questions as application_questions
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core import clock
from admissions.core.money import format_money
from admissions.finance import errors
from admissions.finance import funding as funding_rules
from admissions.finance.models import (
    FinanceEventKind,
    Payer,
    PayerKind,
    Quote,
    QuoteFunding,
    QuoteLine,
    QuoteStatus,
)
from admissions.finance.services import ledger
from admissions.notifications import services as notifications
from admissions.notifications.services import Attachment

logger = logging.getLogger(__name__)

# No quote for an application that is over for good; a registered student may still need one
# (an employer asks for a new quote), so ``registered`` is not here.
CLOSED_STATUSES = frozenset(
    {Status.WITHDRAWN, Status.REFUSED, Status.DECLINED, Status.EXPIRED, Status.INELIGIBLE}
)
# Routes paid by a third party that must be named on the quote and its invoice.
PAYER_REQUIRED_ROUTES = frozenset({"employer", "transitional_cpf"})
# The payer a route's details describe, when the request does not say.
DEFAULT_PAYER_KIND: Mapping[str, str] = {
    "self_funded": PayerKind.APPLICANT,
    "employer": PayerKind.EMPLOYER,
    "cpf": PayerKind.FUNDING_BODY,
    "transitional_cpf": PayerKind.FUNDING_BODY,
    "pole_emploi": PayerKind.FUNDING_BODY,
    "bank_loan": PayerKind.BANK,
    "scholarship": PayerKind.FUNDING_BODY,
}
THIRD_PARTY_KINDS = frozenset(
    {PayerKind.EMPLOYER, PayerKind.FUNDING_BODY, PayerKind.BANK, PayerKind.OTHER}
)
PAYER_FIELDS: Mapping[str, int] = {
    "organisation": 200,
    "contact_name": 200,
    "email": 254,
    "phone": 40,
    "billing_address": 1000,
    "registration_number": 40,
    "purchase_order": 80,
}
# What a route's details may hold: the partner bank chosen, the France Travail counsellor, the
# CPF or Fongecif file number.
DETAIL_FIELDS: Mapping[str, int] = {"bank": 200, "counsellor": 200, "file_number": 80}
NOTE_MAX_LENGTH = 5000
LINE_LABEL_MAX_LENGTH = 200
# A state in which the quote was issued: it has a number, lines and a PDF.
ISSUED_STATES = frozenset(
    {QuoteStatus.ISSUED, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED, QuoteStatus.SUPERSEDED}
)
REVISABLE_STATES = frozenset({QuoteStatus.ISSUED, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED})


# --------------------------------------------------------------------------------------------
# Reading input
# --------------------------------------------------------------------------------------------


def _money(cents: int, currency: str) -> str:
    return format_money(cents, currency)


def _route_label(route: str) -> str:
    return funding_rules.route_name(route)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _whole_cents(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _clean_payer(
    route: str, payer: Any, path: str, problems: list[tuple[str, Any]]
) -> dict[str, str] | None:
    if payer is None and route not in PAYER_REQUIRED_ROUTES:
        return None
    payer = payer if isinstance(payer, Mapping) else {}
    kind = _text(payer.get("kind")) or DEFAULT_PAYER_KIND.get(route, PayerKind.OTHER)
    if kind not in PayerKind.values:
        problems.append(
            (
                f"{path}.kind",
                errors.QUOTE_PAYER_KIND_UNKNOWN
                % {"kind": kind, "kinds": ", ".join(PayerKind.values)},
            )
        )
        return None
    cleaned = {"kind": kind}
    for name, limit in PAYER_FIELDS.items():
        value = _text(payer.get(name))
        if len(value) > limit:
            problems.append(
                (
                    f"{path}.{name}",
                    errors.QUOTE_FIELD_TOO_LONG % {"length": len(value), "limit": limit},
                )
            )
        cleaned[name] = value
    if kind in THIRD_PARTY_KINDS or route in PAYER_REQUIRED_ROUTES:
        if not cleaned["organisation"]:
            problems.append((f"{path}.organisation", errors.QUOTE_PAYER_ORGANISATION_REQUIRED))
        if not cleaned["email"]:
            problems.append((f"{path}.email", errors.QUOTE_PAYER_EMAIL_REQUIRED))
        if not cleaned["billing_address"]:
            problems.append((f"{path}.billing_address", errors.QUOTE_PAYER_ADDRESS_REQUIRED))
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            problems.append(
                (f"{path}.email", errors.QUOTE_PAYER_EMAIL_INVALID % {"email": cleaned["email"]})
            )
    return cleaned


def _clean_details(
    programme: Any, route: str, details: Any, path: str, problems: list[tuple[str, Any]]
) -> dict[str, str]:
    if not isinstance(details, Mapping):
        return {}
    cleaned = {}
    for name, limit in DETAIL_FIELDS.items():
        value = _text(details.get(name))
        if not value:
            continue
        if len(value) > limit:
            problems.append(
                (
                    f"{path}.{name}",
                    errors.QUOTE_FIELD_TOO_LONG % {"length": len(value), "limit": limit},
                )
            )
            continue
        cleaned[name] = value
    bank = cleaned.get("bank")
    if bank and route == "bank_loan":
        names = [item.name for item in funding_rules.partner_banks(programme)]
        if names and bank not in names:
            problems.append(
                (
                    f"{path}.bank",
                    errors.QUOTE_UNKNOWN_BANK % {"bank": bank, "banks": ", ".join(names)},
                )
            )
    return cleaned


def clean_funding(*, programme: Any, funding_routes: Any) -> list[dict[str, Any]]:
    """The funding of a request as stored, or ``QuoteRequestInvalid`` naming each wrong field
    (``funding[1].amount_cents``, ``funding[0].payer.email``, …)."""
    problems: list[tuple[str, Any]] = []
    if not isinstance(funding_routes, Sequence) or isinstance(funding_routes, str | bytes):
        funding_routes = []
    if not funding_routes:
        raise errors.QuoteRequestInvalid([("funding", errors.QUOTE_NO_ROUTE)])
    offered = funding_rules.offered_routes(programme)
    known = application_questions.FUNDING_ROUTES
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(funding_routes):
        path = f"funding[{index}]"
        entry = entry if isinstance(entry, Mapping) else {}
        route = _text(entry.get("route"))
        if route not in known:
            problems.append(
                (
                    f"{path}.route",
                    errors.QUOTE_UNKNOWN_ROUTE % {"route": route, "routes": ", ".join(known)},
                )
            )
            continue
        if route not in offered:
            problems.append(
                (
                    f"{path}.route",
                    errors.QUOTE_ROUTE_NOT_OFFERED
                    % {
                        "programme": programme.name_en,
                        "route": _route_label(route),
                        "routes": ", ".join(_route_label(r) for r in offered),
                    },
                )
            )
            continue
        if route in seen:
            problems.append(
                (f"{path}.route", errors.QUOTE_ROUTE_TWICE % {"route": _route_label(route)})
            )
            continue
        seen.add(route)
        amount = entry.get("amount_cents")
        if amount is not None and _whole_cents(amount) is None:
            problems.append((f"{path}.amount_cents", errors.QUOTE_AMOUNT_NOT_WHOLE))
            continue
        cleaned.append(
            {
                "index": index,
                "route": route,
                "amount_cents": amount,
                "payer": _clean_payer(route, entry.get("payer"), f"{path}.payer", problems),
                "details": _clean_details(
                    programme, route, entry.get("details"), f"{path}.details", problems
                ),
            }
        )
    without_amount = [item for item in cleaned if item["amount_cents"] is None]
    if len(cleaned) > 1 and len(without_amount) > 1:
        for item in without_amount[1:]:
            problems.append((f"funding[{item['index']}].amount_cents", errors.QUOTE_AMOUNT_MISSING))
    tuition = int(programme.tuition_cents or 0)
    running = 0
    for item in cleaned:
        if item["amount_cents"] is None:
            continue
        running += item["amount_cents"]
        if running > tuition:
            total = sum(i["amount_cents"] or 0 for i in cleaned)
            problems.append(
                (
                    f"funding[{item['index']}].amount_cents",
                    errors.QUOTE_AMOUNTS_EXCEED_TUITION
                    % {
                        "total": _money(total, programme.currency),
                        "tuition": _money(tuition, programme.currency),
                    },
                )
            )
            break
    if problems:
        raise errors.QuoteRequestInvalid(problems)
    return cleaned


def clean_lines(lines: Any) -> list[dict[str, Any]]:
    problems: list[tuple[str, Any]] = []
    if not isinstance(lines, Sequence) or isinstance(lines, str | bytes) or not lines:
        raise errors.QuoteRequestInvalid([("lines", errors.QUOTE_NO_LINES)])
    cleaned: list[dict[str, Any]] = []
    for index, line in enumerate(lines):
        line = line if isinstance(line, Mapping) else {}
        path = f"lines[{index}]"
        label_en = _text(line.get("label_en"))
        label_fr = _text(line.get("label_fr")) or label_en
        amount = _whole_cents(line.get("amount_cents"))
        if not label_en:
            problems.append((f"{path}.label_en", errors.QUOTE_LINE_LABEL_REQUIRED))
        for name, value in (("label_en", label_en), ("label_fr", label_fr)):
            if len(value) > LINE_LABEL_MAX_LENGTH:
                problems.append(
                    (
                        f"{path}.{name}",
                        errors.QUOTE_FIELD_TOO_LONG
                        % {"length": len(value), "limit": LINE_LABEL_MAX_LENGTH},
                    )
                )
        if amount is None:
            problems.append((f"{path}.amount_cents", errors.QUOTE_LINE_AMOUNT_INVALID))
        cleaned.append({"label_en": label_en, "label_fr": label_fr, "amount_cents": amount or 0})
    if not problems and sum(line["amount_cents"] for line in cleaned) <= 0:
        problems.append(("lines", errors.QUOTE_TOTAL_ZERO))
    if problems:
        raise errors.QuoteRequestInvalid(problems)
    return cleaned


def _check_note(note: str, field: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise errors.QuoteRequestInvalid(
            [(field, errors.QUOTE_NOTE_TOO_LONG % {"length": len(note), "limit": NOTE_MAX_LENGTH})]
        )
    return note


# --------------------------------------------------------------------------------------------
# Helpers for pages
# --------------------------------------------------------------------------------------------


def local_today(application: Application, now: dt.datetime) -> dt.date:
    return clock.local(now, application.programme.time_zone).date()


def refusal_of_request(application: Application, now: dt.datetime) -> str | None:
    """Why a quote cannot be requested for ``application`` at ``now``, or ``None``."""
    if application.status in CLOSED_STATUSES:
        return str(errors.QUOTE_APPLICATION_CLOSED % {"status": Status(application.status).label})
    intake = application.intake
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


# --------------------------------------------------------------------------------------------
# The applicant's side
# --------------------------------------------------------------------------------------------


def _create_funding(quote: Quote, items: list[dict[str, Any]]) -> None:
    for item in items:
        payer = None
        if item["payer"] is not None:
            payer = Payer.objects.create(quote=quote, **item["payer"])
        QuoteFunding.objects.create(
            quote=quote,
            route=item["route"],
            amount_cents=item["amount_cents"],
            payer=payer,
            details=item["details"],
        )


def request_quote(
    *,
    application: Application,
    funding: Sequence[Mapping[str, Any]],
    note: str = "",
    actor: Any,
    now: dt.datetime | None = None,
) -> Quote:
    """Ask the finance office for a quote funded by ``funding``: a list of ``{route,
    amount_cents (None: the rest), payer: {kind, organisation, contact_name, email, phone,
    billing_address, registration_number, purchase_order} | None, details: {bank,
    counsellor, file_number}}``."""
    now = now or clock.now()
    refusal = refusal_of_request(application, now)
    if refusal is not None:
        raise errors.QuoteRefused(refusal, code="quote_request_refused")
    items = clean_funding(programme=application.programme, funding_routes=funding)
    note = _check_note(note, "note")
    requester = actor if getattr(actor, "is_authenticated", False) else application.applicant
    with transaction.atomic():
        # One request at a time per application: the lock makes two clicks queue.
        locked = (
            Application.objects.select_for_update()
            .select_related("programme", "intake", "applicant")
            .get(pk=application.pk)
        )
        refusal = refusal_of_request(locked, now)
        if refusal is not None:
            raise errors.QuoteRefused(refusal, code="quote_request_refused")
        pending = (
            Quote.objects.filter(application=locked, status=QuoteStatus.REQUESTED)
            .order_by("requested_at")
            .first()
        )
        if pending is not None:
            day = clock.local(pending.requested_at, locked.programme.time_zone).date()
            raise errors.QuoteRefused(
                errors.QUOTE_REQUEST_PENDING % {"date": dateformat.format(day, "j F Y")},
                code="quote_request_pending",
            )
        intake = locked.intake
        quote = Quote.objects.create(
            application=locked,
            currency=locked.programme.currency,
            total_cents=0,
            applicant_note=note,
            language=locked.applicant.preferred_language or settings.LANGUAGE_CODE,
            starts_on=intake.starts_on,
            ends_on=intake.ends_on,
            hours=intake.hours,
            requested_by=requester,
            requested_at=now,
        )
        _create_funding(quote, items)
        ledger.record_event(
            application=locked,
            kind=FinanceEventKind.QUOTE_REQUESTED,
            actor=actor,
            currency=quote.currency,
            data={
                "quote": str(quote.public_id),
                "funding": [
                    {"route": item["route"], "amount_cents": item["amount_cents"]} for item in items
                ],
            },
            now=now,
        )
    return quote


def _lock(quote: Quote) -> Quote:
    return (
        Quote.objects.select_for_update()
        .select_related("application__programme", "application__applicant", "application__intake")
        .get(pk=quote.pk)
    )


def _already_handled(expected: frozenset[str] | set[str], current: str) -> errors.QuoteRefused:
    return errors.QuoteRefused(
        errors.QUOTE_ALREADY_HANDLED
        % {
            "expected": " / ".join(str(QuoteStatus(s).label) for s in sorted(expected)),
            "status": QuoteStatus(current).label,
        },
        code="quote_already_handled",
    )


def _fresh(quote: Quote) -> Quote:
    """``quote`` with its status as the database has it now (no lock)."""
    quote.status = Quote.objects.values_list("status", flat=True).get(pk=quote.pk)
    return quote


def _refuse_unless(quote: Quote, expected: frozenset[str] | set[str]) -> None:
    if quote.status not in expected:
        raise _already_handled(expected, quote.status)


def _set_status(
    quote: Quote, *, expected: frozenset[str] | set[str], target: str, **fields: Any
) -> None:
    """Compare-and-set: move ``quote`` to ``target`` only if its status is still one of
    ``expected`` in the database."""
    updated = Quote.objects.filter(pk=quote.pk, status__in=list(expected)).update(
        status=target, **fields
    )
    if updated != 1:
        current = Quote.objects.values_list("status", flat=True).get(pk=quote.pk)
        raise _already_handled(expected, current)
    quote.status = target
    for name, value in fields.items():
        setattr(quote, name, value)


def _refuse_unless_issued(quote: Quote, action: Any) -> None:
    if quote.status != QuoteStatus.ISSUED:
        raise errors.QuoteRefused(
            errors.QUOTE_NOT_ISSUED % {"action": action, "status": QuoteStatus(quote.status).label},
            code="quote_not_issued",
        )


def accept_quote(*, quote: Quote, actor: Any, now: dt.datetime | None = None) -> Quote:
    """The applicant accepts an issued quote that is still valid."""
    now = now or clock.now()
    with transaction.atomic():
        locked = _lock(quote)
        _refuse_unless_issued(locked, _("accepted"))
        today = local_today(locked.application, now)
        if locked.valid_until is not None and locked.valid_until < today:
            raise errors.QuoteRefused(
                errors.QUOTE_EXPIRED % {"date": dateformat.format(locked.valid_until, "j F Y")},
                code="quote_expired",
            )
        _set_status(
            locked, expected={QuoteStatus.ISSUED}, target=QuoteStatus.ACCEPTED, accepted_at=now
        )
        ledger.record_event(
            application=locked.application,
            kind=FinanceEventKind.QUOTE_ACCEPTED,
            actor=actor,
            amount_cents=locked.total_cents,
            currency=locked.currency,
            data=_event_data(locked),
            now=now,
        )
    return locked


def decline_quote(
    *, quote: Quote, actor: Any, reason: str = "", now: dt.datetime | None = None
) -> Quote:
    now = now or clock.now()
    reason = _check_note(reason, "reason")
    with transaction.atomic():
        locked = _lock(quote)
        _refuse_unless_issued(locked, _("declined"))
        _set_status(locked, expected={QuoteStatus.ISSUED}, target=QuoteStatus.DECLINED)
        ledger.record_event(
            application=locked.application,
            kind=FinanceEventKind.QUOTE_DECLINED,
            actor=actor,
            amount_cents=locked.total_cents,
            currency=locked.currency,
            data={**_event_data(locked), "reason": reason},
            now=now,
        )
    return locked


def cancel_quote_request(*, quote: Quote, actor: Any, now: dt.datetime | None = None) -> Quote:
    """The applicant (or a finance officer) withdraws a request not issued yet."""
    now = now or clock.now()
    with transaction.atomic():
        locked = _lock(quote)
        _set_status(locked, expected={QuoteStatus.REQUESTED}, target=QuoteStatus.CANCELLED)
        ledger.record_event(
            application=locked.application,
            kind=FinanceEventKind.QUOTE_CANCELLED,
            actor=actor,
            data=_event_data(locked),
            now=now,
        )
    return locked


# --------------------------------------------------------------------------------------------
# The finance office's side
# --------------------------------------------------------------------------------------------


def _event_data(quote: Quote, **extra: Any) -> dict[str, Any]:
    return {
        "quote": str(quote.public_id),
        "number": quote.number,
        "version": quote.version,
        **extra,
    }


def _check_issue(
    quote: Quote, lines: Any, valid_until: Any, staff_note: str, now: dt.datetime
) -> tuple[list[dict[str, Any]], str]:
    problems: list[tuple[str, Any]] = []
    try:
        cleaned = clean_lines(lines)
    except errors.QuoteRequestInvalid as invalid:
        problems.extend(invalid.errors)
        cleaned = []
    today = local_today(quote.application, now)
    if not isinstance(valid_until, dt.date) or valid_until < today:
        shown = dateformat.format(valid_until, "j F Y") if isinstance(valid_until, dt.date) else "—"
        problems.append(
            (
                "valid_until",
                errors.QUOTE_VALIDITY_PAST
                % {"date": shown, "today": dateformat.format(today, "j F Y")},
            )
        )
    try:
        staff_note = _check_note(staff_note, "staff_note")
    except errors.QuoteRequestInvalid as invalid:
        problems.extend(invalid.errors)
    if cleaned and not problems:
        total = sum(line["amount_cents"] for line in cleaned)
        funded = sum(item.amount_cents or 0 for item in quote.funding.all())
        if funded > total:
            problems.append(
                (
                    "lines",
                    errors.QUOTE_FUNDING_EXCEEDS_TOTAL
                    % {
                        "funded": _money(funded, quote.currency),
                        "total": _money(total, quote.currency),
                    },
                )
            )
    if problems:
        raise errors.QuoteRequestInvalid(problems)
    return cleaned, staff_note


def _create_lines(quote: Quote, lines: list[dict[str, Any]]) -> None:
    QuoteLine.objects.bulk_create(
        QuoteLine(quote=quote, position=position, **line) for position, line in enumerate(lines)
    )


def _after_commit_deliver(quote: Quote, payer: Payer | None = None) -> None:
    transaction.on_commit(partial(enqueue_delivery, quote.pk, payer.pk if payer else None))


def enqueue_delivery(quote_id: int, payer_id: int | None = None) -> None:
    """Ask a worker to render the quote's PDF and email it. Never raises: the download page
    renders the PDF on demand, and staff can send the quote again."""
    from admissions.finance import tasks

    try:
        tasks.deliver_quote.enqueue(quote_id, payer_id)
    except Exception:
        logger.exception("Could not queue the delivery of quote %s.", quote_id)


def issue_quote(
    *,
    quote: Quote,
    lines: Sequence[Mapping[str, Any]],
    valid_until: dt.date,
    staff_note: str = "",
    actor: Any,
    now: dt.datetime | None = None,
) -> Quote:
    """Number and issue a requested quote; its PDF is rendered and emailed to the applicant
    after commit."""
    now = now or clock.now()
    # Someone else may have issued it since the page was loaded: say so before anything else.
    _refuse_unless(_fresh(quote), {QuoteStatus.REQUESTED})
    cleaned, staff_note = _check_issue(quote, lines, valid_until, staff_note, now)
    total = sum(line["amount_cents"] for line in cleaned)
    with transaction.atomic():
        locked = _lock(quote)
        # Checked before a number is taken; the compare-and-set below checks again.
        _refuse_unless(locked, {QuoteStatus.REQUESTED})
        application = locked.application
        year = clock.local(now, application.programme.time_zone).year
        number = f"DEV-{year}-{ledger.next_number(kind='quote', year=year):04d}"
        intake = application.intake
        _set_status(
            locked,
            expected={QuoteStatus.REQUESTED},
            target=QuoteStatus.ISSUED,
            number=number,
            total_cents=total,
            staff_note=staff_note,
            starts_on=intake.starts_on,
            ends_on=intake.ends_on,
            hours=intake.hours,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            issued_on=local_today(application, now),
            issued_at=now,
            valid_until=valid_until,
        )
        _create_lines(locked, cleaned)
        ledger.record_event(
            application=application,
            kind=FinanceEventKind.QUOTE_ISSUED,
            actor=actor,
            amount_cents=total,
            currency=locked.currency,
            data=_event_data(locked, valid_until=valid_until.isoformat()),
            now=now,
        )
        _after_commit_deliver(locked)
    return locked


def revise_quote(
    *,
    quote: Quote,
    lines: Sequence[Mapping[str, Any]],
    valid_until: dt.date,
    staff_note: str = "",
    actor: Any,
    now: dt.datetime | None = None,
) -> Quote:
    """Issue version n+1 of an issued (accepted or declined) quote, with the same number and
    funding; version n becomes ``superseded`` and is kept as it was sent."""
    now = now or clock.now()
    _refuse_unless(_fresh(quote), REVISABLE_STATES)
    cleaned, staff_note = _check_issue(quote, lines, valid_until, staff_note, now)
    total = sum(line["amount_cents"] for line in cleaned)
    with transaction.atomic():
        old = _lock(quote)
        _set_status(old, expected=REVISABLE_STATES, target=QuoteStatus.SUPERSEDED)
        application = old.application
        intake = application.intake
        new = Quote.objects.create(
            application=application,
            number=old.number,
            version=old.version + 1,
            status=QuoteStatus.ISSUED,
            currency=old.currency,
            total_cents=total,
            applicant_note=old.applicant_note,
            staff_note=staff_note,
            language=old.language,
            starts_on=intake.starts_on,
            ends_on=intake.ends_on,
            hours=intake.hours,
            requested_by_id=old.requested_by_id,
            requested_at=old.requested_at,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            issued_on=local_today(application, now),
            issued_at=now,
            valid_until=valid_until,
            previous=old,
        )
        payers: dict[int, Payer] = {}
        for payer in old.payers.all():
            old_pk = payer.pk
            payer.pk = None
            payer.quote = new
            payer.save()
            payers[old_pk] = payer
        for item in old.funding.all():
            QuoteFunding.objects.create(
                quote=new,
                route=item.route,
                amount_cents=item.amount_cents,
                payer=payers.get(item.payer_id) if item.payer_id else None,
                details=item.details,
            )
        _create_lines(new, cleaned)
        ledger.record_event(
            application=application,
            kind=FinanceEventKind.QUOTE_REVISED,
            actor=actor,
            amount_cents=total,
            currency=new.currency,
            data=_event_data(new, previous=str(old.public_id), valid_until=valid_until.isoformat()),
            now=now,
        )
        _after_commit_deliver(new)
    return new


def send_quote_to_payer(
    *, quote: Quote, payer: Payer, actor: Any, now: dt.datetime | None = None
) -> Quote:
    """Email the issued quote's PDF to one of its payers (after commit, once per version and
    address)."""
    now = now or clock.now()
    with transaction.atomic():
        locked = _lock(quote)
        if locked.status not in (QuoteStatus.ISSUED, QuoteStatus.ACCEPTED):
            raise errors.QuoteRefused(
                errors.QUOTE_NOT_ISSUED
                % {"action": _("sent"), "status": QuoteStatus(locked.status).label},
                code="quote_not_issued",
            )
        if payer.quote_id != locked.pk:
            raise errors.QuoteRefused(errors.QUOTE_PAYER_NOT_ON_QUOTE, code="payer_not_on_quote")
        if not payer.email:
            raise errors.QuoteRefused(errors.QUOTE_PAYER_WITHOUT_EMAIL, code="payer_without_email")
        ledger.record_event(
            application=locked.application,
            kind=FinanceEventKind.QUOTE_SENT_TO_PAYER,
            actor=actor,
            amount_cents=locked.total_cents,
            currency=locked.currency,
            data=_event_data(
                locked, payer=payer.organisation or payer.contact_name, email=payer.email
            ),
            now=now,
        )
        _after_commit_deliver(locked, payer)
    return locked


# --------------------------------------------------------------------------------------------
# After commit: the PDF and the emails
# --------------------------------------------------------------------------------------------


def stored_pdf(quote: Quote) -> bytes:
    """The quote's PDF, rendered and stored the first time it is asked for. Two workers may
    render at once: the first name stored wins and the other file is dropped."""
    from django.core.files.storage import default_storage

    from admissions.finance import quote_pdf

    if quote.pdf.name:
        try:
            with default_storage.open(quote.pdf.name, "rb") as handle:
                return bytes(handle.read())
        except FileNotFoundError:
            logger.warning("The stored PDF of quote %s is missing; rendering it again.", quote.pk)
    content = quote_pdf.render_quote_pdf(quote)
    name = default_storage.save(
        quote._meta.get_field("pdf").generate_filename(quote, "quote.pdf"), ContentFile(content)
    )
    if quote.pdf:
        stored = Quote.objects.filter(pk=quote.pk, pdf=quote.pdf.name).update(pdf=name)
    else:
        stored = Quote.objects.filter(pk=quote.pk, pdf="").update(pdf=name)
    if not stored:
        default_storage.delete(name)
        quote.refresh_from_db(fields=["pdf"])
        return stored_pdf(quote)
    quote.pdf.name = name
    return content


def pdf_filename(quote: Quote) -> str:
    return f"{quote.number or 'quote'}-v{quote.version}.pdf"


def _quote_url(quote: Quote) -> str:
    application = quote.application
    try:
        path = reverse("portal:quote", args=[application.reference, str(quote.public_id)])
    except NoReverseMatch:
        return notify.application_url(application.reference)
    return str(settings.SITE_URL or "").rstrip("/") + path


def _programme_url(quote: Quote) -> str:
    programme = quote.application.programme
    try:
        path = reverse("portal:programme", args=[programme.slug])
    except NoReverseMatch:
        path = "/"
    return str(settings.SITE_URL or "").rstrip("/") + path


def _quote_ref(quote: Quote) -> str:
    return quote.number if quote.version == 1 else f"{quote.number} v{quote.version}"


def deliver_quote(*, quote_id: int, payer_id: int | None = None) -> str:
    """Render and store the PDF, then queue the ``quote_issued`` email with it attached: to
    the applicant, or with ``payer_id`` to that payer. Safe to run twice: the PDF is kept and
    each message is queued once per quote version and recipient."""
    quote = (
        Quote.objects.select_related(
            "application__programme", "application__applicant", "application__intake"
        )
        .filter(pk=quote_id)
        .first()
    )
    if quote is None or not quote.number:
        return "nothing to deliver"
    stored_pdf(quote)
    if payer_id is None and quote.status != QuoteStatus.ISSUED:
        return "rendered; not sent: the quote is no longer the issued version"
    application = quote.application
    language = quote.language or settings.LANGUAGE_CODE
    attachment = Attachment(
        filename=pdf_filename(quote), mimetype="application/pdf", storage_name=quote.pdf.name
    )
    context = {
        "programme_name": notify.programme_name(application, language),
        "quote_ref": _quote_ref(quote),
        "amount_cents": quote.total_cents,
        "currency": quote.currency,
        "valid_until": quote.valid_until,
    }
    if payer_id is None:
        applicant = application.applicant
        notifications.queue_message(
            recipient_email=applicant.email,
            template="quote_issued",
            context={
                **context,
                "recipient_name": applicant.get_full_name(),
                "action_url": _quote_url(quote),
            },
            language=language,
            idempotency_key=f"quote:{quote.public_id}:to:{applicant.email.lower()}",
            user=applicant,
            attachments=[attachment],
        )
        return f"sent to {applicant.email}"
    payer = Payer.objects.filter(pk=payer_id, quote=quote).first()
    if payer is None or not payer.email:
        return "no such payer"
    notifications.queue_message(
        recipient_email=payer.email,
        template="quote_issued",
        context={
            **context,
            "recipient_name": payer.contact_name or payer.organisation,
            "action_url": _programme_url(quote),
        },
        language=language,
        idempotency_key=f"quote:{quote.public_id}:to:{payer.email.lower()}",
        attachments=[attachment],
    )
    return f"sent to {payer.email}"
