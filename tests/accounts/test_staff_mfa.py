"""Staff reach staff pages and the admin only with two-factor authentication."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from admissions.core.roles import Role
from tests.people import PASSWORD, make_reviewer, make_user


def test_a_staff_member_without_mfa_is_sent_to_set_it_up(client, post_master):
    reviewer = make_reviewer(post_master, mfa=False)
    client.force_login(reviewer)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_staff_member_signing_in_without_mfa_can_set_it_up_and_then_work(client, post_master):
    make_reviewer(post_master, mfa=False)
    signed_in = client.post(
        "/accounts/login/", {"login": "rita.reviewer@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/staff/")["Location"] == "/accounts/2fa/totp/activate/"
    # Turning on MFA asks for the password again (allauth's reauthentication).
    assert client.get("/accounts/2fa/totp/activate/").status_code == 302
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    setup_page = client.get("/accounts/2fa/totp/activate/")
    assert setup_page.status_code == 200
    secret = setup_page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    activated = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert activated.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_a_staff_member_with_mfa_reaches_the_staff_pages(client, officer):
    client.force_login(officer)
    assert client.get("/staff/").status_code == 200


def test_an_applicant_gets_404_on_staff_pages(client, applicant):
    client.force_login(applicant)
    assert client.get("/staff/").status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in_for_staff_pages(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("fixture", ["officer", "applicant"])
def test_only_administrators_use_the_django_admin(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_administrator_with_mfa_uses_the_django_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


def test_an_administrator_without_mfa_is_sent_to_set_it_up(client, db):
    admin = make_user("new.admin@example.org", [(Role.ADMINISTRATOR, None)], is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"
