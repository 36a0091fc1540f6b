"""The privacy notice says what the school keeps, why, on what basis, for how long, the
rights people have and whom to ask; every page links it; signing up needs ticking that one
has read it, and the account records the version accepted and when."""

import html

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from admissions.accounts.models import User
from admissions.core import clock
from tests.calendar import paris

PASSWORD = "a-long-and-unusual-passphrase-2027"
NOW = paris(2027, 1, 15, 10)


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def sign_up(client, **extra):
    data = {"email": "amina@example.org", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post("/accounts/signup/", data)


@override_settings(
    DPO_NAME="Claire Délégué", DPO_EMAIL="dpo@school.example", RETENTION_MONTHS_AFTER_INTAKE=18
)
def test_the_notice_names_purposes_bases_retention_rights_and_the_officer(client, db):
    page = client.get("/privacy/")

    assert page.status_code == 200
    html = page.content.decode()
    for words in (
        "What we use your data for, and on what legal basis",
        "article 6(1)(b)",
        "18 months after the end of the intake",
        "Erasure",
        "Portability",
        "CNIL",
        "Claire Délégué",
        'href="mailto:dpo@school.example"',
    ):
        assert words in html, words


def test_the_notice_speaks_french(client, db):
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="fr")
    text = html.unescape(page.content.decode())
    assert "Politique de confidentialité" in text
    assert "Vos droits" in text
    assert "24 mois après la fin de la rentrée" in text


@pytest.mark.parametrize("path", ["/", "/programmes/", "/accounts/login/", "/accounts/signup/"])
def test_every_page_links_the_notice_in_its_footer(client, db, path):
    html = client.get(path).content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/privacy/"' in footer


def test_signing_up_without_ticking_the_box_is_refused_with_a_reason(client, db):
    response = sign_up(client)

    assert response.status_code == 200
    assert "Tick this box to confirm you have read the privacy notice" in response.content.decode()
    assert not User.objects.filter(email="amina@example.org").exists()
    assert mail.outbox == []


@override_settings(PRIVACY_NOTICE_VERSION="2027-01")
def test_signing_up_records_the_version_accepted_and_when(client, db):
    with clock.frozen(NOW):
        response = sign_up(client, accept_privacy_notice="on")

    assert response.status_code == 302
    person = User.objects.get(email="amina@example.org")
    assert person.privacy_notice_version == "2027-01"
    assert person.privacy_notice_accepted_at == NOW


def test_the_sign_up_form_links_the_notice(client, db):
    html = client.get("/accounts/signup/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'name="accept_privacy_notice"' in main
    assert 'href="/privacy/"' in main
