"""A receipt is a PDF in the applicant's language: the school, its number and date, the
payer, the amount, what it paid for, how, and the refunds made since. Only the applicant
downloads it from their pages."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from admissions.finance.models import Receipt
from admissions.finance.receipts import render_receipt_pdf
from admissions.finance.services import ledger
from tests.calendar import paris
from tests.finance.factories import RefundFactory, ready_post_master_draft
from tests.people import make_user

pytestmark = [
    pytest.mark.django_db,
    # Debian's WeasyPrint warns when libharfbuzz-subset0 is missing; the PDF is the same.
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
]

PAID_AT = paris(2027, 1, 20, 11)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def paid(draft, **kwargs):
    ledger.record_payment(
        fee=draft.fee,
        amount_cents=15_000,
        currency="EUR",
        method=kwargs.pop("method", "card"),
        now=PAID_AT,
        provider_reference=kwargs.pop("provider_reference", ""),
        **kwargs,
    )
    return Receipt.objects.get(payment__fee=draft.fee)


def test_an_english_receipt_says_who_paid_what_for_what(settings):
    settings.SCHOOL_NAME = "École d'ingénieurs du Plateau"
    draft = ready_post_master_draft()
    receipt = paid(draft, method="bank_transfer")
    text = pdf_text(render_receipt_pdf(receipt))
    assert "École d'ingénieurs du Plateau" in text
    assert f"Receipt {receipt.number}" in text
    assert receipt.number == "R-2027-000001"
    assert "20 January 2027" in text
    assert "€150" in text
    assert draft.applicant.email in text
    assert f"Application fee: Post-Master's in AI, application {draft.reference}" in text
    assert "Bank transfer" in text
    assert "Refunded" not in text


def test_a_french_applicant_gets_a_french_receipt():
    draft = ready_post_master_draft(language="fr")
    receipt = paid(draft)
    assert receipt.language == "fr"
    text = pdf_text(render_receipt_pdf(receipt))
    assert "150 €" in text
    assert "20 janvier 2027" in text
    assert f"Frais de candidature : Mastère spécialisé IA, candidature {draft.reference}" in text


def test_refunds_made_since_are_printed_with_their_date():
    draft = ready_post_master_draft()
    receipt = paid(draft)
    RefundFactory(payment=receipt.payment, amount_cents=5_000, refunded_at=paris(2027, 2, 3, 9))
    text = pdf_text(render_receipt_pdf(receipt))
    assert "Refunded on 3 February 2027: €50." in text
    assert "€150" in text  # what was received stays on the receipt


def test_the_owner_downloads_the_receipt_from_the_fee_page(client):
    draft = ready_post_master_draft()
    receipt = paid(draft, provider_reference="sim_cs_0001")
    client.force_login(draft.applicant)
    response = client.get(reverse("portal:fee-receipt", args=[draft.reference, receipt.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{receipt.number}.pdf"' in response["Content-Disposition"]
    assert receipt.number in pdf_text(response.content)
    assert response.wsgi_request.path == (
        f"/applications/{draft.reference}/receipts/{receipt.number}.pdf"
    )


def test_no_one_else_gets_the_receipt(client, other_applicant):
    draft = ready_post_master_draft()
    receipt = paid(draft)
    other = ready_post_master_draft(applicant=other_applicant)
    url = reverse("portal:fee-receipt", args=[draft.reference, receipt.number])
    assert client.get(url).status_code == 302
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    # Nor through their own application's address.
    assert (
        client.get(
            reverse("portal:fee-receipt", args=[other.reference, receipt.number])
        ).status_code
        == 404
    )


def test_an_unknown_receipt_number_is_not_found(client):
    draft = ready_post_master_draft()
    client.force_login(draft.applicant)
    url = reverse("portal:fee-receipt", args=[draft.reference, "R-2027-999999"])
    assert client.get(url).status_code == 404


def test_a_staff_member_is_not_served_by_the_applicants_address(client):
    draft = ready_post_master_draft()
    receipt = paid(draft)
    staff = make_user("stan.staff@example.org")
    client.force_login(staff)
    url = reverse("portal:fee-receipt", args=[draft.reference, receipt.number])
    assert client.get(url).status_code == 404
