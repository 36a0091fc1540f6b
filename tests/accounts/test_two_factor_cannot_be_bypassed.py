"""A password alone never opens a staff page, the Django admin or a staff API endpoint.

An attack found that ``POST /admin/login/`` with the administrator's email and password (no
authenticator code) opened ``/admin/`` and ``/staff/``: the checks asked whether the person
*has* an authenticator, not whether *this session* passed the second step.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache

from admissions.core.roles import Role
from tests.people import PASSWORD, make_user, sign_in_without_two_factor

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(offset: int = 0) -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30 + offset))


@pytest.fixture(autouse=True)
def fresh_limits():
    """Failed sign-ins and used codes are counted in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(db):
    user = make_user(
        "adele.admin@example.org", [(Role.ADMINISTRATOR, None)], is_staff=True, is_superuser=True
    )
    TOTP.activate(user, SECRET)
    return user


@pytest.fixture
def officer_with_known_secret(post_master):
    user = make_user("olivia.officer@example.org", [(Role.ADMISSIONS_OFFICER, post_master)])
    TOTP.activate(user, SECRET)
    return user


def test_the_admin_login_form_does_not_sign_anyone_in_and_sends_them_to_the_site_sign_in(
    client, admin_user
):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin_user.email, "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/auth/group/").status_code == 302
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")


def test_the_admin_login_page_sends_visitors_to_the_site_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_the_admin_login_page_never_redirects_off_site(client, db):
    response = client.get("/admin/login/?next=https://evil.example.com/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_password_without_the_code_leaves_the_administrator_signed_out(client, admin_user):
    response = client.post("/accounts/login/", {"login": admin_user.email, "password": PASSWORD})

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")


def test_the_password_and_the_code_open_the_admin_and_the_staff_pages(client, admin_user):
    client.post("/accounts/login/", {"login": admin_user.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_code()})

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/staff/").status_code == 200


def test_wrong_passwords_are_refused_after_five_attempts_even_with_the_right_one_next(
    client, admin_user
):
    for _ in range(5):
        wrong = client.post("/accounts/login/", {"login": admin_user.email, "password": "nope"})
        assert wrong.status_code == 200

    right = client.post("/accounts/login/", {"login": admin_user.email, "password": PASSWORD})

    assert right.status_code == 200
    assert "Too many failed login attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/staff/", "/staff/finance/", "/staff/notifications/"])
def test_a_staff_session_that_skipped_the_code_is_sent_to_the_two_factor_step(
    client, officer_with_known_secret, path
):
    sign_in_without_two_factor(client, officer_with_known_secret)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")


def test_an_administrator_session_that_skipped_the_code_cannot_open_the_admin(client, admin_user):
    sign_in_without_two_factor(client, admin_user)

    for path in ("/admin/", "/admin/accounts/user/", "/admin/login/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/"), path


def test_the_staff_api_answers_mfa_required_to_a_session_that_skipped_the_code(
    client, officer_with_known_secret
):
    sign_in_without_two_factor(client, officer_with_known_secret)

    response = client.get("/api/v1/finance/summary")

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_typing_the_code_completes_the_session_and_returns_to_the_page(
    client, officer_with_known_secret
):
    sign_in_without_two_factor(client, officer_with_known_secret)
    step = client.get("/staff/")["Location"]
    assert client.get(step).status_code == 200

    done = client.post(step, {"code": current_code()})

    assert done.status_code == 302
    assert done["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_keeps_the_staff_pages_closed(client, officer_with_known_secret):
    sign_in_without_two_factor(client, officer_with_known_secret)
    step = client.get("/staff/")["Location"]

    refused = client.post(step, {"code": "000000" if current_code() != "000000" else "111111"})

    assert refused.status_code == 200
    assert client.get("/staff/")["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_an_applicant_is_not_asked_for_a_second_factor(client, applicant):
    sign_in_without_two_factor(client, applicant)

    assert client.get("/me/").status_code == 200
    assert client.get("/api/v1/me/profile").status_code == 200
