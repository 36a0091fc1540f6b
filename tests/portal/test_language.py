"""Pages follow the browser's language, and the language switch changes it."""

from __future__ import annotations

import pytest
from django.conf import settings

from admissions.core import clock
from tests.calendar import paris
from tests.pages import text_of

pytestmark = pytest.mark.django_db

AT = paris(2020, 2, 1, 12)


def get(client, url, **headers):
    with clock.frozen(AT):
        return client.get(url, **headers)


def test_english_is_the_default(client, catalogue):
    response = get(client, "/programmes/")

    assert '<html lang="en">' in response.content.decode()
    assert "<h1>Programmes</h1>" in response.content.decode()


def test_accept_language_french_gives_french_pages(client, catalogue):
    response = get(client, "/programmes/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")

    assert '<html lang="fr">' in response.content.decode()
    assert "<h1>Formations</h1>" in response.content.decode()
    assert "Passer au contenu principal" in text_of(response)


def test_an_unsupported_language_falls_back_to_english(client, catalogue):
    response = get(client, "/programmes/", HTTP_ACCEPT_LANGUAGE="de")

    assert '<html lang="en">' in response.content.decode()


def test_every_page_offers_the_language_switch(client, catalogue):
    html = get(client, "/programmes/post-master-ai/").content.decode()

    assert 'action="/i18n/setlang/"' in html
    assert '<label for="language-switch" class="visually-hidden">Language</label>' in html
    assert 'name="next" value="/programmes/post-master-ai/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<option value="fr" lang="fr">Français</option>' in html


def test_the_switch_keeps_the_filters_of_the_page(client, catalogue):
    html = get(client, "/programmes/?kind=post_master&open_now=on").content.decode()

    assert 'name="next" value="/programmes/?kind=post_master&amp;open_now=on"' in html


def test_switching_to_french_sets_the_cookie_and_returns_to_the_page(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/programmes/"})

    assert response.status_code == 302
    assert response["Location"] == "/programmes/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"

    french = get(client, "/programmes/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Formations</h1>" in french.content.decode()


def test_switching_back_to_english(client, catalogue):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert "<h1>Programmes</h1>" in get(client, "/programmes/").content.decode()


def test_the_switch_refuses_to_send_people_to_another_site(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_the_switch_works_with_csrf_checks_on(catalogue):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = get(client, "/")
    token = page.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_a_link_with_lang_fr_answers_in_french_and_keeps_french(client, catalogue):
    response = get(client, "/programmes/?lang=fr", HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="fr">' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    after = get(client, "/programmes/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Formations</h1>" in after.content.decode()


def test_lang_en_brings_english_back(client, catalogue):
    get(client, "/programmes/?lang=fr")

    response = get(client, "/programmes/?lang=en")

    assert "<h1>Programmes</h1>" in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_lang_is_ignored(client, catalogue):
    response = get(client, "/programmes/?lang=de")

    assert '<html lang="en">' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switch_on_a_lang_link_returns_to_the_page_without_lang(client, catalogue):
    html = get(client, "/programmes/?kind=post_master&lang=fr").content.decode()

    assert 'name="next" value="/programmes/?kind=post_master"' in html
