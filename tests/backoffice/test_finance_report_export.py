"""The CSV export of application fees: one row per fee, streamed, safe to open in a
spreadsheet, restricted to the person's programmes, and audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from admissions.applications.states import Status
from admissions.core import clock
from admissions.core.models import AuditEvent
from admissions.finance.models import (
    FeeWaiver,
    FundingRoute,
    PaymentMethod,
    Quote,
    QuoteFunding,
    QuoteStatus,
    WaiverStatus,
)
from admissions.finance.services import ledger
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory, RoundFactory

NOW = paris(2027, 3, 1, 10)
URL = "/staff/finance/reports/export.csv"


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield NOW


def _application(programme, applicant, *, round_number=1):
    intake = IntakeFactory(programme=programme, academic_year=2027)
    return ApplicationFactory(
        intake=intake,
        applicant=applicant,
        round=RoundFactory(intake=intake, number=round_number),
        status=Status.SUBMITTED,
        submitted_at=NOW,
    )


@pytest.fixture
def mischief(post_master, msc):
    """A Post-Master's applicant whose name is a spreadsheet formula, who paid by transfer,
    asked for a waiver and accepted a quote; and an MSc applicant."""
    post_master.application_fee_cents = 15_000
    post_master.save()
    msc.application_fee_cents = 9_100
    msc.save()
    person = UserFactory(
        first_name='=HYPERLINK("http://evil.example","x")',
        last_name="Martin",
        email="camille@example.org",
    )
    application = _application(post_master, person)
    fee = ledger.ensure_fee(application=application)
    ledger.record_payment(
        fee=fee,
        amount_cents=15_000,
        currency="EUR",
        method=PaymentMethod.BANK_TRANSFER,
        payer_name="+33 1 23 45 67 89",
    )
    FeeWaiver.objects.create(
        fee=fee,
        status=WaiverStatus.REFUSED,
        reason="-2+3",
        requested_by=person,
        requested_at=NOW,
    )
    quote = Quote.objects.create(
        application=application,
        number="DEV-2027-0001",
        status=QuoteStatus.ACCEPTED,
        currency="EUR",
        total_cents=1_850_000,
        requested_by=person,
        requested_at=NOW,
    )
    QuoteFunding.objects.create(quote=quote, route=FundingRoute.CPF, amount_cents=500_000)
    QuoteFunding.objects.create(quote=quote, route=FundingRoute.EMPLOYER)
    other = _application(msc, UserFactory(first_name="@SUM(A1)", last_name="Other"))
    ledger.ensure_fee(application=other)
    return application, other


def _rows(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_export_has_one_row_per_fee_with_payments_waiver_and_quote(
    client, finance_officer, mischief
):
    application, _other = mischief
    client.force_login(finance_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="fees-all-')
    header, *rows = _rows(response)
    assert header[:4] == ["Reference", "Programme", "Academic year", "Round"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Reference"] == application.reference
    assert row["Programme"] == "post-master-ai"
    assert row["Academic year"] == "2027-2028"
    assert row["Round"] == "1"
    assert row["Email"] == "camille@example.org"
    assert (row["Fee"], row["Currency"], row["Fee status"]) == ("150.00", "EUR", "paid")
    assert (row["Paid"], row["Refunded"], row["Balance"]) == ("150.00", "0.00", "0.00")
    assert row["Payment methods"] == "bank_transfer"
    assert row["Receipts"].startswith("R-2027-")
    assert row["Waiver"] == "refused"
    assert (row["Quote number"], row["Quote version"], row["Quote status"]) == (
        "DEV-2027-0001",
        "1",
        "accepted",
    )
    assert row["Quote total"] == "18500.00"
    assert row["Funding routes"] == "cpf: 5000.00; employer: rest"


def test_cells_that_a_spreadsheet_would_run_as_formulas_start_with_a_quote(
    client, administrator, mischief
):
    client.force_login(administrator)
    header, *rows = _rows(client.get(URL))
    names = {row[header.index("Applicant")] for row in rows}
    assert names == {'\'=HYPERLINK("http://evil.example","x") Martin', "'@SUM(A1) Other"}
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_the_guard_covers_every_formula_character():
    from admissions.backoffice.views.reports import safe_cell

    assert [safe_cell(text) for text in ("=1+1", "+1", "-1", "@A1", "\tx", "plain", "")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A1",
        "'\tx",
        "plain",
        "",
    ]


def test_an_officer_of_another_programme_exports_only_their_programme(
    client, officer_of_other_programme, mischief
):
    _application, other = mischief
    client.force_login(officer_of_other_programme)
    _header, *rows = _rows(client.get(URL))
    assert [row[0] for row in rows] == [other.reference]
    assert client.get(URL, {"programme": "post-master-ai"}).status_code == 404


def test_an_applicant_cannot_export(client, applicant, mischief):
    client.force_login(applicant)
    assert client.get(URL).status_code == 404


def test_every_export_is_audited_with_its_filters(client, administrator, mischief):
    client.force_login(administrator)
    response = client.get(URL, {"programme": "msc-cps2-ai-iot", "year": "2027"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="finance.fees_exported")
    assert event.actor == administrator
    assert event.object_ref == "msc-cps2-ai-iot"
    assert event.data["academic_year"] == 2027
    assert event.data["programmes"] == "all"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="fees-msc-cps2-ai-iot-2027-'
    )


def test_a_draft_fee_is_exported_as_not_submitted_with_its_whole_balance(
    client, finance_officer, post_master, mischief
):
    application, _other = mischief
    draft = ApplicationFactory(intake=application.intake)
    ledger.ensure_fee(application=draft)
    client.force_login(finance_officer)
    header, *rows = _rows(client.get(URL))
    row = dict(zip(header, next(r for r in rows if r[0] == draft.reference), strict=True))
    assert (row["Round"], row["Fee status"], row["Balance"]) == ("not submitted", "due", "150.00")
    assert (row["Receipts"], row["Quote number"], row["Funding routes"]) == ("", "", "")
