"""Importing a bank statement shows, line by line, what applying it would do, and changes no
fee until it is applied."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core.audit import AuditEvent
from admissions.core.errors import NotFound
from admissions.finance.models import BankStatement, FeeStatus, LineOutcome, Payment
from admissions.finance.services.statement_files import parse_amount
from admissions.finance.services.statements import apply_statement, preview_statement
from admissions.finance.services.transfers import reconcile_transfer
from tests.finance.conftest import DATA, NOW, statement_csv


def preview(content: bytes, actor, name: str = "releve.csv") -> BankStatement:
    return preview_statement(file_name=name, content=content, actor=actor, now=NOW)


def outcomes(statement: BankStatement) -> dict[int, str]:
    return dict(statement.lines.values_list("row_number", "outcome"))


def test_a_french_bank_export_is_read_with_its_preamble_decimal_comma_and_accents(
    fee, finance_officer
):
    statement = preview((DATA / "statement_fr.csv").read_bytes(), finance_officer)

    assert statement.status == BankStatement.Status.PREVIEWED
    assert outcomes(statement) == {
        5: LineOutcome.MATCHED,
        6: LineOutcome.ALREADY_PAID,  # the same fee, already paid by row 5 of the file
        7: LineOutcome.NOT_A_CREDIT,
        8: LineOutcome.UNKNOWN_REFERENCE,  # RF99…: wrong check digits
        9: LineOutcome.CURRENCY_MISMATCH,
        10: LineOutcome.DUPLICATE,  # the bank reference of row 5 again
    }
    first = statement.lines.get(row_number=5)
    assert first.fee == fee
    assert first.booked_on == dt.date(2027, 3, 2)
    assert first.amount_cents == 15_000
    assert first.currency == "EUR"
    assert first.payer_name == "Ada Lovelace"
    assert first.bank_reference == "VIR-2027-0302-001"
    assert "Libellé" not in first.label and "FRAIS CANDIDATURE" in first.label
    assert statement.lines.get(row_number=7).amount_cents == -8_420
    assert "row 5 of this file" in statement.lines.get(row_number=10).note
    assert "row 5 of this file" in statement.lines.get(row_number=6).note


def test_the_preview_changes_no_fee(fee, finance_officer):
    preview((DATA / "statement_fr.csv").read_bytes(), finance_officer)

    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE
    assert not Payment.objects.exists()


def test_an_international_export_with_commas_points_and_iso_dates_is_read(
    fee, other_fee, finance_officer
):
    statement = preview((DATA / "statement_en.csv").read_bytes(), finance_officer, "bank.csv")

    assert outcomes(statement) == {
        2: LineOutcome.PARTIAL,
        3: LineOutcome.OVERPAID,
        4: LineOutcome.UNKNOWN_REFERENCE,
    }
    partial = statement.lines.get(row_number=2)
    assert partial.fee == fee
    assert partial.label == "Application fee RF58-PMAI-2027-00042, Ada"
    assert "€75" in partial.note
    overpaid = statement.lines.get(row_number=3)
    assert overpaid.fee == other_fee
    assert overpaid.amount_cents == 100_000
    assert "€850" in overpaid.note


def test_headers_are_recognised_whatever_their_case_and_accents(fee, finance_officer):
    content = statement_csv(
        "02/03/2027;RF58PMAI202700042;150,00;EUR;B-1",
        header="DATE OPERATION;LIBELLE;MONTANT;DEVISE;REFERENCE",
    )

    statement = preview(content, finance_officer)

    assert outcomes(statement) == {2: LineOutcome.MATCHED}


def test_separate_credit_and_debit_columns_are_read(fee, finance_officer):
    content = statement_csv(
        "02/03/2027;RF58PMAI202700042;;150,00;B-1",
        "03/03/2027;Frais bancaires;2,50;;B-2",
        header="Date;Libellé;Débit;Crédit;Référence",
    )

    statement = preview(content, finance_officer)

    assert outcomes(statement) == {2: LineOutcome.MATCHED, 3: LineOutcome.NOT_A_CREDIT}
    assert statement.lines.get(row_number=3).amount_cents == -250


def test_a_statement_without_a_currency_column_is_in_euros_unless_the_header_says(
    fee, finance_officer
):
    euros = preview(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;150,00;B-1", header="Date;Libellé;Montant;Référence"
        ),
        finance_officer,
    )
    dollars = preview(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;150,00;B-2", header="Date;Libellé;Montant (USD);Référence"
        ),
        finance_officer,
    )

    assert outcomes(euros) == {2: LineOutcome.MATCHED}
    assert outcomes(dollars) == {2: LineOutcome.CURRENCY_MISMATCH}


def test_two_partial_transfers_in_one_file_add_up_to_the_fee(fee, finance_officer):
    statement = preview(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;75,00;EUR;B-1",
            "03/03/2027;RF58PMAI202700042;75,00;EUR;B-2",
            "04/03/2027;RF58PMAI202700042;75,00;EUR;B-3",
        ),
        finance_officer,
    )

    assert outcomes(statement) == {
        2: LineOutcome.PARTIAL,
        3: LineOutcome.MATCHED,
        4: LineOutcome.ALREADY_PAID,
    }


def test_a_transfer_for_a_fee_already_paid_is_shown_to_refund(fee, finance_officer):
    reconcile_transfer(
        fee=fee,
        amount_cents=15_000,
        currency="EUR",
        received_on=None,
        payer_name="",
        bank_reference="BY-HAND-1",
        actor=finance_officer,
        now=NOW,
    )

    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )

    line = statement.lines.get()
    assert line.outcome == LineOutcome.ALREADY_PAID
    assert line.fee == fee
    assert "already paid" in line.note


def test_a_transfer_recorded_by_hand_is_a_duplicate_when_its_statement_comes(fee, finance_officer):
    reconcile_transfer(
        fee=fee,
        amount_cents=15_000,
        currency="EUR",
        received_on=None,
        payer_name="",
        bank_reference="B-1",
        actor=finance_officer,
        now=NOW,
    )

    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;b-1"), finance_officer
    )

    line = statement.lines.get()
    assert line.outcome == LineOutcome.DUPLICATE
    assert "Already recorded for application PMAI-2027-00042" in line.note


def test_a_transaction_imported_from_an_applied_statement_is_a_duplicate_in_the_next(
    fee, finance_officer
):
    first = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;75,00;EUR;B-1"), finance_officer, "week-9.csv"
    )
    apply_statement(statement=first, actor=finance_officer, now=NOW)

    second = preview(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;75,00;EUR;B-1",
            "05/03/2027;RF58PMAI202700042;75,00;EUR;B-2",
        ),
        finance_officer,
        "march.csv",
    )

    assert outcomes(second) == {2: LineOutcome.DUPLICATE, 3: LineOutcome.MATCHED}
    assert "week-9.csv" in second.lines.get(row_number=2).note


def test_a_statement_only_previewed_does_not_make_its_lines_duplicates(fee, finance_officer):
    content = statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1")
    preview(content, finance_officer)

    again = preview(content, finance_officer)

    assert outcomes(again) == {2: LineOutcome.MATCHED}


def test_importing_a_statement_is_audited(fee, finance_officer):
    statement = preview(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), finance_officer
    )

    event = AuditEvent.objects.get(action="finance.statement_previewed")
    assert event.actor == finance_officer
    assert event.object_ref == str(statement.public_id)


def test_only_a_finance_officer_can_import_a_statement(fee, officer):
    with pytest.raises(NotFound):
        preview(statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"), officer)

    assert not BankStatement.objects.exists()


@pytest.mark.parametrize(
    ("text", "decimal_comma", "cents"),
    [
        ("150,00", True, 15_000),
        ("150", True, 15_000),
        ("1 234,56", True, 123_456),
        ("1\u202f234,56", True, 123_456),
        ("1.234,56", True, 123_456),
        ("1.234", True, 123_400),
        ("+150,00 €", True, 15_000),
        ("-84,20", True, -8_420),
        ("84,20-", True, -8_420),
        ("150.00", False, 15_000),
        ("1,234.56", False, 123_456),
        ("1,234", False, 123_400),
        ("(20.00)", False, -2_000),
        ("EUR 20.5", False, 2_050),
        ("150.5", True, 15_050),
    ],
)
def test_amounts_are_read_the_way_banks_write_them(text, decimal_comma, cents):
    assert parse_amount(text, decimal_comma=decimal_comma) == cents


@pytest.mark.parametrize("text", ["", "abc", "12,345,6", "1.2.3,4", "150,0011", "--5", "1,2,3"])
def test_what_is_not_an_amount_is_not_read_as_one(text):
    assert parse_amount(text, decimal_comma=True) is None
    assert parse_amount(text, decimal_comma=False) is None


def test_a_long_statement_is_previewed_in_a_bounded_number_of_queries(
    fee, other_fee, finance_officer, django_assert_max_num_queries
):
    rows = [
        f"02/03/2027;VIR {'RF58PMAI202700042' if n % 2 else 'PMAI-2027-00043'} n{n};1,00;EUR;B-{n}"
        for n in range(400)
    ] + [f"03/03/2027;Frais;-1,00;EUR;D-{n}" for n in range(100)]

    with django_assert_max_num_queries(30):
        statement = preview(statement_csv(*rows), finance_officer)

    assert statement.lines.count() == 500
    assert statement.lines.filter(outcome=LineOutcome.PARTIAL).count() == 298
