"""Sign-ins (successful or not), sign-outs, two-factor changes and role changes each leave
an entry in the audit trail, written by the platform itself from allauth's and Django's
announcements and from the admin's user page."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache

from admissions.accounts import services
from admissions.accounts.models import RoleAssignment
from admissions.core.models import AuditEvent
from admissions.core.roles import Role
from tests.people import PASSWORD, make_user

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code(offset: int = 0) -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30 + offset))


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def entries(action):
    return list(AuditEvent.objects.filter(action=action))


def test_a_successful_sign_in_and_the_sign_out_are_recorded_with_the_person(client, applicant):
    client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    client.post("/accounts/logout/")

    [signed_in] = entries("account.signed_in")
    [signed_out] = entries("account.signed_out")
    assert signed_in.actor == applicant and signed_in.object_ref == applicant.email
    assert signed_in.ip_address == "127.0.0.1"
    assert signed_out.actor == applicant


def test_a_wrong_password_is_recorded_with_the_account_it_named_and_no_actor(client, applicant):
    client.post("/accounts/login/", {"login": applicant.email, "password": "not-the-password"})

    [failed] = entries("account.sign_in_failed")
    assert failed.actor is None
    assert failed.object_ref == applicant.email
    assert "not-the-password" not in str(failed.data)
    assert not entries("account.signed_in")


def test_a_wrong_second_factor_code_is_recorded_and_the_right_one_signs_in(client, db):
    officer = make_user("olivia.officer@example.org")
    TOTP.activate(officer, SECRET)
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})

    client.post(
        "/accounts/2fa/authenticate/", {"code": "000000" if code() != "000000" else "111111"}
    )
    assert [e.object_ref for e in entries("account.two_factor_failed")] == [officer.email]
    assert not entries("account.signed_in")

    client.post("/accounts/2fa/authenticate/", {"code": code()})
    [signed_in] = entries("account.signed_in")
    assert signed_in.actor == officer


def test_turning_totp_on_and_off_and_new_recovery_codes_are_recorded(
    client, applicant, django_capture_on_commit_callbacks
):
    client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/2fa/totp/activate/",
            {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/recovery-codes/generate/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/2fa/totp/deactivate/")

    assert [e.actor for e in entries("account.totp_activated")] == [applicant]
    # Once with TOTP, once on request.
    assert len(entries("account.recovery_codes_generated")) == 2
    assert [e.actor for e in entries("account.totp_deactivated")] == [applicant]
    assert not Authenticator.objects.filter(user=applicant, type="totp").exists()


def test_granting_and_revoking_a_role_through_the_service_is_recorded(
    administrator, officer, post_master
):
    assignment = services.grant_role(
        user=officer, role=Role.REVIEWER, programme=post_master, actor=administrator
    )
    services.revoke_role(assignment=assignment, actor=administrator)

    [granted] = entries("accounts.role_granted")
    [revoked] = entries("accounts.role_revoked")
    for event in (granted, revoked):
        assert event.actor == administrator
        assert event.object_ref == officer.email
        assert event.data == {"role": "reviewer", "programme": post_master.slug}
        assert event.programme_id == post_master.pk


def _user_form(user, rows, *, total, initial):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": "en",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2027-01-01",
        "date_joined_1": "10:00:00",
        "role_assignments-TOTAL_FORMS": str(total),
        "role_assignments-INITIAL_FORMS": str(initial),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        row = {"granted_at_0": "2027-01-01", "granted_at_1": "10:00:00", **row}
        for key, value in row.items():
            data[f"role_assignments-{index}-{key}"] = value
    return data


def test_the_admin_records_each_role_granted_and_revoked_on_a_user(
    client, administrator, officer, post_master
):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    url = f"/admin/accounts/user/{officer.pk}/change/"
    existing = officer.role_assignments.get()
    response = client.post(
        url,
        _user_form(
            officer,
            [
                {
                    "id": str(existing.pk),
                    "user": str(officer.pk),
                    "role": existing.role,
                    "programme": str(post_master.pk),
                    "DELETE": "on",
                },
                {"user": str(officer.pk), "role": "reviewer", "programme": str(post_master.pk)},
            ],
            total=2,
            initial=1,
        ),
    )

    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset],
    )
    assert list(officer.role_assignments.values_list("role", flat=True)) == ["reviewer"]
    [revoked] = entries("accounts.role_revoked")
    [granted] = entries("accounts.role_granted")
    assert revoked.data["role"] == "admissions_officer" and revoked.actor == administrator
    assert granted.data["role"] == "reviewer" and granted.actor == administrator
    assert not RoleAssignment.objects.filter(pk=existing.pk).exists()
