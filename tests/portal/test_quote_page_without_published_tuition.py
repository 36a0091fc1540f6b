"""The MSc publishes no tuition yet: its quotes page says so in the reader's language and
offers no quote to request (there is nothing to quote), and a request sent anyway is refused
with the reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.finance import errors
from admissions.finance.models import Quote
from tests.calendar import IN_ROUND_1
from tests.finance.quote_helpers import application_to, request
from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(seed_programmes):
    msc = seed_programmes["msc-cps2-ai-iot"]
    assert msc.tuition_cents == 0  # the programme page states none
    return application_to(msc)


def quotes_page(client, application, **headers):
    client.force_login(application.applicant)
    with clock.frozen(IN_ROUND_1):
        return client.get(reverse("portal:quotes", args=[application.reference]), **headers)


def test_the_page_says_the_tuition_is_not_published_and_offers_no_request(client, application):
    response = quotes_page(client, application, HTTP_ACCEPT_LANGUAGE="en")

    text = text_of(response)
    assert response.status_code == 200
    assert "€0" not in text and "0 €" not in text
    assert "The tuition for 2027-2028 is not published yet" in text
    assert "there is no quote to request" in text
    assert 'name="self_funded_use"' not in response.content.decode()


def test_the_page_says_so_in_french(client, application):
    response = quotes_page(client, application, HTTP_ACCEPT_LANGUAGE="fr")

    text = text_of(response)
    assert "0 €" not in text and "0,00 €" not in text
    assert "Les frais de scolarité de 2027-2028 ne sont pas encore publiés" in text
    assert "il n'y a pas de devis à demander" in text


def test_a_request_sent_anyway_is_refused_with_the_reason(client, application):
    client.force_login(application.applicant)
    with clock.frozen(IN_ROUND_1):
        response = client.post(
            reverse("portal:quotes", args=[application.reference]),
            {"self_funded_use": "on"},
        )

    assert response.status_code == 409
    assert "The tuition for 2027-2028 is not published yet" in text_of(response)
    assert not Quote.objects.exists()


def test_the_service_refuses_a_request_without_a_published_tuition(application):
    with pytest.raises(errors.QuoteRefused) as refused:
        request(application, [{"route": "self_funded", "amount_cents": None}])
    assert refused.value.code == "quote_request_refused"
    assert "not published" in str(refused.value)
    assert not Quote.objects.exists()
