"""The applicant reads an issued quote, downloads its PDF, and accepts or declines it while it
is valid; nobody else can reach it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.finance.models import FinanceEvent, QuoteStatus
from admissions.finance.services import quotes
from tests.calendar import IN_ROUND_1, paris
from tests.finance.quote_helpers import application_to, issue, pdf_text, request
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_finance_officer

pytestmark = [
    pytest.mark.django_db,
    # Debian's WeasyPrint warns when libharfbuzz-subset0 is missing; the PDF is the same.
    pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning"),
]


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def issued(post_master_ai):
    officer = make_finance_officer(post_master_ai)
    return issue(request(application_to(post_master_ai)), officer, valid_until=dt.date(2027, 2, 28))


@pytest.fixture
def client_of(client, issued):
    client.force_login(issued.application.applicant)
    return client


def detail_url(quote, key=None) -> str:
    return reverse("portal:quote", args=[quote.application.reference, key or str(quote.public_id)])


def test_the_issued_quote_shows_its_number_total_validity_and_pdf_link(client_of, issued):
    with clock.frozen(IN_ROUND_1):
        response = client_of.get(detail_url(issued))

    text = text_of(response)
    assert "Quote DEV-2027-0001, version 1" in text
    assert "Total €18,500" in text
    assert "Valid until 28 February 2027" in text
    assert "by 16 September 2027 at the latest" in text
    assert "Accept this quote" in text
    pdf_url = reverse("portal:quote-pdf", args=[issued.application.reference, issued.public_id])
    assert pdf_url in response.content.decode()
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_the_quote_is_found_by_its_number_too(client_of, issued):
    with clock.frozen(IN_ROUND_1):
        response = client_of.get(detail_url(issued, "DEV-2027-0001"))

    assert response.status_code == 200
    assert "Quote DEV-2027-0001, version 1" in text_of(response)


def test_the_applicant_downloads_the_pdf_rendered_on_demand(client_of, issued):
    url = reverse("portal:quote-pdf", args=[issued.application.reference, issued.public_id])

    response = client_of.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="DEV-2027-0001-v1.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "DEV-2027-0001" in text
    issued.refresh_from_db()
    assert issued.pdf.name  # stored for the next download


def test_the_applicant_accepts_the_quote(client_of, issued):
    with clock.frozen(IN_ROUND_1):
        response = client_of.post(detail_url(issued), {"action": "accept"}, follow=True)

    issued.refresh_from_db()
    assert issued.status == QuoteStatus.ACCEPTED
    assert "You accepted the quote." in text_of(response)
    assert FinanceEvent.objects.get(kind="quote_accepted").actor == issued.application.applicant


def test_the_applicant_declines_the_quote_saying_why(client_of, issued):
    with clock.frozen(IN_ROUND_1):
        client_of.post(
            detail_url(issued), {"action": "decline", "reason": "Too expensive for my employer."}
        )

    issued.refresh_from_db()
    assert issued.status == QuoteStatus.DECLINED
    assert FinanceEvent.objects.get(kind="quote_declined").data["reason"] == (
        "Too expensive for my employer."
    )


def test_an_expired_quote_offers_no_answer_and_refuses_one(client_of, issued):
    with clock.frozen(paris(2027, 3, 1, 12)):
        page = text_of(client_of.get(detail_url(issued)))
        response = client_of.post(detail_url(issued), {"action": "accept"})

    assert "expired: ask for a new quote" in page
    assert "Accept this quote" not in page
    assert response.status_code == 409
    assert "This quote was valid until 28 February 2027" in text_of(response)
    issued.refresh_from_db()
    assert issued.status == QuoteStatus.ISSUED


def test_the_applicant_cancels_a_request_not_issued_yet(client, post_master_ai):
    requested = request(application_to(post_master_ai))
    client.force_login(requested.application.applicant)

    with clock.frozen(IN_ROUND_1):
        response = client.post(detail_url(requested), {"action": "cancel"}, follow=True)

    requested.refresh_from_db()
    assert requested.status == QuoteStatus.CANCELLED
    assert "Your quote request is cancelled." in text_of(response)


def test_a_request_has_no_pdf_yet(client, post_master_ai):
    requested = request(application_to(post_master_ai))
    client.force_login(requested.application.applicant)

    url = reverse("portal:quote-pdf", args=[requested.application.reference, requested.public_id])
    assert client.get(url).status_code == 404


def test_another_applicant_cannot_download_the_pdf(client, issued, other_applicant):
    client.force_login(other_applicant)

    url = reverse("portal:quote-pdf", args=[issued.application.reference, issued.public_id])
    assert client.get(url).status_code == 404


def test_a_revised_quote_lists_its_versions(client_of, issued):
    officer = issued.issued_by
    v2 = quotes.revise_quote(
        quote=issued,
        lines=[{"label_en": "Tuition, employer rate", "amount_cents": 1_700_000}],
        valid_until=dt.date(2027, 3, 31),
        actor=officer,
        now=IN_ROUND_1,
    )

    with clock.frozen(IN_ROUND_1):
        latest = text_of(client_of.get(detail_url(issued, "DEV-2027-0001")))
        old = text_of(client_of.get(detail_url(issued)))

    assert "Quote DEV-2027-0001, version 2" in latest
    assert "Tuition, employer rate" in latest
    assert "Version 1 — Replaced by a newer version" in latest
    assert "Replaced by a newer version" in old
    assert "Accept this quote" not in old
    assert v2.version == 2


def test_a_decline_reason_too_long_is_refused_and_the_quote_stays_issued(client_of, issued):
    with clock.frozen(IN_ROUND_1):
        response = client_of.post(detail_url(issued), {"action": "decline", "reason": "x" * 5001})

    assert response.status_code == 422
    assert "5001 characters long; the limit is 5000" in text_of(response)
    issued.refresh_from_db()
    assert issued.status == QuoteStatus.ISSUED
