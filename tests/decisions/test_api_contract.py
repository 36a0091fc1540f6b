"""The decisions' API contract: the applicant's offer answers and the staff's decision, with
the status codes integrations rely on."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core import clock
from admissions.core.roles import Role
from admissions.decisions.services import release
from admissions.decisions.services.recording import record_decision
from tests.api.conftest import Api
from tests.calendar import deadline, paris_calendar
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)
from tests.people import make_user, sign_in_without_two_factor

pytestmark = pytest.mark.django_db


def _decision_url(application):
    return f"/staff/applications/{application.reference}/decision"


@pytest.fixture
def story():
    calendar = calendar_with_places(
        places=1,
        decisions={
            "refusal_reasons": [{"code": "level", "text": {"en": "Level.", "fr": "Niveau."}}]
        },
    )
    return calendar, head_of(calendar)


def test_staff_record_a_decision_held_until_the_results_date(story):
    calendar, head = story
    application = ready_for_panel(calendar)
    with clock.frozen(PANEL_DAY):
        response = Api(head).post(
            _decision_url(application),
            {
                "outcome": "refused",
                "reasons": ["level", {"en": "And more."}],
                "note": "Close call.",
            },
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == "refused" and body["released"] is False
    assert dt.datetime.fromisoformat(body["release_at"]) == RESULTS


def test_a_second_decision_on_the_same_application_is_a_conflict(story):
    calendar, head = story
    application = ready_for_panel(calendar)
    with clock.frozen(PANEL_DAY):
        api = Api(head)
        assert api.post(_decision_url(application), {"outcome": "refused"}).status_code == 200
        again = api.post(_decision_url(application), {"outcome": "admitted"})
        assert again.status_code == 409
        replaced = api.post(_decision_url(application), {"outcome": "admitted", "supersede": True})
        assert replaced.status_code == 200, replaced.content


def test_an_admission_past_the_cap_is_a_conflict_naming_the_places(story):
    calendar, head = story
    with clock.frozen(PANEL_DAY):
        api = Api(head)
        assert (
            api.post(_decision_url(ready_for_panel(calendar)), {"outcome": "admitted"}).status_code
            == 200
        )
        full = api.post(_decision_url(ready_for_panel(calendar)), {"outcome": "admitted"})
    assert full.status_code == 409
    assert "No place is left" in full.json()["detail"]


def test_out_of_scope_is_not_found(story):
    calendar, _head = story
    other = paris_calendar(slug="msc-other", reference_prefix="MSCO")
    stranger = make_user(
        "sam.stranger@example.org", [(Role.PROGRAMME_HEAD, other.programme)], mfa=True
    )
    application = ready_for_panel(calendar)
    with clock.frozen(PANEL_DAY):
        response = Api(stranger).post(_decision_url(application), {"outcome": "refused"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "refused", "verdict": "no"}, "verdict"),
        ({"outcome": "refused", "reasons": ["unknown-code"]}, "reasons[0]"),
        ({"outcome": "conditionally_admitted"}, "conditions"),
        ({"outcome": "admitted", "conditions": [{"code": "nope"}]}, "conditions[0].code"),
    ],
)
def test_a_bad_field_is_unprocessable_and_named(story, body, field):
    calendar, head = story
    application = ready_for_panel(calendar)
    with clock.frozen(PANEL_DAY):
        response = Api(head).post(_decision_url(application), body)
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]


def test_staff_without_a_second_factor_in_this_session_are_refused(story):
    calendar, head = story
    application = ready_for_panel(calendar)
    api = Api()
    sign_in_without_two_factor(api.client, head)
    with clock.frozen(PANEL_DAY):
        response = api.post(_decision_url(application), {"outcome": "refused"})
    assert response.status_code in (401, 403)


def test_the_applicant_accepts_once_and_a_repeat_answers_the_same(story):
    calendar, head = story
    application = ready_for_panel(calendar)
    api = Api(application.applicant)
    url = f"/applications/{application.reference}/offer/accept"
    with clock.frozen(PANEL_DAY):
        assert api.post(url).status_code == 409  # nothing released: no offer
    record_decision(application=application, outcome="admitted", actor=head, now=PANEL_DAY)
    with clock.frozen(RESULTS):  # released by the clock; the job has not run
        body = api.get(f"/applications/{application.reference}").json()
        assert body["offer"] is None
        first = api.post(url)
        again = api.post(url)
        seen = api.get(f"/applications/{application.reference}").json()
    assert first.status_code == 200 and again.status_code == 200
    assert (
        first.json() == again.json() == {"reference": application.reference, "status": "accepted"}
    )
    assert seen["offer"]["status"] == "accepted"
    assert dt.datetime.fromisoformat(seen["offer"]["deadline"]) == deadline(2027, 3, 13)
    with clock.frozen(RESULTS):
        declined = api.post(f"/applications/{application.reference}/offer/decline")
    assert declined.status_code == 409


def test_an_accept_one_second_after_the_deadline_is_a_conflict(story):
    calendar, head = story
    application = ready_for_panel(calendar)
    record_decision(application=application, outcome="admitted", actor=head, now=PANEL_DAY)
    release.release_due(now=RESULTS)
    with clock.frozen(deadline(2027, 3, 13) + dt.timedelta(seconds=1)):
        response = Api(application.applicant).post(
            f"/applications/{application.reference}/offer/accept"
        )
    assert response.status_code == 409
    assert "passed" in response.json()["detail"]


def test_a_waitlisted_applicant_reads_a_position_and_another_person_gets_404(
    story, other_applicant
):
    calendar, head = story
    application = ready_for_panel(calendar)
    record_decision(application=application, outcome="waitlisted", actor=head, now=PANEL_DAY)
    release.release_due(now=RESULTS)
    with clock.frozen(RESULTS):
        body = Api(application.applicant).get(f"/applications/{application.reference}").json()
        stranger = Api(other_applicant).post(f"/applications/{application.reference}/offer/accept")
    assert body["waitlist_position"] == 1 and body["offer"] is None
    assert stranger.status_code == 404
