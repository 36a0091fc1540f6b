"""Updating the profile: lists replaced whole, the account's names and language kept in step."""

import datetime as dt

from admissions.applicants import services
from admissions.applicants.errors import ProfileInvalid
from tests.applicants.factories import DegreeFactory, ProfileFactory


def test_the_language_of_correspondence_is_stored_on_the_account(db):
    profile = ProfileFactory()
    services.update_profile(profile=profile, data={}, preferred_language="fr")
    profile.user.refresh_from_db()
    assert profile.user.preferred_language == "fr"


def test_an_unknown_language_of_correspondence_is_refused(db):
    profile = ProfileFactory()
    try:
        services.update_profile(profile=profile, data={}, preferred_language="de")
    except ProfileInvalid as error:
        assert [e.field for e in error.errors] == ["preferred_language"]
    else:
        raise AssertionError("expected ProfileInvalid")


def test_names_as_on_the_passport_become_the_accounts_names(db):
    profile = ProfileFactory()
    services.update_profile(
        profile=profile, data={"given_names": "Nadia Amal", "family_name": "El Idrissi"}
    )
    profile.user.refresh_from_db()
    assert (profile.user.first_name, profile.user.last_name) == ("Nadia Amal", "El Idrissi")


def test_a_list_sent_replaces_the_stored_list_and_absent_lists_are_kept(db):
    profile = ProfileFactory()
    DegreeFactory(profile=profile, institution="Second school")
    services.update_profile(
        profile=profile,
        data={
            "experiences": [
                {"employer": "Capgemini", "role": "Developer", "started_on": dt.date(2022, 1, 1)}
            ],
        },
    )
    assert profile.degrees.count() == 2
    assert list(profile.experiences.values_list("employer", flat=True)) == ["Capgemini"]
    services.update_profile(profile=profile, data={"experiences": []})
    assert profile.experiences.count() == 0


def test_country_and_language_codes_are_normalised(db):
    profile = ProfileFactory()
    services.update_profile(
        profile=profile,
        data={"nationalities": ["ma"], "residence_country": " ma ", "native_languages": ["AR"]},
    )
    profile.refresh_from_db()
    assert (profile.nationalities, profile.residence_country, profile.native_languages) == (
        ["MA"],
        "MA",
        ["ar"],
    )


def test_one_row_can_be_added_changed_and_removed(db):
    profile = ProfileFactory(with_degree=False)
    row = services.add_row(
        profile=profile,
        kind="certifications",
        values={
            "code": "mooc-big-data-basics",
            "name": "The Basics of Big Data",
            "status": "pending",
        },
    )
    services.update_row(row=row, values={"status": "passed"})
    assert profile.certifications.get().status == "passed"
    services.remove_row(row=row)
    assert not profile.certifications.exists()


def test_a_row_added_with_a_wrong_field_names_that_field(db):
    profile = ProfileFactory(with_degree=False)
    try:
        services.add_row(
            profile=profile,
            kind="degrees",
            values={
                "level": "master",
                "field": "computer_science",
                "institution": "X",
                "country": "FR",
                "started_on": dt.date(2020, 9, 1),
                "ended_on": dt.date(2019, 6, 1),
            },
        )
    except ProfileInvalid as error:
        assert [e.field for e in error.errors] == ["ended_on"]
    else:
        raise AssertionError("expected ProfileInvalid")
