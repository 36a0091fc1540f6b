"""A person reads a programme page, clicks "Apply", signs up, gets the school's email in
their language (not the library's "Hello from …"), confirms, and continues to the programme
page they came from. A forgotten password gets the school's email too."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from admissions.accounts.models import User
from tests.people import PASSWORD, make_user

PROGRAMME_PAGE = "/programmes/post-master-ai/"
LINK = re.compile(r"https?://[^/\s]+(/accounts/[^\s>]+)")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed_programmes"),
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts sign-ups and verification emails in the cache: start each story afresh."""
    cache.clear()
    yield
    cache.clear()


def sign_up(client: Client, email: str, *, language: str = "en", following: str = PROGRAMME_PAGE):
    client.cookies["django_language"] = language
    response = client.post(
        f"/accounts/signup/?next={following}",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_privacy_notice": "on",
            "next": following,
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    return message


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


@override_settings(SCHOOL_NAME="École Exemple")
@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("en", "Confirm your email address for École Exemple", "Dear amina@example.org,"),
        ("fr", "Confirmez votre adresse e-mail pour École Exemple", "Bonjour amina@example.org,"),
    ],
)
def test_the_verification_email_is_the_schools_in_the_persons_language(
    client, language, subject, greeting
):
    message = sign_up(client, "amina@example.org", language=language)

    assert message.subject == subject
    assert greeting in message.body
    assert "Hello from" not in message.body and "Thank you for using" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and f'<html lang="{language}">' in html
    assert User.objects.get(email="amina@example.org").preferred_language == language


def test_confirming_in_the_same_browser_continues_to_the_programme_page(client):
    message = sign_up(client, "amina@example.org")

    response = client.post(link_in(message))

    assert response.status_code == 302
    assert response["Location"] == PROGRAMME_PAGE
    assert client.get("/me/").status_code == 200  # signed in


def test_confirming_in_another_browser_still_leads_to_the_programme_page(client):
    message = sign_up(client, "amina@example.org")

    elsewhere = Client()
    response = elsewhere.post(link_in(message))

    assert response.status_code == 302
    assert response["Location"] == PROGRAMME_PAGE


def test_a_next_page_on_another_site_is_not_carried_into_the_email(client):
    message = sign_up(client, "amina@example.org", following="https://evil.example.org/")

    assert "evil.example.org" not in message.body
    assert client.post(link_in(message))["Location"] != "https://evil.example.org/"


@override_settings(SCHOOL_NAME="École Exemple")
def test_the_password_reset_email_is_the_schools_in_the_persons_language(client):
    make_user("amina@example.org", preferred_language="fr")

    response = client.post("/accounts/password/reset/", {"email": "amina@example.org"})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Choisissez un nouveau mot de passe pour École Exemple"
    assert "Bonjour" in message.body and "Hello from" not in message.body
    path = urlsplit(LINK.search(message.body).group(0)).path
    assert path.startswith("/accounts/password/reset/key/")
    assert client.get(path).status_code in (200, 302)


@override_settings(SCHOOL_NAME="École Exemple")
def test_signing_up_again_with_a_known_address_sends_the_schools_email_to_its_owner(client):
    make_user("amina@example.org", preferred_language="fr")

    message = sign_up(client, "amina@example.org", language="en")

    assert message.subject == "Vous avez déjà un compte sur École Exemple"
    assert "Hello from" not in message.body
    assert "/accounts/password/reset/" in message.body


@override_settings(SCHOOL_NAME="École Exemple")
def test_a_password_reset_for_an_unknown_address_sends_the_schools_email(client):
    client.cookies["django_language"] = "en"

    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    [message] = mail.outbox
    assert message.subject == "No account on École Exemple uses this address"
    assert "Hello from" not in message.body
    assert "/accounts/signup/" in message.body
