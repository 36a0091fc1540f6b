"""The finance dashboard at /staff/finance/reports/: figures of the programmes in the
person's scope only, in accessible tables, linked from the staff home."""

from __future__ import annotations

import pytest

from admissions.applications.states import Status
from admissions.core import clock
from admissions.finance.models import FundingRoute, PaymentMethod, Quote, QuoteFunding, QuoteStatus
from admissions.finance.services import ledger
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory, RoundFactory
from tests.people import make_reviewer

NOW = paris(2027, 3, 1, 10)
URL = "/staff/finance/reports/"


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield NOW


def _paid_application(programme, fee_cents, *, year=2027, round_number=1):
    programme.application_fee_cents = fee_cents
    programme.save()
    intake = IntakeFactory(programme=programme, academic_year=year)
    application = ApplicationFactory(
        intake=intake,
        round=RoundFactory(intake=intake, number=round_number),
        status=Status.SUBMITTED,
        submitted_at=NOW,
    )
    fee = ledger.ensure_fee(application=application)
    ledger.record_payment(
        fee=fee, amount_cents=fee_cents, currency="EUR", method=PaymentMethod.BANK_TRANSFER
    )
    return application


@pytest.fixture
def fees(post_master, msc):
    pm = _paid_application(post_master, 15_000)
    quote = Quote.objects.create(
        application=pm,
        number="DEV-2027-0001",
        status=QuoteStatus.ACCEPTED,
        currency="EUR",
        total_cents=1_850_000,
        requested_by=pm.applicant,
        requested_at=NOW,
    )
    QuoteFunding.objects.create(quote=quote, route=FundingRoute.POLE_EMPLOI)
    ms = _paid_application(msc, 9_100)
    return pm, ms


def test_a_finance_officer_sees_fees_quotes_and_expected_tuition_of_their_programme(
    client, finance_officer, fees
):
    client.force_login(finance_officer)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Post Master Ai" in page
    assert "€150" in page
    assert "France Travail (ex-Pôle emploi)" in page
    assert "€18,500" in page
    # The MSc's €91 fee is not theirs.
    assert "Msc Cps2 Ai Iot" not in page
    assert "€91" not in page


def test_an_officer_of_another_programme_sees_none_of_these_figures(
    client, officer_of_other_programme, fees
):
    client.force_login(officer_of_other_programme)
    page = client.get(URL).content.decode()
    assert "€91" in page
    assert "Post Master Ai" not in page
    assert "€150" not in page
    assert "€18,500" not in page


def test_asking_for_a_programme_outside_the_scope_answers_404(
    client, officer_of_other_programme, fees
):
    client.force_login(officer_of_other_programme)
    assert client.get(URL, {"programme": "post-master-ai"}).status_code == 404
    assert client.get(URL, {"programme": "no-such-programme"}).status_code == 404


def test_an_applicant_gets_404(client, applicant, fees):
    client.force_login(applicant)
    assert client.get(URL).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, fees):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_administrator_narrows_the_figures_to_one_programme_and_year(
    client, administrator, fees
):
    client.force_login(administrator)
    page = client.get(URL).content.decode()
    assert "€150" in page
    assert "€91" in page
    page = client.get(URL, {"programme": "msc-cps2-ai-iot", "year": "2027"}).content.decode()
    assert "€91" in page
    assert "€150" not in page
    assert (
        'href="/staff/finance/reports/export.csv?programme=msc-cps2-ai-iot&amp;year=2027"' in page
    )


def test_a_year_that_is_not_offered_is_refused_with_the_field_named(client, administrator, fees):
    client.force_login(administrator)
    response = client.get(URL, {"year": "1999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert 'id="year-error"' in page


def test_the_tables_have_captions_and_header_scopes(client, finance_officer, fees):
    client.force_login(finance_officer)
    page = client.get(URL).content.decode()
    assert page.count("<caption>") == 3
    assert 'scope="col"' in page
    assert 'scope="row"' in page
    assert 'class="table-responsive"' in page
    assert "<h1>Fees and funding</h1>" in page


def test_the_dashboard_reads_in_french(client, finance_officer, fees):
    client.force_login(finance_officer)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "150\u00a0€" in page


def test_the_staff_home_links_to_the_dashboard_for_finance_and_reporting_roles(
    client, finance_officer, officer, post_master
):
    reviewer = make_reviewer(post_master)
    for person, sees in ((finance_officer, True), (officer, True), (reviewer, False)):
        client.force_login(person)
        page = client.get("/staff/").content.decode()
        assert ('href="/staff/finance/reports/"' in page) is sees, person.email
