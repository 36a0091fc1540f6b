"""A statement that cannot be read is refused as a whole, with a message that names the row
and the column to correct; nothing is imported."""

from __future__ import annotations

import io
import zipfile

import pytest

from admissions.finance import errors
from admissions.finance.models import BankStatement
from admissions.finance.services import statement_files
from admissions.finance.services.statement_files import StatementRefused
from admissions.finance.services.statements import preview_statement
from tests.finance.conftest import NOW, statement_csv


def refusal(content: bytes, actor) -> StatementRefused:
    with pytest.raises(StatementRefused) as refused:
        preview_statement(file_name="releve.csv", content=content, actor=actor, now=NOW)
    assert not BankStatement.objects.exists()
    return refused.value


def test_an_unreadable_date_names_its_row_and_column(fee, finance_officer):
    error = refusal(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;150,00;EUR;B-1",
            "31/02/2027;RF58PMAI202700042;150,00;EUR;B-2",
        ),
        finance_officer,
    )

    assert error.code == "bad_date"
    assert str(error).startswith("Row 3, column “Date”: “31/02/2027” is not a date.")


def test_an_unreadable_amount_names_its_row_and_column(fee, finance_officer):
    error = refusal(
        statement_csv("02/03/2027;RF58PMAI202700042;cent cinquante;EUR;B-1"), finance_officer
    )

    assert error.code == "bad_amount"
    assert "Row 2, column “Montant”: “cent cinquante” is not an amount." in str(error)


def test_an_unreadable_currency_names_its_row_and_column(fee, finance_officer):
    error = refusal(statement_csv("02/03/2027;RF58PMAI202700042;150,00;Euros;B-1"), finance_officer)

    assert error.code == "bad_currency"
    assert "Row 2, column “Devise”" in str(error)


def test_a_row_cut_short_names_the_missing_column(fee, finance_officer):
    error = refusal(
        statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1", "03/03/2027;RF58"),
        finance_officer,
    )

    assert error.code == "row_too_short"
    assert str(error).startswith("Row 3 has 2 values where the header has 5: the column “Montant”")


def test_an_incoming_transfer_without_the_banks_reference_is_refused(fee, finance_officer):
    error = refusal(statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;"), finance_officer)

    assert error.code == "no_bank_reference"
    assert "Row 2, column “Référence”" in str(error)


def test_a_file_without_the_reference_column_names_what_is_missing(fee, finance_officer):
    error = refusal(
        statement_csv(
            "02/03/2027;RF58PMAI202700042;150,00;EUR", header="Date;Libellé;Montant;Devise"
        ),
        finance_officer,
    )

    assert error.code == "no_header"
    assert "Missing: Référence (the bank's reference of the transaction)." in str(error)


def test_a_file_without_any_header_names_every_missing_column(fee, finance_officer):
    error = refusal(b"hello;world\r\n1;2\r\n", finance_officer)

    assert error.code == "no_header"
    assert "Date" in str(error) and "Montant" in str(error) and "Référence" in str(error)


def test_a_pdf_is_not_a_statement(fee, finance_officer):
    error = refusal(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", finance_officer)

    assert error.code == "not_text"
    assert str(error) == str(errors.STATEMENT_NOT_TEXT % {"what": "a PDF document"})


def test_a_spreadsheet_is_not_a_statement(fee, finance_officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    error = refusal(buffer.getvalue(), finance_officer)

    assert error.code == "not_text"
    assert "XLSX" in str(error)


def test_binary_data_is_not_a_statement(fee, finance_officer):
    error = refusal(bytes(range(256)) * 4, finance_officer)

    assert error.code == "not_text"


def test_an_empty_file_is_refused(fee, finance_officer):
    assert refusal(b"", finance_officer).code == "empty"
    assert refusal(b"\r\n \r\n", finance_officer).code == "empty"


def test_a_file_larger_than_5_mb_is_refused(fee, finance_officer):
    header = b"Date;Libell\xe9;Montant;Devise;R\xe9f\xe9rence\r\n"
    content = header + b"x" * (5 * 1024 * 1024)

    error = refusal(content, finance_officer)

    assert error.code == "too_large"
    assert "larger than 5 MB" in str(error)


def test_more_than_10000_rows_are_refused(fee, finance_officer):
    rows = [f"02/03/2027;Frais;-1,00;EUR;B-{n}" for n in range(10_001)]

    error = refusal(statement_csv(*rows), finance_officer)

    assert error.code == "too_many_rows"
    assert "more than 10,000 rows" in str(error)


def test_exactly_10000_rows_are_accepted(fee, finance_officer):
    rows = [f"02/03/2027;Frais;-1,00;EUR;B-{n}" for n in range(10_000)]

    statement = preview_statement(
        file_name="big.csv", content=statement_csv(*rows), actor=finance_officer, now=NOW
    )

    assert statement.lines.count() == statement_files.MAX_ROWS


def test_a_file_name_keeps_no_folder(fee, finance_officer):
    statement = preview_statement(
        file_name="C:\\Users\\fanny\\Downloads\\releve-mars.csv",
        content=statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"),
        actor=finance_officer,
        now=NOW,
    )

    assert statement.file_name == "releve-mars.csv"
