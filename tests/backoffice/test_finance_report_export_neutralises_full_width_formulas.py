"""Spreadsheets (Excel in East Asian locales, LibreOffice after autocorrection) read a cell
that starts with a full-width ＝, ＋, －, or ＠ as a formula, like the ASCII ones. The export
writes such a cell, as every formula start, after a leading apostrophe: shown as text."""

from __future__ import annotations

import csv
import io

import pytest

from admissions.backoffice.views.reports import safe_cell
from admissions.finance.services import ledger
from tests.applicants.factories import UserFactory
from tests.backoffice.test_finance_report_export import URL, _application, frozen_now  # noqa: F401


@pytest.mark.parametrize(
    "text",
    [
        '＝HYPERLINK("http://evil.example")',
        "＋1",
        "－1+2",
        "＠SUM(A1)",
        "=1+1",
        "+1",
        "-1",
        "@A1",
        "\tx",
        "\rx",
        "﹦1+1",  # small form variant, the same character once normalised
    ],
)
def test_a_cell_starting_a_formula_is_written_as_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Zoë", "plain", "", "１２３", "Ｐａｒｉｓ", "'quoted"])
def test_other_cells_are_written_as_they_are(text):
    assert safe_cell(text) == text


def test_a_full_width_formula_in_a_name_reaches_the_file_as_text(
    client, administrator, post_master
):
    post_master.application_fee_cents = 15_000
    post_master.save()
    person = UserFactory(first_name='＝HYPERLINK("http://evil.example","x")', last_name="Li")
    ledger.ensure_fee(application=_application(post_master, person))
    client.force_login(administrator)

    response = client.get(URL)

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert [row[header.index("Applicant")] for row in rows] == [
        '\'＝HYPERLINK("http://evil.example","x") Li'
    ]
