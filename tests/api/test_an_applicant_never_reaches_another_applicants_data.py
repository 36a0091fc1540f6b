"""Another applicant's reference answers 404 everywhere, exactly like one that does not exist."""

import pytest

from admissions.applications.models import Application
from tests.applications.factories import ApplicationFactory


@pytest.fixture
def others_application(other_applicant, calendar):
    return ApplicationFactory(
        applicant=other_applicant,
        intake=calendar.intake,
        entry_level=calendar.entry_level,
        answers={"career_plan": "Otto's plan"},
        profile=False,
    )


def test_reading_it_is_404(api, others_application):
    response = api.get(f"/applications/{others_application.reference}")
    assert response.status_code == 404
    assert response.json() == api.get("/applications/PMAI-2027-99999").json()


def test_submitting_it_is_404_and_changes_nothing(api, others_application):
    assert api.post(f"/applications/{others_application.reference}/submit").status_code == 404
    assert Application.objects.get(pk=others_application.pk).status == "draft"


def test_withdrawing_it_is_404_and_changes_nothing(api, others_application):
    assert api.post(f"/applications/{others_application.reference}/withdraw").status_code == 404
    assert Application.objects.get(pk=others_application.pk).status == "draft"


def test_it_is_not_in_the_list(api, others_application):
    assert api.get("/applications").json() == []


def test_patching_the_profile_only_ever_changes_ones_own(api, other_applicant):
    api.patch("/me/profile", {"given_names": "Mallory"})
    other_applicant.applicant_profile.refresh_from_db()
    assert other_applicant.applicant_profile.given_names == "Camille"
    assert api.get("/me/profile").json()["given_names"] == "Mallory"
