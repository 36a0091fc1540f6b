"""A finance officer of the Post-Master's in AI finds the quote requests to issue, issues one
with the tuition line and validity prefilled, revises it, sends it to the payer and downloads
its PDF; other staff get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.core.roles import Role
from admissions.finance.models import FinanceEvent, Quote, QuoteStatus
from tests.calendar import IN_ROUND_1
from tests.finance.quote_helpers import application_to, employer, issue, pdf_text, request
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_finance_officer, make_user

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
def officer(post_master_ai):
    return make_finance_officer(post_master_ai)


@pytest.fixture
def requested(post_master_ai):
    return request(
        application_to(post_master_ai),
        [
            {"route": "employer", "amount_cents": 1_000_000, "payer": employer()},
            {"route": "pole_emploi", "amount_cents": None},
        ],
        note="Please invoice my employer for its share.",
    )


@pytest.fixture
def staff(client, officer):
    client.force_login(officer)
    return client


def detail_url(quote) -> str:
    return reverse("staff:quote", args=[quote.public_id])


def issue_form(**overrides):
    data = {
        "action": "issue",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-label_en": "Tuition: Post-Master's degree in Artificial Intelligence, 2027-2028",
        "lines-0-label_fr": "Frais de scolarité : Mastère Spécialisé IA, 2027-2028",
        "lines-0-amount": "18500.00",
        "lines-1-label_en": "",
        "lines-1-label_fr": "",
        "lines-1-amount": "",
        "lines-2-label_en": "",
        "lines-2-label_fr": "",
        "lines-2-amount": "",
        "valid_until": "2027-03-16",
        "staff_note": "Payable in three instalments.",
    }
    data.update(overrides)
    return data


def test_the_list_shows_the_requests_to_issue_for_the_officers_programmes(
    staff, requested, post_master_ai
):
    other = issue(
        request(application_to(post_master_ai)),
        make_finance_officer(post_master_ai, "x@example.org"),
    )

    response = staff.get(reverse("staff:quotes"))

    assert response.status_code == 200
    text = text_of(response)
    to_issue = text.split("Requests to issue")[2].split("Issued, accepted and closed quotes")[0]
    assert requested.application.reference in to_issue
    assert "DEV-2027-0001 v1" in text.split("Issued, accepted and closed quotes")[-1]
    assert other.number == "DEV-2027-0001"
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_the_list_filters_by_status_and_programme(staff, requested, post_master_ai):
    by_status = text_of(staff.get(reverse("staff:quotes"), {"status": "accepted"}))
    by_programme = text_of(staff.get(reverse("staff:quotes"), {"programme": "post-master-ai"}))

    assert requested.application.reference not in by_status
    assert requested.application.reference in by_programme


def test_the_issue_form_is_prefilled_with_the_tuition_and_the_programmes_validity(staff, requested):
    with clock.frozen(IN_ROUND_1):
        response = staff.get(detail_url(requested))

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'value="Tuition: Post-Master&#x27;s degree in Artificial Intelligence, 2027-2028"' in html
    )
    assert 'value="18500.00"' in html
    assert 'value="2027-03-16"' in html  # 15 January + 60 days
    text = text_of(response)
    assert "Acme Robotics SAS" in text
    assert "12 rue de la Paix" in text
    assert "Please invoice my employer for its share." in text
    assert "by 16 September 2027 at the latest" in text
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_the_officer_issues_the_quote(staff, requested, officer):
    with clock.frozen(IN_ROUND_1):
        response = staff.post(detail_url(requested), issue_form(), follow=True)

    requested.refresh_from_db()
    assert requested.status == QuoteStatus.ISSUED
    assert requested.number == "DEV-2027-0001"
    assert requested.issued_by == officer
    assert requested.valid_until == dt.date(2027, 3, 16)
    assert requested.staff_note == "Payable in three instalments."
    assert [line.label_fr for line in requested.lines.all()] == [
        "Frais de scolarité : Mastère Spécialisé IA, 2027-2028"
    ]
    assert "Quote DEV-2027-0001, version 1, is issued and sent to the applicant." in text_of(
        response
    )


def test_a_validity_in_the_past_is_shown_next_to_its_field(staff, requested):
    with clock.frozen(IN_ROUND_1):
        response = staff.post(detail_url(requested), issue_form(valid_until="2027-01-10"))

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="valid_until-error"' in html
    assert "before today (15 January 2027)" in text_of(response)
    requested.refresh_from_db()
    assert requested.status == QuoteStatus.REQUESTED


def test_a_line_without_a_label_is_refused_on_its_row(staff, requested):
    with clock.frozen(IN_ROUND_1):
        response = staff.post(detail_url(requested), issue_form(**{"lines-1-amount": "250.00"}))

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="lines-1-label_en-error"' in html
    assert 'aria-describedby="lines-1-label_en-error"' in html


def test_the_second_officer_issuing_the_same_request_is_told(
    client, staff, requested, post_master_ai
):
    colleague = make_finance_officer(post_master_ai, "gaston.finance@example.org")
    with clock.frozen(IN_ROUND_1):
        staff.post(detail_url(requested), issue_form())
        client.force_login(colleague)
        response = client.post(detail_url(requested), issue_form(**{"lines-0-amount": "1.00"}))

    assert response.status_code == 409
    assert "someone else has just made it “Issued”" in text_of(response)
    requested.refresh_from_db()
    assert requested.total_cents == 1_850_000
    assert FinanceEvent.objects.filter(kind="quote_issued").count() == 1


def test_the_officer_revises_an_issued_quote(staff, requested, officer):
    issued = issue(requested, officer)

    with clock.frozen(IN_ROUND_1):
        response = staff.post(
            detail_url(issued),
            issue_form(action="revise", **{"lines-0-amount": "17000"}),
            follow=True,
        )

    issued.refresh_from_db()
    assert issued.status == QuoteStatus.SUPERSEDED
    v2 = Quote.objects.get(number="DEV-2027-0001", version=2)
    assert v2.total_cents == 1_700_000
    assert response.redirect_chain[-1][0] == detail_url(v2)
    assert "Quote DEV-2027-0001, version 2" in text_of(response)


def test_the_officer_sends_the_quote_to_the_employer(staff, requested, officer):
    issued = issue(requested, officer)
    payer = issued.payers.get()

    with clock.frozen(IN_ROUND_1):
        response = staff.post(
            detail_url(issued), {"action": "send", "payer": str(payer.pk)}, follow=True
        )

    assert "The quote is being sent to training@acme.example.org with its PDF." in text_of(response)
    event = FinanceEvent.objects.get(kind="quote_sent_to_payer")
    assert event.actor == officer


def test_the_officer_downloads_the_pdf(staff, requested, officer):
    issued = issue(requested, officer)

    response = staff.get(reverse("staff:quote-pdf", args=[issued.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Acme Robotics SAS" in pdf_text(response.content)


def test_staff_without_the_finance_role_get_404(client, requested, officer, post_master_ai):
    admissions_officer = make_user(
        "olga.admissions@example.org", [(Role.ADMISSIONS_OFFICER, post_master_ai)], mfa=True
    )
    client.force_login(admissions_officer)

    assert client.get(reverse("staff:quotes")).status_code == 404
    assert client.get(detail_url(requested)).status_code == 404


def test_a_finance_officer_of_another_programme_gets_404(client, requested, seed_programmes):
    other = make_finance_officer(seed_programmes["msc-cps2-ai-iot"], "omar.finance@example.org")
    client.force_login(other)

    assert client.get(detail_url(requested)).status_code == 404
    assert client.post(detail_url(requested), issue_form()).status_code == 404
    assert requested.application.reference not in text_of(client.get(reverse("staff:quotes")))
