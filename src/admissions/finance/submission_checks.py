"""The application fee in the submission flow (listed by ``admissions.workflows.submission``).

While the fee of a programme that charges one is not settled (paid, waived, deferred by
staff, or reduced to nothing), a draft, or an incomplete application sent again, cannot be
submitted: ``fee_is_settled`` says so, with the amount still to pay and where to pay it.
``fee_checklist`` gives the fee's state for the review page and the API.

This module only reads: a fee that was never set up is read as the programme's full fee.
It imports nothing above ``finance``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import dateformat, translation

from admissions.applications.checks import ChecklistItem, MissingItem, Step
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core import clock, memo
from admissions.core.money import format_money
from admissions.finance.models import ApplicationFee, FeeStatus
from admissions.finance.services import ledger

CODE = "fee.unpaid"
CHECKLIST_CODE = "fee"
LABEL_EN = "Application fee"
LABEL_FR = "Frais de candidature"


def _fee_key(application_id: int) -> tuple[str, int]:
    return ("finance.fee", application_id)


def _fee(application: Application) -> ApplicationFee | None:
    # Read ahead for the dashboard only (``core.memo.primed``): the fee page's GET sets the
    # fee up on a first visit, and must then read the row it wrote.
    return memo.primed(
        _fee_key(application.pk),
        lambda: ApplicationFee.objects.filter(application=application).first(),
    )


def read_fees_ahead(applications: Sequence[Application]) -> None:
    """Within a page view, read the fees of all ``applications`` in one query."""
    if not memo.active() or not applications:
        return
    fees = {
        fee.application_id: fee
        for fee in ApplicationFee.objects.filter(
            application_id__in=[application.pk for application in applications]
        )
    }
    for application in applications:
        memo.prime(_fee_key(application.pk), fees.get(application.pk))


def _charges(application: Application, fee: ApplicationFee | None) -> bool:
    if fee is not None:
        return fee.full_amount_cents > 0
    return int(application.programme.application_fee_cents or 0) > 0


def _due(application: Application, fee: ApplicationFee | None) -> tuple[int, str]:
    if fee is None:
        programme = application.programme
        return int(programme.application_fee_cents or 0), programme.currency
    return ledger.balance_cents(fee), fee.currency


def fee_is_settled(application: Application, now: dt.datetime) -> list[MissingItem]:
    if application.status not in (Status.DRAFT, Status.INCOMPLETE):
        return []
    fee = _fee(application)
    if not _charges(application, fee) or (fee is not None and fee.is_settled):
        return []
    cents, currency = _due(application, fee)
    return [
        MissingItem(
            code=CODE,
            message_en=(
                f"Pay the application fee ({format_money(cents, currency, language='en')}) "
                "by card or bank transfer, or ask for a waiver."
            ),
            message_fr=(
                "Réglez les frais de candidature "
                f"({format_money(cents, currency, language='fr')}) par carte ou par virement, "
                "ou demandez une exonération."
            ),
            step=Step.FEE,
            field="fee",
            fix_url_name="portal:fee",
        )
    ]


def _state_messages(fee: ApplicationFee | None, application: Application) -> tuple[str, str]:
    tz = application.programme.time_zone
    if fee is None or fee.status == FeeStatus.DUE:
        cents, currency = _due(application, fee)
        return (
            f"To pay: {format_money(cents, currency, language='en')}.",
            f"À régler : {format_money(cents, currency, language='fr')}.",
        )
    if fee.status == FeeStatus.PAID:
        day = clock.local(fee.settled_at, tz).date() if fee.settled_at else None
        amount_en = format_money(fee.amount_cents, fee.currency, language="en")
        amount_fr = format_money(fee.amount_cents, fee.currency, language="fr")
        if day is None:
            return f"Paid: {amount_en}.", f"Réglés : {amount_fr}."
        with translation.override("fr"):
            french_day = _day(day)
        with translation.override("en"):
            english_day = _day(day)
        return (
            f"Paid on {english_day}: {amount_en}.",
            f"Réglés le {french_day} : {amount_fr}.",
        )
    if fee.status == FeeStatus.WAIVED:
        return "Waived by the school.", "Exonérés par l'école."
    if fee.status == FeeStatus.DEFERRED:
        if fee.deferred_until:
            with translation.override("fr"):
                french_day = _day(fee.deferred_until)
            with translation.override("en"):
                english_day = _day(fee.deferred_until)
            return (
                f"Deferred until {english_day}.",
                f"Reportés jusqu'au {french_day}.",
            )
        return "Deferred by the school.", "Reportés par l'école."
    if fee.status == FeeStatus.REFUNDED:
        return "Refunded.", "Remboursés."
    return "No fee to pay.", "Aucuns frais à régler."


def _day(day: dt.date) -> str:
    return str(dateformat.format(day, "j F Y"))


def fee_checklist(application: Application, now: dt.datetime) -> list[ChecklistItem]:
    fee = _fee(application)
    if not _charges(application, fee):
        return []
    settled = fee is not None and fee.is_settled
    message_en, message_fr = _state_messages(fee, application)
    state = fee.status if fee is not None else FeeStatus.DUE.value
    record = {
        "code": CHECKLIST_CODE,
        "kind": "fee",
        "label_en": LABEL_EN,
        "label_fr": LABEL_FR,
        "required": True,
        "blocking": not settled and application.status in (Status.DRAFT, Status.INCOMPLETE),
        "state": state,
        "done": settled,
        "message_en": message_en,
        "message_fr": message_fr,
    }
    return [
        ChecklistItem(
            code=CHECKLIST_CODE,
            label_en=LABEL_EN,
            label_fr=LABEL_FR,
            state=str(state),
            state_en=message_en,
            state_fr=message_fr,
            record=record,
        )
    ]
