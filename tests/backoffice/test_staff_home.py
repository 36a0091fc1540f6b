"""The staff's landing page shows their programmes and latest applications, and only those."""

from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory


def test_an_officer_sees_the_latest_applications_of_their_programme_only(
    client, officer, post_master, msc
):
    mine = ApplicationFactory(submitted=True, intake=IntakeFactory(programme=post_master))
    other = ApplicationFactory(submitted=True, intake=IntakeFactory(programme=msc))
    draft = ApplicationFactory(intake=mine.intake)
    client.force_login(officer)
    page = client.get("/staff/").content.decode()
    assert mine.reference in page
    assert other.reference not in page
    assert draft.reference not in page
    assert f"/staff/documents/{mine.reference}/" in page
    assert f"/staff/eligibility/applications/{mine.reference}/" in page


def test_the_staff_home_counts_applications_per_status_in_french(client, officer, post_master):
    intake = IntakeFactory(programme=post_master)
    first = ApplicationFactory(submitted=True, intake=intake)
    ApplicationFactory(submitted=True, intake=intake, round=first.round)
    ApplicationFactory(intake=intake)
    client.force_login(officer)
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<strong>2</strong>" in page
    assert "Dernières candidatures envoyées" in page


def test_an_applicant_lands_on_their_dashboard_after_signing_in(client, applicant):
    client.force_login(applicant)
    assert client.get("/after-login/")["Location"] == "/me/"
