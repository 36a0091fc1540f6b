"""Interview slots: the times interviewers hold, opened and cancelled by staff.

Every interviewer of a slot must be free: no other slot of theirs that is not cancelled
overlaps it. Two people opening overlapping slots for the same interviewer at the same
moment cannot both succeed: the interviewers' rows are locked (in the order of their ids,
so two transactions never wait on each other crosswise) while the check and the insert run.

Cancelling a slot frees the applicants booked on it: each goes back to "invited" with an
email and a calendar file that removes the event, and books another time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from admissions.catalogue.models import Intake, Programme
from admissions.core import audit, clock
from admissions.core.roles import Role
from admissions.review.interviews import access, booking
from admissions.review.interviews.errors import (
    SLOT_ALREADY_CANCELLED,
    SLOT_IN_PERSON_NEEDS_ROOM,
    SLOT_IN_THE_PAST,
    SLOT_INTERVIEWER_BUSY,
    SLOT_INTERVIEWER_NOT_OF_PROGRAMME,
    SLOT_MODE_NOT_OFFERED,
    SLOT_NEEDS_INTERVIEWER,
    SLOT_PHONE_NEEDS_NUMBER,
    SLOT_VIDEO_NEEDS_LINK,
    InterviewError,
)
from admissions.review.models import (
    InterviewMode,
    InterviewRepresentative,
    InterviewSlot,
    InterviewStatus,
)
from admissions.review.rubric import interview_settings_of

# The programme's YAML names modes as its page does: "remote" is a phone or a video call.
_MODES_OF_SETTING = {
    "phone": {InterviewMode.PHONE},
    "video": {InterviewMode.VIDEO},
    "remote": {InterviewMode.PHONE, InterviewMode.VIDEO},
    "in_person": {InterviewMode.IN_PERSON},
}


def modes_of(programme: Programme) -> list[str]:
    """The modes ``programme`` interviews in, in the order of ``InterviewMode`` (every mode
    when its configuration names none)."""
    configured = interview_settings_of(programme).modes
    if not configured:
        return list(InterviewMode.values)
    allowed: set[str] = set()
    for name in configured:
        allowed |= {str(mode) for mode in _MODES_OF_SETTING.get(name, ())}
    return [mode for mode in InterviewMode.values if mode in allowed]


def interviewers_of(programme: Programme) -> QuerySet[Any]:
    """The people who may sit on ``programme``'s slots: its interviewers and head (roles on
    the programme or on every programme) and the head's representatives."""
    user_model = get_user_model()
    scope = Q(role_assignments__programme=programme) | Q(role_assignments__programme__isnull=True)
    by_role = Q(role_assignments__role__in=[Role.INTERVIEWER, Role.PROGRAMME_HEAD]) & scope
    represents = Q(
        pk__in=InterviewRepresentative.objects.filter(programme=programme, active=True).values(
            "user_id"
        )
    )
    return (
        user_model.objects.filter(is_active=True)
        .filter(by_role | represents)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.email)


def _clashes(
    interviewer: Any, starts_at: dt.datetime, ends_at: dt.datetime
) -> InterviewSlot | None:
    """A slot of ``interviewer``, not cancelled, that overlaps [starts_at, ends_at)."""
    theirs = InterviewSlot.objects.filter(interviewers=interviewer, cancelled_at__isnull=True)
    longest = theirs.aggregate(longest=Max("duration_minutes"))["longest"]
    if longest is None:
        return None
    candidates = theirs.filter(
        starts_at__lt=ends_at, starts_at__gt=starts_at - dt.timedelta(minutes=longest)
    ).order_by("starts_at")
    for slot in candidates:
        if slot.starts_at + dt.timedelta(minutes=slot.duration_minutes) > starts_at:
            return slot
    return None


def create_slot(
    *,
    intake: Intake,
    starts_at: dt.datetime,
    duration_minutes: int,
    mode: str,
    interviewers: Sequence[Any],
    actor: Any,
    phone_number: str = "",
    video_url: str = "",
    room: str = "",
    places: int = 1,
    now: dt.datetime | None = None,
) -> InterviewSlot:
    """Open a slot of ``intake``. Raises ``InterviewError`` (``field`` names the form's
    field) when it starts in the past, lacks what its mode needs, or an interviewer is not
    the programme's or is busy then."""
    now = now or clock.now()
    programme = intake.programme
    access.check_manage(actor, programme)
    if starts_at <= now:
        raise InterviewError(SLOT_IN_THE_PAST, field="starts_at")
    if mode not in modes_of(programme):
        raise InterviewError(
            SLOT_MODE_NOT_OFFERED % {"mode": InterviewMode(mode).label}
            if mode in InterviewMode.values
            else SLOT_MODE_NOT_OFFERED % {"mode": mode},
            field="mode",
        )
    needs = {
        InterviewMode.PHONE: ("phone_number", phone_number, SLOT_PHONE_NEEDS_NUMBER),
        InterviewMode.VIDEO: ("video_url", video_url, SLOT_VIDEO_NEEDS_LINK),
        InterviewMode.IN_PERSON: ("room", room, SLOT_IN_PERSON_NEEDS_ROOM),
    }
    field, value, message = needs[InterviewMode(mode)]
    if not (value or "").strip():
        raise InterviewError(message, field=field)
    people = list({person.pk: person for person in interviewers}.values())
    if not people:
        raise InterviewError(SLOT_NEEDS_INTERVIEWER, field="interviewers")
    allowed = set(interviewers_of(programme).values_list("pk", flat=True))
    for person in people:
        if person.pk not in allowed:
            raise InterviewError(
                SLOT_INTERVIEWER_NOT_OF_PROGRAMME % {"person": _name(person)},
                field="interviewers",
            )
    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    user_model = get_user_model()
    with transaction.atomic():
        # Lock the interviewers: a concurrent slot for one of them waits, then sees this one.
        list(
            user_model.objects.select_for_update(of=("self",))
            .filter(pk__in=[person.pk for person in people])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for person in people:
            clash = _clashes(person, starts_at, ends_at)
            if clash is not None:
                raise InterviewError(
                    SLOT_INTERVIEWER_BUSY
                    % {
                        "person": _name(person),
                        "other": clock.local(clash.starts_at, programme.time_zone).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                    },
                    field="interviewers",
                )
        slot = InterviewSlot.objects.create(
            intake=intake,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            mode=mode,
            phone_number=phone_number.strip() if mode == InterviewMode.PHONE else "",
            video_url=video_url.strip() if mode == InterviewMode.VIDEO else "",
            room=room.strip() if mode == InterviewMode.IN_PERSON else "",
            places=places,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        slot.interviewers.set(people)
        audit.record(
            action="interview.slot_created",
            actor=actor,
            object_type="interview_slot",
            object_ref=str(slot.public_id),
            programme_id=programme.pk,
            data={
                "starts_at": starts_at.isoformat(),
                "duration_minutes": duration_minutes,
                "mode": mode,
                "places": places,
                "interviewers": sorted(person.email for person in people),
            },
        )
    return slot


def cancel_slot(*, slot: InterviewSlot, actor: Any, now: dt.datetime | None = None) -> list[Any]:
    """Cancel ``slot``: it is no longer offered, and every applicant booked on it goes
    back to choosing a time, told by email with a calendar cancellation. Returns the
    interviews freed."""
    now = now or clock.now()
    programme = slot.intake.programme
    access.check_manage(actor, programme)
    with transaction.atomic():
        locked = InterviewSlot.objects.select_for_update(of=("self",)).get(pk=slot.pk)
        if locked.cancelled_at is not None:
            raise InterviewError(SLOT_ALREADY_CANCELLED)
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        freed = []
        for interview in locked.interviews.filter(status=InterviewStatus.BOOKED).select_related(
            "application__applicant", "application__programme", "application__intake"
        ):
            freed.append(booking.release(interview=interview, actor=actor, now=now, by_school=True))
        audit.record(
            action="interview.slot_cancelled",
            actor=actor,
            object_type="interview_slot",
            object_ref=str(locked.public_id),
            programme_id=programme.pk,
            data={"freed": [interview.application.reference for interview in freed]},
        )
    slot.cancelled_at = locked.cancelled_at
    return freed
