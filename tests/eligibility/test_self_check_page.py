"""The public self-check page: a person without an account fills a short profile and sees,
for every published programme and entry level, whether they are eligible and why."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from admissions.applicants.models import Profile
from admissions.applications.models import Application
from admissions.catalogue.models import Programme
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

pytestmark = pytest.mark.django_db

URL = "/eligibility/"

# A French engineer from a CTI-accredited school, TOEIC 720, MOOC passed: eligible for the
# Post-Master's in AI; for the MSc, TOEIC 720 is below B2.
ENGINEER = {
    "nationality": "FR",
    "residence_country": "FR",
    "native_languages": ["fr"],
    "instruction_languages": ["fr"],
    "degree_level": "engineering",
    "degree_field": "computer_science",
    "degree_ects": "300",
    "degree_years": "5",
    "degree_country": "FR",
    "degree_cti_accredited": "yes",
    "degree_completed": "yes",
    "experience_months": "0",
    "test1_test": "TOEIC_LR",
    "test1_score": "720",
    "test1_date": "2026-05-01",
    "certification_mooc_big_data_basics": "passed",
}


@pytest.fixture
def catalogue(seed_programmes):
    hidden = Programme.objects.get(slug="msc-cps2-ai-iot")
    return seed_programmes, hidden


def test_the_page_is_mounted_at_eligibility():
    assert reverse("portal:eligibility-check") == URL


def test_the_empty_form_is_accessible_and_needs_no_account(client, seed_programmes):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert page.count("<fieldset") >= 6 and page.count("<legend") == page.count("<fieldset")
    for name in ("id_degree_ects", "id_test1_score", "id_experience_months", "id_nationality"):
        assert f'for="{name}"' in page, name
    assert 'aria-describedby="degree_ects-help"' in page
    assert "Your results" not in page
    assert_accessible_outline(response)
    assert_csp_clean(response)


def test_the_form_asks_about_the_mooc_the_rules_name(client, seed_programmes):
    text = text_of(client.get(URL))
    assert "The Basics of Big Data" in text
    assert "Taken, result awaited" in text


def test_an_engineer_sees_every_programme_and_entry_level_with_reasons(client, seed_programmes):
    response = client.post(URL, ENGINEER)
    assert response.status_code == 200
    text = text_of(response)
    for name in (
        "Post-Master's degree in Artificial Intelligence",
        "Master of Science in Engineering CPS2: AI and IoT",
        "Entry into the Post-Master's degree",
        "Entry into the first year of Master's (M1)",
        "Entry into the second year of Master's (M2)",
    ):
        assert name in text, name
    # The outcome is written in words, next to each criterion's sentence.
    assert "Outcome: Eligible" in text
    assert "Outcome: Not eligible" in text
    assert "Your TOEIC score of 720 meets the 700 this programme requires." in text
    assert "Your TOEIC score of 720 corresponds to level B1" in text
    page = response.content.decode()
    assert f'href="{reverse("portal:programme", args=["post-master-ai"])}"' in page
    assert "/accounts/signup/?next=/programmes/post-master-ai/" in page
    assert_accessible_outline(response)
    assert_csp_clean(response)


def test_what_is_left_empty_is_unknown_not_failed(client, seed_programmes):
    text = text_of(client.post(URL, {"degree_level": "master1"}))
    assert "Outcome: Information missing" in text
    assert "Outcome: Not eligible" not in text.replace("Outcome: Information missing", "")


def test_an_unpublished_programme_is_not_checked(client, seed_programmes):
    Programme.objects.filter(slug="msc-cps2-ai-iot").update(is_published=False)
    text = text_of(client.post(URL, ENGINEER))
    assert "Post-Master's degree in Artificial Intelligence" in text
    assert "CPS2" not in text


def test_a_score_off_the_scale_is_explained_next_to_its_field(client, seed_programmes):
    response = client.post(URL, {**ENGINEER, "test1_score": "1200"})
    page = response.content.decode()
    assert "A TOEIC score is between 10 and 990." in text_of(response)
    field = re.search(r"<input[^>]*id=\"id_test1_score\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="test1_score-error test1_score-help"' in field
    assert 'id="test1_score-error"' in page
    assert 'href="#id_test1_score"' in page  # the summary links to the field
    assert "Your results" not in page


def test_a_diploma_level_it_cannot_certify_is_refused(client, seed_programmes):
    response = client.post(URL, {**ENGINEER, "test2_test": "DELF", "test2_level": "C1"})
    assert "DELF certifies the levels A1, A2, B1, B2" in text_of(response)


def test_test_details_without_a_test_are_refused(client, seed_programmes):
    response = client.post(URL, {**ENGINEER, "test2_score": "700"})
    assert "Choose the test these results belong to." in text_of(response)


def test_negative_ects_are_refused(client, seed_programmes):
    response = client.post(URL, {**ENGINEER, "degree_ects": "-5"})
    assert 'id="degree_ects-error"' in response.content.decode()


def test_nothing_is_stored(client, seed_programmes):
    client.post(URL, ENGINEER)
    assert Profile.objects.count() == 0
    assert Application.objects.count() == 0


def test_posting_needs_the_csrf_token(seed_programmes):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, ENGINEER).status_code == 403


def test_results_are_not_cached(client, seed_programmes):
    response = client.post(URL, ENGINEER)
    assert "no-store" in response["Cache-Control"]


def test_the_page_speaks_french(client, seed_programmes):
    response = client.post(URL, ENGINEER, HTTP_ACCEPT_LANGUAGE="fr")
    text = text_of(response)
    assert '<html lang="fr">' in response.content.decode()
    assert "Vérifiez votre éligibilité" in text
    assert "Mastère Spécialisé Intelligence artificielle" in text
    assert "Résultat : Éligible" in text
    assert "Votre score TOEIC de 720" in text
    assert "Voir le programme" in text and "Candidater" in text
    assert_accessible_outline(response)


def test_french_form_errors_are_in_french(client, seed_programmes):
    response = client.post(URL, {**ENGINEER, "test1_score": "1200"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Un score TOEIC est compris entre 10 et 990." in text_of(response)
