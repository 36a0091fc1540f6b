"""The applicant's fee waiver page: ask with a reason and a proof checked like any document
upload, read the request's status and the decision, withdraw it; nobody else's application."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.core import clock
from admissions.finance.models import FeeStatus, FeeWaiver, WaiverStatus
from admissions.finance.services import ledger
from admissions.finance.services.waivers import decide_waiver
from tests.documents.filebuilders import (
    elf_bytes,
    encrypted_pdf,
    jpeg_bytes,
    pdf_bytes,
    pdf_with_javascript,
    zip_bytes,
)
from tests.finance.conftest import NOW, charge_the_post_master_fee, make_fee_application
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_finance_officer

URL = "/applications/PMAI-2027-00042/fee/waiver/"
REASON = "I am registered as a job-seeker with France Travail."


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.frozen(NOW):
        yield


@pytest.fixture
def programme(post_master):
    return charge_the_post_master_fee(post_master)


@pytest.fixture
def application(programme, applicant):
    return make_fee_application(programme, applicant)


@pytest.fixture
def signed_in(client, applicant, application):
    client.force_login(applicant)
    return client


def ask(client, data: bytes = b"", name: str = "attestation.pdf", reason: str = REASON):
    payload = {"reason": reason}
    if data:
        payload["proof"] = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(URL, payload)


def test_the_page_shows_the_fee_and_the_request_form(signed_in):
    response = signed_in.get(URL)

    assert response.status_code == 200
    text = text_of(response)
    assert "Ask for the application fee to be waived" in text
    assert "The application fee is €150." in text
    assert "A PDF, JPEG or PNG file of 10 MB at most." in text
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'aria-describedby="proof-help"' in html
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_a_request_with_a_pdf_proof_is_recorded_and_its_status_shown(signed_in, applicant):
    response = ask(signed_in, pdf_bytes(), "Attestation France Travail.pdf")

    assert response.status_code == 302
    waiver = FeeWaiver.objects.get()
    assert (waiver.status, waiver.requested_by, waiver.reason) == (
        WaiverStatus.REQUESTED,
        applicant,
        REASON,
    )
    assert waiver.proof_content_type == "application/pdf"
    assert waiver.proof_filename == "Attestation France Travail.pdf"
    page = text_of(signed_in.get(URL))
    assert "Your request was sent." in page
    assert "Waiting for a decision" in page
    assert "Withdraw this request" in page
    assert "Send my request" not in page


def test_a_jpeg_photo_of_the_certificate_is_accepted(signed_in):
    response = ask(signed_in, jpeg_bytes(), "photo.jpg")

    assert response.status_code == 302
    assert FeeWaiver.objects.get().proof_content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "name", "status", "message"),
    [
        (elf_bytes(), "attestation.pdf", 415, "which is not accepted here"),
        (zip_bytes(), "attestation.pdf", 415, "which is not accepted here"),
        (pdf_with_javascript(), "attestation.pdf", 422, "The PDF contains scripts"),
        (
            encrypted_pdf(user_password="secret"),
            "attestation.pdf",
            422,
            "The PDF is password-protected",
        ),
        (b"%PDF-1.7 truncated", "attestation.pdf", 422, "damaged or incomplete"),
    ],
)
def test_a_forged_or_hostile_proof_is_refused_with_what_to_do(
    signed_in, data, name, status, message
):
    response = ask(signed_in, data, name)

    assert response.status_code == status
    assert message in text_of(response)
    assert 'id="proof-error"' in response.content.decode()
    assert not FeeWaiver.objects.exists()


def test_a_proof_larger_than_10_mb_is_refused_with_413(signed_in):
    big = pdf_bytes() + b"\n%" + b"x" * (10 * 1024 * 1024)

    response = ask(signed_in, big)

    assert response.status_code == 413
    assert "The file is larger than 10 MB." in text_of(response)
    assert not FeeWaiver.objects.exists()


def test_a_request_without_a_reason_or_a_proof_is_explained_on_each_field(signed_in):
    response = signed_in.post(URL, {"reason": ""})

    assert response.status_code == 400
    text = text_of(response)
    assert "Explain why you ask for the fee to be waived." in text
    assert "Add a proof of your situation" in text
    html = response.content.decode()
    assert 'id="reason-error"' in html and 'id="proof-error"' in html
    assert 'aria-invalid="true"' in html
    assert not FeeWaiver.objects.exists()


def test_the_refusal_of_a_bad_proof_is_in_french_for_a_french_page(signed_in):
    response = signed_in.post(
        URL,
        {"reason": REASON, "proof": SimpleUploadedFile("a.pdf", elf_bytes())},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert "qui n'est pas accepté ici" in text_of(response)


def test_a_second_request_while_one_is_open_is_not_offered_and_is_refused(signed_in):
    ask(signed_in, pdf_bytes())

    response = ask(signed_in, pdf_bytes())

    assert response.status_code == 400
    assert "You already asked for the fee to be waived on 2 March 2027" in text_of(response)
    assert FeeWaiver.objects.count() == 1


def test_the_decision_and_its_reason_are_shown_to_the_applicant(signed_in, programme, application):
    ask(signed_in, pdf_bytes())
    officer = make_finance_officer(programme)
    decide_waiver(
        waiver=FeeWaiver.objects.get(),
        grant=False,
        note="The certificate is older than three months.",
        actor=officer,
        now=NOW,
    )

    text = text_of(signed_in.get(URL))

    assert "Refused on 2 March 2027: the fee remains to pay." in text
    assert "The certificate is older than three months." in text
    assert "Ask again" in text
    status_page = text_of(signed_in.get(f"/applications/{application.reference}/"))
    assert "Your request for the application fee to be waived was refused" in status_page


def test_a_granted_waiver_leaves_nothing_to_ask(signed_in, programme):
    ask(signed_in, pdf_bytes())
    decide_waiver(
        waiver=FeeWaiver.objects.get(),
        grant=True,
        note="",
        actor=make_finance_officer(programme),
        now=NOW,
    )

    text = text_of(signed_in.get(URL))

    assert "Granted on 2 March 2027: there is nothing to pay." in text
    assert "The fee is waived: there is nothing to pay." in text
    assert "Send my request" not in text


def test_the_applicant_withdraws_an_open_request(signed_in):
    ask(signed_in, pdf_bytes())

    response = signed_in.post(f"{URL}withdraw/", follow=True)

    assert "Your request was withdrawn." in text_of(response)
    assert FeeWaiver.objects.get().status == WaiverStatus.WITHDRAWN
    assert "Send my request" in text_of(response)


def test_a_paid_fee_cannot_be_waived_from_the_page(signed_in, application):
    fee = ledger.ensure_fee(application=application)
    ledger.record_payment(fee=fee, amount_cents=15_000, currency="EUR", method="bank_transfer")

    page = text_of(signed_in.get(URL))
    response = ask(signed_in, pdf_bytes())

    assert "The fee is paid: there is nothing left to waive." in page
    assert response.status_code == 400
    assert "The application fee is already paid" in text_of(response)
    fee.refresh_from_db()
    assert fee.status == FeeStatus.PAID


def test_another_applicants_waiver_page_is_a_404(client, other_applicant, application):
    client.force_login(other_applicant)

    assert client.get(URL).status_code == 404
    assert ask(client, pdf_bytes()).status_code == 404
    assert client.post(f"{URL}withdraw/").status_code == 404
    assert not FeeWaiver.objects.exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client, application):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
