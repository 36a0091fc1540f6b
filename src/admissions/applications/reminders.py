"""Reminders of a round's deadline to applicants whose application is still a draft.

Run by ``manage.py tick`` through the outbox: a draft whose intake has a round open now is
reminded the configured days before that round's deadline (``REMINDER_DAYS_BEFORE_DEADLINE``,
7 and 1 by default), in the applicant's language, with the deadline shown in the programme's
time zone. The key (draft, round, moment) sends each reminder once however often ``tick``
runs; ``due_reminder`` picks only the latest moment passed, so a tick that missed the 7-day
moment sends the 1-day reminder and never a stale 7-day one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from django.db.models import Exists, OuterRef

from admissions.applications.models import Application
from admissions.applications.notify import base_context
from admissions.applications.states import Status
from admissions.catalogue.models import Round
from admissions.core import clock
from admissions.notifications.reminders import ReminderSpec, due_reminder, register_producer

# Applications that count as "already submitted" for the same intake and entry level.
_NOT_SUBMITTED = (Status.DRAFT, Status.WITHDRAWN)


def rounds_closing_first(now: dt.datetime) -> dict[int, Round]:
    """Per intake, the round open at ``now`` that closes first: the round a draft would join
    if it were submitted now (the same rule as ``Round.state`` and ``round_open_at``)."""
    open_rounds = Round.objects.filter(
        opens_at__lte=now, deadline_at__gte=clock.floor_second(now)
    ).order_by("-deadline_at", "-number")
    # Later rows overwrite earlier ones: the first to close wins.
    return {round_.intake_id: round_ for round_ in open_rounds}


def days_left(deadline: dt.datetime, now: dt.datetime) -> int:
    """Whole days left, rounded up: 6 days 23 hours is "7 days left", 12 hours "1 day left".

    The moment that is due (7 or 1) is not always the days left: a tick that ran late (the
    machine was down) sends the 7-day reminder at, say, 4 days before, which must say 4.
    """
    return max(1, math.ceil((deadline - now) / dt.timedelta(days=1)))


@register_producer("applications.deadline_approaching")
def deadline_reminders(now: dt.datetime) -> Iterator[ReminderSpec]:
    due: dict[int, tuple[Round, int]] = {}
    for intake_id, round_ in rounds_closing_first(now).items():
        days = due_reminder(deadline=round_.deadline_at, now=now)
        if days is not None:
            due[intake_id] = (round_, days)
    if not due:
        return
    submitted_elsewhere = Application.objects.filter(
        applicant=OuterRef("applicant"),
        intake=OuterRef("intake"),
        entry_level=OuterRef("entry_level"),
    ).exclude(status__in=_NOT_SUBMITTED)
    drafts = (
        Application.objects.filter(
            status=Status.DRAFT, withdrawn_at__isnull=True, intake_id__in=due
        )
        # One application per applicant, intake and level is a database constraint today;
        # this keeps the rule true if resubmitting after a withdrawal is ever allowed.
        .exclude(Exists(submitted_elsewhere))
        .select_related("applicant", "programme")
        .order_by("pk")
    )
    for draft in drafts:
        round_, days = due[draft.intake_id]
        user = draft.applicant
        language = user.preferred_language or "en"
        time_zone = draft.programme.time_zone
        yield ReminderSpec(
            key=f"reminder:deadline:{draft.reference}:r{round_.number}:{days}d",
            recipient_email=user.email,
            template="deadline_approaching",
            context={
                **base_context(draft, language),
                "deadline_at": clock.local(round_.deadline_at, time_zone),
                "days_left": days_left(round_.deadline_at, now),
                # The templates render dates in this zone (the programme's, not the server's).
                "time_zone": time_zone,
            },
            language=language,
            user=user,
        )
