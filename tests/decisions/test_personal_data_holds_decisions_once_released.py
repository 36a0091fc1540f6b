"""The applicant's data export shows what the application page shows: no decision before its
release, then the decision with its reasons and offer; erasure removes what was written about
the person."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.decisions.models import Decision
from admissions.decisions.services import release
from admissions.decisions.services.recording import record_decision
from admissions.workflows.privacy.erasure import erase_application
from admissions.workflows.privacy.export import personal_data
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_decision_only_once_released_and_erasure_clears_its_words():
    calendar = calendar_with_places()
    application = ready_for_panel(calendar)
    record_decision(
        application=application,
        outcome="refused",
        reasons=[{"en": "Your mathematics are too light.", "fr": "Mathématiques trop légères."}],
        note="Weak interview.",
        actor=head_of(calendar),
        now=PANEL_DAY,
    )
    before, _files = personal_data(application.applicant, now=RESULTS - dt.timedelta(seconds=1))
    [held] = before["applications"]
    assert held["status"] == "ready_for_panel" and held["decision"] is None

    release.release_due(now=RESULTS)
    after, _files = personal_data(application.applicant, now=RESULTS)
    [released] = after["applications"]
    assert released["status"] == "refused"
    assert released["decision"]["reasons"] == [
        {"en": "Your mathematics are too light.", "fr": "Mathématiques trop légères."}
    ]
    assert "note" not in released["decision"]  # staff's note is not the applicant's data

    erase_application(application=application, now=RESULTS + dt.timedelta(days=400))
    decision = Decision.objects.get(application=application)
    assert decision.reasons == [] and decision.note == ""
