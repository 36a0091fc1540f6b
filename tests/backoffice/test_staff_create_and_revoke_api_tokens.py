"""Staff create API tokens on ``/staff/api-tokens/new/``: the secret shows once on the next
page (a reload shows it no more, and only its SHA-256 is stored); the scopes that release
decisions or export personal data are offered only right after the person confirmed who
they are, for 90 days at most; administrators manage the service accounts' tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time

import pytest
from django.utils import timezone, translation

from admissions.accounts import tokens
from admissions.accounts.models import ApiToken
from admissions.core import clock
from admissions.core.models import AuditEvent
from admissions.core.permissions import SYSTEM
from admissions.core.roles import Role
from tests.accounts.codes import current_code
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of

NEW = "/staff/api-tokens/new/"
LIST = "/staff/api-tokens/"


def code_typed_minutes_ago(client, minutes: float) -> None:
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] = time.time() - minutes * 60
    session["account_authentication_methods"] = records
    session.save()


def in_days(days: int) -> str:
    return (timezone.localdate(clock.now()) + dt.timedelta(days=days)).isoformat()


def form(**changes) -> dict:
    return {
        "owner": "me",
        "name": "SIS nightly import",
        "scopes": ["applications:read", "finance:read"],
        "expires_on": in_days(30),
        **changes,
    }


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def secret_on(response) -> str | None:
    found = re.search(r'value="(adm_[^"]+)"', response.content.decode())
    return found.group(1) if found else None


def test_the_secret_shows_once_and_only_its_hash_is_kept(signed_in, officer):
    created = signed_in.post(NEW, form())
    assert created.status_code == 302
    sealed = str(dict(signed_in.session.items()))
    pad = signed_in.cookies["admissions_token_pad"]
    assert pad["httponly"] and pad["samesite"] == "Strict"
    page = signed_in.get(created["Location"])
    secret = secret_on(page)
    assert secret and secret.startswith("adm_")
    assert "shown only once" in text_of(page)
    assert page["Cache-Control"] == "private, no-store"
    token = ApiToken.objects.get(owner=officer)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret)
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(secret in value for value in stored)
    # Neither the session before display nor the cookie held it in plain text; after, neither
    # holds anything of it.
    assert secret not in sealed and secret not in pad.value
    assert all(secret not in str(value) for value in signed_in.session.values())
    assert signed_in.cookies["admissions_token_pad"].value == ""

    reloaded = signed_in.get(created["Location"])
    assert secret_on(reloaded) is None
    assert "cannot be shown again" in text_of(reloaded)


def test_the_list_shows_the_tokens_name_prefix_scopes_and_dates(signed_in, officer, post_master):
    signed_in.post(NEW, form(programmes=[post_master.pk]))
    page = signed_in.get(LIST)
    text = text_of(page)
    token = ApiToken.objects.get(owner=officer)
    assert "SIS nightly import" in text
    assert f"{token.prefix}…" in text
    assert "finance:read" in text and "applications:read" in text
    assert post_master.name_en in text
    assert "Never" in text
    assert_accessible_outline(page)
    assert_csp_clean(page)


def test_creating_and_revoking_are_audited(signed_in, officer):
    signed_in.post(NEW, form())
    token = ApiToken.objects.get(owner=officer)
    response = signed_in.post(f"/staff/api-tokens/{token.public_id}/revoke/")
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None
    actions = list(
        AuditEvent.objects.filter(object_ref=token.prefix).values_list("action", flat=True)
    )
    assert sorted(actions) == ["api_token.created", "api_token.revoked"]


def test_sensitive_scopes_are_not_offered_without_a_fresh_confirmation(signed_in):
    code_typed_minutes_ago(signed_in, 11)
    page = signed_in.get(NEW)
    assert 'value="exports:read"' not in page.content.decode()
    assert "Confirm it is you" in text_of(page)
    refused = signed_in.post(NEW, form(scopes=["exports:read"]))
    assert refused.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_page_leads_to_the_code_step_and_back_with_the_sensitive_scopes(signed_in, officer):
    code_typed_minutes_ago(signed_in, 30)
    page = signed_in.get(NEW).content.decode()
    link = re.search(r'href="(/accounts/2fa/reauthenticate/\?next=[^"]+)"', page).group(1)
    link = link.replace("&amp;", "&")
    confirmed = signed_in.post(link, {"code": current_code(officer)})
    assert confirmed["Location"] == NEW
    assert 'value="exports:read"' in signed_in.get(NEW).content.decode()


def test_right_after_confirming_a_sensitive_token_is_created_for_90_days_at_most(signed_in):
    code_typed_minutes_ago(signed_in, 2)
    assert 'value="decisions:release"' in signed_in.get(NEW).content.decode()
    too_long = signed_in.post(NEW, form(scopes=["decisions:release"], expires_on=in_days(120)))
    assert too_long.status_code == 400
    assert "at most 90 days" in text_of(too_long)
    created = signed_in.post(NEW, form(scopes=["decisions:release"], expires_on=in_days(90)))
    assert created.status_code == 302
    assert ApiToken.objects.get().scopes == ["decisions:release"]


def test_a_token_may_not_outlive_a_year(signed_in):
    response = signed_in.post(NEW, form(expires_on=in_days(400)))
    assert response.status_code == 400
    assert "at most 365 days" in text_of(response)


def test_a_token_is_limited_to_the_owners_programmes(signed_in, msc):
    response = signed_in.post(NEW, form(programmes=[msc.pk]))
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


@pytest.fixture
def service_account(post_master):
    return tokens.create_service_account(
        email="sis@school.example",
        name="Student information system",
        roles=[(Role.FINANCE_OFFICER, post_master)],
        actor=SYSTEM,
    )


def test_an_administrator_creates_lists_and_revokes_a_service_accounts_token(
    client, administrator, service_account
):
    client.force_login(administrator)
    created = client.post(NEW, form(owner=f"service-{service_account.pk}", scopes=["finance:read"]))
    assert created.status_code == 302
    token = ApiToken.objects.get(owner=service_account)
    assert token.created_by == administrator
    listed = text_of(client.get(LIST))
    assert "Service accounts' tokens" in listed and "sis@school.example" in listed
    client.post(f"/staff/api-tokens/{token.public_id}/revoke/")
    token.refresh_from_db()
    assert token.revoked_by == administrator


def test_other_staff_neither_see_nor_revoke_a_service_accounts_token(signed_in, service_account):
    token = tokens.create_token(
        owner=service_account,
        name="Nightly import",
        scopes=["finance:read"],
        expires_at=clock.now() + dt.timedelta(days=10),
        actor=SYSTEM,
    ).token
    assert "Service accounts' tokens" not in text_of(signed_in.get(LIST))
    assert 'value="service-' not in signed_in.get(NEW).content.decode()
    response = signed_in.post(f"/staff/api-tokens/{token.public_id}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_pages_read_in_french(signed_in):
    with translation.override("fr"):
        signed_in.cookies["django_language"] = "fr"
        new = text_of(signed_in.get(NEW))
        listed = text_of(signed_in.get(LIST))
    assert "Créer un jeton d'API" in new
    assert "Jetons d'API" in listed
