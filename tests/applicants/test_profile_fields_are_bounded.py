"""Every free-text field and list of the profile has a bound, the same in the model, the
pages' forms and the API: an address up to 300 characters, special needs up to 2,000, lists
of codes up to 10 items, lists of rows up to 20. Past it, the field is named (422 on the API,
an error on the page's field), and the answer stays small whatever was sent."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from admissions.applicants import services
from admissions.applicants.errors import ProfileInvalid
from admissions.applicants.models import Profile
from tests.api.conftest import Api
from tests.applicants.factories import ProfileFactory
from tests.portal.test_applicant_support import applicant_urls  # noqa: F401

IDENTITY = {
    "given_names": "Ada",
    "family_name": "Lovelace",
    "date_of_birth": "1995-12-10",
    "nationalities": ["GB"],
    "residence_country": "GB",
    "phone": "+44 20 7946 0958",
    "address": "",
    "preferred_language": "en",
}
DEGREE = {
    "level": "master",
    "field": "computer_science",
    "institution": "Université Paris Cité",
    "country": "FR",
    "started_on": "2020-09-01",
    "ended_on": "2022-06-30",
}


@pytest.fixture
def api(applicant):
    ProfileFactory(user=applicant)
    return Api(applicant)


def _fields(response):
    return [error["field"] for error in response.json()["errors"]]


# --- The model --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("address", "x" * 301),
        ("special_needs", "x" * 2001),
        ("nationalities", ["FR"] * 11),
        ("native_languages", ["fr"] * 11),
        ("instruction_languages", ["en"] * 11),
    ],
)
def test_the_model_refuses_a_value_past_its_bound_on_its_field(applicant, field, value):
    profile = ProfileFactory(user=applicant)
    setattr(profile, field, value)
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert list(refused.value.message_dict) == [field]


def test_values_at_their_bounds_are_kept(applicant):
    profile = ProfileFactory(user=applicant)
    services.update_profile(
        profile=profile,
        data={"address": "x" * 300, "special_needs": "y" * 2000},
    )
    profile.refresh_from_db()
    assert (len(profile.address), len(profile.special_needs)) == (300, 2000)


def test_a_list_of_rows_past_twenty_is_refused_by_the_service(applicant):
    profile = ProfileFactory(user=applicant)
    with pytest.raises(ProfileInvalid) as refused:
        services.update_profile(profile=profile, data={"experiences": [{}] * 21})
    assert [error.field for error in refused.value.errors] == ["experiences"]


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("address", "x" * 301),
        ("special_needs", "x" * 2001),
        ("given_names", "x" * 151),
        ("nationalities", ["FR", "MA", "SN", "TN", "DZ", "CM", "CI", "BE", "CH", "CA", "LB"]),
        ("native_languages", ["fr"] * 11),
        ("degrees", [DEGREE] * 21),
    ],
)
def test_the_api_answers_422_naming_a_field_past_its_bound_and_saves_nothing(
    api, applicant, field, value
):
    response = api.patch("/me/profile", {field: value, "family_name": "Byron"})
    assert response.status_code == 422
    assert _fields(response) == [field]
    assert Profile.objects.get(user=applicant).family_name != "Byron"


def test_a_2_4_mb_address_is_refused_before_it_is_read(api):
    response = api.patch("/me/profile", {"address": "x" * 2_400_000})
    assert (response.status_code, response.json()["code"]) == (413, "body_too_large")


@pytest.mark.parametrize(
    "value",
    [["X"] * 50_000, list(range(50_000)), ["X" * 100_000]],
    ids=["50000-unknown-codes", "50000-numbers", "one-huge-code"],
)
def test_the_error_for_a_huge_list_stays_small(api, value):
    response = api.patch("/me/profile", {"nationalities": value})
    assert response.status_code in (413, 422)
    assert len(response.content) < 2_000
    if response.status_code == 422:
        assert all(field.startswith("nationalities") for field in _fields(response))


def test_domain_errors_quote_a_value_cut_short(applicant):
    profile = ProfileFactory(user=applicant)
    with pytest.raises(ProfileInvalid) as refused:
        services.update_profile(profile=profile, data={"nationalities": ["Q" * 10_000]})
    assert len(refused.value.errors[0].message) < 200


# --- The pages --------------------------------------------------------------------------------


@pytest.mark.usefixtures("applicant_urls")
@pytest.mark.parametrize(
    ("section", "data", "field"),
    [
        ("identity", {**IDENTITY, "address": "x" * 301}, "address"),
        (
            "identity",
            {
                **IDENTITY,
                "nationalities": ["FR", "MA", "SN", "TN", "DZ", "CM", "CI", "BE", "CH", "CA", "LB"],
            },
            "nationalities",
        ),
        ("special-needs", {"special_needs": "x" * 2001}, "special_needs"),
        (
            "languages",
            {"native_languages": "fr, en, ar, es, de, it, pt, nl, pl, ro, el"},
            "native_languages",
        ),
    ],
)
def test_the_page_shows_the_error_on_the_field_past_its_bound(
    client, applicant, section, data, field
):
    client.force_login(applicant)
    response = client.post(f"/me/profile/{section}/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="{field}-error"' in page
    assert Profile.objects.filter(user=applicant, family_name="Lovelace").count() == 0


def test_the_eligibility_api_bounds_its_lists_too(client, seed_programmes):
    body = {
        "programme": "post-master-ai",
        "entry_level": "pm",
        "profile": {"nationalities": ["FR"] * 11},
    }
    response = client.post(
        "/api/v1/eligibility/check", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert _fields(response) == ["profile.nationalities"]
