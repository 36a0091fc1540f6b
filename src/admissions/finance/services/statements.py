"""Bank statements: import a CSV export, preview what each line would do, then apply it.

A finance officer exports the school account's statement from the bank and imports it here.
``preview_statement`` reads the file and stores every line with its outcome (``LineOutcome``:
matched, partial, overpaid, already paid, unknown reference, other currency, duplicate, not a
credit) without touching any fee. ``apply_statement`` then records a payment for every line
that still pays a fee, through ``transfers.reconcile_transfer``, so receipts and emails
follow as for a transfer recorded by hand.

The file is read by ``statement_files`` (the French and the international shapes, column
synonyms, a preamble before the header).

Nothing is paid twice and nothing is lost: a bank reference already imported (in an applied
statement, twice in one file, or recorded by hand) is a duplicate; applying a statement claims
it first, so a second click or a second officer records nothing; each line is re-checked under
its fee's lock when it is applied (a card payment may have settled the fee since the preview),
and a line that cannot be recorded stays listed with its reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext, ngettext

from admissions.core import audit, clock
from admissions.core.errors import DomainError
from admissions.core.money import format_money
from admissions.core.permissions import check, programme_scope
from admissions.finance import errors
from admissions.finance.models import (
    ApplicationFee,
    BankStatement,
    BankStatementLine,
    FeeStatus,
    LineOutcome,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from admissions.finance.models.statements import RECORDED_OUTCOMES
from admissions.finance.services import ledger, transfers
from admissions.finance.services.statement_files import (
    DEFAULT_CURRENCY,
    ParsedLine,
    parse_statement,
)

# Importing, applying and discarding a statement records payments: the payments action, on
# at least one programme (each line is then checked against its own programme).
PERMISSION = "finance.payments"


# --------------------------------------------------------------------------------------------
# What each line would do
# --------------------------------------------------------------------------------------------


def _status_word(fee: ApplicationFee) -> str:
    if fee.status == FeeStatus.NOT_CHARGED:
        return gettext("settled: its programme charges no fee")
    return str(FeeStatus(fee.status).label).lower()


_CHUNK = 500


def _local(at: dt.datetime) -> dt.datetime:
    # A statement belongs to no programme: its times are shown in the programmes' default zone.
    return clock.local(at, str(settings.DEFAULT_TIME_ZONE_FOR_PROGRAMMES))


def _day(day: dt.date) -> str:
    return str(formats.date_format(day, "j F Y"))


def _earlier_imports(references: Iterable[str], statement: BankStatement | None) -> dict[str, str]:
    """Why each of ``references`` is already known (imported from an applied statement,
    recorded as a transfer by hand), for those that are; a few queries for any number."""
    wanted = sorted({ref for ref in references if ref})
    notes: dict[str, str] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        payments = (
            Payment.objects.filter(
                method=PaymentMethod.BANK_TRANSFER, provider="", provider_reference__in=chunk
            )
            .exclude(status__in=[PaymentStatus.FAILED, PaymentStatus.CANCELLED])
            .select_related("fee__application")
        )
        for payment in payments:
            notes[payment.provider_reference] = gettext(
                "Already recorded for application %(reference)s on %(on)s."
            ) % {
                "reference": payment.fee.application.reference,
                "on": _day(payment.received_on or _local(payment.created_at).date()),
            }
        earlier_lines = (
            BankStatementLine.objects.filter(
                bank_reference__in=chunk, statement__status=BankStatement.Status.APPLIED
            )
            .exclude(statement=statement)
            .select_related("statement")
            .order_by("statement__applied_at", "row_number")
        )
        imported: dict[str, str] = {}
        for earlier in earlier_lines:
            if earlier.bank_reference in imported:
                continue
            imported[earlier.bank_reference] = gettext(
                "Already imported from the statement “%(file)s” (row %(row)s), applied on %(on)s."
            ) % {
                "file": earlier.statement.file_name,
                "row": earlier.row_number,
                "on": _day(_local(earlier.statement.applied_at).date())
                if earlier.statement.applied_at
                else "",
            }
        # The statement it came from says more than the payment it made.
        notes.update(imported)
    return notes


def _earlier_import(bank_reference: str, statement: BankStatement | None) -> str:
    return _earlier_imports([bank_reference], statement).get(bank_reference, "")


def _judge_amount(fee: ApplicationFee, amount: int, remaining: int) -> tuple[str, str]:
    money = {
        "amount": format_money(amount, fee.currency),
        "due": format_money(remaining, fee.currency),
        "reference": fee.application.reference,
    }
    if remaining <= 0:
        return LineOutcome.ALREADY_PAID, gettext(
            "The fee of %(reference)s is already paid: send the money back or check with the "
            "applicant."
        ) % money
    if amount == remaining:
        return LineOutcome.MATCHED, gettext("Pays the %(due)s due for %(reference)s.") % money
    if amount < remaining:
        money["rest"] = format_money(remaining - amount, fee.currency)
        return LineOutcome.PARTIAL, gettext(
            "%(amount)s of the %(due)s due for %(reference)s: %(rest)s will remain to pay."
        ) % money
    money["excess"] = format_money(amount - remaining, fee.currency)
    return LineOutcome.OVERPAID, gettext(
        "%(amount)s for the %(due)s due for %(reference)s: %(excess)s to send back."
    ) % money


class _Preview:
    """What judging the lines of one file needs, read once: the fees their labels name, the
    bank references already imported, each fee's balance; and what earlier lines of the same
    file would do (the rows of each bank reference, the cents planned per fee)."""

    def __init__(self, lines: list[ParsedLine], statement: BankStatement) -> None:
        credits = [line for line in lines if line.amount_cents > 0]
        self.finder = transfers.FeeFinder(line.label for line in credits)
        self.earlier = _earlier_imports((line.bank_reference for line in credits), statement)
        self.balances: dict[int, int] = {}
        self.rows_by_reference: dict[str, int] = {}
        self.planned: dict[int, tuple[int, int]] = {}

    def balance(self, fee: ApplicationFee) -> int:
        if fee.pk not in self.balances:
            self.balances[fee.pk] = ledger.balance_cents(fee)
        return self.balances[fee.pk]

    def judge(self, line: ParsedLine) -> tuple[str, ApplicationFee | None, str]:
        """(outcome, fee, note) of one line, in the order of the file."""
        if line.amount_cents <= 0:
            return (
                LineOutcome.NOT_A_CREDIT,
                None,
                gettext("Not an incoming payment: nothing to do."),
            )
        if line.bank_reference in self.rows_by_reference:
            return (
                LineOutcome.DUPLICATE,
                None,
                gettext("The same bank reference is already on row %(row)s of this file.")
                % {"row": self.rows_by_reference[line.bank_reference]},
            )
        self.rows_by_reference[line.bank_reference] = line.row_number
        earlier = self.earlier.get(line.bank_reference, "")
        if earlier:
            return LineOutcome.DUPLICATE, None, earlier
        fee = self.finder.find(line.label)
        if fee is None:
            return (
                LineOutcome.UNKNOWN_REFERENCE,
                None,
                gettext(
                    "No fee's reference is in this label: find the applicant and record the "
                    "transfer by hand, or send the money back."
                ),
            )
        if line.currency != fee.currency.upper():
            return (
                LineOutcome.CURRENCY_MISMATCH,
                fee,
                gettext("In %(got)s; the fee of %(reference)s is in %(expected)s.")
                % {
                    "got": line.currency,
                    "expected": fee.currency,
                    "reference": fee.application.reference,
                },
            )
        if fee.status in transfers.CLOSED_STATUSES:
            return (
                LineOutcome.ALREADY_PAID,
                fee,
                gettext(
                    "The fee of %(reference)s is already %(status)s: send the money back or "
                    "check with the applicant."
                )
                % {"reference": fee.application.reference, "status": _status_word(fee)},
            )
        before, last_row = self.planned.get(fee.pk, (0, 0))
        outcome, note = _judge_amount(fee, line.amount_cents, self.balance(fee) - before)
        if outcome == LineOutcome.ALREADY_PAID and before:
            note = gettext(
                "The fee of %(reference)s is paid by row %(row)s of this file: send the money "
                "back or check with the applicant."
            ) % {"reference": fee.application.reference, "row": last_row}
        if outcome in RECORDED_OUTCOMES:
            self.planned[fee.pk] = (before + line.amount_cents, line.row_number)
        return outcome, fee, note


def preview_statement(
    *, file_name: str, content: bytes, actor: Any, now: dt.datetime | None = None
) -> BankStatement:
    """Read a CSV statement and store it with every line's outcome; no fee changes.

    Raises ``StatementRefused`` (the message names the row and column) when the file cannot
    be read: not text, no recognisable header, a missing column, an unreadable date, amount
    or currency, more than 10,000 rows or 5 MB.
    """
    now = now or clock.now()
    check(actor, PERMISSION, any_programme=True)
    parsed = parse_statement(content)
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    with transaction.atomic():
        statement = BankStatement.objects.create(
            file_name=name or "statement.csv",
            file_sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
            uploaded_at=now,
        )
        preview = _Preview(parsed, statement)
        lines = []
        for line in parsed:
            outcome, fee, note = preview.judge(line)
            lines.append(
                BankStatementLine(
                    statement=statement,
                    row_number=line.row_number,
                    booked_on=line.booked_on,
                    amount_cents=line.amount_cents,
                    currency=line.currency,
                    label=line.label,
                    payer_name=line.payer_name,
                    bank_reference=line.bank_reference,
                    fee=fee,
                    outcome=outcome,
                    note=note,
                )
            )
        BankStatementLine.objects.bulk_create(lines, batch_size=500)
        audit.record(
            action="finance.statement_previewed",
            actor=actor,
            object_type="bank_statement",
            object_ref=str(statement.public_id),
            data={"file_name": statement.file_name, "lines": len(lines)},
        )
    return statement


# --------------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------------


@dataclass
class LineResult:
    line: BankStatementLine
    recorded: bool
    payment: Payment | None = None
    reason: str = ""


@dataclass
class ApplySummary:
    statement: BankStatement
    already_applied: bool = False
    message: str = ""
    results: list[LineResult] = field(default_factory=list)

    @property
    def recorded(self) -> list[LineResult]:
        return [result for result in self.results if result.recorded]

    @property
    def not_recorded(self) -> list[LineResult]:
        return [result for result in self.results if not result.recorded]

    @property
    def recorded_cents(self) -> int:
        return sum(result.line.amount_cents for result in self.recorded)


def _check_scope(
    statement: BankStatement, actor: Any, message: Any = errors.STATEMENT_OUT_OF_SCOPE
) -> None:
    """A statement that records payments for programmes outside the officer's scope is
    refused, naming those rows: applied or discarded only by someone who manages them all."""
    scope = programme_scope(actor, PERMISSION)
    if scope is None:
        return
    outside = [
        row
        for row, programme_id in statement.lines.filter(
            outcome__in=RECORDED_OUTCOMES, fee__isnull=False
        ).values_list("row_number", "fee__application__programme_id")
        if programme_id not in scope
    ]
    if outside:
        raise errors.FinanceError(
            message % {"rows": ", ".join(str(row) for row in outside)},
            code="out_of_scope",
        )


def _already_applied(statement: BankStatement) -> str:
    who = statement.applied_by
    return str(
        errors.STATEMENT_ALREADY_APPLIED
        % {
            "applied_at": formats.date_format(_local(statement.applied_at), "j F Y, H:i")
            if statement.applied_at
            else "",
            "actor": (who.get_full_name() or who.email) if who is not None else "—",
        }
    )


def _apply_line(line: BankStatementLine, *, actor: Any, now: dt.datetime) -> LineResult:
    """Record one line's payment if it still pays its fee, in its own savepoint: a line that
    fails leaves the others recorded."""
    assert line.fee is not None  # nosec B101  # narrows the type: matched lines have a fee
    try:
        with transaction.atomic():
            fee = ledger.lock_fee(line.fee)
            earlier = _earlier_import(line.bank_reference, line.statement)
            outcome: str
            if earlier:
                outcome, note = LineOutcome.DUPLICATE, earlier
            elif fee.status in transfers.CLOSED_STATUSES:
                outcome = LineOutcome.ALREADY_PAID
                note = gettext(
                    "The fee of %(reference)s was %(status)s after the preview: nothing was "
                    "recorded. Send the money back or check with the applicant."
                ) % {"reference": fee.application.reference, "status": _status_word(fee)}
            else:
                outcome, note = _judge_amount(fee, line.amount_cents, ledger.balance_cents(fee))
            payment = None
            if outcome in RECORDED_OUTCOMES:
                payment = transfers.reconcile_transfer(
                    fee=fee,
                    amount_cents=line.amount_cents,
                    currency=line.currency,
                    received_on=line.booked_on,
                    payer_name=line.payer_name,
                    bank_reference=line.bank_reference,
                    actor=actor,
                    now=now,
                    statement_line=line,
                )
            line.outcome, line.note = outcome, note
            line.save(update_fields=["outcome", "note"])
    except DomainError as error:
        reason = gettext("Not recorded: %(reason)s") % {"reason": str(error)}
        BankStatementLine.objects.filter(pk=line.pk).update(note=reason)
        line.note = reason
        return LineResult(line=line, recorded=False, reason=reason)
    return LineResult(line=line, recorded=payment is not None, payment=payment, reason=note)


def apply_statement(
    *, statement: BankStatement, actor: Any, now: dt.datetime | None = None
) -> ApplySummary:
    """Record a payment for every line of a previewed statement that still pays a fee.

    The statement is claimed first (a conditional update), so a double click or a second
    officer applying it at the same time records nothing and is told who applied it. Lines
    are re-checked under their fee's lock: one the fee no longer needs (paid by card since the
    preview) or whose bank reference was recorded meanwhile is listed with that reason.
    """
    now = now or clock.now()
    check(actor, PERMISSION, any_programme=True)
    if statement.status == BankStatement.Status.DISCARDED:
        raise errors.FinanceError(errors.STATEMENT_DISCARDED, code="discarded")
    _check_scope(statement, actor)
    with transaction.atomic():
        claimed = BankStatement.objects.filter(
            pk=statement.pk, status=BankStatement.Status.PREVIEWED
        ).update(
            status=BankStatement.Status.APPLIED,
            applied_by=actor if getattr(actor, "is_authenticated", False) else None,
            applied_at=now,
        )
        statement.refresh_from_db()
        if not claimed:
            if statement.status == BankStatement.Status.DISCARDED:
                raise errors.FinanceError(errors.STATEMENT_DISCARDED, code="discarded")
            return ApplySummary(
                statement=statement, already_applied=True, message=_already_applied(statement)
            )
        lines = list(
            statement.lines.filter(outcome__in=RECORDED_OUTCOMES, fee__isnull=False)
            .select_related("fee__application__programme", "statement")
            .order_by("row_number")
        )
        results = [_apply_line(line, actor=actor, now=now) for line in lines]
        audit.record(
            action="finance.statement_applied",
            actor=actor,
            object_type="bank_statement",
            object_ref=str(statement.public_id),
            data={
                "recorded": sum(1 for result in results if result.recorded),
                "not_recorded": sum(1 for result in results if not result.recorded),
            },
        )
    summary = ApplySummary(statement=statement, results=results)
    recorded, skipped = len(summary.recorded), len(summary.not_recorded)
    currency = summary.recorded[0].line.currency if recorded else DEFAULT_CURRENCY
    summary.message = " ".join(
        [
            ngettext(
                "%(count)s payment recorded (%(total)s).",
                "%(count)s payments recorded (%(total)s).",
                recorded,
            )
            % {"count": recorded, "total": format_money(summary.recorded_cents, currency)},
            ngettext(
                "%(count)s line to record could not be recorded: see its reason below.",
                "%(count)s lines to record could not be recorded: see their reasons below.",
                skipped,
            )
            % {"count": skipped}
            if skipped
            else "",
        ]
    ).strip()
    return summary


def discard_statement(
    *, statement: BankStatement, actor: Any, now: dt.datetime | None = None
) -> BankStatement:
    """Set aside a previewed statement that should not be applied (the wrong file). Only
    someone who could apply it may: an officer of another programme must not set aside the
    payments of a programme they do not manage."""
    check(actor, PERMISSION, any_programme=True)
    _check_scope(statement, actor, errors.STATEMENT_DISCARD_OUT_OF_SCOPE)
    with transaction.atomic():
        locked = BankStatement.objects.select_for_update().get(pk=statement.pk)
        if locked.status == BankStatement.Status.APPLIED:
            raise errors.FinanceError(_already_applied(locked), code="already_applied")
        if locked.status != BankStatement.Status.DISCARDED:
            locked.status = BankStatement.Status.DISCARDED
            locked.save(update_fields=["status"])
            audit.record(
                action="finance.statement_discarded",
                actor=actor,
                object_type="bank_statement",
                object_ref=str(locked.public_id),
            )
    return locked
