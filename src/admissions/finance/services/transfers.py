"""Bank transfers: finding the fee a transfer pays, and recording it.

An applicant pays by transfer with the fee's creditor reference (ISO 11649,
``RF58PMAI202700042``) in the transfer's communication. Banks and people write it in many
ways (``rf58 pmai 2027 00042``, ``RF58-PMAI-2027-00042``, in the middle of other words), so
the reference is looked for anywhere in the label, tolerant of spaces, dashes and case; its
check digits make a mistyped reference match nothing rather than someone else's fee. The
plain application reference (``PMAI-2027-00042``) is accepted when no creditor reference was
written at all.

``reconcile_transfer`` is the one way a transfer becomes a payment, whether a finance officer
records it by hand or a bank statement is applied: it refuses the same bank transaction twice
and goes through ``ledger.record_payment``, which issues the receipt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats

from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.core.money import format_money
from admissions.core.permissions import check
from admissions.finance import errors
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FinanceEventKind,
    Payment,
    PaymentMethod,
    PaymentStatus,
)
from admissions.finance.services import ledger

# A creditor reference is "RF", two check digits and 1 to 21 characters.
_RF_MIN, _RF_MAX = 5, 25
# "RF" starting a word and followed by two digits: someone meant a creditor reference.
_RF_ATTEMPT = re.compile(r"(?<![A-Z0-9])RF[\s\-.]*\d[\s\-.]*\d")
# What may separate the parts of an application reference (PMAI-2027-00042) in a label.
_SEPARATORS = r"[\s\-._/]*"
# Fee statuses that no longer take money: another transfer is a double payment to refund.
CLOSED_STATUSES = frozenset({FeeStatus.PAID, FeeStatus.WAIVED, FeeStatus.NOT_CHARGED})


def normalise_bank_reference(text: str) -> str:
    """The bank's transaction reference as stored and compared: trimmed, spaces collapsed,
    upper case (``ab 12`` and ``AB  12`` are the same transaction)."""
    return " ".join((text or "").split()).upper()


def _creditor_candidates(text: str) -> set[str]:
    """Every valid creditor reference that can be read in ``text``, separators ignored."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    found: set[str] = set()
    start = compact.find("RF")
    while start != -1:
        for end in range(start + _RF_MIN, min(start + _RF_MAX, len(compact)) + 1):
            candidate = compact[start:end]
            if ledger.is_valid_creditor_reference(candidate):
                found.add(candidate)
        start = compact.find("RF", start + 1)
    return found


def _prefixes() -> frozenset[str]:
    return frozenset(
        prefix.upper()
        for prefix in Programme.objects.values_list("reference_prefix", flat=True)
        if prefix
    )


def _application_candidates(text: str, prefixes: Iterable[str]) -> set[str]:
    """Application references written in ``text`` with dashes, spaces, dots or nothing
    between their parts; the programmes' prefixes tell where a reference starts."""
    upper = text.upper()
    candidates: set[str] = set()
    for prefix in prefixes:
        if prefix not in upper:
            continue
        pattern = re.compile(
            rf"(?<![A-Z0-9]){re.escape(prefix)}{_SEPARATORS}(\d{{4}}){_SEPARATORS}(\d{{5,7}})(?!\d)"
        )
        for year, number in pattern.findall(upper):
            candidates.add(f"{prefix}-{year}-{number}")
    return candidates


@dataclass(frozen=True)
class _Candidates:
    """What a label may refer to: valid creditor references, whether a creditor reference
    was attempted and mistyped, and application references."""

    creditor: frozenset[str]
    mistyped: bool
    application: frozenset[str]


def _candidates(text: str, prefixes: Iterable[str]) -> _Candidates:
    if not text or not text.strip():
        return _Candidates(frozenset(), False, frozenset())
    creditor = frozenset(_creditor_candidates(text))
    # Someone wrote a creditor reference whose check digits are wrong: a typo must not fall
    # back to whatever application number is left in it.
    mistyped = not creditor and bool(_RF_ATTEMPT.search(text.upper()))
    application = frozenset() if mistyped else frozenset(_application_candidates(text, prefixes))
    return _Candidates(creditor, mistyped, application)


def _only(fees: Iterable[ApplicationFee]) -> ApplicationFee | None:
    distinct = {fee.pk: fee for fee in fees}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _resolve(
    candidates: _Candidates,
    by_creditor: Mapping[str, ApplicationFee],
    by_application: Mapping[str, ApplicationFee],
) -> ApplicationFee | None:
    named = [by_creditor[ref] for ref in candidates.creditor if ref in by_creditor]
    if named:
        return _only(named)  # several fees named: a person must look
    if candidates.mistyped:
        return None
    return _only(by_application[ref] for ref in candidates.application if ref in by_application)


_CHUNK = 500


class FeeFinder:
    """Finds the fees of many labels (a bank statement's lines) with a few queries."""

    def __init__(self, labels: Iterable[str]) -> None:
        prefixes = _prefixes()
        self._candidates = {label: _candidates(label, prefixes) for label in set(labels)}
        creditor = sorted({ref for c in self._candidates.values() for ref in c.creditor})
        application = sorted({ref for c in self._candidates.values() for ref in c.application})
        queryset = ApplicationFee.objects.select_related(
            "application__programme", "application__applicant"
        )
        self._by_creditor: dict[str, ApplicationFee] = {}
        self._by_application: dict[str, ApplicationFee] = {}
        for i in range(0, len(creditor), _CHUNK):
            for fee in queryset.filter(transfer_reference__in=creditor[i : i + _CHUNK]):
                self._by_creditor[fee.transfer_reference] = fee
        for i in range(0, len(application), _CHUNK):
            for fee in queryset.filter(application__reference__in=application[i : i + _CHUNK]):
                self._by_application[fee.application.reference] = fee

    def find(self, label: str) -> ApplicationFee | None:
        candidates = self._candidates.get(label)
        if candidates is None:
            return None
        return _resolve(candidates, self._by_creditor, self._by_application)


def find_fee_by_reference(text: str) -> ApplicationFee | None:
    """The fee whose creditor reference (or, failing that, application reference) appears in
    ``text``, a transfer's free-text label; ``None`` when there is none or when the label
    names several fees (a person must look)."""
    return FeeFinder([text]).find(text)


def recorded_transfer(bank_reference: str) -> Payment | None:
    """The bank transfer already recorded under ``bank_reference``, if any."""
    bank_reference = normalise_bank_reference(bank_reference)
    if not bank_reference:
        return None
    return (
        Payment.objects.filter(
            method=PaymentMethod.BANK_TRANSFER,
            provider="",
            provider_reference=bank_reference,
        )
        .exclude(status__in=[PaymentStatus.FAILED, PaymentStatus.CANCELLED])
        .select_related("fee__application__programme")
        .first()
    )


def _already_recorded(payment: Payment) -> errors.FinanceError:
    return errors.FinanceError(
        errors.TRANSFER_ALREADY_RECORDED
        % {
            "bank_reference": payment.provider_reference,
            "amount": format_money(payment.amount_cents, payment.currency),
            "received_on": formats.date_format(
                payment.received_on
                or clock.local(
                    payment.created_at, payment.fee.application.programme.time_zone
                ).date(),
                "j F Y",
            ),
            "reference": payment.fee.application.reference,
        },
        field="bank_reference",
        code="transfer_already_recorded",
    )


def reconcile_transfer(
    *,
    fee: ApplicationFee,
    amount_cents: int,
    currency: str,
    received_on: dt.date | None,
    payer_name: str,
    bank_reference: str,
    actor: Any,
    now: dt.datetime | None = None,
    statement_line: Any = None,
) -> Payment:
    """Record a bank transfer received towards ``fee`` and issue its receipt.

    Refused (``FinanceError``, nothing recorded) when the bank reference is missing or was
    already recorded (a double click, the same transaction in two statements), when the fee
    no longer takes money (paid, waived, not charged), when the amount is not positive or the
    currency is not the fee's. A partial or larger amount is recorded as it arrived: the fee's
    status says what remains, and an excess is for a refund.
    """
    now = now or clock.now()
    bank_reference = normalise_bank_reference(bank_reference)
    if not bank_reference:
        raise errors.FinanceError(
            errors.BANK_REFERENCE_REQUIRED, field="bank_reference", code="bank_reference_required"
        )
    if amount_cents <= 0:
        raise errors.FinanceError(
            errors.AMOUNT_NOT_POSITIVE, field="amount", code="amount_not_positive"
        )
    check(actor, "finance.payments", programme_id=fee.application.programme_id)
    try:
        with transaction.atomic():
            # The fee's row lock serialises two officers (or an officer and a statement)
            # recording money for the same fee; the unique constraint on the bank reference
            # covers two fees at once.
            locked = ledger.lock_fee(fee)
            existing = recorded_transfer(bank_reference)
            if existing is not None:
                raise _already_recorded(existing)
            if locked.status == FeeStatus.NOT_CHARGED:
                raise errors.FinanceError(errors.NO_FEE, code="no_fee")
            if locked.status in CLOSED_STATUSES:
                raise errors.FinanceError(
                    errors.TRANSFER_FEE_SETTLED
                    % {
                        "reference": locked.application.reference,
                        "status": str(FeeStatus(locked.status).label).lower(),
                    },
                    code="fee_settled",
                )
            if currency.strip().upper() != locked.currency.upper():
                raise errors.FinanceError(
                    errors.CURRENCY_MISMATCH
                    % {"got": currency.strip().upper(), "expected": locked.currency},
                    field="currency",
                    code="currency_mismatch",
                )
            payment = ledger.record_payment(
                fee=locked,
                amount_cents=amount_cents,
                currency=currency.strip().upper(),
                method=PaymentMethod.BANK_TRANSFER,
                actor=actor,
                now=now,
                provider="",
                provider_reference=bank_reference,
                received_on=received_on,
                payer_name=(payer_name or "").strip()[:200],
                statement_line=statement_line,
            )
            ledger.record_event(
                application=locked.application,
                kind=FinanceEventKind.TRANSFER_RECONCILED,
                actor=actor,
                amount_cents=amount_cents,
                currency=locked.currency,
                data={
                    "payment": str(payment.public_id),
                    "bank_reference": bank_reference,
                    "received_on": received_on.isoformat() if received_on else "",
                    "payer_name": payment.payer_name,
                    "statement": str(statement_line.statement.public_id)
                    if statement_line is not None
                    else "",
                    "row": statement_line.row_number if statement_line is not None else None,
                },
                now=now,
            )
    except IntegrityError:
        # Recorded by a concurrent request between our check and our insert.
        existing = recorded_transfer(bank_reference)
        if existing is None:
            raise
        raise _already_recorded(existing) from None
    return payment
