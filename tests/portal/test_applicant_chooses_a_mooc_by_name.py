"""The profile offers the MOOCs the catalogue's programmes ask for by name, in the reader's
language; the applicant never types an identifier such as ``mooc-big-data-basics``."""

from __future__ import annotations

import pytest

from admissions.applicants.models import Certification
from tests.pages import text_of
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    complete_profile,
)

pytestmark = pytest.mark.usefixtures("applicant_urls", "seed_programmes")

ADD = "/me/profile/certifications/add/"


@pytest.fixture
def signed_in(client, applicant):
    complete_profile(applicant)
    client.force_login(applicant)
    return client


def test_the_form_offers_the_programmes_mooc_by_name(signed_in):
    response = signed_in.get(ADD, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<select name="code"' in html
    assert (
        "The Basics of Big Data (MOOC), asked by Post-Master&#x27;s degree in Artificial "
        "Intelligence" in html
    )
    assert "e.g. mooc-big-data-basics" not in text_of(response)


def test_the_form_speaks_french_to_a_french_reader(signed_in):
    response = signed_in.get(ADD, HTTP_ACCEPT_LANGUAGE="fr")

    assert (
        "The Basics of Big Data (MOOC), demandé par Mastère Spécialisé Intelligence artificielle"
        in text_of(response)
    )


def test_choosing_the_mooc_records_its_code_and_name(signed_in, applicant):
    response = signed_in.post(
        ADD, {"code": "mooc-big-data-basics", "status": "passed", "obtained_on": "2026-11-02"}
    )

    assert response.status_code == 302
    row = Certification.objects.get(profile__user=applicant)
    assert (row.code, row.name) == ("mooc-big-data-basics", "The Basics of Big Data")


def test_another_certification_is_recorded_by_the_name_typed(signed_in, applicant):
    response = signed_in.post(
        ADD, {"code": "other", "name": "Deep Learning Specialization", "status": "passed"}
    )

    assert response.status_code == 302
    row = Certification.objects.get(profile__user=applicant)
    assert (row.code, row.name) == ("deep-learning-specialization", "Deep Learning Specialization")


def test_another_certification_without_its_name_is_refused_next_to_the_name(signed_in):
    response = signed_in.post(ADD, {"code": "other", "name": "", "status": "passed"})

    assert response.status_code == 422
    assert 'id="name-error"' in response.content.decode()
    assert "Type the name of the certification, as printed." in text_of(response)
    assert not Certification.objects.exists()
