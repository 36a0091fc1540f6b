"""Invariant 8: a recorded decision changes nothing the applicant sees (pages, API status,
timeline, inbox, outbox) until its release moment, then shows from that very second by the
server's clock, before the release job has run; the job sends the letter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from admissions.applications.states import Status
from admissions.core import clock
from admissions.decisions.services import release
from admissions.decisions.services.recording import record_decision
from admissions.notifications.models import OutboxMessage
from tests.api.conftest import Api
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)
from tests.pages import text_of

pytestmark = pytest.mark.django_db

OUTCOMES = {
    "admitted": {},
    "conditionally_admitted": {"conditions": [{"en": "Pass your M1.", "fr": "Validez votre M1."}]},
    "waitlisted": {},
    "refused": {"reasons": [{"en": "Too little programming.", "fr": "Trop peu de programmation."}]},
    "deferred": {},
}
LETTERS = {
    "admitted": "decision_admitted",
    "conditionally_admitted": "decision_conditionally_admitted",
    "waitlisted": "decision_waitlisted",
    "refused": "decision_refused",
    "deferred": "decision_deferred",
}


def _seen(client, application):
    body = Api(application.applicant).get(f"/applications/{application.reference}").json()
    client.force_login(application.applicant)
    page = text_of(client.get(reverse("portal:application", args=[application.reference])))
    dashboard = text_of(client.get(reverse("portal:dashboard")))
    return body, page, dashboard


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_a_decision_shows_nothing_before_its_release_and_everything_from_that_second(
    client, outcome
):
    calendar = calendar_with_places(places=5)
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    record_decision(
        application=application, outcome=outcome, actor=head, now=PANEL_DAY, **OUTCOMES[outcome]
    )
    application.refresh_from_db()
    assert application.status == outcome  # staff see it at once
    label = str(Status(outcome).label)

    with clock.frozen(RESULTS - dt.timedelta(seconds=1)):
        body, page, dashboard = _seen(client, application)
    assert body["status"] == "ready_for_panel"
    assert body["decision"] is None and body["offer"] is None
    assert body["waitlist_position"] is None
    assert all(item["to_status"] != outcome for item in body["timeline"])
    assert "decision" not in {item["kind"] for item in body["timeline"]}
    assert label not in page and label not in dashboard
    assert "Ready for the panel" in page
    assert not OutboxMessage.objects.filter(recipient_email=application.applicant.email).exists()

    with clock.frozen(RESULTS):  # the release second: the job has not run yet
        body, page, dashboard = _seen(client, application)
    assert body["status"] == outcome
    assert body["decision"]["outcome"] == outcome
    assert label in page and label in dashboard
    assert not OutboxMessage.objects.filter(recipient_email=application.applicant.email).exists()

    assert release.release_due(now=RESULTS) == "1 released"
    assert release.release_due(now=RESULTS) == "0 released"
    letters = OutboxMessage.objects.filter(recipient_email=application.applicant.email)
    assert [m.event for m in letters] == [LETTERS[outcome]]
    with clock.frozen(RESULTS + dt.timedelta(minutes=1)):
        body, _page, _dashboard = _seen(client, application)
    assert "decision_released" in {item["kind"] for item in body["timeline"]}


def test_the_letter_goes_in_the_applicants_language_with_the_reasons_in_plain_words():
    calendar = calendar_with_places(
        places=5,
        decisions={
            "refusal_reasons": [
                {
                    "code": "prerequisites",
                    "text": {
                        "en": "Your mathematics do not yet cover the prerequisites.",
                        "fr": "Vos mathématiques ne couvrent pas encore les prérequis.",
                    },
                }
            ]
        },
    )
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    application.applicant.preferred_language = "fr"
    application.applicant.save()
    record_decision(
        application=application,
        outcome="refused",
        actor=head,
        reasons=["prerequisites"],
        now=PANEL_DAY,
    )
    release.release_due(now=RESULTS)
    letter = OutboxMessage.objects.get(recipient_email=application.applicant.email)
    assert letter.language == "fr"
    assert "Vos mathématiques ne couvrent pas encore les prérequis." in letter.body_text


def test_staff_may_release_a_round_early_with_a_reason_and_it_is_audited():
    from admissions.core.models import AuditEvent

    calendar = calendar_with_places(places=5)
    head = head_of(calendar)
    application = ready_for_panel(calendar)
    record_decision(application=application, outcome="refused", actor=head, now=PANEL_DAY)
    early = PANEL_DAY + dt.timedelta(hours=1)
    assert (
        release.release_round_early(
            round=calendar.round(1), actor=head, reason="The panel finished early.", now=early
        )
        == 1
    )
    with clock.frozen(early):
        body = Api(application.applicant).get(f"/applications/{application.reference}").json()
    assert body["status"] == "refused"
    assert AuditEvent.objects.filter(action="decision.released_early").exists()
