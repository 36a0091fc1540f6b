"""The waiting list and promotion.

A released waitlisted decision joins its ``Places`` row's list at the bottom (``rank`` = the
highest so far + 1), so a later panel's waitlisted applicants come after the existing list,
and a live position (waiting entries ranked before + 1) only moves up as others leave. The one
exception goes first (``rank`` = the lowest − 1): an applicant whose accept came after the last
place was taken, which only an over-offer ratio above 1 makes possible.

``promote`` runs under the row's lock, whoever frees a place (a decline, an expiry, a
withdrawal): while the cap leaves room it offers the place to the first waiting entry, never
skipping one, each with its own window. A programme whose YAML says
``decisions.promotion: confirm`` waits for staff (``promote_next``), and after the last offer
moment (``last_offer_at``, by default 7 days before classes) no freed place is offered again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, Min

from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake
from admissions.core import audit, clock
from admissions.core.permissions import check
from admissions.decisions import errors
from admissions.decisions.config import settings_of
from admissions.decisions.models import (
    Decision,
    DecisionCondition,
    Offer,
    Outcome,
    Places,
    Via,
    WaitlistEntry,
    WaitlistStatus,
)
from admissions.decisions.services import places as places_service
from admissions.notifications import services as notifications


def join(
    *,
    application: Application,
    decision: Decision,
    row: Places,
    now: dt.datetime,
    first: bool = False,
) -> WaitlistEntry:
    """Put ``application`` on ``row``'s list (the caller holds the row's lock): at the
    bottom, or first with ``first=True``."""
    ranks = WaitlistEntry.objects.filter(places=row).aggregate(low=Min("rank"), high=Max("rank"))
    if first:
        rank = (ranks["low"] if ranks["low"] is not None else 1) - 1
    else:
        rank = (ranks["high"] if ranks["high"] is not None else 0) + 1
    return WaitlistEntry.objects.create(
        application=application,
        decision=decision,
        places=row,
        intake_id=row.intake_id,
        entry_level=decision.entry_level,
        rank=rank,
        joined_at=now,
    )


def position(entry: WaitlistEntry | None) -> int | None:
    """1 = next to be offered a place; ``None`` when not waiting."""
    if entry is None or entry.status != WaitlistStatus.WAITING:
        return None
    ahead = WaitlistEntry.objects.filter(
        places_id=entry.places_id, status=WaitlistStatus.WAITING, rank__lt=entry.rank
    ).count()
    return ahead + 1


def waiting_entry(application: Application) -> WaitlistEntry | None:
    return WaitlistEntry.objects.filter(
        application=application, status=WaitlistStatus.WAITING
    ).first()


def last_offer_moment(intake: Intake) -> dt.datetime:
    """After this moment no freed place is offered again: the end of the YAML's
    ``last_offer_at`` day, or of the day ``last_offer_days_before_classes`` (7) before
    classes."""
    config = settings_of(intake.programme)
    day = config.last_offer_on or intake.starts_on - dt.timedelta(days=config.last_offer_days)
    return clock.end_of_day(day, intake.programme.time_zone)


def _promote_entry(
    *, entry: WaitlistEntry, row: Places, now: dt.datetime, actor: Any
) -> Offer | None:
    from admissions.decisions.services import offers as offer_service
    from admissions.decisions.services.recording import documents_still_expected

    application = application_services.lock(entry.application)
    if application.status != Status.WAITLISTED:
        WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistStatus.LEFT, left_at=now)
        return None
    conditions = documents_still_expected(application)
    outcome = Outcome.CONDITIONALLY_ADMITTED if conditions else Outcome.ADMITTED
    previous = Decision.objects.filter(application=application, current=True).first()
    if previous is not None:
        Decision.objects.filter(pk=previous.pk).update(current=False, superseded_at=now)
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        via=Via.PROMOTION,
        entry_level=entry.entry_level,
        places=row,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decided_at=now,
        release_at=now,
        released_at=now,
    )
    if previous is not None:
        Decision.objects.filter(pk=previous.pk).update(superseded_by=decision)
    DecisionCondition.objects.bulk_create(
        DecisionCondition(decision=decision, **condition) for condition in conditions
    )
    application_services.transition(
        application=application,
        to=outcome,
        actor=actor,
        now=now,
        notify=False,
        data={"decision": decision.pk, "promoted_from_rank": entry.rank},
        updates={"decision_held_until": None, "status_before_decision": ""},
    )
    offer = offer_service.open_offer(application=application, decision=decision, row=row, now=now)
    WaitlistEntry.objects.filter(pk=entry.pk).update(
        status=WaitlistStatus.OFFERED, offer=offer, left_at=now
    )
    from admissions.decisions.services.release import language_of, letter_context

    language = language_of(application)
    notifications.queue_message(
        recipient_email=application.applicant.email,
        template="waitlist_promoted",
        context=letter_context(application, decision, language, accept_by=offer.deadline_at),
        language=language,
        idempotency_key=f"decision:{decision.pk}:promoted",
        user=application.applicant,
    )
    audit.record(
        action="decision.promoted",
        actor=actor,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        data={"decision": decision.pk, "rank": entry.rank, "offer": offer.pk},
    )
    return offer


def promote(
    *,
    row: Places,
    now: dt.datetime,
    actor: Any = None,
    confirmed: bool = False,
    limit: int | None = None,
) -> list[Offer]:
    """Offer the free places of ``row`` (the caller holds its lock) to the waiting list, in
    rank order. Nothing without a cap, after the last offer moment, or, where the programme
    asks staff to confirm, unless ``confirmed``."""
    if row.places is None:
        return []
    if settings_of(row.intake.programme).confirm_promotions and not confirmed:
        return []
    if now > last_offer_moment(row.intake):
        return []
    offers: list[Offer] = []
    while limit is None or len(offers) < limit:
        room = places_service.counts(row, now).room_to_offer
        if room is not None and room < 1:
            break
        entry = (
            WaitlistEntry.objects.filter(places=row, status=WaitlistStatus.WAITING)
            .select_related("application", "entry_level")
            .order_by("rank")
            .first()
        )
        if entry is None:
            break
        offer = _promote_entry(entry=entry, row=row, now=now, actor=actor)
        if offer is not None:
            offers.append(offer)
    return offers


def promote_next(
    *, intake: Intake, entry_level: EntryLevel, actor: Any, now: dt.datetime | None = None
) -> Offer:
    """Staff confirm the next promotion (programmes with ``promotion: confirm``): the first
    waiting applicant is offered the place. ``decisions.release`` on the programme."""
    now = now or clock.now()
    check(actor, "decisions.release", programme_id=intake.programme_id)
    with transaction.atomic():
        row = places_service.lock_for(intake, entry_level)
        offers = promote(row=row, now=now, actor=actor, confirmed=True, limit=1)
    if not offers:
        raise errors.DecisionConflict(errors.NO_ONE_WAITING)
    return offers[0]
