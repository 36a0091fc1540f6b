"""The rules of API tokens, at the service: stored as a hash, scopes known, sensitive scopes
only after a fresh confirmation and for 90 days at most, programmes within the owner's, and
only an administrator acts for a service account. Every refusal records nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from admissions.accounts import tokens
from admissions.accounts.models import ApiToken, User
from admissions.core import clock
from admissions.core.errors import NotFound
from admissions.core.models import AuditEvent
from admissions.core.permissions import SYSTEM
from admissions.core.roles import Role
from tests.people import make_user

NOW = dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC)


def create(owner, *, actor=None, **changes):
    arguments = {
        "owner": owner,
        "name": "Nightly import",
        "scopes": ["applications:read"],
        "expires_at": NOW + dt.timedelta(days=30),
        "actor": actor or owner,
        "now": NOW,
        **changes,
    }
    return tokens.create_token(**arguments)


def test_only_the_hash_of_the_secret_is_stored_and_the_secret_finds_the_token(officer):
    created = create(officer)
    assert created.secret.startswith("adm_") and len(created.secret) >= 40
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(created.secret.encode()).hexdigest()
    assert created.secret not in str(ApiToken.objects.values().get())
    assert tokens.find_token(created.secret) == token
    assert tokens.find_token(created.secret[:-1] + "x") is None
    assert tokens.find_token("not a token") is None


def test_two_tokens_never_share_a_secret(officer):
    assert create(officer).secret != create(officer).secret


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"scopes": []}, "no_scope"),
        ({"scopes": ["everything:write"]}, "unknown_scope"),
        ({"name": "   "}, "name_required"),
        ({"expires_at": NOW - dt.timedelta(minutes=1)}, "expiry_in_past"),
        ({"expires_at": NOW + dt.timedelta(days=366)}, "expiry_too_far"),
    ],
)
def test_a_token_that_breaks_a_rule_is_refused_and_nothing_is_recorded(officer, changes, code):
    with pytest.raises(tokens.TokenRefused) as refused:
        create(officer, **changes)
    assert refused.value.code == code
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.created").exists()


@pytest.mark.parametrize("scope", ["decisions:release", "exports:read"])
def test_a_sensitive_scope_needs_a_confirmation_within_the_last_minutes(officer, settings, scope):
    settings.REAUTHENTICATION_MINUTES = 10
    with pytest.raises(tokens.TokenRefused) as without:
        create(officer, scopes=[scope])
    assert without.value.code == "reauthentication_required"
    with pytest.raises(tokens.TokenRefused):
        create(officer, scopes=[scope], reauthenticated_at=NOW - dt.timedelta(minutes=11))
    token = create(officer, scopes=[scope], reauthenticated_at=NOW - dt.timedelta(minutes=3)).token
    assert token.scopes == [scope]
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.data["sensitive"] == [scope]


def test_a_sensitive_token_lives_90_days_at_most(officer):
    with pytest.raises(tokens.TokenRefused) as refused:
        create(
            officer,
            scopes=["exports:read"],
            reauthenticated_at=NOW,
            expires_at=NOW + dt.timedelta(days=90, minutes=1),
        )
    assert refused.value.code == "sensitive_expiry_too_far"
    create(
        officer,
        scopes=["exports:read"],
        reauthenticated_at=NOW,
        expires_at=NOW + dt.timedelta(days=90),
    )


def test_a_token_is_limited_only_to_programmes_of_the_owners_roles(officer, post_master, msc):
    with pytest.raises(tokens.TokenRefused) as refused:
        create(officer, programme_ids=[msc.pk])
    assert refused.value.code == "programme_not_owners"
    token = create(officer, programme_ids=[post_master.pk]).token
    assert list(token.programmes.all()) == [post_master]


def test_an_applicant_cannot_hold_a_token(applicant):
    with pytest.raises(NotFound):
        create(applicant)


def test_a_service_account_has_no_password_and_holds_its_roles(post_master, administrator):
    account = tokens.create_service_account(
        email="SIS@School.example",
        name="Student information system",
        roles=[(Role.ADMISSIONS_OFFICER, post_master)],
        actor=administrator,
    )
    assert (account.email, account.is_service_account) == ("sis@school.example", True)
    assert not account.has_usable_password()
    assert list(account.role_assignments.values_list("role", "programme")) == [
        ("admissions_officer", post_master.pk)
    ]
    assert AuditEvent.objects.filter(action="accounts.service_account_created").exists()


def test_only_an_administrator_creates_service_accounts(officer):
    with pytest.raises(NotFound):
        tokens.create_service_account(
            email="crm@school.example", name="CRM", roles=[], actor=officer
        )
    assert not User.objects.filter(email="crm@school.example").exists()


def test_only_an_administrator_acts_for_a_service_account(officer, administrator, post_master):
    account = tokens.create_service_account(
        email="sis@school.example",
        name="SIS",
        roles=[(Role.FINANCE_OFFICER, post_master)],
        actor=SYSTEM,
    )
    with pytest.raises(NotFound):
        create(account, actor=officer)
    token = create(account, actor=administrator).token
    assert token.created_by == administrator
    with pytest.raises(NotFound):
        tokens.revoke_token(token=token, actor=officer, now=NOW)
    tokens.revoke_token(token=token, actor=administrator, now=NOW)
    assert ApiToken.objects.get().revoked_at == NOW


def test_an_administrator_cannot_make_a_token_for_another_person(administrator, officer):
    with pytest.raises(tokens.TokenRefused) as refused:
        create(officer, actor=administrator)
    assert refused.value.code == "not_a_service_account"


def test_revoking_twice_records_one_revocation(officer):
    token = create(officer).token
    tokens.revoke_token(token=token, actor=officer, now=NOW)
    with clock.frozen(NOW + dt.timedelta(hours=1)):
        again = tokens.revoke_token(token=token, actor=officer)
    assert again.revoked_at == NOW
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_another_staff_members_token_is_not_found(officer, finance_officer):
    token = create(officer).token
    with pytest.raises(NotFound):
        tokens.token_for(actor=finance_officer, public_id=token.public_id)
    with pytest.raises(NotFound):
        tokens.revoke_token(token=token, actor=finance_officer, now=NOW)


def test_a_role_over_every_programme_lets_a_token_pick_any_programme(db, post_master, msc):
    head = make_user("hugo.head@example.org", [(Role.PROGRAMME_HEAD, None)], mfa=True)
    token = create(head, programme_ids=[msc.pk, post_master.pk]).token
    assert set(token.programmes.all()) == {msc, post_master}
