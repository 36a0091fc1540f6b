"""GET and PATCH /me/profile: the signed-in person's own profile, and only theirs."""

from admissions.applicants.models import Profile
from tests.api.conftest import Api
from tests.applicants.factories import UserFactory


def test_the_profile_is_read_with_its_derived_facts(api):
    data = api.get("/me/profile").json()
    assert (data["email"], data["given_names"], data["nationalities"]) == (
        "ada@example.org",
        "Camille",
        ["FR"],
    )
    assert data["etudes_en_france"]["applies"] is False
    assert data["degrees"][0]["level"] == "master"


def test_a_person_without_a_profile_reads_an_empty_one_and_nothing_is_created(db):
    user = UserFactory()
    data = Api(user).get("/me/profile").json()
    assert (data["given_names"], data["degrees"], data["etudes_en_france"]["known"]) == (
        "",
        [],
        False,
    )
    assert not Profile.objects.filter(user=user).exists()


def test_patch_changes_only_the_fields_sent(api, applicant):
    response = api.patch(
        "/me/profile",
        {"nationalities": ["MA"], "residence_country": "MA", "preferred_language": "fr"},
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["given_names"], data["nationalities"], data["preferred_language"]) == (
        "Camille",
        ["MA"],
        "fr",
    )
    assert data["etudes_en_france"]["applies"] is True
    applicant.refresh_from_db()
    assert applicant.preferred_language == "fr"


def test_lists_sent_replace_the_stored_lists(api):
    data = api.patch(
        "/me/profile",
        {
            "language_tests": [
                {
                    "test": "TOEIC_LR",
                    "score": 785,
                    "taken_on": "2026-05-01",
                    "sub_scores": {"listening": 400, "reading": 385},
                }
            ],
            "experiences": [{"employer": "Orange", "role": "Engineer", "started_on": "2022-01-01"}],
        },
    ).json()
    assert data["language_tests"][0]["score"] == 785
    assert data["experiences"][0]["ongoing"] is True
    assert data["experience_months"] >= 12
    assert len(data["degrees"]) == 1


def test_invalid_fields_answer_422_naming_each_field_and_nothing_is_saved(api, applicant):
    response = api.patch(
        "/me/profile",
        {
            "given_names": "Changed",
            "date_of_birth": "2030-01-01",
            "degrees": [
                {
                    "level": "master",
                    "field": "computer_science",
                    "institution": "X",
                    "country": "FR",
                    "started_on": "2020-09-01",
                    "ended_on": "2019-06-30",
                }
            ],
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Some fields need your attention")
    assert {error["field"] for error in body["errors"]} == {"date_of_birth", "degrees[0].ended_on"}
    assert applicant.applicant_profile.given_names == "Camille"


def test_a_malformed_value_is_422_in_the_same_shape(api):
    response = api.patch("/me/profile", {"date_of_birth": "yesterday"})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "date_of_birth"


def test_an_anonymous_caller_gets_401(anonymous):
    response = anonymous.get("/me/profile")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Sign in")


def test_null_clears_a_field(api):
    data = api.patch(
        "/me/profile", {"phone": None, "date_of_birth": None, "no_professional_experience": None}
    ).json()
    assert (data["phone"], data["date_of_birth"], data["no_professional_experience"]) == (
        "",
        None,
        False,
    )
