"""The statement pages: a finance officer imports the bank's CSV, reads what each line would
do, applies it once, and reads what was recorded; a bad file is refused with the row to fix."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.core import clock
from admissions.core.audit import AuditEvent
from admissions.finance.models import BankStatement, FeeStatus, Payment
from tests.finance.conftest import (
    DATA,
    NOW,
    charge_the_post_master_fee,
    fee_of,
    make_fee_application,
    statement_csv,
)
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_finance_officer


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def programme(post_master):
    return charge_the_post_master_fee(post_master)


@pytest.fixture
def fee(programme, applicant):
    return fee_of(make_fee_application(programme, applicant))


@pytest.fixture
def signed_in(client, finance_officer):
    client.force_login(finance_officer)
    return client


def upload(client, content: bytes, name: str = "releve-mars.csv", **extra):
    return client.post(
        "/staff/finance/statements/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        **extra,
    )


def test_the_statements_page_offers_the_import_form(signed_in, fee):
    response = signed_in.get("/staff/finance/statements/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Date;Libellé;Montant;Devise;Référence" in text_of(response)
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_a_french_statement_is_previewed_line_by_line_and_nothing_is_recorded(signed_in, fee):
    response = upload(signed_in, (DATA / "statement_fr.csv").read_bytes())

    statement = BankStatement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/finance/statements/{statement.public_id}/"
    page = signed_in.get(response["Location"])
    text = text_of(page)
    assert "Statement releve-mars.csv" in text
    assert "Matches a fee: will be recorded as paid" in text
    assert "No fee has this reference" in text
    assert "Another currency than the fee's" in text
    assert "Already imported from an earlier statement" in text
    assert "Not an incoming payment" in text
    assert "PMAI-2027-00042" in text
    assert "Apply the statement" in text
    assert "Applying records 1 payment" in text
    assert not Payment.objects.exists()
    assert_csp_clean(page)
    assert_accessible_outline(page)
    assert AuditEvent.objects.filter(action="finance.statement_viewed").exists()


def test_applying_records_the_payments_and_the_page_shows_the_receipts(signed_in, fee):
    upload(signed_in, (DATA / "statement_fr.csv").read_bytes())
    statement = BankStatement.objects.get()

    response = signed_in.post(
        f"/staff/finance/statements/{statement.public_id}/apply/", follow=True
    )

    text = text_of(response)
    assert "1 payment recorded (€150)." in text
    assert "R-2027-000001" in text
    assert "What each line did" in text
    assert "Apply the statement" not in text
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID


def test_clicking_apply_twice_records_once_and_says_it_was_already_applied(signed_in, fee):
    upload(signed_in, (DATA / "statement_fr.csv").read_bytes())
    statement = BankStatement.objects.get()
    url = f"/staff/finance/statements/{statement.public_id}/apply/"
    signed_in.post(url)

    response = signed_in.post(url, follow=True)

    assert "This statement was already applied" in text_of(response)
    assert Payment.objects.count() == 1


def test_a_statement_with_an_unreadable_row_is_refused_with_its_row_and_column(signed_in, fee):
    response = upload(
        signed_in,
        statement_csv(
            "02/03/2027;RF58PMAI202700042;150,00;EUR;B-1", "2 mars;RF58PMAI202700042;150,00;EUR;B-2"
        ),
    )

    assert response.status_code == 400
    text = text_of(response)
    assert "Row 3, column “Date”: “2 mars” is not a date." in text
    assert 'id="file-error"' in response.content.decode()
    assert not BankStatement.objects.exists()


def test_a_pdf_uploaded_as_a_statement_is_refused(signed_in, fee):
    response = upload(signed_in, b"%PDF-1.7\n%%EOF\n", "releve.pdf")

    assert response.status_code == 400
    assert "This file is not a CSV text file (it looks like a PDF document)." in text_of(response)


def test_importing_without_a_file_is_explained(signed_in, fee):
    response = signed_in.post("/staff/finance/statements/", {})

    assert response.status_code == 400
    assert "Choose the statement file to import." in text_of(response)


def test_a_statement_is_discarded_and_cannot_be_applied_after(signed_in, fee):
    upload(signed_in, statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"))
    statement = BankStatement.objects.get()

    response = signed_in.post(
        f"/staff/finance/statements/{statement.public_id}/discard/", follow=True
    )
    assert "The statement was discarded" in text_of(response)

    response = signed_in.post(
        f"/staff/finance/statements/{statement.public_id}/apply/", follow=True
    )
    assert "This statement was discarded" in text_of(response)
    assert not Payment.objects.exists()


def test_lines_of_another_programme_are_masked_and_the_statement_is_not_applied(
    client, fee, msc, finance_officer
):
    officer_of_msc = make_finance_officer(msc, "mona.msc-finance@example.org")
    client.force_login(finance_officer)
    upload(client, statement_csv("02/03/2027;RF58PMAI202700042 ADA LOVELACE;150,00;EUR;B-1"))
    statement = BankStatement.objects.get()
    client.force_login(officer_of_msc)

    page = text_of(client.get(f"/staff/finance/statements/{statement.public_id}/"))
    assert "ADA LOVELACE" not in page
    assert "PMAI-2027-00042" not in page
    assert "A fee of a programme you do not manage" in page

    response = client.post(f"/staff/finance/statements/{statement.public_id}/apply/", follow=True)
    assert "programmes you do not manage (rows 2)" in text_of(response)
    assert not Payment.objects.exists()


def test_an_unknown_statement_is_404(signed_in, fee):
    response = signed_in.get("/staff/finance/statements/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def test_an_admissions_officer_cannot_import_a_statement(client, officer, fee):
    client.force_login(officer)

    response = upload(client, statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"))

    assert response.status_code == 404
    assert not BankStatement.objects.exists()


def test_the_preview_and_the_money_file_render_in_french(signed_in, fee):
    upload(signed_in, (DATA / "statement_fr.csv").read_bytes())
    statement = BankStatement.objects.get()

    preview_page = signed_in.get(
        f"/staff/finance/statements/{statement.public_id}/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    money_page = signed_in.get(
        "/staff/finance/applications/PMAI-2027-00042/", HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert preview_page.status_code == money_page.status_code == 200
    assert preview_page.headers["Content-Language"] == "fr"
    assert "150\u00a0€" in preview_page.content.decode()
