"""The applicant books, moves or cancels their interview time, until the cut-off.

The cut-off is the slot's start minus the programme's ``booking_cutoff_hours`` (24 by
default): from then on, the time holds (a move or a cancellation too late would leave the
interviewers waiting). It is checked from the server's clock at the moment of the request.

Two applicants taking the last place of a slot at once: the slot's row is locked
(``select_for_update``) and the interviews booked on it counted under that lock, so the
second waits for the first to commit, counts again and is told the time is taken.

A booked interview keeps its calendar ``uid`` whatever happens to it; each change after
the first booking increases its ``sequence``, so the applicant's calendar updates the one
event (the video link, on the slot, follows the interview to its new slot).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from admissions.applications import services as application_services
from admissions.applications.checks import moment_text
from admissions.applications.states import FINAL, Status
from admissions.core import audit, clock
from admissions.core.errors import NotFound
from admissions.core.permissions import SYSTEM
from admissions.review.interviews import mail
from admissions.review.interviews.errors import (
    INTERVIEW_CLOSED,
    INTERVIEW_NOT_FOUND,
    NOT_BOOKED,
    NOT_INVITED,
    SAME_SLOT,
    SLOT_IS_FULL,
    SLOT_NOT_AVAILABLE,
    SLOT_OF_OTHER_INTAKE,
    TOO_LATE,
    InterviewError,
    SlotFull,
    TooLate,
)
from admissions.review.models import Interview, InterviewSlot, InterviewStatus
from admissions.review.rubric import interview_settings_of

EVENT_BOOKED = "interview_booked"
EVENT_MOVED = "interview_moved"
EVENT_CANCELLED = "interview_cancelled"


def cutoff_of(slot: InterviewSlot) -> dt.datetime:
    """Until when ``slot`` can be booked, moved away from or cancelled."""
    hours = interview_settings_of(slot.intake.programme).booking_cutoff_hours
    return slot.starts_at - dt.timedelta(hours=hours)


def is_open(slot: InterviewSlot, now: dt.datetime) -> bool:
    return slot.cancelled_at is None and now < cutoff_of(slot)


def _language(interview: Interview) -> str:
    return mail.language_of(interview)


def _check_in_time(interview: Interview, slot: InterviewSlot, now: dt.datetime) -> None:
    cutoff = cutoff_of(slot)
    if now >= cutoff:
        raise TooLate(
            TOO_LATE
            % {
                "hours": interview_settings_of(slot.intake.programme).booking_cutoff_hours,
                "cutoff": moment_text(cutoff, mail.time_zone_of(interview), _language(interview)),
            }
        )


def _check_still_interviewing(interview: Interview) -> None:
    """Booking or moving needs the application still at the interview stage (not
    withdrawn, not moved on)."""
    if interview.application.status != Status.INTERVIEW:
        raise InterviewError(INTERVIEW_CLOSED)


def _check_applicant(interview: Interview, actor: Any) -> None:
    if actor is SYSTEM:
        return
    if getattr(actor, "pk", None) != interview.application.applicant_id:
        raise NotFound(INTERVIEW_NOT_FOUND)


def _lock(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related(
            "application__applicant",
            "application__programme",
            "application__intake",
            "slot__intake__programme",
        )
        .get(pk=interview.pk)
    )


def _take_place(slot: InterviewSlot, interview: Interview, now: dt.datetime) -> InterviewSlot:
    """Lock ``slot`` and check that it still has a place for ``interview``."""
    locked = (
        InterviewSlot.objects.select_for_update(of=("self",))
        .select_related("intake__programme")
        .get(pk=slot.pk)
    )
    if locked.intake_id != interview.application.intake_id:
        raise InterviewError(SLOT_OF_OTHER_INTAKE, field="slot")
    if locked.cancelled_at is not None:
        raise InterviewError(SLOT_NOT_AVAILABLE, field="slot")
    _check_in_time(interview, locked, now)
    # A withdrawn (or otherwise closed) application no longer holds its place.
    taken = (
        locked.interviews.filter(status=InterviewStatus.BOOKED)
        .exclude(pk=interview.pk)
        .exclude(application__status__in=FINAL)
        .count()
    )
    if taken >= locked.places:
        raise SlotFull(SLOT_IS_FULL, field="slot")
    return locked


def _event(
    interview: Interview, kind: str, en: str, fr: str, actor: Any, now: dt.datetime, **data: Any
) -> None:
    application_services.record_event(
        application=interview.application,
        kind=kind,
        actor=actor,
        message_en=en,
        message_fr=fr,
        data={"interview": str(interview.public_id), "sequence": interview.sequence, **data},
        now=now,
    )


def _audit(interview: Interview, action: str, actor: Any, **data: Any) -> None:
    application = interview.application
    audit.record(
        action=action,
        actor=actor,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        data={"interview": str(interview.public_id), "sequence": interview.sequence, **data},
    )


def _when(slot: InterviewSlot, interview: Interview, language: str) -> str:
    return moment_text(slot.starts_at, mail.time_zone_of(interview), language)


def book(
    *,
    interview: Interview,
    slot: InterviewSlot,
    actor: Any,
    now: dt.datetime | None = None,
    time_zone: str = "",
) -> Interview:
    """Book ``slot`` for the applicant's invited ``interview``. Raises ``SlotFull`` when
    the last place went to someone else first, ``TooLate`` after the cut-off."""
    now = now or clock.now()
    _check_applicant(interview, actor)
    with transaction.atomic():
        locked = _lock(interview)
        if locked.status != InterviewStatus.INVITED:
            raise InterviewError(
                NOT_INVITED if locked.status == InterviewStatus.BOOKED else INTERVIEW_CLOSED
            )
        _check_still_interviewing(locked)
        if time_zone:
            locked.time_zone = time_zone
        target = _take_place(slot, locked, now)
        # The first booking is the calendar event's first version; a booking after a
        # cancellation re-issues the same event, so it must carry a higher sequence.
        if locked.booked_at is not None:
            locked.sequence += 1
        locked.slot = target
        locked.status = InterviewStatus.BOOKED
        locked.booked_at = now
        locked.reminded_at = None
        locked.version += 1
        locked.save()
        _event(
            locked,
            EVENT_BOOKED,
            f"Interview booked for {_when(target, locked, 'en')}.",
            f"Entretien réservé pour le {_when(target, locked, 'fr')}.",
            actor,
            now,
            slot=str(target.public_id),
        )
        mail.booked(locked, now=now)
        _audit(locked, "interview.booked", actor, slot=str(target.public_id))
    return locked


def move(
    *,
    interview: Interview,
    slot: InterviewSlot,
    actor: Any,
    now: dt.datetime | None = None,
    time_zone: str = "",
) -> Interview:
    """Move the applicant's booked ``interview`` to ``slot``: same calendar ``uid``, a
    higher ``sequence``. Both the current time and the new one must be before their
    cut-off."""
    now = now or clock.now()
    _check_applicant(interview, actor)
    with transaction.atomic():
        locked = _lock(interview)
        if locked.status != InterviewStatus.BOOKED or locked.slot is None:
            raise InterviewError(NOT_BOOKED)
        if time_zone:
            locked.time_zone = time_zone
        _check_still_interviewing(locked)
        previous = locked.slot
        if previous.pk == slot.pk:
            raise InterviewError(SAME_SLOT, field="slot")
        _check_in_time(locked, previous, now)
        target = _take_place(slot, locked, now)
        locked.slot = target
        locked.sequence += 1
        locked.booked_at = now
        locked.reminded_at = None
        locked.version += 1
        locked.save()
        _event(
            locked,
            EVENT_MOVED,
            f"Interview moved from {_when(previous, locked, 'en')} "
            f"to {_when(target, locked, 'en')}.",
            f"Entretien déplacé du {_when(previous, locked, 'fr')} "
            f"au {_when(target, locked, 'fr')}.",
            actor,
            now,
            slot=str(target.public_id),
            previous_slot=str(previous.public_id),
        )
        mail.moved(locked, previous=previous, now=now)
        _audit(
            locked,
            "interview.moved",
            actor,
            slot=str(target.public_id),
            previous_slot=str(previous.public_id),
        )
    return locked


def cancel(*, interview: Interview, actor: Any, now: dt.datetime | None = None) -> Interview:
    """The applicant cancels their booked time (before the cut-off). They stay invited and
    may book another time; their calendar removes the event."""
    now = now or clock.now()
    _check_applicant(interview, actor)
    with transaction.atomic():
        locked = _lock(interview)
        if locked.status != InterviewStatus.BOOKED or locked.slot is None:
            raise InterviewError(NOT_BOOKED)
        _check_in_time(locked, locked.slot, now)
        return release(interview=locked, actor=actor, now=now, by_school=False)


def release(*, interview: Interview, actor: Any, now: dt.datetime, by_school: bool) -> Interview:
    """Free ``interview``'s booked time (inside the caller's transaction, the interview
    locked or its slot): back to "invited", with a timeline event, an audit record and the
    cancellation email with its calendar file."""
    previous = interview.slot
    assert previous is not None  # nosec B101  # narrows the type; the caller guarantees it
    interview.slot = None
    interview.status = InterviewStatus.INVITED
    interview.sequence += 1
    interview.reminded_at = None
    interview.version += 1
    interview.save()
    when_en = _when(previous, interview, "en")
    when_fr = _when(previous, interview, "fr")
    if by_school:
        en = f"The school cancelled the interview time of {when_en}: choose another time."
        fr = f"L'école a annulé l'horaire d'entretien du {when_fr} : choisissez un autre horaire."
    else:
        en = f"Interview time of {when_en} cancelled: choose another time."
        fr = f"Horaire d'entretien du {when_fr} annulé : choisissez un autre horaire."
    _event(interview, EVENT_CANCELLED, en, fr, actor, now, previous_slot=str(previous.public_id))
    mail.cancelled(interview, previous=previous, by_school=by_school, now=now)
    _audit(
        interview,
        "interview.cancelled",
        actor,
        previous_slot=str(previous.public_id),
        by_school=by_school,
    )
    return interview
