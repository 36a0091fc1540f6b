"""A program calls the staff API with a token: each way a token can fail gets its own answer
in the one error shape, and a token acts as its owner, within its scopes and programmes."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.accounts import tokens
from admissions.accounts.models import ApiToken
from admissions.api.auth import require_scope
from admissions.core import clock
from admissions.core.models import AuditEvent
from admissions.core.permissions import SYSTEM
from admissions.core.roles import Role
from tests.api.tokens import Bearer, make_token
from tests.people import make_user

SUMMARY = "/finance/summary"


@pytest.fixture
def finance_token(finance_officer):
    return make_token(finance_officer, ["finance:read"])


def _is_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert body["code"] == code
    return body


def test_a_token_with_the_scope_reads_the_finance_summary_as_its_owner(finance_token):
    response = Bearer(finance_token.secret).get(SUMMARY)
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["programmes"]] == ["post-master-ai"]


def test_a_call_without_any_credentials_is_told_to_send_a_token(db):
    response = Bearer(None).get(SUMMARY)
    _is_error(response, 401, "not_signed_in")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_refused_with_401_and_a_bearer_challenge(db):
    response = Bearer("adm_" + "x" * 43).get(SUMMARY)
    _is_error(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_a_token_expires_by_the_clock(finance_token):
    with clock.frozen(clock.now() + dt.timedelta(days=31)):
        response = Bearer(finance_token.secret).get(SUMMARY)
    body = _is_error(response, 401, "invalid_token")
    assert "expired" in body["detail"]


def test_a_revoked_token_stops_working_at_once(finance_token, finance_officer):
    caller = Bearer(finance_token.secret)
    assert caller.get(SUMMARY).status_code == 200
    tokens.revoke_token(token=finance_token.token, actor=finance_officer)
    body = _is_error(caller.get(SUMMARY), 401, "invalid_token")
    assert "revoked" in body["detail"]


def test_a_token_of_a_deactivated_account_is_refused(finance_token, finance_officer):
    finance_officer.is_active = False
    finance_officer.save()
    _is_error(Bearer(finance_token.secret).get(SUMMARY), 401, "invalid_token")


def test_a_token_without_the_endpoints_scope_gets_403_insufficient_scope(finance_officer):
    created = make_token(finance_officer, ["applications:read"])
    response = Bearer(created.secret).get(SUMMARY)
    body = _is_error(response, 403, "insufficient_scope")
    assert "finance:read" in body["detail"]


def test_a_scope_never_grants_what_the_owners_roles_do_not(reviewer):
    created = make_token(reviewer, ["finance:read"])
    _is_error(Bearer(created.secret).get(SUMMARY), 404, "not_found")


def test_a_programme_outside_the_tokens_programmes_is_not_found(db, post_master, msc):
    both = make_user(
        "bea.both@example.org",
        [(Role.FINANCE_OFFICER, post_master), (Role.FINANCE_OFFICER, msc)],
        mfa=True,
    )
    created = make_token(both, ["finance:read"], programmes=[msc])
    caller = Bearer(created.secret)
    summary = caller.get(SUMMARY).json()
    assert [p["code"] for p in summary["programmes"]] == ["msc-cps2-ai-iot"]
    _is_error(caller.get(f"{SUMMARY}?programme=post-master-ai"), 404, "not_found")


def test_a_role_over_every_programme_is_narrowed_to_the_tokens_programmes(db, post_master, msc):
    everywhere = make_user("gina.global@example.org", [(Role.FINANCE_OFFICER, None)], mfa=True)
    created = make_token(everywhere, ["finance:read"], programmes=[post_master])
    caller = Bearer(created.secret)
    assert [p["code"] for p in caller.get(SUMMARY).json()["programmes"]] == ["post-master-ai"]
    _is_error(caller.get(f"{SUMMARY}?programme=msc-cps2-ai-iot"), 404, "not_found")


def test_a_service_account_calls_with_its_token_without_an_authenticator(db, post_master):
    account = tokens.create_service_account(
        email="sis@school.example",
        name="Student information system",
        roles=[(Role.FINANCE_OFFICER, post_master)],
        actor=SYSTEM,
    )
    assert not account.has_usable_password()
    created = make_token(account, ["finance:read"])
    assert Bearer(created.secret).get(SUMMARY).status_code == 200


def test_each_use_records_when_and_from_where(finance_token):
    Bearer(finance_token.secret, address="198.51.100.4").get(SUMMARY)
    token = ApiToken.objects.get(pk=finance_token.token.pk)
    assert token.last_used_at == clock.now()
    assert token.last_used_ip == "198.51.100.4"


def test_the_openapi_document_declares_the_bearer_scheme_on_staff_endpoints(db):
    document = Bearer(None).get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["StaffToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    summary = document["paths"]["/api/v1/finance/summary"]["get"]
    assert {"StaffToken": []} in summary["security"]
    assert {"401", "403", "404", "422", "429"} <= set(summary["responses"])


def test_a_call_with_a_sensitive_scope_is_audited(rf, officer):
    created = make_token(officer, ["exports:read"], confirmed=True)
    request = rf.get("/api/v1/staff/exports/admitted")
    request.api_token = created.token
    require_scope(request, "exports:read")
    event = AuditEvent.objects.get(action="api_token.sensitive_call")
    assert event.actor == officer
    assert event.object_ref == created.token.prefix
    assert event.data["scope"] == "exports:read"


def test_a_call_with_an_ordinary_scope_is_not_audited(rf, finance_token):
    request = rf.get(SUMMARY)
    request.api_token = finance_token.token
    require_scope(request, "finance:read")
    assert not AuditEvent.objects.filter(action="api_token.sensitive_call").exists()


def test_a_refused_token_is_told_why_in_french(finance_token, finance_officer):
    tokens.revoke_token(token=finance_token.token, actor=finance_officer)
    response = Bearer(finance_token.secret).get(SUMMARY, HTTP_ACCEPT_LANGUAGE="fr")
    body = _is_error(response, 401, "invalid_token")
    assert body["detail"].startswith("Ce jeton d'API a été révoqué.")
