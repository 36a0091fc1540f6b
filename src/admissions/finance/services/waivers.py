"""Fee waivers and deferrals.

An applicant who cannot pay the application fee (a job-seeker, a scholarship holder) asks for
it to be waived with a reason and a proof; a finance officer grants or refuses the request.
Staff may also defer the fee (to be paid later, with the tuition say): a deferred fee no
longer stops a submission (``fees.SETTLED``).

Every change is a ``FinanceEvent`` with its actor, and a timeline event the applicant reads in
English or French (there is no email template for waivers: the timeline and the fee page say
what was decided). Decisions lock the waiver row, so two officers deciding at once cannot both
win: the second is told who decided and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats

from admissions.applications import services as application_services
from admissions.applications.selectors import applicant_status
from admissions.applications.states import is_final
from admissions.core import clock
from admissions.core.errors import NotFound
from admissions.core.money import format_money
from admissions.core.permissions import check
from admissions.finance import errors
from admissions.finance.models import (
    ApplicationFee,
    FeeStatus,
    FeeWaiver,
    FinanceEventKind,
    WaiverStatus,
)
from admissions.finance.services import ledger

MAX_REASON = 4000
# Fee statuses where nothing is left to waive or defer.
_NOTHING_OWED = frozenset({FeeStatus.PAID, FeeStatus.WAIVED, FeeStatus.NOT_CHARGED})

# Deciding a waiver, deferring a fee and ending a deferral.
PERMISSION = "finance.waivers"

EVENT_WAIVER_REQUESTED = "fee_waiver_requested"
EVENT_WAIVER_DECIDED = "fee_waiver_decided"
EVENT_WAIVER_WITHDRAWN = "fee_waiver_withdrawn"
EVENT_FEE_DEFERRED = "fee_deferred"
EVENT_DEFERRAL_ENDED = "fee_deferral_ended"


class WaiverRefused(errors.FinanceError):
    """The waiver or deferral action is not possible now; the message says why."""


def _status_word(status: str) -> str:
    return str(FeeStatus(status).label).lower()


def _person(user: Any) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.email


def _check_owner(fee: ApplicationFee, actor: Any) -> None:
    if actor is None or getattr(actor, "pk", None) != fee.application.applicant_id:
        raise NotFound(errors.WAIVER_NOT_YOURS)


def _day_en(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _day_fr(day: dt.date) -> str:
    return f"{day.day} {_MONTHS_FR[day.month - 1]} {day.year}"


def _lock_waiver(waiver: FeeWaiver) -> FeeWaiver:
    # Only the waiver's row is locked: PostgreSQL cannot lock the nullable side of the outer
    # join to ``decided_by``, and the fee was locked first by the caller.
    return (
        FeeWaiver.objects.select_for_update(of=("self",))
        .select_related("fee__application__programme", "decided_by", "requested_by")
        .get(pk=waiver.pk)
    )


# --------------------------------------------------------------------------------------------
# Waivers
# --------------------------------------------------------------------------------------------


def request_waiver(
    *,
    fee: ApplicationFee,
    reason: str,
    proof_bytes: bytes,
    proof_filename: str,
    proof_content_type: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> FeeWaiver:
    """The applicant asks for ``fee`` to be waived, with a reason and a proof (already
    validated by the page that received it: PDF, JPEG or PNG).

    One open request per fee; refused when nothing is left to pay (paid, waived, no fee).
    """
    now = now or clock.now()
    _check_owner(fee, actor)
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise WaiverRefused(errors.WAIVER_REASON_REQUIRED, field="reason")
    if not proof_bytes:
        raise WaiverRefused(errors.WAIVER_PROOF_REQUIRED, field="proof")
    # The proof is written before the row that points to it (an upload is stored before it
    # is acknowledged); a refused request removes it again.
    stored_name = ""
    try:
        with transaction.atomic():
            locked = ledger.lock_fee(fee)
            if locked.status == FeeStatus.NOT_CHARGED or locked.amount_cents == 0:
                raise WaiverRefused(errors.NO_FEE, code="no_fee")
            if locked.status in _NOTHING_OWED:
                raise WaiverRefused(
                    errors.WAIVER_FEE_SETTLED % {"status": _status_word(locked.status)},
                    code="fee_settled",
                )
            if is_final(applicant_status(locked.application)):
                raise WaiverRefused(
                    errors.APPLICATION_CLOSED_FOR_PAYMENT, code="application_closed"
                )
            open_request = FeeWaiver.objects.filter(
                fee=locked, status=WaiverStatus.REQUESTED
            ).first()
            if open_request is not None:
                raise _already_open(open_request, locked)
            waiver = FeeWaiver(
                fee=locked,
                reason=reason,
                proof_filename=(proof_filename or "proof")[:200],
                proof_content_type=proof_content_type[:100],
                requested_by=actor,
                requested_at=now,
            )
            waiver.proof.save(proof_filename or "proof", ContentFile(proof_bytes), save=False)
            stored_name = waiver.proof.name or ""
            waiver.save()
            ledger.record_event(
                application=locked.application,
                kind=FinanceEventKind.WAIVER_REQUESTED,
                actor=actor,
                amount_cents=locked.amount_cents,
                currency=locked.currency,
                data={"waiver": waiver.pk, "reason": reason},
                now=now,
            )
            application_services.record_event(
                application=locked.application,
                kind=EVENT_WAIVER_REQUESTED,
                actor=actor,
                message_en="You asked for the application fee to be waived. A finance officer "
                "will decide.",
                message_fr="Vous avez demandé l'exonération des frais de candidature. Un "
                "gestionnaire financier va décider.",
                data={"waiver": waiver.pk},
                now=now,
            )
    except IntegrityError:
        _delete_proof(stored_name)
        # Another request for the same fee was recorded at the same moment.
        open_request = FeeWaiver.objects.filter(fee=fee, status=WaiverStatus.REQUESTED).first()
        if open_request is None:
            raise
        raise _already_open(open_request, fee) from None
    except Exception:
        _delete_proof(stored_name)
        raise
    return waiver


def _already_open(open_request: FeeWaiver, fee: ApplicationFee) -> WaiverRefused:
    day = clock.local(open_request.requested_at, fee.application.programme.time_zone).date()
    return WaiverRefused(
        errors.WAIVER_ALREADY_OPEN % {"requested_on": formats.date_format(day, "j F Y")},
        code="waiver_already_open",
    )


def _delete_proof(name: str) -> None:
    if name:
        FeeWaiver._meta.get_field("proof").storage.delete(name)


def decide_waiver(
    *, waiver: FeeWaiver, grant: bool, note: str, actor: Any, now: dt.datetime | None = None
) -> FeeWaiver:
    """A finance officer grants (the fee becomes ``waived``) or refuses (it stays due; the
    note, required, tells the applicant why) an open waiver request."""
    now = now or clock.now()
    note = (note or "").strip()[:MAX_REASON]
    check(actor, PERMISSION, programme_id=waiver.fee.application.programme_id)
    if not grant and not note:
        raise WaiverRefused(errors.WAIVER_REFUSAL_NOTE_REQUIRED, field="note")
    with transaction.atomic():
        # The fee first, then the waiver: the order every money change takes.
        fee = ledger.lock_fee(waiver.fee)
        locked = _lock_waiver(waiver)
        if locked.status != WaiverStatus.REQUESTED:
            raise _already_decided(locked)
        if grant and fee.status in (FeeStatus.PAID, FeeStatus.NOT_CHARGED):
            raise WaiverRefused(errors.WAIVER_GRANT_FEE_PAID, code="fee_paid")
        locked.status = WaiverStatus.GRANTED if grant else WaiverStatus.REFUSED
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_at = now
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if grant:
            fee.status = FeeStatus.WAIVED
            fee.settled_at = now
            fee.updated_at = now
            fee.save(update_fields=["status", "settled_at", "updated_at"])
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.WAIVER_GRANTED if grant else FinanceEventKind.WAIVER_REFUSED,
            actor=actor,
            amount_cents=fee.amount_cents,
            currency=fee.currency,
            data={"waiver": locked.pk, "note": note},
            now=now,
        )
        amount = fee.amount_cents
        if grant:
            message_en = (
                f"Your request for the application fee to be waived was granted: there is "
                f"nothing to pay ({format_money(amount, fee.currency, language='en')} waived)."
            )
            message_fr = (
                "Votre demande d'exonération des frais de candidature est acceptée : vous "
                f"n'avez rien à payer ({format_money(amount, fee.currency, language='fr')} "
                "exonérés)."
            )
        else:
            message_en = (
                "Your request for the application fee to be waived was refused: the fee "
                f"remains to pay. Reason: {note}"
            )
            message_fr = (
                "Votre demande d'exonération des frais de candidature est refusée : les frais "
                f"restent à payer. Motif : {note}"
            )
        if grant and note:
            message_en += f" Note: {note}"
            message_fr += f" Remarque : {note}"
        application_services.record_event(
            application=fee.application,
            kind=EVENT_WAIVER_DECIDED,
            actor=actor,
            message_en=message_en,
            message_fr=message_fr,
            data={"waiver": locked.pk, "granted": grant},
            now=now,
        )
    return locked


def _already_decided(waiver: FeeWaiver) -> WaiverRefused:
    if waiver.status == WaiverStatus.WITHDRAWN or waiver.decided_at is None:
        return WaiverRefused(
            errors.WAIVER_NOT_OPEN % {"status": str(WaiverStatus(waiver.status).label).lower()},
            code="waiver_not_open",
        )
    when = clock.local(waiver.decided_at, waiver.fee.application.programme.time_zone)
    return WaiverRefused(
        errors.WAIVER_ALREADY_DECIDED
        % {
            "status": str(WaiverStatus(waiver.status).label).lower(),
            "actor": _person(waiver.decided_by),
            "decided_at": formats.date_format(when, "j F Y, H:i"),
        },
        code="waiver_already_decided",
    )


def withdraw_waiver(*, waiver: FeeWaiver, actor: Any, now: dt.datetime | None = None) -> FeeWaiver:
    """The applicant withdraws their open request (to ask again with another proof, or
    because they paid)."""
    now = now or clock.now()
    _check_owner(waiver.fee, actor)
    with transaction.atomic():
        fee = ledger.lock_fee(waiver.fee)
        locked = _lock_waiver(waiver)
        if locked.status != WaiverStatus.REQUESTED:
            raise _already_decided(locked)
        locked.status = WaiverStatus.WITHDRAWN
        locked.decided_at = now
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        ledger.record_event(
            application=fee.application,
            kind=FinanceEventKind.WAIVER_WITHDRAWN,
            actor=actor,
            data={"waiver": locked.pk},
            now=now,
        )
        application_services.record_event(
            application=fee.application,
            kind=EVENT_WAIVER_WITHDRAWN,
            actor=actor,
            message_en="You withdrew your request for the application fee to be waived.",
            message_fr="Vous avez retiré votre demande d'exonération des frais de candidature.",
            data={"waiver": locked.pk},
            now=now,
        )
    return locked


# --------------------------------------------------------------------------------------------
# Deferrals
# --------------------------------------------------------------------------------------------


def defer_fee(
    *,
    fee: ApplicationFee,
    until: dt.date | None,
    reason: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> ApplicationFee:
    """Staff defer the fee (to ``until``, or until further notice): it no longer stops a
    submission. Deferring a deferred fee again changes its date and reason."""
    now = now or clock.now()
    reason = (reason or "").strip()[:MAX_REASON]
    check(actor, PERMISSION, programme_id=fee.application.programme_id)
    if not reason:
        raise WaiverRefused(errors.DEFERRAL_REASON_REQUIRED, field="reason")
    today = clock.local(now, fee.application.programme.time_zone).date()
    if until is not None and until <= today:
        raise WaiverRefused(errors.DEFERRAL_DATE_PAST, field="until")
    with transaction.atomic():
        locked = ledger.lock_fee(fee)
        if locked.status in _NOTHING_OWED:
            raise WaiverRefused(
                errors.DEFERRAL_FEE_SETTLED % {"status": _status_word(locked.status)},
                code="fee_settled",
            )
        locked.status = FeeStatus.DEFERRED
        locked.deferred_until = until
        locked.deferral_reason = reason
        locked.updated_at = now
        locked.save(update_fields=["status", "deferred_until", "deferral_reason", "updated_at"])
        ledger.record_event(
            application=locked.application,
            kind=FinanceEventKind.FEE_DEFERRED,
            actor=actor,
            amount_cents=ledger.balance_cents(locked),
            currency=locked.currency,
            data={"until": until.isoformat() if until else "", "reason": reason},
            now=now,
        )
        if until is not None:
            message_en = (
                f"The application fee is deferred until {_day_en(until)}: you may submit "
                "your application without paying it now."
            )
            message_fr = (
                f"Le paiement des frais de candidature est reporté au {_day_fr(until)} : vous "
                "pouvez envoyer votre candidature sans les payer maintenant."
            )
        else:
            message_en = (
                "The application fee is deferred: you may submit your application without "
                "paying it now. You will be told when to pay."
            )
            message_fr = (
                "Le paiement des frais de candidature est reporté : vous pouvez envoyer votre "
                "candidature sans les payer maintenant. Vous serez informé du moment où payer."
            )
        application_services.record_event(
            application=locked.application,
            kind=EVENT_FEE_DEFERRED,
            actor=actor,
            message_en=message_en,
            message_fr=message_fr,
            data={"until": until.isoformat() if until else ""},
            now=now,
        )
    return locked


def end_deferral(
    *, fee: ApplicationFee, actor: Any, reason: str = "", now: dt.datetime | None = None
) -> ApplicationFee:
    """End a deferral: the fee is due again (or paid, if payments since cover it)."""
    now = now or clock.now()
    reason = (reason or "").strip()[:MAX_REASON]
    check(actor, PERMISSION, programme_id=fee.application.programme_id)
    with transaction.atomic():
        locked = ledger.lock_fee(fee)
        if locked.status != FeeStatus.DEFERRED:
            raise WaiverRefused(errors.NOT_DEFERRED, code="not_deferred")
        previous_until = locked.deferred_until
        locked.status = FeeStatus.DUE
        locked.deferred_until = None
        locked.deferral_reason = ""
        locked.updated_at = now
        locked.save(update_fields=["status", "deferred_until", "deferral_reason", "updated_at"])
        ledger.refresh_status(locked, now=now)
        ledger.record_event(
            application=locked.application,
            kind=FinanceEventKind.DEFERRAL_ENDED,
            actor=actor,
            amount_cents=ledger.balance_cents(locked),
            currency=locked.currency,
            data={
                "reason": reason,
                "was_until": previous_until.isoformat() if previous_until else "",
            },
            now=now,
        )
        if locked.status == FeeStatus.DUE:
            application_services.record_event(
                application=locked.application,
                kind=EVENT_DEFERRAL_ENDED,
                actor=actor,
                message_en="The application fee is no longer deferred: it is to pay now.",
                message_fr="Le paiement des frais de candidature n'est plus reporté : ils sont "
                "à payer maintenant.",
                now=now,
            )
    return locked
