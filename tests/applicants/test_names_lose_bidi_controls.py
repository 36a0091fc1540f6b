"""A name with U+202E (RIGHT-TO-LEFT OVERRIDE) or another bidirectional control shows staff
something else than what was typed ("Ada\u202eecalovoL" reads "Ada Lovelace" backwards, a
file name "cv\u202efdp.exe" ends in ".pdf" on screen). Such controls are removed from person
names when they come in, through the service, the API and a referee's invitation; letters of
every script, and the joiners some scripts need, are kept."""

from __future__ import annotations

import pytest

from admissions.applicants import services
from admissions.core.text import BIDI_CONTROLS, without_bidi_controls
from admissions.documents import referees
from tests.api.conftest import Api
from tests.applicants.factories import ProfileFactory
from tests.documents.stories import application_for

pytestmark = pytest.mark.django_db

EVERY_CONTROL = "".join(sorted(BIDI_CONTROLS))


def test_every_bidi_control_is_known():
    assert set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c") <= (
        BIDI_CONTROLS
    )


def test_letters_of_every_script_and_joiners_are_kept():
    name = "محمد علي\u200c Ναυσικά 李小龍 Zoë"
    assert without_bidi_controls(name) == name


def test_a_profile_name_is_stored_without_bidi_controls_and_so_is_the_account_name():
    profile = ProfileFactory()

    services.update_profile(
        profile=profile,
        data={"given_names": "Ada\u202e", "family_name": f"Love{EVERY_CONTROL}lace"},
    )

    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert (profile.given_names, profile.family_name) == ("Ada", "Lovelace")
    assert (profile.user.first_name, profile.user.last_name) == ("Ada", "Lovelace")


def test_the_api_stores_and_answers_the_name_without_the_override():
    api = Api(ProfileFactory().user)

    response = api.patch(
        "/me/profile", {"given_names": "\u202eadA", "family_name": "Love\u2067lace\u2069"}
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["given_names"], response.json()["family_name"]) == (
        "adA",
        "Lovelace",
    )


def test_a_referees_name_is_stored_without_bidi_controls(seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])

    referee, _token = referees.add_referee(
        application=application,
        actor=application.applicant,
        name="Prof.\u202e Jean Dupont",
        email="jean.dupont@example.edu",
        relationship="Thesis\u200f supervisor",
        institution="Université\u2066 Paris Cité",
    )

    assert (referee.name, referee.relationship, referee.institution) == (
        "Prof. Jean Dupont",
        "Thesis supervisor",
        "Université Paris Cité",
    )
