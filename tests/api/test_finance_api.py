"""The money side of the API: the applicant's fee and quotes, and the finance summary for
staff; another person's application answers 404 in the one error shape."""

from __future__ import annotations

import pytest

from admissions.core import clock
from admissions.core.roles import Role
from admissions.finance.models import (
    FundingRoute,
    PaymentMethod,
    Quote,
    QuoteFunding,
    QuoteLine,
    QuoteStatus,
)
from admissions.finance.services import ledger
from tests.api.conftest import Api
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory, RoundFactory
from tests.people import make_user


@pytest.fixture
def post_master_with_fee(post_master):
    post_master.application_fee_cents = 15_000
    post_master.tuition_cents = 1_850_000
    post_master.save()
    return post_master


@pytest.fixture
def application(applicant, post_master_with_fee):
    intake = IntakeFactory(programme=post_master_with_fee, academic_year=2027)
    return ApplicationFactory(
        applicant=applicant,
        intake=intake,
        round=RoundFactory(intake=intake, number=1),
        status="submitted",
        submitted_at=clock.now(),
    )


@pytest.fixture
def paid(application):
    fee = ledger.ensure_fee(application=application)
    return ledger.record_payment(
        fee=fee, amount_cents=15_000, currency="EUR", method=PaymentMethod.BANK_TRANSFER
    )


@pytest.fixture
def quotes(application, applicant):
    first = Quote.objects.create(
        application=application,
        number="DEV-2027-0001",
        version=1,
        status=QuoteStatus.SUPERSEDED,
        currency="EUR",
        total_cents=1_850_000,
        requested_by=applicant,
        requested_at=clock.now(),
    )
    second = Quote.objects.create(
        application=application,
        number="DEV-2027-0001",
        version=2,
        status=QuoteStatus.ISSUED,
        currency="EUR",
        total_cents=1_850_000,
        requested_by=applicant,
        requested_at=clock.now(),
        issued_on=clock.now().date(),
        valid_until=clock.now().date().replace(month=3),
        previous=first,
        staff_note="Tuition for the 2027-2028 intake.",
    )
    QuoteLine.objects.create(
        quote=second, position=1, label_en="Tuition", label_fr="Scolarité", amount_cents=1_850_000
    )
    QuoteFunding.objects.create(quote=second, route=FundingRoute.CPF, amount_cents=500_000)
    QuoteFunding.objects.create(quote=second, route=FundingRoute.EMPLOYER)
    return first, second


def test_the_applicant_reads_their_fee_with_payments_and_receipt_numbers(api, application, paid):
    response = api.get(f"/applications/{application.reference}/fee")
    assert response.status_code == 200
    fee = response.json()
    assert (fee["amount_cents"], fee["currency"], fee["status"]) == (15_000, "EUR", "paid")
    assert (fee["paid_cents"], fee["balance_cents"], fee["settled"]) == (15_000, 0, True)
    assert fee["transfer_reference"] == ledger.creditor_reference(application.reference)
    assert ledger.is_valid_creditor_reference(fee["transfer_reference"])
    assert fee["bank_transfer"]["reference"] == fee["transfer_reference"]
    assert fee["bank_transfer"]["iban"]
    (payment,) = fee["payments"]
    assert payment["method"] == "bank_transfer"
    assert payment["status"] == "succeeded"
    assert payment["receipt_number"] == paid.receipt.number
    assert payment["refunds"] == []
    assert fee["waiver"] is None


def test_a_fee_not_yet_set_up_is_set_up_from_the_programme_and_due(api, application):
    fee = api.get(f"/applications/{application.reference}/fee").json()
    assert (fee["amount_cents"], fee["status"], fee["balance_cents"]) == (15_000, "due", 15_000)
    assert fee["payments"] == []


def test_the_applicant_reads_every_version_of_their_quotes_the_latest_first(
    api, application, quotes
):
    response = api.get(f"/applications/{application.reference}/quotes")
    assert response.status_code == 200
    latest, older = response.json()
    assert (latest["number"], latest["version"], latest["status"]) == (
        "DEV-2027-0001",
        2,
        "issued",
    )
    assert latest["total_cents"] == 1_850_000
    assert latest["valid_until"] == "2027-03-15"
    assert latest["funding"] == [
        {"route": "cpf", "route_label": "CPF (personal training account)", "amount_cents": 500_000},
        {"route": "employer", "route_label": "Employer", "amount_cents": None},
    ]
    assert latest["lines"] == [
        {"label_en": "Tuition", "label_fr": "Scolarité", "amount_cents": 1_850_000}
    ]
    assert older["status"] == "superseded"


def test_another_persons_fee_and_quotes_answer_404_in_the_error_shape(
    other_api, application, paid, quotes
):
    for path in ("fee", "quotes"):
        response = other_api.get(f"/applications/{application.reference}/{path}")
        assert response.status_code == 404
        assert set(response.json()) == {"detail", "code", "errors"}


def test_signed_out_callers_get_401(anonymous, application):
    response = anonymous.get(f"/applications/{application.reference}/fee")
    assert response.status_code == 401
    assert response.json()["errors"] == []


def test_a_finance_officer_reads_the_summary_of_their_programme(
    finance_officer, application, paid, quotes, msc
):
    msc.application_fee_cents = 9_100
    msc.save()
    ledger.ensure_fee(application=ApplicationFactory(intake=IntakeFactory(programme=msc)))
    response = Api(finance_officer).get("/finance/summary")
    assert response.status_code == 200
    summary = response.json()
    assert [p["code"] for p in summary["programmes"]] == ["post-master-ai"]
    (programme,) = summary["programmes"]
    (round_1,) = programme["fees_by_round"]
    assert (round_1["academic_year"], round_1["round"], round_1["fees"]) == (2027, 1, 1)
    assert round_1["by_status"]["paid"] == {"count": 1, "amount_cents": 15_000}
    assert (round_1["received_cents"], round_1["net_cents"]) == (15_000, 15_000)
    assert programme["quotes_total"]["issued"] == 1
    assert programme["quotes_total"]["superseded"] == 1
    routes = {r["route"]: r["expected_cents"] for r in programme["expected_tuition"]}
    assert routes == {"cpf": 500_000, "employer": 1_350_000}
    assert summary["fees_total"][0]["received_cents"] == 15_000


def test_the_summary_is_narrowed_by_year(finance_officer, application, paid):
    summary = Api(finance_officer).get("/finance/summary?year=2031").json()
    assert summary["filters"] == {"programme": None, "year": 2031}
    assert summary["fees_total"] == []
    bad = Api(finance_officer).get("/finance/summary?year=next")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "year"


def test_an_officer_of_another_programme_sees_none_of_these_figures(
    officer_of_other_programme, application, paid
):
    caller = Api(officer_of_other_programme)
    summary = caller.get("/finance/summary").json()
    assert [p["code"] for p in summary["programmes"]] == ["msc-cps2-ai-iot"]
    assert summary["fees_total"] == []
    response = caller.get("/finance/summary?programme=post-master-ai")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "errors"}


def test_an_applicant_gets_404_for_the_summary(api, application, paid):
    response = api.get("/finance/summary")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "errors"}


def test_a_staff_account_without_two_factor_authentication_gets_403(post_master, application):
    no_mfa = make_user("nina.nomfa@example.org", [(Role.FINANCE_OFFICER, post_master)])
    response = Api(no_mfa).get("/finance/summary")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_the_openapi_document_lists_the_finance_endpoints(anonymous):
    paths = anonymous.get("/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/applications/{reference}/fee"]
    assert "get" in paths["/api/v1/applications/{reference}/quotes"]
    assert "get" in paths["/api/v1/finance/summary"]
