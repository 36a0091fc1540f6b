"""A property: whatever happens (declines, expiries, withdrawals, a later panel's waitlisted
joining), no waiting applicant's live position ever drops (with the over-offer ratio at 1.0,
where nobody can be put ahead of them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from admissions.applications.models import Application
from admissions.decisions.models import Offer, OfferStatus, WaitlistEntry
from admissions.decisions.services import offers, release
from admissions.decisions.services.recording import record_decision
from admissions.decisions.services.waitlist import position
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)

pytestmark = pytest.mark.django_db

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("decline"), st.integers(0, 5)),
        st.tuples(st.just("withdraw"), st.integers(0, 10)),
        st.tuples(st.just("join"), st.integers(1, 3)),
        st.tuples(st.just("expire"), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


class Rollback(Exception):
    pass


def _positions() -> dict[int, int]:
    return {
        entry.application_id: position(entry)
        for entry in WaitlistEntry.objects.filter(status="waiting")
    }


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_no_waiting_applicants_position_ever_drops(actions):
    try:
        with transaction.atomic():
            _run(actions)
            raise Rollback
    except Rollback:
        pass


def _run(actions):
    calendar = calendar_with_places(places=2)
    head = head_of(calendar)
    for outcome in ("admitted", "admitted", "waitlisted", "waitlisted", "waitlisted"):
        record_decision(
            application=ready_for_panel(calendar), outcome=outcome, actor=head, now=PANEL_DAY
        )
    release.release_due(now=RESULTS)
    now = RESULTS
    before = _positions()
    for action, argument in actions:
        now += dt.timedelta(hours=1)
        if action == "decline":
            open_offers = list(Offer.objects.filter(status=OfferStatus.OPEN).order_by("pk"))
            if open_offers:
                application = open_offers[argument % len(open_offers)].application
                offers.decline_offer(application=application, actor=application.applicant, now=now)
        elif action == "withdraw":
            waiting = list(WaitlistEntry.objects.filter(status="waiting").order_by("pk"))
            if waiting:
                application = waiting[argument % len(waiting)].application
                offers.withdraw(application=application, actor=application.applicant, now=now)
        elif action == "join":
            for _ in range(argument):
                record_decision(
                    application=ready_for_panel(calendar), outcome="waitlisted", actor=head, now=now
                )
        else:
            now += dt.timedelta(days=11)
            offers.expire_offers(now=now)
        after = _positions()
        for application_id, was in before.items():
            if application_id in after:
                assert after[application_id] <= was, (action, application_id, was, after)
        before = after
        assert Offer.objects.filter(status__in=["open", "accepted"]).count() <= 2
        assert Application.objects.filter(status="accepted").count() <= 2
