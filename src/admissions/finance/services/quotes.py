"""Tuition quotes: requested by the applicant with the routes that will fund the tuition,
issued by a finance officer with a number, lines and a validity, revised as new versions,
accepted or declined by the applicant, and sent to third-party payers.

Every change is a ``FinanceEvent`` with its actor. A state change locks the quote row and
checks its status again inside the transaction (compare-and-set), so of two finance officers
issuing the same request at once, one wins and the other is told, with nothing recorded.
The PDF and the emails that carry it are produced after commit by a background task
(``finance.tasks.deliver_quote``, which runs ``finance.quote_delivery``): a rolled-back issue
renders and sends nothing. Input is cleaned by ``quote_input``; the helpers the pages share
(today in the programme's time zone, the default validity, why a request is refused) are in
``finance.selectors.quotes``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.core import clock
from admissions.core.money import format_money
from admissions.core.permissions import check
from admissions.finance import errors
from admissions.finance.models import (
    FinanceEventKind,
    Payer,
    Quote,
    QuoteFunding,
    QuoteLine,
    QuoteStatus,
)
from admissions.finance.selectors.quotes import local_today, refusal_of_request
from admissions.finance.services import ledger
from admissions.finance.services.quote_input import check_note, clean_funding, clean_lines

# Issuing, revising and sending a quote are the finance office's; requesting, accepting,
# declining and cancelling a request are the applicant's (cancelling, the office's too).
PERMISSION = "finance.quotes"

# A state in which the quote was issued: it has a number, lines and a PDF.
ISSUED_STATES = frozenset(
    {QuoteStatus.ISSUED, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED, QuoteStatus.SUPERSEDED}
)
REVISABLE_STATES = frozenset({QuoteStatus.ISSUED, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED})

logger = logging.getLogger(__name__)


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
    note = check_note(note, "note")
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
    reason = check_note(reason, "reason")
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
        staff_note = check_note(staff_note, "staff_note")
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
                        "funded": format_money(funded, quote.currency),
                        "total": format_money(total, quote.currency),
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
    check(actor, PERMISSION, programme_id=quote.application.programme_id)
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
    check(actor, PERMISSION, programme_id=quote.application.programme_id)
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
    check(actor, PERMISSION, programme_id=quote.application.programme_id)
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
