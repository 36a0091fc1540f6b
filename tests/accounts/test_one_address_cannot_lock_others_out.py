"""Failed sign-ins and password-reset requests count per account and address together.

The attack found that five bad passwords on one account refused a correct sign-in to another
account from the same address for five minutes, and that behind the TLS proxy every person
shares the proxy's address, so a stranger could lock anyone out, staff included. Now the
strict limit joins the account and the client's address (read through the trusted proxies),
and a much higher ceiling counts the address alone.
"""

import pytest
from django.core import mail
from django.core.cache import cache

from tests.people import PASSWORD

STRANGER = "203.0.113.66"
OWNER = "198.51.100.10"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def refused_as_too_many(response) -> bool:
    return "Too many failed login attempts" in response.content.decode()


def five_wrong_passwords(client, email, **headers):
    for _ in range(5):
        wrong = sign_in(client, email, "not-the-password", **headers)
        assert wrong.status_code == 200
        assert not refused_as_too_many(wrong)


def test_a_strangers_failures_do_not_stop_the_owner_signing_in_from_another_address(
    client, applicant
):
    five_wrong_passwords(client, applicant.email, REMOTE_ADDR=STRANGER)

    response = sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_a_strangers_failures_do_not_stop_a_staff_member_reaching_the_code_step(client, officer):
    five_wrong_passwords(client, officer.email, REMOTE_ADDR=STRANGER)

    response = sign_in(client, officer.email, PASSWORD, REMOTE_ADDR=OWNER)

    assert response["Location"] == "/accounts/2fa/authenticate/"


def test_failures_on_one_account_do_not_block_another_account_from_the_same_address(
    client, applicant, other_applicant
):
    five_wrong_passwords(client, applicant.email, REMOTE_ADDR=STRANGER)

    response = sign_in(client, other_applicant.email, PASSWORD, REMOTE_ADDR=STRANGER)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_applicant.pk)


def test_the_account_and_address_that_failed_five_times_wait_even_with_the_right_password(
    client, applicant
):
    five_wrong_passwords(client, applicant.email, REMOTE_ADDR=STRANGER)

    response = sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR=STRANGER)

    assert refused_as_too_many(response)
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_across_many_accounts_meets_the_higher_ceiling(
    client, settings, applicant
):
    assert (
        settings.LOGIN_FAILURES_PER_ADDRESS >= 10 * settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS
    )
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "8/5m/ip,5/5m/key",
    }
    for number in range(8):
        sign_in(client, f"someone-{number}@example.org", "guess", REMOTE_ADDR=STRANGER)

    from_there = sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR=STRANGER)
    from_elsewhere = sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR=OWNER)

    assert refused_as_too_many(from_there)
    assert from_elsewhere.status_code == 302


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(client, settings, applicant):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    five_wrong_passwords(client, applicant.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=STRANGER)

    response = sign_in(
        client, applicant.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER
    )

    assert response.status_code == 302


def test_behind_the_proxy_a_client_cannot_choose_its_address(client, settings, applicant):
    # The proxy appends the address it saw; whatever the client wrote before it is ignored.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        sign_in(
            client,
            applicant.email,
            "not-the-password",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {STRANGER}",
        )

    response = sign_in(
        client,
        applicant.email,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {STRANGER}",
    )

    assert refused_as_too_many(response)


def request_reset(client, email, **headers):
    return client.post("/accounts/password/reset/", {"email": email}, **headers)


def test_a_strangers_reset_requests_do_not_stop_the_owner_asking_from_another_address(
    client, applicant
):
    for _ in range(3):
        assert request_reset(client, applicant.email, REMOTE_ADDR=STRANGER).status_code == 302

    refused = request_reset(client, applicant.email, REMOTE_ADDR=STRANGER)
    owner = request_reset(client, applicant.email, REMOTE_ADDR=OWNER)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Wait 60 minutes, then try again" in refused.content.decode()
    assert owner.status_code == 302
    assert len(mail.outbox) == 4


def test_reset_requests_for_one_account_do_not_block_another_from_the_same_address(
    client, applicant, other_applicant
):
    for _ in range(3):
        request_reset(client, applicant.email, REMOTE_ADDR=STRANGER)

    response = request_reset(client, other_applicant.email, REMOTE_ADDR=STRANGER)

    assert response.status_code == 302


def test_one_mailbox_gets_a_bounded_number_of_reset_emails_whoever_asks(client, applicant):
    for number in range(10):
        assert (
            request_reset(client, applicant.email, REMOTE_ADDR=f"192.0.2.{number}").status_code
            == 302
        )

    response = request_reset(client, applicant.email, REMOTE_ADDR=OWNER)

    assert response.status_code == 429
    assert response["Retry-After"] == "86400"
    assert len(mail.outbox) == 10
