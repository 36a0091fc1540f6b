"""The finance officer's landing page counts and lists their work: waivers to decide,
statements to apply, fees awaiting payment and deferred fees, in their programmes only."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core.roles import Role
from admissions.finance.models import FeeWaiver
from admissions.finance.services.statements import preview_statement
from admissions.finance.services.waivers import defer_fee
from tests.finance.conftest import (
    NOW,
    charge_the_post_master_fee,
    fee_of,
    make_fee_application,
    statement_csv,
)
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_finance_officer, make_user


@pytest.fixture
def programme(post_master):
    return charge_the_post_master_fee(post_master)


@pytest.fixture
def fee(programme, applicant):
    return fee_of(make_fee_application(programme, applicant))


def test_the_home_counts_and_lists_each_kind_of_work(
    client, finance_officer, fee, programme, other_applicant
):
    deferred = fee_of(make_fee_application(programme, other_applicant, "PMAI-2027-00043"))
    defer_fee(
        fee=deferred,
        until=dt.date(2027, 9, 1),
        reason="Employer pays.",
        actor=finance_officer,
        now=NOW,
    )
    FeeWaiver.objects.create(
        fee=fee, reason="Job-seeker.", requested_by=fee.application.applicant, requested_at=NOW
    )
    preview_statement(
        file_name="mars.csv",
        content=statement_csv("02/03/2027;RF58PMAI202700042;150,00;EUR;B-1"),
        actor=finance_officer,
        now=NOW,
    )
    client.force_login(finance_officer)

    response = client.get("/staff/finance/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Waivers to decide: 1" in text
    assert "Statements to apply: 1" in text
    assert "Fees awaiting payment: 1" in text
    assert "Deferred fees: 1" in text
    assert "PMAI-2027-00042" in text
    assert "RF58PMAI202700042" in text
    assert "mars.csv" in text
    assert "PMAI-2027-00043" in text and "until 1 September 2027" in text
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_the_home_shows_only_the_officers_programmes(client, fee, msc, applicant):
    msc.application_fee_cents = 5_000
    msc.save()
    other = fee_of(make_fee_application(msc, applicant, "CPS2-2027-00001"))
    officer_of_msc = make_finance_officer(msc, "mona.msc-finance@example.org")
    client.force_login(officer_of_msc)

    text = text_of(client.get("/staff/finance/"))

    assert other.application.reference in text
    assert "PMAI-2027-00042" not in text
    assert "Fees awaiting payment: 1" in text


def test_the_home_in_french(client, finance_officer, fee):
    client.force_login(finance_officer)

    response = client.get("/staff/finance/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"


def test_an_admissions_officer_does_not_reach_the_finance_pages(client, officer, fee):
    client.force_login(officer)

    for url in (
        "/staff/finance/",
        "/staff/finance/statements/",
        "/staff/finance/waivers/",
        f"/staff/finance/applications/{fee.application.reference}/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_applicant_does_not_reach_the_finance_pages(client, applicant, fee):
    client.force_login(applicant)

    assert client.get("/staff/finance/").status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, fee):
    response = client.get("/staff/finance/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_finance_officer_without_two_factor_authentication_is_sent_to_set_it_up(
    client, programme, fee
):
    without_mfa = make_user("no.mfa@example.org", [(Role.FINANCE_OFFICER, programme)])
    client.force_login(without_mfa)

    response = client.get("/staff/finance/")

    assert response.status_code == 302
    assert "totp" in response["Location"]
