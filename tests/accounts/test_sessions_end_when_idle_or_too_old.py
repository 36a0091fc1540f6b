"""Sessions end: staff 12 hours after signing in and after 30 minutes without a request;
applicants after an hour without a request, unless they ticked "Remember me".

The attack found every session lasting 14 days with no idle timeout, staff included. Time is
moved by editing the session's timestamps (wall-clock seconds, like allauth's records).
"""

import time

import pytest
from django.core.cache import cache

from admissions.accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.accounts.codes import current_code
from tests.pages import text_of
from tests.people import PASSWORD

MINUTE = 60
HOUR = 3600


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def age_session(client, *, signed_in_ago: float | None = None, last_seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - (signed_in_ago if signed_in_ago is not None else last_seen_ago)
    session[LAST_SEEN_AT] = now - last_seen_ago
    session.save()


def signed_out(client, response, page: str) -> bool:
    return (
        response.status_code == 302
        and response["Location"].startswith(f"/accounts/login/?next={page}")
        and "_auth_user_id" not in client.session
    )


def sign_in_through_the_form(client, user, *, remember: bool) -> None:
    data = {"login": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    assert client.post("/accounts/login/", data).status_code == 302


# --- Staff ---------------------------------------------------------------------------------


def test_a_staff_session_idle_for_more_than_30_minutes_is_signed_out_and_told_why(client, officer):
    client.force_login(officer)
    age_session(client, last_seen_ago=31 * MINUTE)

    response = client.get("/staff/")

    assert signed_out(client, response, "/staff/")
    login_page = client.get(response["Location"])
    assert "signed out after 30 minutes without activity" in text_of(login_page)


def test_a_staff_session_used_within_30_minutes_goes_on_and_counts_as_activity(client, officer):
    client.force_login(officer)
    age_session(client, last_seen_ago=29 * MINUTE)

    assert client.get("/staff/").status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < MINUTE


def test_a_staff_session_ends_12_hours_after_sign_in_however_active(client, officer):
    client.force_login(officer)
    age_session(client, signed_in_ago=12 * HOUR + MINUTE, last_seen_ago=MINUTE)

    response = client.get("/staff/")

    assert signed_out(client, response, "/staff/")
    assert "a staff session lasts at most 12 hours" in text_of(client.get(response["Location"]))


def test_an_active_staff_session_lasts_until_its_12_hours(client, officer):
    client.force_login(officer)
    age_session(client, signed_in_ago=12 * HOUR - MINUTE, last_seen_ago=MINUTE)

    assert client.get("/staff/").status_code == 200


def test_remember_me_does_not_lengthen_a_staff_session(client, officer):
    sign_in_through_the_form(client, officer, remember=True)
    client.post("/accounts/2fa/authenticate/", {"code": current_code(officer)})
    assert client.get("/staff/").status_code == 200
    age_session(client, last_seen_ago=31 * MINUTE)

    assert signed_out(client, client.get("/staff/"), "/staff/")


def test_the_staff_limits_are_settings(client, officer, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    client.force_login(officer)
    age_session(client, last_seen_ago=6 * MINUTE)

    assert signed_out(client, client.get("/staff/"), "/staff/")


# --- Applicants ----------------------------------------------------------------------------


def test_an_applicant_who_did_not_ask_to_be_remembered_is_signed_out_after_an_idle_hour(
    client, applicant
):
    sign_in_through_the_form(client, applicant, remember=False)
    assert client.session.get_expire_at_browser_close()
    age_session(client, last_seen_ago=61 * MINUTE)

    response = client.get("/me/")

    assert signed_out(client, response, "/me/")
    assert "signed out after 60 minutes without activity" in text_of(
        client.get(response["Location"])
    )


def test_an_applicant_active_within_the_hour_stays_signed_in(client, applicant):
    sign_in_through_the_form(client, applicant, remember=False)
    age_session(client, last_seen_ago=59 * MINUTE)

    assert client.get("/me/").status_code == 200


def test_an_applicant_who_ticked_remember_me_stays_signed_in_for_days(client, applicant, settings):
    sign_in_through_the_form(client, applicant, remember=True)
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.REMEMBER_ME_DAYS * 24 * HOUR
    age_session(client, last_seen_ago=3 * 24 * HOUR)

    assert client.get("/me/").status_code == 200


def test_the_api_answers_401_once_the_applicants_session_ended(client, applicant):
    sign_in_through_the_form(client, applicant, remember=False)
    age_session(client, last_seen_ago=61 * MINUTE)

    response = client.get("/api/v1/me/profile")

    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_the_applicant_idle_limit_is_a_setting(client, applicant, settings):
    settings.APPLICANT_SESSION_IDLE_MINUTES = 120
    sign_in_through_the_form(client, applicant, remember=False)
    age_session(client, last_seen_ago=90 * MINUTE)

    assert client.get("/me/").status_code == 200
