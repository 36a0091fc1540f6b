"""In French a document's state is a phrase of its own, never an adjective glued to names of
every gender and number ("Lettre de recommandation facultatif Manquant", "Diplômes
Manquant", "Attestation de MOOC — Attendu plus tard")."""

from __future__ import annotations

import re

import pytest

from tests.pages import text_of
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    complete_profile,
    in_round_1_fixture,
    start_application,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")

AGREEMENT_ERRORS = re.compile(
    r"\b(?:Manquant|Déposé|Accepté|Refusé|Attendu plus tard|facultatif|Facultatif|Obligatoire)\b"
)


def test_the_documents_page_names_each_state_with_a_phrase(
    client, seed_programmes, applicant, in_round_1
):
    complete_profile(applicant)
    application = start_application(applicant, seed_programmes["post-master-ai"], in_round_1)
    client.cookies["django_language"] = "fr"
    client.force_login(applicant)

    page = text_of(client.get(f"/applications/{application.reference}/documents/"))

    assert re.search(r"Diplômes Pièce manquante", page)
    assert re.search(r"Lettres? de recommandation\w* pièce facultative Pièce non fournie", page)
    assert not AGREEMENT_ERRORS.findall(page)


def test_the_programme_page_says_which_documents_are_required_with_a_phrase(
    client, seed_programmes, in_round_1
):
    client.cookies["django_language"] = "fr"

    page = text_of(client.get("/programmes/post-master-ai/"))

    assert "Diplômes Pièce obligatoire" in page
    assert "Pièce facultative" in page
    assert not AGREEMENT_ERRORS.findall(page)
