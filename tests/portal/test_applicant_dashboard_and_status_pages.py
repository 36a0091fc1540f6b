"""The dashboard lists every application with its status and next step, the status page
shows the timeline, the round and its results date; advice warnings show at the right
moment; both pages read a bounded number of queries and speak French."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core import clock
from tests.calendar import PARIS
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    complete_profile,
    in_round_1_fixture,
    make_submitted,
    start_application,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")


@pytest.fixture
def two_applications(seed_programmes, applicant, in_round_1):
    submitted = make_submitted(applicant, seed_programmes["post-master-ai"], in_round_1)
    draft = start_application(applicant, seed_programmes["msc-cps2-ai-iot"], in_round_1)
    return submitted, draft


def test_the_dashboard_lists_every_application_with_its_status_and_next_step(
    client, applicant, two_applications
):
    submitted, draft = two_applications
    client.force_login(applicant)

    page = client.get("/me/").content.decode()

    assert submitted.reference in page
    assert draft.reference in page
    assert "Submitted" in page and "Draft" in page
    assert "results of round 1 come out on 3 March 2027" in page
    assert f'href="/applications/{draft.reference}/step/questions/"' in page
    assert 'href="/me/"' in page  # "My applications" in the navigation
    assert 'href="/inbox/"' in page


def test_the_status_page_shows_the_timeline_round_and_results_date(
    client, applicant, two_applications
):
    submitted, _draft = two_applications
    client.force_login(applicant)

    page = client.get(f"/applications/{submitted.reference}/").content.decode()

    assert 'Round 1; results on <time datetime="2027-03-03">3 March 2027</time>' in page
    for event in submitted.timeline.filter(visible_to_applicant=True):
        assert event.message_en.replace("'", "&#x27;") in page
    assert f'href="/applications/{submitted.reference}/receipt.pdf"' in page


def test_the_pages_are_in_french(client, applicant, two_applications):
    submitted, _draft = two_applications
    client.force_login(applicant)
    client.cookies["django_language"] = "fr"

    dashboard = client.get("/me/").content.decode()
    status = client.get(f"/applications/{submitted.reference}/").content.decode()

    assert '<html lang="fr">' in dashboard
    assert "Mes candidatures" in dashboard
    assert "les résultats de la session 1 seront publiés" in dashboard
    for event in submitted.timeline.filter(visible_to_applicant=True):
        assert event.message_fr.replace("'", "&#x27;") in status


def test_the_dashboard_and_status_page_read_a_bounded_number_of_queries(
    client, applicant, two_applications, django_assert_max_num_queries
):
    submitted, _draft = two_applications
    client.force_login(applicant)

    with django_assert_max_num_queries(60):
        assert client.get("/me/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(f"/applications/{submitted.reference}/").status_code == 200


def test_an_international_applicant_in_round_3_is_warned_on_the_review_step_and_dashboard(
    client, seed_programmes, applicant
):
    complete_profile(applicant, nationalities=["SN"], residence_country="SN")
    with clock.frozen(dt.datetime(2027, 4, 1, 10, tzinfo=PARIS)) as now:
        draft = start_application(applicant, seed_programmes["post-master-ai"], now)
        client.force_login(applicant)
        review = client.get(f"/applications/{draft.reference}/step/review/").content.decode()
        dashboard = client.get("/me/").content.decode()
        steps = client.get(f"/applications/{draft.reference}/step/profile/").content.decode()

    warning = seed_programmes["post-master-ai"].advice.get(code="international-rounds-1-2")
    text = warning.text_en.replace("'", "&#x27;")
    assert text in review
    assert text in dashboard
    assert f'href="/applications/{draft.reference}/step/etudes_en_france/"' in steps


def test_apply_starts_an_application_and_a_second_time_leads_to_the_existing_one(
    client, seed_programmes, applicant, in_round_1
):
    client.force_login(applicant)
    programme = seed_programmes["msc-cps2-ai-iot"]
    page = client.get(f"/programmes/{programme.slug}/").content.decode()
    assert f'href="/programmes/{programme.slug}/apply/"' in page

    first = client.post(f"/programmes/{programme.slug}/apply/", {"entry_level": "m1"})
    second = client.post(f"/programmes/{programme.slug}/apply/", {"entry_level": "m1"})

    application = programme.applications.get()
    assert first["Location"] == f"/applications/{application.reference}/step/profile/"
    assert second["Location"] == f"/applications/{application.reference}/"
    assert application.reference in client.get(second["Location"]).content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in_with_next(client, seed_programmes):
    response = client.get("/programmes/post-master-ai/apply/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/programmes/post-master-ai/apply/"
