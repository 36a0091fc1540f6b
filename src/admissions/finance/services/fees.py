"""The fee an application owes and the reductions a programme offers.

A programme's reductions are configuration (``programme.settings["fee_reductions"]``)::

    fee_reductions:
      - code: partner_school
        label: {en: Student of a partner school, fr: Étudiant d'une école partenaire}
        amount_cents: 5000          # the reduced fee
        proof_required: true        # staff check a proof; revoked, the full fee is due

The loader validates the key (``catalogue/programme_checks.py``); ``fee_reductions`` still
reads it defensively, skipping an entry it cannot use rather than breaking the applicant's
page. Revoking a claimed reduction is a decision on the fee's amount, as a waiver is: it
needs ``finance.waivers`` on the fee's programme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import get_language

from admissions.catalogue.models import Programme
from admissions.core import clock
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

# Revoking a reduction changes what the fee asks, as deciding a waiver does.
PERMISSION = "finance.waivers"

# A pending card checkout younger than this may still be paid: the fee's amount stays put.
PENDING_CHECKOUT_LIFETIME = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Reduction:
    code: str
    label_en: str
    label_fr: str
    amount_cents: int
    proof_required: bool = False

    def label(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.label_fr if language.startswith("fr") and self.label_fr else self.label_en


def _label(entry: Mapping[str, Any]) -> tuple[str, str]:
    label = entry.get("label")
    if isinstance(label, Mapping):
        english, french = label.get("en"), label.get("fr")
    else:
        english, french = label if isinstance(label, str) else None, None
    english = english if isinstance(english, str) else entry.get("label_en")
    french = french if isinstance(french, str) else entry.get("label_fr")
    english = english.strip() if isinstance(english, str) else ""
    french = french.strip() if isinstance(french, str) else ""
    return english or french, french or english


def fee_reductions(programme: Programme) -> list[Reduction]:
    """The reductions ``programme`` offers, in its order. Entries without a code, a label,
    or a whole amount between zero and the full fee are skipped, and so is a repeated code."""
    raw = (programme.settings or {}).get("fee_reductions")
    if not isinstance(raw, list):
        return []
    full = int(programme.application_fee_cents or 0)
    found: list[Reduction] = []
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, Mapping):
            continue
        code = entry.get("code")
        amount = entry.get("amount_cents")
        if not isinstance(code, str) or not code.strip() or len(code.strip()) > 40:
            continue
        code = code.strip()
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount < full:
            continue
        english, french = _label(entry)
        if not english or code in seen:
            continue
        seen.add(code)
        found.append(
            Reduction(
                code=code,
                label_en=english,
                label_fr=french,
                amount_cents=amount,
                proof_required=entry.get("proof_required") is True,
            )
        )
    return found


def reduction_of(fee: ApplicationFee) -> Reduction | None:
    if not fee.reduction_code:
        return None
    return next(
        (r for r in fee_reductions(fee.application.programme) if r.code == fee.reduction_code),
        None,
    )


def _has_received_money(fee: ApplicationFee) -> bool:
    return Payment.objects.filter(fee=fee, status=PaymentStatus.SUCCEEDED).exists()


def _has_live_checkout(fee: ApplicationFee, now: dt.datetime) -> bool:
    return Payment.objects.filter(
        fee=fee,
        method=PaymentMethod.CARD,
        status=PaymentStatus.PENDING,
        created_at__gt=now - PENDING_CHECKOUT_LIFETIME,
    ).exists()


def _set_amount(fee: ApplicationFee, amount: int, code: str, now: dt.datetime) -> None:
    fee.amount_cents = amount
    fee.reduction_code = code
    if amount == 0:
        # The reduction is the whole fee: nothing to pay, and nothing stops the submission.
        fee.status = FeeStatus.NOT_CHARGED
        fee.settled_at = now
    elif fee.status == FeeStatus.NOT_CHARGED:
        fee.status = FeeStatus.DUE
        fee.settled_at = None
    fee.updated_at = now
    fee.save(update_fields=["amount_cents", "reduction_code", "status", "settled_at", "updated_at"])


def claim_reduction(
    *,
    fee: ApplicationFee,
    code: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> ApplicationFee:
    """Apply the programme's reduction ``code`` to ``fee`` (an empty ``code`` goes back to
    the full fee). Only while nothing was paid and no card checkout is in progress, so an
    amount someone is paying never moves under them."""
    now = now or clock.now()
    code = (code or "").strip()
    with transaction.atomic():
        fee = ledger.lock_fee(fee)
        if code == fee.reduction_code:
            return fee
        reductions = {r.code: r for r in fee_reductions(fee.application.programme)}
        if code and code not in reductions:
            raise errors.FinanceError(errors.REDUCTION_UNKNOWN, code="reduction_unknown")
        if _has_received_money(fee):
            raise errors.FinanceError(
                errors.REDUCTION_AFTER_PAYMENT, code="reduction_after_payment"
            )
        if fee.status not in (FeeStatus.DUE, FeeStatus.NOT_CHARGED) or (
            fee.status == FeeStatus.NOT_CHARGED and not fee.reduction_code
        ):
            raise errors.FinanceError(errors.REDUCTION_NOT_DUE, code="reduction_not_due")
        if _has_live_checkout(fee, now):
            raise errors.FinanceError(
                errors.REDUCTION_PENDING_PAYMENT, code="reduction_pending_payment"
            )
        previous = fee.reduction_code
        amount = reductions[code].amount_cents if code else fee.full_amount_cents
        _set_amount(fee, amount, code, now)
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.REDUCTION_CLAIMED if code else FinanceEventKind.REDUCTION_REVOKED,
            actor=actor,
            amount_cents=amount,
            currency=fee.currency,
            data={"reduction": code, "previous": previous},
            now=now,
        )
    return fee


def revoke_reduction(
    *, fee: ApplicationFee, actor: Any, reason: str = "", now: dt.datetime | None = None
) -> ApplicationFee:
    """Staff refuse a claimed reduction (its proof did not convince): the full fee is due
    again, less what was already paid."""
    check(actor, PERMISSION, programme_id=fee.application.programme_id)
    now = now or clock.now()
    with transaction.atomic():
        fee = ledger.lock_fee(fee)
        if not fee.reduction_code:
            return fee
        previous = fee.reduction_code
        _set_amount(fee, fee.full_amount_cents, "", now)
        if fee.status == FeeStatus.PAID:
            fee.status = FeeStatus.DUE
            fee.save(update_fields=["status"])
        ledger.refresh_status(fee, now=now)
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.REDUCTION_REVOKED,
            actor=actor,
            amount_cents=fee.full_amount_cents,
            currency=fee.currency,
            data={"reduction": "", "previous": previous, "reason": reason},
            now=now,
        )
    return fee
