"""The emails of each interview step, queued in the caller's transaction through the outbox,
in the applicant's language, with times shown in the time zone the applicant chose (else the
programme's) and, where the calendar changes, the ``.ics`` attached.

Each message's idempotency key names the interview and its calendar ``sequence``: a step
retried after a failure queues nothing twice, and each new change queues its own message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from admissions.applications.notify import base_context
from admissions.notifications import services as notifications
from admissions.notifications.services import Attachment
from admissions.review.interviews import calendar
from admissions.review.interviews.calendar import Method
from admissions.review.models import Interview, InterviewSlot


def language_of(interview: Interview) -> str:
    return interview.application.applicant.preferred_language or settings.LANGUAGE_CODE


def time_zone_of(interview: Interview) -> str:
    return interview.time_zone or interview.application.programme.time_zone


def context_of(interview: Interview, slot: InterviewSlot | None, language: str) -> dict[str, Any]:
    application = interview.application
    context: dict[str, Any] = {
        **base_context(application, language),
        "action_url": calendar.interview_url(application.reference),
        "time_zone": time_zone_of(interview),
    }
    if slot is not None:
        context.update(
            {
                "starts_at": slot.starts_at,
                "duration_minutes": slot.duration_minutes,
                "location": calendar.location_of(slot, language),
            }
        )
    return context


def _ics(
    interview: Interview, slot: InterviewSlot, method: Method, now: dt.datetime, language: str
) -> list[Attachment | dict[str, Any]]:
    content = calendar.ics_for(
        interview=interview, slot=slot, method=method, now=now, language=language
    )
    return [
        Attachment(
            filename=calendar.FILENAME,
            mimetype=calendar.MIMETYPE,
            content=content,
        )
    ]


def _queue(
    interview: Interview,
    *,
    template: str,
    key: str,
    context: dict[str, Any],
    language: str,
    attachments: list[Attachment | dict[str, Any]] | None = None,
) -> Any:
    applicant = interview.application.applicant
    return notifications.queue_message(
        recipient_email=applicant.email,
        template=template,
        context=context,
        language=language,
        idempotency_key=f"interview:{interview.public_id}:{key}",
        user=applicant,
        attachments=attachments,
    )


def invited(interview: Interview, *, book_by: dt.datetime | None) -> Any:
    """The invitation: choose a time on the interview page."""
    language = language_of(interview)
    context = context_of(interview, None, language)
    if book_by is not None:
        context["book_by"] = book_by
    return _queue(
        interview,
        template="interview_invitation",
        key="invited",
        context=context,
        language=language,
    )


def booked(interview: Interview, *, now: dt.datetime) -> Any:
    language = language_of(interview)
    slot = interview.slot
    assert slot is not None  # nosec B101  # narrows the type; the caller guarantees it
    return _queue(
        interview,
        template="interview_booked",
        key=f"booked:{interview.sequence}",
        context=context_of(interview, slot, language),
        language=language,
        attachments=_ics(interview, slot, "REQUEST", now, language),
    )


def moved(interview: Interview, *, previous: InterviewSlot, now: dt.datetime) -> Any:
    language = language_of(interview)
    slot = interview.slot
    assert slot is not None  # nosec B101  # narrows the type; the caller guarantees it
    return _queue(
        interview,
        template="interview_changed",
        key=f"changed:{interview.sequence}",
        context={**context_of(interview, slot, language), "previous_starts_at": previous.starts_at},
        language=language,
        attachments=_ics(interview, slot, "REQUEST", now, language),
    )


def cancelled(
    interview: Interview, *, previous: InterviewSlot, by_school: bool, now: dt.datetime
) -> Any:
    language = language_of(interview)
    context = {
        **context_of(interview, previous, language),
        "by_school": by_school,
    }
    return _queue(
        interview,
        template="interview_cancelled",
        key=f"cancelled:{interview.sequence}",
        context=context,
        language=language,
        attachments=_ics(interview, previous, "CANCEL", now, language),
    )


def no_show(interview: Interview, *, slot: InterviewSlot) -> Any:
    language = language_of(interview)
    return _queue(
        interview,
        template="interview_no_show",
        key="no_show",
        context=context_of(interview, slot, language),
        language=language,
    )


def reminder_context(interview: Interview) -> dict[str, Any]:
    language = language_of(interview)
    return context_of(interview, interview.slot, language)
