"""An applicant to the Post-Master's in AI asks for a quote funded by Pôle Emploi from the
quotes page, sees the last safe date to send the request to the counsellor, and gets told
next to the field what to fix when the request does not hold together."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.finance.models import Quote, QuoteStatus
from tests.calendar import IN_ROUND_1, paris
from tests.finance.quote_helpers import application_to, request
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def post_master_ai(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def application(post_master_ai):
    return application_to(post_master_ai)


@pytest.fixture
def client_of(client, application):
    client.force_login(application.applicant)
    return client


def list_url(application) -> str:
    return reverse("portal:quotes", args=[application.reference])


def test_the_quotes_page_says_to_request_a_quote_first_and_shows_each_routes_rules(
    client_of, application
):
    with clock.frozen(IN_ROUND_1):
        response = client_of.get(list_url(application))

    assert response.status_code == 200
    text = text_of(response)
    assert (
        "Regardless of how you plan to finance your studies, you must first request a quote" in text
    )
    assert "by 16 September 2027 at the latest" in text
    assert "apply no later than round 2" in text
    assert "https://www.moncompteformation.gouv.fr/" in text
    assert "BNP Paribas" in text
    assert "BMCI" not in text  # for Moroccan nationals or residents only
    assert "Tuition for 2027-2028: €18,500." in text
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_a_pole_emploi_request_is_sent_and_the_last_safe_date_is_shown_with_it(
    client_of, application
):
    with clock.frozen(IN_ROUND_1):
        response = client_of.post(
            list_url(application),
            {
                "pole_emploi_use": "on",
                "pole_emploi_counsellor": "M. Lefèvre",
                "note": "My counsellor needs it by March.",
            },
            follow=True,
        )

    quote = Quote.objects.get(application=application)
    assert quote.status == QuoteStatus.REQUESTED
    assert quote.applicant_note == "My counsellor needs it by March."
    [route] = quote.funding.all()
    assert (route.route, route.amount_cents, route.payer) == ("pole_emploi", None, None)
    assert route.details == {"counsellor": "M. Lefèvre"}
    assert response.redirect_chain[-1][0] == reverse(
        "portal:quote", args=[application.reference, str(quote.public_id)]
    )
    text = text_of(response)
    assert "Your quote request was sent to the finance office." in text
    assert "Quote request of 15 January 2027" in text
    assert "by 16 September 2027 at the latest" in text
    assert "Cancel this request" in text


def test_the_page_warns_when_the_last_safe_date_is_near_and_when_it_has_passed(
    client_of, application
):
    with clock.frozen(paris(2027, 9, 10, 12)):
        near = text_of(client_of.get(list_url(application)))
    with clock.frozen(paris(2027, 9, 17, 9)):
        late = text_of(client_of.get(list_url(application)))

    assert "Soon: France Travail (ex-Pôle emploi)" in near
    assert "Only 6 days are left" in near
    assert "Too late: France Travail (ex-Pôle emploi)" in late
    assert "That date has passed" in late


def test_an_employer_without_its_details_is_refused_next_to_each_field(client_of, application):
    with clock.frozen(IN_ROUND_1):
        response = client_of.post(
            list_url(application),
            {"employer_use": "on", "employer_contact_name": "Claire Dupont"},
        )

    assert response.status_code == 422
    html = response.content.decode()
    for field in ("organisation", "email", "billing_address"):
        assert f'id="employer_{field}-error"' in html
        assert f'aria-describedby="employer_{field}-error"' in html
    text = text_of(response)
    assert "Give the name of the organisation that pays" in text
    assert "Claire Dupont" in html  # what was typed is kept
    assert not Quote.objects.exists()


def test_amounts_above_the_tuition_are_refused_on_the_amount_field(client_of, application):
    with clock.frozen(IN_ROUND_1):
        response = client_of.post(
            list_url(application),
            {
                "self_funded_use": "on",
                "self_funded_amount": "10000",
                "cpf_use": "on",
                "cpf_amount": "9000.50",
            },
        )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="cpf_amount-error"' in html
    assert "The amounts add up to €19,000.50, more than the tuition (€18,500)." in text_of(response)
    assert not Quote.objects.exists()


def test_a_request_without_any_route_ticked_is_refused(client_of, application):
    with clock.frozen(IN_ROUND_1):
        response = client_of.post(list_url(application), {"note": "Hello"})

    assert response.status_code == 422
    assert "Choose at least one way of funding your studies." in text_of(response)


def test_once_classes_have_started_the_page_says_why_no_quote_can_be_requested(
    client_of, application
):
    with clock.frozen(paris(2027, 10, 1, 8)):
        page = client_of.get(list_url(application))
        posted = client_of.post(list_url(application), {"self_funded_use": "on"}, follow=True)

    assert "a quote can no longer be requested for this intake" in text_of(page)
    assert "Send my quote request" not in text_of(page)
    assert "a quote can no longer be requested for this intake" in text_of(posted)
    assert not Quote.objects.exists()


def test_a_pending_request_replaces_the_form_with_a_link_to_it(client_of, application):
    request(application)

    with clock.frozen(IN_ROUND_1):
        text = text_of(client_of.get(list_url(application)))

    assert "Your request of 15 January 2027 is waiting for the finance office." in text
    assert "Send my quote request" not in text


def test_the_funding_step_leads_to_the_quotes_page(client_of, application):
    with clock.frozen(IN_ROUND_1):
        response = client_of.get(reverse("portal:step", args=[application.reference, "funding"]))

    assert response.status_code == 200
    assert "you must first request a quote" in text_of(response)
    assert list_url(application) in response.content.decode()


def test_another_applicant_cannot_open_the_quotes_of_an_application(
    client, application, other_applicant
):
    quote = request(application)
    client.force_login(other_applicant)

    assert client.get(list_url(application)).status_code == 404
    detail = reverse("portal:quote", args=[application.reference, str(quote.public_id)])
    assert client.get(detail).status_code == 404


def test_a_quote_of_another_application_is_not_found_under_ones_own_reference(
    client, post_master_ai
):
    mine = application_to(post_master_ai)
    theirs = request(application_to(post_master_ai))
    client.force_login(mine.applicant)

    url = reverse("portal:quote", args=[mine.reference, str(theirs.public_id)])
    assert client.get(url).status_code == 404


def test_in_french_the_page_gives_the_deadlines_in_french(client_of, application):
    with clock.frozen(IN_ROUND_1):
        response = client_of.get(list_url(application), HTTP_ACCEPT_LANGUAGE="fr")

    text = text_of(response)
    assert '<html lang="fr">' in response.content.decode()
    assert "soit au plus tard le 16 septembre 2027" in text
    assert "Quel que soit votre mode de financement, vous devez d'abord demander un devis" in text
    assert "18 500 €" in text.replace("\u202f", " ").replace("\u00a0", " ")
