"""Refunds, waiver decisions, deferrals and the fee export ask staff for a fresh code.

A staff session that passed two-factor in the morning may sit open and unattended in the
afternoon: an action that moves money or exports personal data must not ride on it. It needs
a code typed within ``REAUTHENTICATION_MINUTES`` (10); the code typed at sign-in counts.
Past that, the page sends the person to allauth's code step, which carries out the request
once the code is right. Time is moved by editing the session's records of each step.
"""

from __future__ import annotations

import time

import pytest

from admissions.core import clock
from admissions.core.audit import AuditEvent
from admissions.finance.models import FeeStatus, FeeWaiver, Refund, WaiverStatus
from admissions.finance.services.transfers import reconcile_transfer
from admissions.finance.services.waivers import request_waiver
from tests.accounts.codes import current_code
from tests.documents.filebuilders import pdf_bytes
from tests.finance.conftest import NOW, charge_the_post_master_fee, fee_of, make_fee_application
from tests.pages import text_of

MONEY_FILE = "/staff/finance/applications/PMAI-2027-00042/"
EXPORT = "/staff/finance/reports/export.csv"
CODE_STEP = "/accounts/2fa/reauthenticate/"

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def fee(post_master, applicant):
    return fee_of(make_fee_application(charge_the_post_master_fee(post_master), applicant))


@pytest.fixture
def payment(fee, finance_officer):
    return reconcile_transfer(
        fee=fee,
        amount_cents=20_000,
        currency="EUR",
        received_on=None,
        payer_name="Ada Lovelace",
        bank_reference="B-1",
        actor=finance_officer,
        now=NOW,
    )


@pytest.fixture
def waiver(fee, applicant):
    return request_waiver(
        fee=fee,
        reason="I am registered as a job-seeker.",
        proof_bytes=pdf_bytes(),
        proof_filename="attestation.pdf",
        proof_content_type="application/pdf",
        actor=applicant,
        now=NOW,
    )


def code_typed_minutes_ago(client, minutes: float) -> None:
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] = time.time() - minutes * 60
    session["account_authentication_methods"] = records
    session.save()


def refund_form(payment) -> dict[str, str]:
    return {
        "refund-payment": str(payment.public_id),
        "refund-amount": "50",
        "refund-reason": "Paid €50 too much.",
    }


def test_a_refund_right_after_signing_in_needs_no_second_code(client, finance_officer, payment):
    client.force_login(finance_officer)
    code_typed_minutes_ago(client, 9)

    response = client.post(f"{MONEY_FILE}refund/", refund_form(payment))

    assert response["Location"] == MONEY_FILE
    assert Refund.objects.count() == 1


def test_a_refund_with_a_stale_code_asks_for_one_then_records_the_refund(
    client, finance_officer, payment
):
    client.force_login(finance_officer)
    code_typed_minutes_ago(client, 11)

    asked = client.post(f"{MONEY_FILE}refund/", refund_form(payment))

    assert asked.status_code == 302
    assert asked["Location"].startswith(f"{CODE_STEP}?next=")
    assert not Refund.objects.exists()
    step = client.get(asked["Location"])
    assert "fresh confirmation that it is you" in text_of(step)

    done = client.post(asked["Location"], {"code": current_code(finance_officer)})

    assert done["Location"] == MONEY_FILE
    refund = Refund.objects.get()
    assert (refund.amount_cents, refund.refunded_by) == (5_000, finance_officer)


def test_a_wrong_code_records_nothing(client, finance_officer, payment):
    client.force_login(finance_officer)
    code_typed_minutes_ago(client, 11)
    asked = client.post(f"{MONEY_FILE}refund/", refund_form(payment))

    wrong = client.post(asked["Location"], {"code": "000000"})

    assert wrong.status_code == 200
    assert not Refund.objects.exists()


def test_a_waiver_decision_with_a_stale_code_asks_for_one_first(client, finance_officer, waiver):
    client.force_login(finance_officer)
    code_typed_minutes_ago(client, 11)

    response = client.post(
        f"/staff/finance/waivers/{waiver.public_id}/decide/",
        {"decide-decision": "grant", "decide-note": ""},
    )

    assert response["Location"].startswith(CODE_STEP)
    assert FeeWaiver.objects.get().status == WaiverStatus.REQUESTED


def test_a_deferral_with_a_stale_code_asks_for_one_first(client, finance_officer, fee):
    client.force_login(finance_officer)
    code_typed_minutes_ago(client, 11)

    response = client.post(
        f"{MONEY_FILE}defer/",
        {"defer-until": "2027-09-01", "defer-reason": "Funded by France Travail."},
    )

    assert response["Location"].startswith(CODE_STEP)
    fee.refresh_from_db()
    assert fee.status == FeeStatus.DUE


def test_the_export_of_names_and_emails_asks_for_a_fresh_code_then_downloads(
    client, administrator, fee
):
    client.force_login(administrator)
    code_typed_minutes_ago(client, 11)

    asked = client.get(EXPORT)

    assert asked["Location"].startswith(CODE_STEP)
    assert not AuditEvent.objects.filter(action="finance.fees_exported").exists()
    done = client.post(asked["Location"], {"code": current_code(administrator)})
    assert done["Location"] == EXPORT
    download = client.get(EXPORT)
    assert download.status_code == 200
    assert AuditEvent.objects.filter(action="finance.fees_exported").count() == 1


def test_the_window_is_a_setting(client, finance_officer, payment, settings):
    settings.REAUTHENTICATION_MINUTES = 30
    client.force_login(finance_officer)
    code_typed_minutes_ago(client, 20)

    client.post(f"{MONEY_FILE}refund/", refund_form(payment))

    assert Refund.objects.count() == 1


def test_someone_without_a_staff_role_is_refused_as_before_never_asked_for_a_code(
    client, applicant, fee
):
    client.force_login(applicant)

    assert client.get(EXPORT).status_code == 404
    assert client.post(f"{MONEY_FILE}defer/", {"defer-reason": "x"}).status_code == 404


# --- The mixin later features use -----------------------------------------------------------


@pytest.fixture
def sensitive_urls(settings):
    settings.ROOT_URLCONF = "tests.accounts.sensitive_urls"


def test_a_view_with_the_mixin_asks_a_stale_session_for_a_code(client, officer, sensitive_urls):
    client.force_login(officer)
    code_typed_minutes_ago(client, 11)

    asked = client.post("/staff/test-release/")

    assert asked["Location"].startswith(f"{CODE_STEP}?next=")
    done = client.post(asked["Location"], {"code": current_code(officer)})
    assert done.content == b"released"


def test_the_api_answers_403_reauthentication_required(client, officer, sensitive_urls):
    client.force_login(officer)
    code_typed_minutes_ago(client, 11)

    response = client.post("/api/v1/test-release", "{}", content_type="application/json")

    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"


def test_a_fresh_code_lets_the_mixin_view_run(client, officer, sensitive_urls):
    client.force_login(officer)

    assert client.post("/staff/test-release/").content == b"released"
