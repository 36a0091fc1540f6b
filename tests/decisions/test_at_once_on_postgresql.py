"""Invariant 3 under real concurrency (PostgreSQL row locks): fifty accepts for the last
places never pass the cap, concurrent declines promote the waiting list in rank order without
skipping anyone, and of two officers deciding at once one wins and the other is told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.decisions import errors
from admissions.decisions.models import Decision, Offer, OfferStatus, WaitlistEntry
from admissions.decisions.services import offers, release
from admissions.decisions.services.recording import record_decision
from tests.concurrency import at_once
from tests.decisions.stories import (
    PANEL_DAY,
    RESULTS,
    calendar_with_places,
    head_of,
    ready_for_panel,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent answers need real row locks: run with DATABASE_URL=postgres://…",
    ),
]

LATER = RESULTS + dt.timedelta(days=1)


def test_fifty_accepts_for_five_places_never_pass_the_cap():
    calendar = calendar_with_places(places=5, decisions={"over_offer_ratio": 10})
    head = head_of(calendar)
    admitted = [ready_for_panel(calendar) for _ in range(50)]
    for application in admitted:
        record_decision(application=application, outcome="admitted", actor=head, now=PANEL_DAY)
    release.release_due(now=RESULTS)

    def accept(index: int) -> object:
        application = Application.objects.get(pk=admitted[index].pk)
        return offers.accept_offer(application=application, actor=application.applicant, now=LATER)

    results = at_once(50, accept)
    taken = [r for r in results if isinstance(r, errors.PlacesTaken)]
    unexpected = [r for r in results if isinstance(r, Exception) and r not in taken]
    assert not unexpected, unexpected
    assert Offer.objects.filter(status=OfferStatus.ACCEPTED).count() == 5
    assert len(taken) == 45
    # Those who came too late are first on the waiting list, in the order they were refused.
    waiting = WaitlistEntry.objects.filter(status="waiting").order_by("rank")
    assert waiting.count() == 45
    assert len(set(waiting.values_list("rank", flat=True))) == 45


def test_concurrent_declines_promote_the_waiting_list_in_rank_order():
    calendar = calendar_with_places(places=3)
    head = head_of(calendar)
    admitted = [ready_for_panel(calendar) for _ in range(3)]
    waiting = [ready_for_panel(calendar) for _ in range(6)]
    for application in admitted:
        record_decision(application=application, outcome="admitted", actor=head, now=PANEL_DAY)
    for application in waiting:
        record_decision(
            application=application,
            outcome="waitlisted",
            actor=head,
            now=PANEL_DAY + dt.timedelta(seconds=waiting.index(application)),
        )
    release.release_due(now=RESULTS)

    def decline(index: int) -> object:
        application = Application.objects.get(pk=admitted[index].pk)
        return offers.decline_offer(application=application, actor=application.applicant, now=LATER)

    results = at_once(3, decline)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = [Application.objects.get(pk=a.pk).status for a in waiting]
    assert statuses == [Status.ADMITTED] * 3 + [Status.WAITLISTED] * 3
    assert Offer.objects.filter(status=OfferStatus.OPEN).count() == 3


def test_of_two_officers_deciding_at_once_one_wins_and_the_other_is_told():
    calendar = calendar_with_places(places=3)
    heads = [head_of(calendar), head_of(calendar, "henriette.head@example.org")]
    application = ready_for_panel(calendar)

    def decide(index: int) -> object:
        return record_decision(
            application=Application.objects.get(pk=application.pk),
            outcome=("admitted", "refused")[index],
            actor=heads[index],
            now=PANEL_DAY,
        )

    results = at_once(2, decide)
    assert sorted(type(r).__name__ for r in results) == ["Decision", "DecisionAlreadyRecorded"]
    assert Decision.objects.filter(application=application).count() == 1
