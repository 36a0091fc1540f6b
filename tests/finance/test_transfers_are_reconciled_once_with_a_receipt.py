"""A finance officer reconciles a bank transfer by hand: the fee is paid, a receipt is issued,
the applicant is told, and the same bank transaction can never be recorded twice."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core.errors import NotFound
from admissions.finance import errors
from admissions.finance.models import (
    FeeStatus,
    FinanceEvent,
    FinanceEventKind,
    Payment,
    PaymentMethod,
    Receipt,
)
from admissions.finance.services import ledger
from admissions.finance.services.transfers import reconcile_transfer
from admissions.notifications.models import OutboxMessage
from tests.finance.conftest import NOW
from tests.finance.factories import PaymentFactory


def reconcile(fee, actor, **overrides):
    arguments = {
        "fee": fee,
        "amount_cents": 15_000,
        "currency": "EUR",
        "received_on": dt.date(2027, 3, 1),
        "payer_name": "Ada Lovelace",
        "bank_reference": "VIR-2027-0301-001",
        "actor": actor,
        "now": NOW,
    }
    arguments.update(overrides)
    return reconcile_transfer(**arguments)


def test_ada_pays_150_euros_by_transfer_and_gets_a_receipt(fee, finance_officer, applicant):
    payment = reconcile(fee, finance_officer)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    assert payment.method == PaymentMethod.BANK_TRANSFER
    assert payment.amount_cents == 15_000
    assert payment.provider_reference == "VIR-2027-0301-001"
    assert payment.received_on == dt.date(2027, 3, 1)
    assert payment.recorded_by == finance_officer
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.number == "R-2027-000001"
    assert receipt.amount_cents == 15_000
    assert receipt.payer_name == "Ada Lovelace"
    mail = OutboxMessage.objects.get(event="payment_received")
    assert mail.recipient_email == applicant.email
    assert "R-2027-000001" in mail.body_text


def test_every_money_change_of_the_transfer_is_a_finance_event_with_its_actor(fee, finance_officer):
    reconcile(fee, finance_officer)

    reconciled = FinanceEvent.objects.get(
        application=fee.application, kind=FinanceEventKind.TRANSFER_RECONCILED
    )
    assert reconciled.actor == finance_officer
    assert reconciled.amount_cents == 15_000
    assert reconciled.data["bank_reference"] == "VIR-2027-0301-001"
    received = FinanceEvent.objects.get(
        application=fee.application, kind=FinanceEventKind.PAYMENT_SUCCEEDED
    )
    assert received.actor == finance_officer


def test_a_double_click_records_the_transfer_once(fee, finance_officer):
    reconcile(fee, finance_officer, amount_cents=7_500)

    with pytest.raises(errors.FinanceError) as refused:
        reconcile(fee, finance_officer, amount_cents=7_500)

    assert refused.value.code == "transfer_already_recorded"
    assert "VIR-2027-0301-001 is already recorded" in str(refused.value)
    assert "PMAI-2027-00042" in str(refused.value)
    assert Payment.objects.filter(fee=fee).count() == 1
    assert Receipt.objects.count() == 1


def test_the_same_bank_reference_for_another_fee_is_refused_too(fee, other_fee, finance_officer):
    reconcile(fee, finance_officer)

    with pytest.raises(errors.FinanceError) as refused:
        reconcile(other_fee, finance_officer, bank_reference=" vir-2027-0301-001 ")

    assert refused.value.code == "transfer_already_recorded"
    other_fee.refresh_from_db()
    assert other_fee.status == FeeStatus.DUE


def test_a_transfer_without_the_banks_reference_is_refused(fee, finance_officer):
    with pytest.raises(errors.FinanceError) as refused:
        reconcile(fee, finance_officer, bank_reference="  ")

    assert refused.value.message == errors.BANK_REFERENCE_REQUIRED
    assert refused.value.field == "bank_reference"
    assert not Payment.objects.exists()


def test_a_partial_transfer_is_recorded_and_the_rest_stays_due(fee, finance_officer):
    reconcile(fee, finance_officer, amount_cents=10_000)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE
    assert ledger.balance_cents(fee) == 5_000
    reconcile(fee, finance_officer, amount_cents=5_000, bank_reference="VIR-2027-0302-007")
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    assert Receipt.objects.filter(payment__fee=fee).count() == 2


def test_more_than_the_fee_is_recorded_as_it_arrived(fee, finance_officer):
    reconcile(fee, finance_officer, amount_cents=20_000)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    assert ledger.paid_cents(fee) == 20_000


def test_a_transfer_in_another_currency_is_refused_and_nothing_recorded(fee, finance_officer):
    with pytest.raises(errors.FinanceError) as refused:
        reconcile(fee, finance_officer, currency="usd")

    assert refused.value.code == "currency_mismatch"
    assert "USD" in str(refused.value)
    assert "EUR" in str(refused.value)
    assert not Payment.objects.exists()
    assert not FinanceEvent.objects.filter(kind=FinanceEventKind.TRANSFER_RECONCILED).exists()


@pytest.mark.parametrize("amount", [0, -15_000])
def test_a_transfer_of_no_money_is_refused(fee, finance_officer, amount):
    with pytest.raises(errors.FinanceError) as refused:
        reconcile(fee, finance_officer, amount_cents=amount)

    assert refused.value.message == errors.AMOUNT_NOT_POSITIVE
    assert not Payment.objects.exists()


def test_a_transfer_for_a_fee_already_paid_by_card_is_refused(fee, finance_officer):
    card = PaymentFactory(fee=fee)
    ledger.record_payment(
        fee=fee, amount_cents=15_000, currency="EUR", method="card", payment=card, now=NOW
    )

    with pytest.raises(errors.FinanceError) as refused:
        reconcile(fee, finance_officer)

    assert refused.value.code == "fee_settled"
    assert "already paid" in str(refused.value)
    assert Payment.objects.filter(fee=fee).count() == 1


def test_a_finance_officer_of_another_programme_cannot_reconcile_the_transfer(
    fee, finance_officer_of_other_programme
):
    with pytest.raises(NotFound):
        reconcile(fee, finance_officer_of_other_programme)

    assert not Payment.objects.exists()


def test_an_admissions_officer_cannot_reconcile_the_transfer(fee, officer):
    with pytest.raises(NotFound):
        reconcile(fee, officer)

    assert not Payment.objects.exists()


def test_a_transfer_for_a_programme_without_a_fee_is_refused(fee, finance_officer):
    fee.status = FeeStatus.NOT_CHARGED
    fee.amount_cents = fee.full_amount_cents = 0
    fee.save()

    with pytest.raises(errors.FinanceError) as refused:
        reconcile(fee, finance_officer)

    assert refused.value.message == errors.NO_FEE
    assert not Payment.objects.exists()
