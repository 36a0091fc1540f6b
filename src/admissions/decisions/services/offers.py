"""Offers: their deadline, the applicant's answer, expiry, reminders, withdrawal.

The deadline is ``registration_window_days`` (10 by default) after the offer opens, at the
end of that day in the programme's time zone, and never later than the end of the day before
classes start. An offer is open until the last second of its deadline included, by the
server's clock: an accept one second later is refused whether or not ``expire_offers`` ran.

Every answer locks the offer's ``Places`` row, then the application: acceptances never pass
the places; a place freed (decline, expiry, withdrawal) is offered to the waiting list under
the same lock (``waitlist.promote``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction

from admissions.applications import notify
from admissions.applications import services as application_services
from admissions.applications.checks import moment_text
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import Intake, Programme
from admissions.core import audit, clock
from admissions.core.permissions import check
from admissions.decisions import errors
from admissions.decisions.config import settings_of
from admissions.decisions.models import (
    ADMISSIONS,
    Decision,
    Offer,
    OfferStatus,
    Outcome,
    Places,
    Via,
    WaitlistEntry,
    WaitlistStatus,
)
from admissions.decisions.services import places as places_service
from admissions.decisions.services import waitlist
from admissions.notifications import services as notifications
from admissions.notifications.reminders import ReminderSpec, due_reminder, register_producer
from admissions.notifications.services.outbox import send_once

REMINDER_DAYS = (3, 1)


def offer_deadline(*, programme: Programme, intake: Intake, opened_at: dt.datetime) -> dt.datetime:
    """The end of the day ``registration_window_days`` after ``opened_at`` (programme's time
    zone), and at the latest the end of the day before classes."""
    tz = programme.time_zone
    opened_on = clock.local(opened_at, tz).date()
    day = opened_on + dt.timedelta(days=settings_of(programme).window_days)
    day_before_classes = intake.starts_on - dt.timedelta(days=1)
    return clock.end_of_day(max(opened_on, min(day, day_before_classes)), tz)


def open_offer(
    *, application: Application, decision: Decision, row: Places, now: dt.datetime
) -> Offer:
    """Open the offer of an admission (the caller holds the row's and the application's
    locks, and the place is already counted as an unreleased admission or checked free)."""
    offer = Offer.objects.create(
        application=application,
        decision=decision,
        places=row,
        opened_at=now,
        deadline_at=offer_deadline(
            programme=application.programme, intake=application.intake, opened_at=now
        ),
    )
    audit.record(
        action="offer.opened",
        actor=None,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        data={"offer": offer.pk, "deadline_at": offer.deadline_at.isoformat()},
    )
    return offer


def latest_offer(application: Application) -> Offer | None:
    return Offer.objects.filter(application=application).order_by("-opened_at", "-pk").first()


def is_past_deadline(offer: Offer, now: dt.datetime) -> bool:
    return clock.floor_second(now) > offer.deadline_at


def _ensure_released(application: Application, now: dt.datetime) -> None:
    """An admission visible by the clock whose release job has not run yet: release it now,
    so the applicant can answer from the second they see it."""
    from admissions.decisions.services.release import release_decision

    decision = Decision.objects.filter(
        application=application,
        current=True,
        outcome__in=ADMISSIONS,
        released_at__isnull=True,
        release_at__lte=now,
    ).first()
    if decision is not None:
        release_decision(decision=decision, now=now)


def _deadline_text(offer: Offer, application: Application) -> str:
    from django.utils.translation import get_language

    language = "fr" if (get_language() or "en").startswith("fr") else "en"
    return moment_text(offer.deadline_at, application.programme.time_zone, language)


def _tell_expired(application: Application, offer: Offer) -> None:
    from admissions.decisions.services.release import language_of

    language = language_of(application)
    notifications.queue_message(
        recipient_email=application.applicant.email,
        template="offer_expired",
        context={
            **notify.base_context(application, language),
            "expired_at": offer.deadline_at,
            "time_zone": application.programme.time_zone,
        },
        language=language,
        idempotency_key=f"offer:{offer.pk}:expired",
        user=application.applicant,
    )


def _expire(offer: Offer, application: Application, row: Places, now: dt.datetime) -> None:
    """Close an offer past its deadline (both locks held), tell the applicant, promote."""
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.EXPIRED)
    offer.status = OfferStatus.EXPIRED
    if application.status in (Status.ADMITTED, Status.CONDITIONALLY_ADMITTED):
        application_services.transition(
            application=application,
            to=Status.EXPIRED,
            actor=None,
            now=now,
            notify=False,
            data={"offer": offer.pk},
        )
        _tell_expired(application, offer)
    waitlist.promote(row=row, now=now)


def accept_offer(*, application: Application, actor: Any, now: dt.datetime | None = None) -> Offer:
    """The applicant accepts their offer. Repeating a successful accept answers the same
    offer. ``NoOpenOffer`` when there is none (or it was declined…), ``OfferExpired`` from the
    second after the deadline, ``PlacesTaken`` when the places were all accepted before: the
    offer is then rescinded and the applicant put first on the waiting list."""

    def accept(
        offer: Offer, locked: Application, row: Places, now: dt.datetime
    ) -> errors.DecisionConflict | None:
        figures = places_service.counts(row, now)
        if figures.room_to_accept is not None and figures.room_to_accept < 1:
            _back_to_waitlist_first(offer, locked, row, actor, now)
            return errors.PlacesTaken(errors.PLACES_TAKEN)
        _record_answer(offer, locked, OfferStatus.ACCEPTED, Status.ACCEPTED, actor, now)
        return None

    return _answer_offer(
        application=application, answer=OfferStatus.ACCEPTED, record=accept, now=now
    )


def _answer_offer(
    *,
    application: Application,
    answer: OfferStatus,
    record: Callable[[Offer, Application, Places, dt.datetime], errors.DecisionConflict | None],
    now: dt.datetime | None,
) -> Offer:
    """What accepting and declining share: the released offer under the places row lock then
    the application's; the same answer again returns the offer as it is; a closed offer is
    refused; one past its deadline expires (and the answer is refused); else ``record`` writes
    the answer, or returns the refusal to raise once the transaction has committed."""
    now = now or clock.now()
    _ensure_released(application, now)
    offer = latest_offer(application)
    if offer is None:
        raise errors.NoOpenOffer(errors.NO_OPEN_OFFER)
    if offer.status == answer:
        return offer
    refusal: errors.DecisionConflict | None = None
    with transaction.atomic():
        row = places_service.lock(offer.places)
        locked = application_services.lock(application)
        offer = Offer.objects.get(pk=offer.pk)
        if offer.status == answer:
            return offer
        if offer.status != OfferStatus.OPEN:
            raise errors.NoOpenOffer(
                errors.OFFER_CLOSED % {"status": OfferStatus(offer.status).label.lower()}
            )
        if is_past_deadline(offer, now):
            _expire(offer, locked, row, now)
            refusal = errors.OfferExpired(
                errors.OFFER_EXPIRED % {"deadline": _deadline_text(offer, locked)}
            )
        else:
            refusal = record(offer, locked, row, now)
    if refusal is not None:
        raise refusal
    application_services.copy_state(locked, application)
    return offer


def _record_answer(
    offer: Offer,
    application: Application,
    answer: OfferStatus,
    to: Status,
    actor: Any,
    now: dt.datetime,
) -> None:
    Offer.objects.filter(pk=offer.pk).update(status=answer, answered_at=now)
    offer.status, offer.answered_at = answer, now
    application_services.transition(
        application=application, to=to, actor=actor, now=now, data={"offer": offer.pk}
    )


def _back_to_waitlist_first(
    offer: Offer, application: Application, row: Places, actor: Any, now: dt.datetime
) -> None:
    from admissions.decisions.services.release import language_of, letter_context

    Offer.objects.filter(pk=offer.pk).update(
        status=OfferStatus.RESCINDED,
        answered_at=now,
        closing_reason="The last place was accepted before this answer.",
    )
    previous = offer.decision
    Decision.objects.filter(pk=previous.pk).update(current=False, superseded_at=now)
    decision = Decision.objects.create(
        application=application,
        outcome=Outcome.WAITLISTED,
        via=Via.PLACES_TAKEN,
        entry_level=previous.entry_level,
        places=row,
        decided_at=now,
        release_at=now,
        released_at=now,
    )
    Decision.objects.filter(pk=previous.pk).update(superseded_by=decision)
    application_services.transition(
        application=application,
        to=Status.WAITLISTED,
        actor=actor,
        now=now,
        notify=False,
        reason="The last place was taken before the offer was accepted.",
        data={"offer": offer.pk, "decision": decision.pk},
        updates={"decision_held_until": None, "status_before_decision": ""},
    )
    entry = waitlist.join(application=application, decision=decision, row=row, now=now, first=True)
    language = language_of(application)
    notifications.queue_message(
        recipient_email=application.applicant.email,
        template="decision_waitlisted",
        context=letter_context(application, decision, language, position=waitlist.position(entry)),
        language=language,
        idempotency_key=f"decision:{decision.pk}:released",
        user=application.applicant,
    )


def decline_offer(*, application: Application, actor: Any, now: dt.datetime | None = None) -> Offer:
    """The applicant declines their offer; the place goes to the waiting list. Repeating a
    decline answers the declined offer."""

    def decline(
        offer: Offer, locked: Application, row: Places, now: dt.datetime
    ) -> errors.DecisionConflict | None:
        _record_answer(offer, locked, OfferStatus.DECLINED, Status.DECLINED, actor, now)
        waitlist.promote(row=row, now=now)
        return None

    return _answer_offer(
        application=application, answer=OfferStatus.DECLINED, record=decline, now=now
    )


def expire_offers(*, now: dt.datetime | None = None) -> str:
    """Close the open offers whose deadline has passed, tell their applicants and offer the
    places to the waiting list. Idempotent."""
    now = now or clock.now()
    due = list(
        Offer.objects.filter(status=OfferStatus.OPEN, deadline_at__lt=clock.floor_second(now))
        .order_by("deadline_at", "pk")
        .values_list("pk", "places_id", "application_id")
    )
    expired = 0
    for pk, places_id, application_id in due:
        with transaction.atomic():
            row = places_service.lock(Places(pk=places_id))
            application = application_services.lock(Application(pk=application_id))
            offer = Offer.objects.get(pk=pk)
            if offer.status != OfferStatus.OPEN or not is_past_deadline(offer, now):
                continue
            _expire(offer, application, row, now)
            expired += 1
    return f"{expired} expired"


def withdraw(
    *, application: Application, actor: Any, reason: str = "", now: dt.datetime | None = None
) -> Application:
    """Withdraw an application wherever it is in the decisions: a held decision is set aside
    (the applicant never saw it), an open or accepted offer frees its place, which goes to the
    waiting list, a waiting-list entry leaves the list."""
    now = now or clock.now()
    live = Offer.objects.filter(
        application=application, status__in=[OfferStatus.OPEN, OfferStatus.ACCEPTED]
    ).first()
    with transaction.atomic():
        row = places_service.lock(live.places) if live is not None else None
        locked = application_services.lock(application)
        if locked.status == Status.WITHDRAWN:
            application_services.copy_state(locked, application)
            return locked
        decision = Decision.objects.filter(application=locked, current=True).first()
        if decision is not None and decision.released_at is None:
            Decision.objects.filter(pk=decision.pk).update(current=False, superseded_at=now)
            if decision.release_at > now and locked.status != locked.status_before_decision:
                application_services.transition(
                    application=locked,
                    to=Status.READY_FOR_PANEL,
                    actor=actor,
                    now=now,
                    notify=False,
                    visible_to_applicant=False,
                    data={"decision_set_aside": decision.pk},
                    updates={"decision_held_until": None, "status_before_decision": ""},
                )
        if live is not None:
            Offer.objects.filter(pk=live.pk).update(
                status=OfferStatus.WITHDRAWN, answered_at=live.answered_at or now
            )
        WaitlistEntry.objects.filter(application=locked, status=WaitlistStatus.WAITING).update(
            status=WaitlistStatus.LEFT, left_at=now
        )
        withdrawn = application_services.withdraw_application(
            application=locked, actor=actor, reason=reason, now=now
        )
        if row is not None:
            waitlist.promote(row=row, now=now)
    application_services.copy_state(withdrawn, application)
    return withdrawn


def extend_offer(
    *,
    application: Application,
    until: dt.date,
    reason: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> Offer:
    """Staff extend one open offer to the end of ``until`` (programme's time zone), with a
    reason: ``decisions.release`` on the programme, never past the day before classes. The
    applicant sees the new deadline on their page; the reminders follow it."""
    now = now or clock.now()
    check(actor, "decisions.release", programme_id=application.programme_id)
    reason = (reason or "").strip()
    if not reason:
        raise errors.DecisionInvalid(errors.EXTENSION_REASON_NEEDED, field="reason")
    offer = latest_offer(application)
    if offer is None:
        raise errors.NoOpenOffer(errors.NO_OPEN_OFFER)
    with transaction.atomic():
        places_service.lock(offer.places)
        locked = application_services.lock(application)
        offer = Offer.objects.get(pk=offer.pk)
        if offer.status != OfferStatus.OPEN or is_past_deadline(offer, now):
            raise errors.NoOpenOffer(errors.NO_OPEN_OFFER)
        tz = locked.programme.time_zone
        new_deadline = clock.end_of_day(until, tz)
        if new_deadline <= offer.deadline_at:
            raise errors.DecisionInvalid(errors.EXTENSION_NOT_LATER, field="until")
        if until >= locked.intake.starts_on:
            raise errors.DecisionInvalid(errors.EXTENSION_PAST_CLASSES, field="until")
        previous = offer.deadline_at
        Offer.objects.filter(pk=offer.pk).update(
            deadline_at=new_deadline,
            extended_at=now,
            extension_reason=reason,
            reminder_3d_at=None,
            reminder_1d_at=None,
        )
        offer.refresh_from_db()
        application_services.record_event(
            application=locked,
            kind="offer_extended",
            actor=actor,
            message_en="The deadline of your offer is extended to "
            f"{moment_text(new_deadline, tz, 'en')}.",
            message_fr="La date limite de votre offre est reportée au "
            f"{moment_text(new_deadline, tz, 'fr')}.",
            data={"offer": offer.pk, "previous": previous.isoformat()},
            now=now,
        )
        audit.record(
            action="offer.extended",
            actor=actor,
            object_type="application",
            object_ref=locked.reference,
            programme_id=locked.programme_id,
            data={
                "offer": offer.pk,
                "from": previous.isoformat(),
                "to": new_deadline.isoformat(),
                "reason": reason,
            },
        )
    return offer


# The name the issue gives the case that frees a place.
withdraw_after_accepting = withdraw


# --------------------------------------------------------------------------------------------
# Reminders: 3 days and 1 day before the deadline, once each
# --------------------------------------------------------------------------------------------


@register_producer("decisions.offer_expiring")
def offer_reminders(now: dt.datetime) -> Iterator[ReminderSpec]:
    """Each open offer, 3 days and 1 day before its deadline (the latest moment passed, never
    a stale one); the reminder's moment is stamped on the offer."""
    from admissions.decisions.services.release import language_of

    horizon = now + dt.timedelta(days=max(REMINDER_DAYS))
    offers = (
        Offer.objects.filter(
            status=OfferStatus.OPEN,
            deadline_at__gte=clock.floor_second(now),
            deadline_at__lte=horizon,
        )
        .select_related("application__applicant", "application__programme")
        .order_by("deadline_at", "pk")
    )
    for offer in offers:
        days = due_reminder(deadline=offer.deadline_at, now=now, days_before=REMINDER_DAYS)
        if days is None:
            continue
        field = f"reminder_{days}d_at"
        if getattr(offer, field) is not None:
            continue
        Offer.objects.filter(pk=offer.pk).update(**{field: now})
        application = offer.application
        language = language_of(application)
        yield ReminderSpec(
            key=f"reminder:offer:{application.reference}:{offer.pk}:{days}d",
            recipient_email=application.applicant.email,
            template="offer_expiring",
            context={
                **notify.base_context(application, language),
                "expires_at": offer.deadline_at,
                "time_zone": application.programme.time_zone,
            },
            language=language,
            user=application.applicant,
        )


def send_offer_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue the offer reminders due at ``now`` (what the ``notifications.reminders`` job
    does for this producer); returns how many were queued."""
    now = now or clock.now()
    queued = 0
    with transaction.atomic():
        for spec in offer_reminders(now):
            _message, created = send_once(
                key=spec.key,
                recipient_email=spec.recipient_email,
                template=spec.template,
                context=spec.context,
                language=spec.language,
                user=spec.user,
            )
            queued += int(created)
    return queued
