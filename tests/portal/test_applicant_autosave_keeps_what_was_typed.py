"""Autosave: background saves answer JSON with the new version; a stale tab sees both
values and keeps its text; an expired session redirects to login and the draft survives."""

from __future__ import annotations

import pytest

from admissions.applications.services import save_answers
from tests.people import PASSWORD
from tests.portal.test_applicant_support import (  # noqa: F401
    applicant_urls,
    in_round_1_fixture,
    start_application,
)

pytestmark = pytest.mark.usefixtures("applicant_urls")


@pytest.fixture
def draft(seed_programmes, applicant, in_round_1):
    return start_application(applicant, seed_programmes["post-master-ai"], in_round_1)


def step_url(application, step="questions"):
    return f"/applications/{application.reference}/step/{step}/"


def test_a_background_save_answers_with_the_new_version_and_the_time(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        step_url(draft),
        {"version": draft.version, "career_plan": "Robotics."},
        HTTP_X_AUTOSAVE="1",
    )

    assert response.status_code == 200
    payload = response.json()
    assert payload["version"] == draft.version + 1
    assert payload["saved"].startswith("Saved at ")
    draft.refresh_from_db()
    assert draft.answers["career_plan"] == "Robotics."


def test_the_page_carries_the_version_the_live_region_and_the_script(client, applicant, draft):
    client.force_login(applicant)

    page = client.get(step_url(draft)).content.decode()

    assert f'name="version" value="{draft.version}"' in page
    assert 'aria-live="polite"' in page
    assert "/static/js/autosave.js" in page
    assert 'aria-current="step"' in page


def test_a_stale_tab_sees_both_values_and_keeps_its_text(client, applicant, draft):
    opened_version = draft.version
    save_answers(
        application=draft, answers={"career_plan": "From tab A."}, expected_version=opened_version
    )
    client.force_login(applicant)

    response = client.post(
        step_url(draft), {"version": opened_version, "career_plan": "From tab B <b>bold</b>."}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "From tab A." in page
    assert "From tab B &lt;b&gt;bold&lt;/b&gt;." in page
    assert "<b>bold</b>" not in page
    draft.refresh_from_db()
    assert draft.answers["career_plan"] == "From tab A."
    assert f'name="version" value="{draft.version}"' in page


def test_after_an_expired_session_the_person_signs_in_and_finds_the_draft(client, applicant, draft):
    client.force_login(applicant)
    client.post(step_url(draft), {"version": draft.version, "career_plan": "Saved before."})
    client.logout()  # the session expires mid-form

    response = client.post(
        step_url(draft), {"version": draft.version + 1, "career_plan": "Typed after."}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={step_url(draft)}"
    login = client.post(
        f"/accounts/login/?next={step_url(draft)}",
        {"login": applicant.email, "password": PASSWORD, "next": step_url(draft)},
    )
    assert login["Location"] == step_url(draft)
    page = client.get(step_url(draft)).content.decode()
    assert "Saved before." in page


def test_without_javascript_saving_moves_to_the_next_step(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(step_url(draft), {"version": draft.version, "career_plan": "Plan."})

    assert response.status_code == 302
    assert response["Location"].startswith(f"/applications/{draft.reference}/")
