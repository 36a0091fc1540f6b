"""Someone invited by email opens the link, creates an account (or signs in to theirs), and
takes the seat; before any staff page opens they must set up an authenticator app."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from admissions.accounts.models import RoleAssignment, User
from admissions.core.roles import Role
from admissions.review import committees
from admissions.review.models import CommitteeMember
from tests.people import make_user
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/accounts/2fa/totp/activate/"
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def committee(msc):
    return committee_of(msc, head_of(msc))


@pytest.fixture
def token(committee):
    _invitation, token = committees.invite_external_member(
        committee=committee,
        email="helene.moreau@example.edu",
        first_name="Hélène",
        last_name="Moreau",
        capacity=8,
        actor=committee.created_by,
    )
    return token


def join_url(token):
    return reverse("staff:committee-join", args=[token])


def create_account(client, token):
    return client.post(
        join_url(token),
        {
            "first_name": "Hélène",
            "last_name": "Moreau",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def test_the_link_offers_to_create_an_account_for_the_invited_address(client, token):
    page = client.get(join_url(token))

    assert page.status_code == 200
    assert "helene.moreau@example.edu" in page.content.decode()
    assert page.context["form"].initial["first_name"] == "Hélène"


def test_a_new_external_member_sees_no_staff_page_before_setting_up_totp(client, msc, token):
    joined = create_account(client, token)

    assert joined.status_code == 302
    helene = User.objects.get(email="helene.moreau@example.edu")
    assert CommitteeMember.objects.get(user=helene).role == "external"
    assert RoleAssignment.objects.filter(user=helene, role=Role.EXTERNAL_REVIEWER).exists()
    # Every staff page sends her to set up an authenticator, whatever she asks for.
    for path in ("/staff/", joined["Location"], "/staff/review/committees/new/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, TOTP_SETUP)
    assert client.get("/api/v1/finance/summary").status_code == 403

    setup_page = client.get(TOTP_SETUP)
    if setup_page.status_code == 302:  # allauth asks for the password again first
        client.post("/accounts/reauthenticate/", {"password": NEW_PASSWORD})
        setup_page = client.get(TOTP_SETUP)
    secret = setup_page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert client.post(TOTP_SETUP, {"code": code}).status_code == 302

    assert client.get("/staff/").status_code == 200


def test_the_link_works_once_even_for_the_person_who_used_it(client, token):
    create_account(client, token)
    client.logout()

    again = client.get(join_url(token))

    assert again.status_code == 410
    assert str(committees.INVITATION_USED) in again.content.decode()


def test_an_existing_account_signs_in_then_joins(client, committee, token):
    helene = make_user("helene.moreau@example.edu", mfa=True)

    page = client.get(join_url(token))
    assert page.context["sign_in"] is True
    assert f"next={join_url(token)}" in page.content.decode().replace("&amp;", "&")

    client.force_login(helene)
    accepted = client.post(join_url(token))

    assert accepted.status_code == 302
    assert CommitteeMember.objects.filter(committee=committee, user=helene, active=True).exists()
    assert client.get("/staff/").status_code == 200


def test_a_staff_member_without_two_factor_in_this_session_still_reaches_the_link(
    client, msc, committee, token
):
    """The join page is exempt from the two-factor redirect (the seat comes first), but
    nothing else is: staff roles stay suspended, and the next page asks for the code."""
    from tests.people import sign_in_without_two_factor

    helene = make_user(
        "helene.moreau@example.edu", [(Role.INTERVIEWER, msc)], mfa=True, first_name="Hélène"
    )
    sign_in_without_two_factor(client, helene)

    assert client.get(join_url(token)).status_code == 200
    client.post(join_url(token))

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")


def test_someone_signed_in_with_another_address_is_told_to_sign_out(client, token):
    client.force_login(make_user("someone.else@example.org"))

    page = client.get(join_url(token))

    assert page.status_code == 409
    assert "helene.moreau@example.edu" in page.content.decode()
    assert client.post(join_url(token)).status_code == 409
    assert not CommitteeMember.objects.exists()


@pytest.mark.parametrize("problem,status", [("expired", 410), ("revoked", 410), ("unknown", 404)])
def test_a_dead_link_says_why(client, committee, token, problem, status):
    from admissions.core import clock

    invitation = committee.invitations.get()
    url = join_url(token)
    if problem == "revoked":
        committees.revoke_invitation(invitation=invitation, actor=committee.created_by)
    elif problem == "unknown":
        url = join_url("made-up-token")
    else:
        invitation.expires_at = clock.now()
        invitation.save()

    page = client.get(url)

    assert page.status_code == status
    assert str(committees.INVITATION_PROBLEMS[problem]) in page.content.decode()


def test_guessing_links_is_rate_limited(client, token):
    answers = [client.get(join_url(f"guess-{n}")).status_code for n in range(31)]

    assert answers[:30] == [404] * 30
    assert answers[30] == 429


def test_the_page_speaks_french(client, token):
    page = client.get(join_url(token) + "?lang=fr")

    assert "Créer votre compte" in page.content.decode()
