"""Every write endpoint refuses a field it does not know with 422 naming it, instead of
answering 200 and dropping it: a client that misspells ``given_names`` learns it at once."""

import pytest

from admissions.api.errors import UNKNOWN_FIELD
from admissions.applicants.models import Profile
from admissions.applications.models import Application


def _fields(response):
    return [error["field"] for error in response.json()["errors"]]


def test_a_misspelt_profile_field_is_refused_naming_it_and_nothing_is_saved(api, applicant):
    response = api.patch("/me/profile", {"given_name": "Ada", "family_name": "Byron"})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], _fields(response)) == ("invalid", ["given_name"])
    assert body["errors"][0]["message"] == str(UNKNOWN_FIELD)
    assert Profile.objects.get(user=applicant).family_name != "Byron"


def test_an_unknown_field_inside_a_list_row_is_named_with_its_path(api):
    response = api.patch(
        "/me/profile",
        {
            "degrees": [
                {
                    "level": "master",
                    "field": "computer_science",
                    "institution": "X",
                    "country": "FR",
                    "started_on": "2020-09-01",
                    "ended_on": "2022-06-30",
                    "gpa": "17/20",
                }
            ]
        },
    )
    assert response.status_code == 422
    assert _fields(response) == ["degrees[0].gpa"]


def test_an_unknown_field_is_named_in_french_for_a_french_client(applicant):
    from tests.api.conftest import Api

    response = Api(applicant, language="fr").patch("/me/profile", {"given_name": "Ada"})
    assert response.json()["errors"][0]["message"].startswith("Ce champ est inconnu")


def test_creating_an_application_with_an_unknown_field_is_refused(api, calendar):
    response = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm", "round": 2}
    )
    assert response.status_code == 422
    assert _fields(response) == ["round"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_submitting_or_withdrawing_with_an_unknown_field_is_refused(api, calendar, action):
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    response = api.post(f"/applications/{reference}/{action}", {"force": True})
    assert response.status_code == 422
    assert _fields(response) == ["force"]
    assert Application.objects.get(reference=reference).status == "draft"
