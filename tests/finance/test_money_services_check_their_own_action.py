"""Every money service checks the one action it performs, through ``core.permissions.check``:
whoever calls it (a page, the API, a script) gets the same not-found refusal, naming that
action. Nobody (``None``) is refused; the platform acting alone says so with ``SYSTEM``."""

import datetime as dt

import pytest

from admissions.core.errors import NotFound
from admissions.core.permissions import PERMISSIONS, SYSTEM
from admissions.finance.models import FeeStatus, FinanceEvent, Payment, Refund, WaiverStatus
from admissions.finance.services import ledger
from admissions.finance.services.refunds import record_refund
from admissions.finance.services.statements import (
    apply_statement,
    discard_statement,
    preview_statement,
)
from admissions.finance.services.transfers import reconcile_transfer
from admissions.finance.services.waivers import decide_waiver, defer_fee, end_deferral
from tests.finance.conftest import NOW, statement_csv
from tests.finance.factories import FeeWaiverFactory
from tests.people import make_finance_officer

SEPTEMBER = dt.date(2027, 9, 30)


def reconcile(fee, actor):
    return reconcile_transfer(
        fee=fee,
        amount_cents=15_000,
        currency="EUR",
        received_on=None,
        payer_name="Ada Lovelace",
        bank_reference="VIR-1",
        actor=actor,
        now=NOW,
    )


def refund(fee, actor):
    payment = ledger.record_payment(
        fee=fee, amount_cents=15_000, currency="EUR", method="bank_transfer"
    )
    return record_refund(payment=payment, amount_cents=5_000, reason="Excess.", actor=actor)


def defer(fee, actor):
    return defer_fee(fee=fee, until=SEPTEMBER, reason="Employer pays.", actor=actor, now=NOW)


def end(fee, actor):
    defer(fee, SYSTEM)
    return end_deferral(fee=fee, reason="Employer declined.", actor=actor, now=NOW)


def decide(fee, actor):
    waiver = FeeWaiverFactory(fee=fee)
    return decide_waiver(waiver=waiver, grant=True, note="", actor=actor, now=NOW)


def preview(fee, actor):
    row = f"01/03/2027;VIR {fee.transfer_reference};150,00;EUR;B-1"
    return preview_statement(
        file_name="releve.csv", content=statement_csv(row), actor=actor, now=NOW
    )


def uploaded(fee):
    """A statement imported by a person: an import always names who uploaded it."""
    return preview(fee, make_finance_officer(None, "farid.finance@example.org"))


def apply(fee, actor):
    return apply_statement(statement=uploaded(fee), actor=actor, now=NOW)


def discard(fee, actor):
    return discard_statement(statement=uploaded(fee), actor=actor, now=NOW)


ACTIONS = [
    (reconcile, "finance.payments"),
    (refund, "finance.refund"),
    (defer, "finance.waivers"),
    (end, "finance.waivers"),
    (decide, "finance.waivers"),
    (preview, "finance.payments"),
    (apply, "finance.payments"),
    (discard, "finance.payments"),
]
IDS = [action.__name__ for action, _code in ACTIONS]


@pytest.mark.parametrize(("action", "code"), ACTIONS, ids=IDS)
def test_an_admissions_officer_is_refused_with_the_message_of_that_action(
    fee, officer, action, code
):
    with pytest.raises(NotFound) as refused:
        action(fee, officer)

    assert refused.value.message == PERMISSIONS[code].message


@pytest.mark.parametrize(("action", "code"), ACTIONS, ids=IDS)
def test_no_actor_is_refused_rather_than_let_through(fee, action, code):
    with pytest.raises(NotFound) as refused:
        action(fee, None)

    assert refused.value.message == PERMISSIONS[code].message


@pytest.mark.parametrize(("action", "code"), ACTIONS, ids=IDS)
def test_the_finance_officer_of_the_programme_may(fee, finance_officer, action, code):
    action(fee, finance_officer)


def test_a_refund_by_a_finance_officer_of_another_programme_is_refused_as_not_found(
    fee, finance_officer_of_other_programme
):
    with pytest.raises(NotFound) as refused:
        refund(fee, finance_officer_of_other_programme)

    assert refused.value.message == PERMISSIONS["finance.refund"].message
    assert not Refund.objects.exists()


def test_the_system_records_a_transfer_with_no_person_as_its_actor(fee):
    payment = reconcile(fee, SYSTEM)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    assert payment.recorded_by is None
    assert FinanceEvent.objects.filter(application=fee.application, actor=None).exists()
    assert Payment.objects.count() == 1


def test_the_system_decides_a_waiver_with_no_person_as_its_decider(fee):
    waiver = decide(fee, SYSTEM)

    assert waiver.status == WaiverStatus.GRANTED
    assert waiver.decided_by is None
