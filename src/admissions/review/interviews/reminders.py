"""The reminder the day before an interview, run by ``manage.py tick``.

Every booked interview whose slot starts within the next 24 hours is reminded once: the
outbox key names the interview and the slot's start, so a second tick queues nothing, and
an interview moved after its reminder is reminded again for its new time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from admissions.applications.states import Status
from admissions.notifications.reminders import ReminderSpec, register_producer
from admissions.review.interviews import mail
from admissions.review.models import Interview, InterviewStatus

REMIND_BEFORE = dt.timedelta(days=1)


def due_interviews(now: dt.datetime) -> list[Interview]:
    return list(
        Interview.objects.filter(
            status=InterviewStatus.BOOKED,
            application__status=Status.INTERVIEW,
            slot__cancelled_at__isnull=True,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + REMIND_BEFORE,
        )
        .select_related("slot", "application__applicant", "application__programme")
        .order_by("slot__starts_at", "pk")
    )


def reminder_key(interview: Interview) -> str:
    assert interview.slot is not None  # nosec B101  # narrows the type; the caller guarantees it
    return f"reminder:interview:{interview.public_id}:{interview.slot.starts_at:%Y%m%dT%H%MZ}"


@register_producer("review.interview_reminders")
def interview_reminders(now: dt.datetime) -> Iterator[ReminderSpec]:
    due = due_interviews(now)
    for interview in due:
        applicant = interview.application.applicant
        yield ReminderSpec(
            key=reminder_key(interview),
            recipient_email=applicant.email,
            template="interview_reminder",
            context=mail.reminder_context(interview),
            language=mail.language_of(interview),
            user=applicant,
        )
    # What was due is marked, for staff to see the reminder went (the outbox key, not this
    # field, is what sends it once).
    Interview.objects.filter(pk__in=[i.pk for i in due], reminded_at__isnull=True).update(
        reminded_at=now
    )
