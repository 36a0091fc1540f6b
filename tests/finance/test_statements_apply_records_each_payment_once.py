"""Applying a previewed statement records a payment (and a receipt) for every line that still
pays a fee; a second click, a second statement or a card payment meanwhile never makes a fee
paid twice, and a line that cannot be recorded stays listed with its reason."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core.audit import AuditEvent
from admissions.finance import errors
from admissions.finance.models import (
    BankStatement,
    FeeStatus,
    FinanceEvent,
    FinanceEventKind,
    LineOutcome,
    Payment,
    PaymentMethod,
    Receipt,
)
from admissions.finance.services import ledger
from admissions.finance.services.statements import (
    apply_statement,
    discard_statement,
    preview_statement,
)
from admissions.notifications.models import OutboxMessage
from tests.finance.conftest import DATA, NOW, fee_of, make_fee_application, statement_csv
from tests.finance.factories import PaymentFactory

LATER = NOW + dt.timedelta(hours=1)


def preview(content: bytes, actor, name: str = "releve.csv") -> BankStatement:
    return preview_statement(file_name=name, content=content, actor=actor, now=NOW)


def test_applying_the_french_statement_pays_adas_fee_once_with_a_receipt(
    fee, finance_officer, applicant
):
    statement = preview((DATA / "statement_fr.csv").read_bytes(), finance_officer)

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert not summary.already_applied
    assert [result.line.row_number for result in summary.recorded] == [5]
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID
    payment = Payment.objects.get(fee=fee)
    assert payment.method == PaymentMethod.BANK_TRANSFER
    assert payment.provider_reference == "VIR-2027-0302-001"
    assert payment.received_on == dt.date(2027, 3, 2)
    assert payment.payer_name == "Ada Lovelace"
    assert payment.statement_line == statement.lines.get(row_number=5)
    assert payment.recorded_by == finance_officer
    assert Receipt.objects.get(payment=payment).number == "R-2027-000001"
    assert (
        OutboxMessage.objects.filter(
            event="payment_received", recipient_email=applicant.email
        ).count()
        == 1
    )
    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.APPLIED
    assert statement.applied_by == finance_officer
    assert statement.applied_at == LATER
    assert summary.message.startswith("1 payment recorded (€150).")


def test_applying_a_statement_twice_records_nothing_the_second_time_and_says_so(
    fee, finance_officer, second_finance_officer
):
    statement = preview((DATA / "statement_fr.csv").read_bytes(), finance_officer)
    apply_statement(statement=statement, actor=finance_officer, now=LATER)

    again = apply_statement(
        statement=BankStatement.objects.get(pk=statement.pk),
        actor=second_finance_officer,
        now=LATER + dt.timedelta(minutes=1),
    )

    assert again.already_applied
    assert again.recorded == []
    assert "already applied" in again.message
    assert "Fanny Finance" in again.message
    assert Payment.objects.count() == 1
    assert Receipt.objects.count() == 1


def test_a_stale_copy_of_the_statement_applied_again_records_nothing(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    stale = BankStatement.objects.get(pk=statement.pk)
    apply_statement(statement=statement, actor=finance_officer, now=LATER)

    again = apply_statement(statement=stale, actor=finance_officer, now=LATER)

    assert again.already_applied
    assert Payment.objects.count() == 1


def test_the_same_transaction_in_two_previewed_statements_is_recorded_once(fee, finance_officer):
    content = statement_csv("02/03/2027;RF58PMAI202700042;75,00;EUR;B-1")
    first = preview(content, finance_officer, "week.csv")
    second = preview(content, finance_officer, "month.csv")
    apply_statement(statement=first, actor=finance_officer, now=LATER)

    summary = apply_statement(statement=second, actor=finance_officer, now=LATER)

    assert summary.recorded == []
    (result,) = summary.not_recorded
    assert result.line.outcome == LineOutcome.DUPLICATE
    assert "week.csv" in result.reason
    assert Payment.objects.count() == 1
    assert ledger.paid_cents(fee) == 7_500


def test_a_fee_paid_by_card_after_the_preview_is_not_paid_again(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    card = PaymentFactory(fee=fee)
    ledger.record_payment(
        fee=fee, amount_cents=15_000, currency="EUR", method="card", payment=card, now=NOW
    )

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert summary.recorded == []
    line = statement.lines.get()
    assert line.outcome == LineOutcome.ALREADY_PAID
    assert "after the preview" in line.note
    assert Payment.objects.filter(method=PaymentMethod.BANK_TRANSFER).count() == 0
    assert Receipt.objects.count() == 1


def test_a_fee_waived_after_the_preview_is_not_paid(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    fee.status = FeeStatus.WAIVED
    fee.save(update_fields=["status"])

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert summary.recorded == []
    assert statement.lines.get().outcome == LineOutcome.ALREADY_PAID
    assert not Payment.objects.exists()


def test_a_partial_payment_since_the_preview_turns_a_match_into_an_overpayment(
    fee, finance_officer
):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    ledger.record_payment(
        fee=fee, amount_cents=5_000, currency="EUR", method="bank_transfer", now=NOW
    )

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    (result,) = summary.recorded
    assert result.line.outcome == LineOutcome.OVERPAID
    assert "€50 to send back" in result.line.note
    assert ledger.paid_cents(fee) == 20_000


def test_partial_and_overpaid_lines_are_recorded_as_they_arrived(fee, other_fee, finance_officer):
    statement = preview((DATA / "statement_en.csv").read_bytes(), finance_officer)

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert sorted(r.line.row_number for r in summary.recorded) == [2, 3]
    fee.refresh_from_db()
    other_fee.refresh_from_db()
    assert (fee.status, ledger.balance_cents(fee)) == (FeeStatus.DUE, 7_500)
    assert (other_fee.status, ledger.paid_cents(other_fee)) == (FeeStatus.PAID, 100_000)
    unknown = statement.lines.get(row_number=4)
    assert unknown.outcome == LineOutcome.UNKNOWN_REFERENCE
    assert not hasattr(unknown, "payment") or unknown.payment is None


def test_every_recorded_line_is_a_finance_event_with_the_officer_as_actor(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )

    apply_statement(statement=statement, actor=finance_officer, now=LATER)

    event = FinanceEvent.objects.get(kind=FinanceEventKind.TRANSFER_RECONCILED)
    assert event.actor == finance_officer
    assert event.data["statement"] == str(statement.public_id)
    assert event.data["row"] == 2
    assert AuditEvent.objects.filter(
        action="finance.statement_applied", actor=finance_officer
    ).exists()


def test_a_line_that_fails_stays_listed_with_its_reason_and_the_others_are_recorded(
    fee, other_fee, finance_officer
):
    statement = preview(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;150,00;EUR;B-1",
            "02/03/2027;RF31PMAI202700043;150,00;EUR;B-2",
        ),
        finance_officer,
    )
    # Between the preview and the apply, the other fee's currency is corrected to CHF: its
    # line can no longer be recorded.
    other_fee.currency = "CHF"
    other_fee.save(update_fields=["currency"])

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert [r.line.row_number for r in summary.recorded] == [2]
    (failed,) = summary.not_recorded
    assert failed.line.row_number == 3
    assert failed.reason.startswith("Not recorded: The payment is in EUR but the fee is in CHF.")
    assert statement.lines.get(row_number=3).note == failed.reason
    assert "could not be recorded" in summary.message
    assert Payment.objects.filter(fee=other_fee).count() == 0


def test_a_statement_with_a_line_outside_the_officers_programmes_is_not_applied(
    fee, finance_officer_of_other_programme, finance_officer
):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )

    with pytest.raises(errors.FinanceError) as refused:
        apply_statement(statement=statement, actor=finance_officer_of_other_programme, now=LATER)

    assert "rows 2" in str(refused.value)
    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.PREVIEWED
    assert not Payment.objects.exists()


def test_a_discarded_statement_cannot_be_applied(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    discard_statement(statement=statement, actor=finance_officer, now=LATER)

    with pytest.raises(errors.FinanceError) as refused:
        apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert refused.value.message == errors.STATEMENT_DISCARDED
    assert not Payment.objects.exists()


def test_an_applied_statement_cannot_be_discarded(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    apply_statement(statement=statement, actor=finance_officer, now=LATER)

    with pytest.raises(errors.FinanceError):
        discard_statement(statement=statement, actor=finance_officer, now=LATER)

    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.APPLIED


def test_a_fee_set_up_after_the_preview_is_not_guessed_at_apply_time(
    programme, applicant, finance_officer
):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )
    fee = fee_of(make_fee_application(programme, applicant))

    summary = apply_statement(statement=statement, actor=finance_officer, now=LATER)

    assert summary.recorded == []
    assert statement.lines.get().outcome == LineOutcome.UNKNOWN_REFERENCE
    assert ledger.paid_cents(fee) == 0
