"""Applicants look for how to fund the Post-Master's, how long they have to register once
admitted, and which languages it expects, before they apply: the page says all three, from
the programme's YAML, with each funding route's dates for the intakes it shows."""

from __future__ import annotations

import pytest

from admissions.catalogue.loader import read_programme_text
from admissions.catalogue.yaml_schema import ProgrammeConfigError
from admissions.core import clock
from tests.calendar import IN_ROUND_1
from tests.catalogue.factories import programme_data, programme_yaml
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def page(client, slug="post-master-ai", language="en"):
    client.cookies["django_language"] = language
    with clock.frozen(IN_ROUND_1):
        return text_of(client.get(f"/programmes/{slug}/"))


def test_the_funding_routes_are_listed_with_their_dates(client, seed_programmes):
    text = page(client)

    assert "Funding your studies" in text
    assert "first request a tuition quote" in text
    assert "CPF (personal training account)" in text
    assert "Transitional CPF (Fongecif) Apply no later than round 2." in text
    assert "For the 2027-2028 intake, round 2 closes on 23 March 2027." in text
    assert "France Travail (ex-Pôle emploi)" in text
    assert "Pôle emploi)" not in text.replace("(ex-Pôle emploi)", "")
    assert "at least 15 days before classes start" in text
    assert "For the 2027-2028 intake: by 16 September 2027." in text
    assert "Partner bank: BNP Paribas." in text
    assert "Partner bank: BMCI, for students from Morocco." in text
    assert "Partner bank: UBCI, for students from Tunisia." in text


def test_the_priority_registration_window_is_stated(client, seed_programmes):
    text = page(client)

    assert (
        "Admitted applicants have a priority registration period of 10 days to secure their "
        "place." in text
    )


def test_the_language_expectations_are_stated(client, seed_programmes):
    text = page(client)

    assert (
        "English: level B2 at least on entry. It must be certified by an external exam. "
        "Level C1 is preferred." in text
    )
    assert (
        "French: level B1 at least by the end of the programme. This is asked of "
        "international students. Level B2 is preferred." in text
    )


def test_the_same_in_french(client, seed_programmes):
    text = page(client, language="fr")

    assert "Financer vos études" in text
    assert "Candidatez au plus tard lors de la session 2." in text
    assert "Pour la rentrée 2027-2028 : au plus tard le 16 septembre 2027." in text
    assert "Banque partenaire : BMCI, pour les étudiants de ces pays : Maroc." in text
    assert "période d'inscription prioritaire de 10 jours" in text
    assert "Anglais : niveau B2 au minimum à l'entrée." in text
    assert "Français : niveau B1 au minimum à la fin du programme." in text


def test_a_programme_without_these_settings_shows_no_empty_sections(client, seed_programmes):
    text = page(client, slug="msc-cps2-ai-iot")

    assert "Funding your studies" not in text
    assert "Language expectations" not in text


def test_a_language_expectation_with_an_unknown_level_is_refused_with_its_path():
    data = programme_data(
        settings={"language_expectations": [{"language": "en", "level": "B3", "when": "entry"}]}
    )

    with pytest.raises(ProgrammeConfigError) as caught:
        read_programme_text(programme_yaml(data), "programmes/test-programme.yaml")

    paths = [issue.path for issue in caught.value.issues]
    assert "settings.language_expectations[0].level" in paths
