"""``manage.py tick`` runs the decisions' jobs: it releases what is due and expires what is
past due, once however often it runs; and no status change alone mails a decision."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.services import transition
from admissions.applications.states import Status
from admissions.core.schedule import run_due_jobs
from admissions.decisions.models import Offer, OfferStatus
from admissions.decisions.services.recording import record_decision
from admissions.notifications.models import OutboxMessage
from tests.calendar import deadline
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)

pytestmark = pytest.mark.django_db


def test_tick_releases_what_is_due_and_expires_what_is_past_due():
    calendar = calendar_with_places()
    application = ready_for_panel(calendar)
    record_decision(
        application=application, outcome="admitted", actor=head_of(calendar), now=PANEL_DAY
    )
    assert (
        run_due_jobs(now=RESULTS - dt.timedelta(minutes=5))["decisions.release_due"] == "0 released"
    )
    assert run_due_jobs(now=RESULTS)["decisions.release_due"] == "1 released"
    assert Offer.objects.get(application=application).status == OfferStatus.OPEN
    past = deadline(2027, 3, 13) + dt.timedelta(minutes=1)
    assert run_due_jobs(now=past)["decisions.expire_offers"] == "1 expired"
    assert (
        run_due_jobs(now=past + dt.timedelta(minutes=5))["decisions.expire_offers"] == "0 expired"
    )
    application.refresh_from_db()
    assert application.status == Status.EXPIRED


def test_a_status_change_to_a_decided_status_alone_sends_no_letter():
    calendar = calendar_with_places()
    application = ready_for_panel(calendar)
    transition(application=application, to=Status.REFUSED, actor=None, now=PANEL_DAY)
    assert not OutboxMessage.objects.filter(recipient_email=application.applicant.email).exists()
