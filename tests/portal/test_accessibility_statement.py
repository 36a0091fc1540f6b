"""The accessibility statement French law asks for (RGAA): reachable from every page's footer,
in English and in French, honest about the conformance level, saying how the site was tested,
what is known not to work, whom to contact and where to turn next."""

from __future__ import annotations

import pytest

from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

pytestmark = pytest.mark.django_db


def test_the_statement_says_how_far_the_site_conforms_and_how_it_was_checked(client, settings):
    settings.DEFAULT_FROM_EMAIL = "Admissions <admissions@school.example>"

    response = client.get("/accessibility/")

    assert response.status_code == 200
    page = text_of(response)
    assert "partially compliant with the RGAA 4.1" in page
    assert "axe-core" in page
    assert "Keyboard use" in page
    assert "Known limitations" in page
    assert "PDF documents" in page
    assert 'href="mailto:admissions@school.example"' in response.content.decode()
    assert "Défenseur des droits" in page
    assert "https://formulaire.defenseurdesdroits.fr/" in response.content.decode()
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in page
    assert_accessible_outline(response)
    assert_csp_clean(response)


def test_the_statement_is_in_french_for_a_french_reader(client):
    response = client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    page = text_of(response)
    assert "Déclaration d'accessibilité" in page
    assert "partiellement conforme au RGAA 4.1" in page
    assert "Voies de recours" in page
    assert "Accessibilité : partiellement conforme" in page


@pytest.mark.parametrize("path", ["/", "/programmes/", "/eligibility/", "/accounts/login/"])
def test_every_page_links_to_the_statement_from_its_footer(client, path):
    response = client.get(path)

    footer = response.content.decode().split("<footer", 1)[1]
    assert '<a href="/accessibility/">Accessibility: partially compliant</a>' in footer


def test_the_statement_marks_its_own_footer_link_as_the_current_page(client):
    response = client.get("/accessibility/")

    footer = response.content.decode().split("<footer", 1)[1]
    assert '<a href="/accessibility/" aria-current="page">' in footer
