"""Each reason a submission is refused is shown on the review page with the link to its fix;
the round rule says the deadline in Paris time; a double submit makes one submission."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.models import TimelineEvent
from admissions.applications.states import Status
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


def test_every_missing_item_is_listed_with_the_link_to_the_step_that_fixes_it(
    client, seed_programmes, applicant, in_round_1
):
    application = start_application(applicant, seed_programmes["post-master-ai"], in_round_1)
    client.force_login(applicant)

    response = client.post(f"/applications/{application.reference}/submit/")

    assert response.status_code == 409
    page = response.content.decode()
    reference = application.reference
    assert "Give your date of birth." in page
    assert 'href="/me/profile/identity/"' in page
    assert 'href="/me/profile/education/"' in page
    assert f'href="/applications/{reference}/step/questions/"' in page
    assert "Describe your career plan in the programme questions." in page
    assert "Upload this document: Curriculum vitae (CV)." in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_form_posted_after_the_deadline_is_refused_with_the_deadline_in_paris_time(
    client, seed_programmes, applicant
):
    programme = seed_programmes["msc-cps2-ai-iot"]
    with clock.frozen(dt.datetime(2027, 2, 26, 23, 50, tzinfo=PARIS)) as opened:
        application = start_application(applicant, programme, opened)
        complete_profile(applicant)
        client.force_login(applicant)
        client.post(
            f"/applications/{application.reference}/step/questions/",
            {"version": application.version, "career_plan": "Typed before the deadline."},
        )
        assert client.get(f"/applications/{application.reference}/step/review/").status_code == 200
    # Round 1 closed at 23:59:59 Paris; the page was opened before, posted one second after.
    with clock.frozen(dt.datetime(2027, 2, 27, 0, 0, 0, tzinfo=PARIS)):
        response = client.post(f"/applications/{application.reference}/submit/")

    assert response.status_code == 409
    page = response.content.decode()
    assert "The deadline of round 1 passed on 26 February 2027 at 23:59:59 (Paris time)." in page
    assert "Round 2 opens on 1 March 2027" in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.answers["career_plan"] == "Typed before the deadline."


def test_a_round_not_open_yet_is_explained_with_its_opening_date(
    client, seed_programmes, applicant
):
    programme = seed_programmes["msc-cps2-ai-iot"]
    with clock.frozen(dt.datetime(2026, 12, 1, 9, tzinfo=PARIS)) as now:
        application = start_application(applicant, programme, now)
        client.force_login(applicant)
        response = client.post(f"/applications/{application.reference}/submit/")

    assert response.status_code == 409
    assert "Applications are not open yet: round 1 opens on 4 January 2027" in (
        response.content.decode()
    )


def test_a_double_submit_is_harmless(client, seed_programmes, applicant, in_round_1):
    application = make_submitted(applicant, seed_programmes["msc-cps2-ai-iot"], in_round_1)
    client.force_login(applicant)

    second = client.post(f"/applications/{application.reference}/submit/")

    assert second.status_code == 302
    assert second["Location"] == f"/applications/{application.reference}/submitted/"
    submitted_events = TimelineEvent.objects.filter(application=application, to_status="submitted")
    assert submitted_events.count() == 1


def test_the_checklist_on_the_review_page_reads_in_the_page_language(
    client, seed_programmes, applicant, in_round_1
):
    application = start_application(applicant, seed_programmes["post-master-ai"], in_round_1)
    client.force_login(applicant)
    page = client.get(
        f"/applications/{application.reference}/step/review/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Curriculum vitae (CV) — Pièce manquante" in page
    assert "Attestation de MOOC — Pièce attendue plus tard" in page
    assert "— missing" not in page
