"""Every page of an application answers 404 for another applicant's reference, GET or POST,
and changes nothing."""

from __future__ import annotations

import pytest

from admissions.applications.states import Status
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    in_round_1_fixture,
    make_submitted,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")

PAGES = [
    "/applications/{reference}/",
    "/applications/{reference}/step/programme/",
    "/applications/{reference}/step/profile/",
    "/applications/{reference}/step/questions/",
    "/applications/{reference}/step/funding/",
    "/applications/{reference}/step/fee/",
    "/applications/{reference}/step/review/",
    "/applications/{reference}/submitted/",
    "/applications/{reference}/receipt.pdf",
    "/applications/{reference}/withdraw/",
]
POSTS = [
    "/applications/{reference}/step/questions/",
    "/applications/{reference}/submit/",
    "/applications/{reference}/withdraw/",
]


@pytest.fixture
def others_application(seed_programmes, other_applicant, in_round_1):
    return make_submitted(other_applicant, seed_programmes["post-master-ai"], in_round_1)


@pytest.mark.parametrize("page", PAGES)
def test_reading_another_applicants_page_is_not_found(client, applicant, others_application, page):
    client.force_login(applicant)

    response = client.get(page.format(reference=others_application.reference))

    assert response.status_code == 404
    assert others_application.reference not in response.content.decode()


@pytest.mark.parametrize("page", POSTS)
def test_posting_to_another_applicants_page_is_not_found_and_changes_nothing(
    client, applicant, others_application, page
):
    client.force_login(applicant)

    response = client.post(
        page.format(reference=others_application.reference),
        {"version": others_application.version, "career_plan": "Hijack", "reason": "x"},
    )

    assert response.status_code == 404
    others_application.refresh_from_db()
    assert others_application.status == Status.SUBMITTED
    assert others_application.answers["career_plan"] != "Hijack"


def test_another_applicants_profile_rows_are_not_found(client, applicant, other_applicant):
    from tests.applicants.factories import DegreeFactory, ProfileFactory

    degree = DegreeFactory(profile=ProfileFactory(user=other_applicant))
    client.force_login(applicant)

    assert client.get(f"/me/profile/education/{degree.pk}/edit/").status_code == 404
    assert client.post(f"/me/profile/education/{degree.pk}/remove/").status_code == 404
    degree.refresh_from_db()
