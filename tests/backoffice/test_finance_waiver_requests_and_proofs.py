"""The waiver requests page lists what is waiting for a decision in the officer's programmes;
a proof is opened through a permission-checked, audited download, never a public URL."""

from __future__ import annotations

import pytest

from admissions.core import clock
from admissions.core.audit import AuditEvent
from admissions.finance.services.waivers import decide_waiver, request_waiver
from tests.documents.filebuilders import pdf_bytes
from tests.finance.conftest import NOW, charge_the_post_master_fee, fee_of, make_fee_application
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
def waiver(programme, applicant):
    fee = fee_of(make_fee_application(programme, applicant))
    return request_waiver(
        fee=fee,
        reason="I am registered as a job-seeker.",
        proof_bytes=pdf_bytes(),
        proof_filename="attestation.pdf",
        proof_content_type="application/pdf",
        actor=applicant,
        now=NOW,
    )


def test_the_waivers_page_lists_requests_to_decide_and_decided_ones(
    client, finance_officer, waiver, other_applicant, programme
):
    decided = request_waiver(
        fee=fee_of(make_fee_application(programme, other_applicant, "PMAI-2027-00043")),
        reason="Scholarship.",
        proof_bytes=pdf_bytes(),
        proof_filename="bourse.pdf",
        proof_content_type="application/pdf",
        actor=other_applicant,
        now=NOW,
    )
    decide_waiver(waiver=decided, grant=True, note="", actor=finance_officer, now=NOW)
    client.force_login(finance_officer)

    response = client.get("/staff/finance/waivers/")

    text = text_of(response)
    assert "To decide 1" in text
    assert "PMAI-2027-00042" in text and "I am registered as a job-seeker." in text
    assert "attestation.pdf" in text
    assert "PMAI-2027-00043 — Granted" in text
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_the_proof_is_served_inline_safely_and_the_download_is_audited(
    client, finance_officer, waiver
):
    client.force_login(finance_officer)

    response = client.get(f"/staff/finance/waivers/{waiver.public_id}/proof")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert 'filename="attestation.pdf"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="finance.waiver_proof_downloaded")
    assert (event.actor, event.object_ref) == (finance_officer, "PMAI-2027-00042")


def test_the_proof_is_not_served_outside_the_officers_programmes(client, waiver, msc, officer):
    client.force_login(make_finance_officer(msc, "mona.msc-finance@example.org"))
    assert client.get(f"/staff/finance/waivers/{waiver.public_id}/proof").status_code == 404
    assert client.get("/staff/finance/waivers/").status_code == 200
    assert "PMAI-2027-00042" not in text_of(client.get("/staff/finance/waivers/"))

    client.force_login(officer)
    assert client.get(f"/staff/finance/waivers/{waiver.public_id}/proof").status_code == 404
    assert not AuditEvent.objects.filter(action="finance.waiver_proof_downloaded").exists()


def test_deciding_a_waiver_already_decided_says_who_decided(
    client, finance_officer, waiver, programme
):
    decide_waiver(waiver=waiver, grant=True, note="", actor=finance_officer, now=NOW)
    second = make_finance_officer(programme, "felix.finance@example.org", first_name="Félix")
    client.force_login(second)

    response = client.post(
        f"/staff/finance/waivers/{waiver.public_id}/decide/",
        {"decide-decision": "refuse", "decide-note": "Too late."},
        follow=True,
    )

    text = text_of(response)
    assert "This waiver request was already granted by Fanny Finance" in text
    assert "Decided by Fanny Finance" in text
    waiver.refresh_from_db()
    assert waiver.status == "granted"
