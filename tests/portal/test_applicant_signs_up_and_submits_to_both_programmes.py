"""A new applicant signs up, verifies the email, fills the profile, applies to both seed
programmes, pays the Post-Master's €150 application fee by card and submits each, in English
and in French; the receipt PDF names the reference."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from pypdf import PdfReader

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.documents import services as document_services
from tests.documents.filebuilders import pdf_bytes
from tests.portal.test_applicant_support import applicant_urls, in_round_1_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("applicant_urls")

PASSWORD = "a-long-and-unusual-passphrase-2027"
DOCUMENTS = (
    "cv",
    "motivation_letter",
    "transcripts",
    "diplomas",
    "english_certificate",
    "identity_document",
)


def sign_up_and_verify(client, email):
    response = client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_privacy_notice": "on",
        },
    )
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)
    assert link is not None, mail.outbox[-1].body
    assert client.post(link.group(1)).status_code == 302
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def fill_profile(client, language):
    identity = {
        "given_names": "Amina",
        "family_name": "Diallo",
        "date_of_birth": "1996-04-12",
        "nationalities": ["SN"],
        "residence_country": "FR",
        "phone": "+33 6 12 34 56 78",
        "address": "1 rue de la Paix, Paris",
        "preferred_language": language,
    }
    assert client.post("/me/profile/identity/", identity).status_code == 302
    languages = {"native_languages": "fr", "instruction_languages": "fr"}
    assert client.post("/me/profile/languages/", languages).status_code == 302
    degree = {
        "level": "engineering",
        "field": "computer_science",
        "title": "Diplôme d'ingénieur",
        "institution": "École polytechnique de Thiès",
        "country": "SN",
        "ects": "300",
        "years_of_study": "5",
        "started_on": "2014-09-01",
        "ended_on": "2019-07-01",
        "completed": "on",
        "grade": "14/20",
        "cti_accredited": "unknown",
    }
    response = client.post("/me/profile/education/add/", degree)
    assert response.status_code == 302, response.content.decode()


def pay_fee_by_card(client, application):
    """On the fee page, "Pay by card", then pay on the (simulated) provider's checkout."""
    fee_page = client.get(f"/applications/{application.reference}/fee/")
    assert fee_page.status_code == 200
    key = re.search(r'name="idempotency_key" value="([^"]+)"', fee_page.content.decode())[1]
    response = client.post(
        f"/applications/{application.reference}/fee/card/", {"idempotency_key": key}
    )
    assert response.status_code == 302
    checkout = client.get(response["Location"])
    assert checkout.status_code == 200
    back = client.post(
        urlsplit(response["Location"]).path, {"state": checkout.context["state"], "action": "pay"}
    )
    assert back.status_code == 302
    assert client.get(back["Location"]).status_code == 200


def apply_and_submit(client, programme, now):
    level = programme.entry_levels.order_by("position", "pk").first()
    response = client.post(f"/programmes/{programme.slug}/apply/", {"entry_level": level.code})
    assert response.status_code == 302
    application = Application.objects.get(programme=programme)
    step = f"/applications/{application.reference}/step/questions/"
    response = client.post(
        step,
        {"version": application.version, "career_plan": "Lead applied AI projects in industry."},
    )
    assert response.status_code == 302
    for code in DOCUMENTS:
        document_services.upload_document(
            application=application,
            document_type=code,
            fileobj=io.BytesIO(pdf_bytes()),
            filename=f"{code}.pdf",
            actor=application.applicant,
            now=now,
        )
    if programme.application_fee_cents:
        pay_fee_by_card(client, application)
    review = client.get(f"/applications/{application.reference}/step/review/")
    assert review.status_code == 200
    response = client.post(f"/applications/{application.reference}/submit/")
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/applications/{application.reference}/submitted/"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    return application


@pytest.mark.parametrize(
    ("language", "acknowledgement"),
    [("en", "Your application is submitted"), ("fr", "Votre candidature est envoyée")],
)
def test_a_new_applicant_applies_to_both_seed_programmes_and_submits(
    client, seed_programmes, in_round_1, language, acknowledgement
):
    client.cookies["django_language"] = language
    sign_up_and_verify(client, f"amina.{language}@example.org")
    fill_profile(client, language)

    for programme in seed_programmes.values():
        application = apply_and_submit(client, programme, in_round_1)
        page = client.get(f"/applications/{application.reference}/submitted/")
        assert acknowledgement in page.content.decode()
        pdf = client.get(f"/applications/{application.reference}/receipt.pdf")
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert application.reference in text
        assert "cv.pdf" in text

    dashboard = client.get("/me/").content.decode()
    for application in Application.objects.all():
        assert application.reference in dashboard
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 2
