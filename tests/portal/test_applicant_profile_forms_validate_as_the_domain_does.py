"""Profile forms show the domain's messages on the field concerned, keep what was typed, tie
each error to its field, and show HTML as text."""

from __future__ import annotations

import pytest

from admissions.applicants import validation
from admissions.applicants.models import Degree, Profile
from tests.portal.test_applicant_support import applicant_urls  # noqa: F401

pytestmark = pytest.mark.usefixtures("applicant_urls")

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


def test_an_impossible_birth_date_is_refused_on_its_field_and_the_rest_is_kept(client, applicant):
    client.force_login(applicant)

    response = client.post("/me/profile/identity/", {**IDENTITY, "date_of_birth": "2090-01-01"})

    assert response.status_code == 422
    page = response.content.decode()
    assert str(validation.BIRTH_DATE_IN_FUTURE) in page
    assert 'id="date_of_birth-error"' in page
    assert 'aria-describedby="date_of_birth-error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="Lovelace"' in page
    assert Profile.objects.get(user=applicant).family_name == ""


def test_a_completed_degree_ending_in_the_future_is_refused_on_the_end_date(client, applicant):
    client.force_login(applicant)
    degree = {
        "level": "master",
        "field": "computer_science",
        "institution": "Université Paris Cité",
        "country": "FR",
        "started_on": "2020-09-01",
        "ended_on": "2099-07-01",
        "completed": "on",
        "cti_accredited": "unknown",
    }

    response = client.post("/me/profile/education/add/", degree)

    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="ended_on-error"' in page
    assert "A completed degree cannot end in the future" in page
    assert 'value="Université Paris Cité"' in page
    assert not Degree.objects.exists()


def test_dates_in_the_wrong_order_are_refused(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/experience/add/",
        {
            "employer": "Acme",
            "role": "Engineer",
            "started_on": "2022-01-01",
            "ended_on": "2021-01-01",
        },
    )

    assert response.status_code == 422
    assert str(validation.END_BEFORE_START) in response.content.decode()


def test_a_degree_is_added_edited_and_removed(client, applicant):
    client.force_login(applicant)
    degree = {
        "level": "master",
        "field": "computer_science",
        "institution": "Sorbonne Université",
        "country": "FR",
        "started_on": "2018-09-01",
        "ended_on": "2020-07-01",
        "completed": "on",
        "cti_accredited": "unknown",
    }
    assert client.post("/me/profile/education/add/", degree).status_code == 302
    row = Degree.objects.get()
    edited = {**degree, "institution": "Université Paris-Saclay"}
    assert client.post(f"/me/profile/education/{row.pk}/edit/", edited).status_code == 302
    assert Degree.objects.get().institution == "Université Paris-Saclay"
    assert "Université Paris-Saclay" in client.get("/me/profile/education/").content.decode()
    assert client.post(f"/me/profile/education/{row.pk}/remove/").status_code == 302
    assert not Degree.objects.exists()


def test_a_script_payload_is_shown_as_text(client, applicant):
    client.force_login(applicant)
    payload = '<script>alert("x")</script>'

    client.post("/me/profile/special-needs/", {"special_needs": payload})
    page = client.get("/me/profile/").content.decode()

    assert Profile.objects.get(user=applicant).special_needs == payload
    assert payload not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_etudes_en_france_step_explains_why_it_applies(client, applicant):
    from tests.applicants.factories import ProfileFactory

    ProfileFactory(user=applicant, nationalities=["SN"], residence_country="SN")
    client.force_login(applicant)

    page = client.get("/me/profile/etudes-en-france/").content.decode()
    response = client.post("/me/profile/etudes-en-france/", {"eef_file_number": "SN27-012345"})

    assert "Études en France" in page
    assert response.status_code == 302
    assert Profile.objects.get(user=applicant).eef_file_number == "SN27-012345"


TOEIC_WITH_SECTIONS = {
    "test": "TOEIC_LR",
    "taken_on": "2026-05-01",
    "score": "850",
    "listening": "450",
    "reading": "400",
}


def test_a_language_test_keeps_its_section_scores(client, applicant):
    from admissions.applicants.models import LanguageTest

    client.force_login(applicant)
    response = client.post("/me/profile/language-tests/add/", TOEIC_WITH_SECTIONS)
    assert response.status_code == 302
    row = LanguageTest.objects.get()
    assert row.sub_scores == {"listening": 450, "reading": 400}
    edit_page = client.get(f"/me/profile/language-tests/{row.pk}/edit/").content.decode()
    assert 'name="listening"' in edit_page
    assert 'value="450' in edit_page


def test_a_section_the_test_does_not_have_is_refused_and_named(client, applicant):
    client.force_login(applicant)
    toeic = {**TOEIC_WITH_SECTIONS, "speaking": "150"}
    response = client.post("/me/profile/language-tests/add/", toeic)
    assert response.status_code == 422
    page = response.content.decode()
    assert "has no section “speaking”. Its sections are: listening, reading." in page
    assert 'value="450' in response.content.decode()
