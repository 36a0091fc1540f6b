"""Reminders to referees who have not answered, run by ``manage.py tick`` through the outbox.

A referee still without a letter ``REFEREE_REMINDER_DAYS`` days (7 and 14 by default) after
the invitation, whose link has not expired, is reminded once per moment (key: referee and
moment), in the language the invitation used (the applicant's).

Only a hash of a referee's token is stored, so the reminder cannot repeat the link the
invitation carried. It issues a new one the way the applicant's "remind" button does
(``referees.send_reminder``): a new token, valid ``REFEREE_LINK_DAYS`` from now, and the old
link stops working. Because the token changes, the producer writes only when the reminder
will really be queued: a reminder already queued (same key) or one the applicant sent less
than 48 hours ago leaves the referee's link alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from admissions.applications.states import FINAL
from admissions.core import clock
from admissions.documents.models import Referee
from admissions.documents.referees import REMINDER_INTERVAL, hash_token, link_days, link_for
from admissions.notifications.models import OutboxMessage
from admissions.notifications.reminders import ReminderSpec, register_producer

logger = logging.getLogger(__name__)


def due_moment(
    *, sent_at: dt.datetime, now: dt.datetime, days_after: Sequence[int] | None = None
) -> int | None:
    """The latest "N days after" moment passed at ``now``, if any: with [7, 14], None before
    day 7, 7 from day 7, 14 from day 14. A tick that missed day 7 and runs on day 15 sends
    only the 14-day reminder, never a stale one."""
    days = settings.REFEREE_REMINDER_DAYS if days_after is None else days_after
    passed = [day for day in days if sent_at + dt.timedelta(days=day) <= now]
    return max(passed) if passed else None


def reminder_key(referee: Referee, days: int) -> str:
    return f"reminder:referee:{referee.public_id}:{days}d"


def _already_reminded(referee: Referee, moment_at: dt.datetime, now: dt.datetime) -> bool:
    """The applicant reminded this referee by hand since the moment, or too recently."""
    last = referee.last_reminded_at
    return last is not None and (last >= moment_at or now - last < REMINDER_INTERVAL)


@register_producer("documents.referee_reminders")
def referee_reminders(now: dt.datetime) -> list[ReminderSpec]:
    days_after = settings.REFEREE_REMINDER_DAYS
    if not days_after:
        return []
    specs: list[ReminderSpec] = []
    # One savepoint for every new link: if anything below fails, no referee is left with a
    # new token that no queued message carries (their old link keeps working). The referee
    # rows are locked so that a reminder sent by hand at the same moment waits for us.
    with transaction.atomic():
        referees = (
            Referee.objects.select_for_update(of=("self",))
            .filter(
                replaced_at__isnull=True,
                letter_received_at__isnull=True,
                declined_at__isnull=True,
                token_expires_at__gt=now,
                invited_at__lte=now - dt.timedelta(days=min(days_after)),
            )
            .exclude(application__status__in=FINAL)
            .select_related("application__applicant", "application__programme")
            .order_by("pk")
        )
        due: list[tuple[Referee, int]] = []
        for referee in referees:
            days = due_moment(sent_at=referee.invited_at, now=now, days_after=days_after)
            if days is None:
                continue
            if _already_reminded(referee, referee.invited_at + dt.timedelta(days=days), now):
                continue
            if "@" not in referee.email:
                logger.warning("Referee %s has no usable email address", referee.public_id)
                continue
            due.append((referee, days))
        sent = set(
            OutboxMessage.objects.filter(
                idempotency_key__in=[reminder_key(referee, days) for referee, days in due]
            ).values_list("idempotency_key", flat=True)
        )
        for referee, days in due:
            key = reminder_key(referee, days)
            if key in sent:
                continue
            specs.append(_new_link_reminder(referee, key=key, now=now))
    return specs


def _new_link_reminder(referee: Referee, *, key: str, now: dt.datetime) -> ReminderSpec:
    token = secrets.token_urlsafe(32)
    referee.token_hash = hash_token(token)
    referee.token_expires_at = now + dt.timedelta(days=link_days())
    referee.last_reminded_at = now
    referee.save(update_fields=["token_hash", "token_expires_at", "last_reminded_at"])
    application = referee.application
    applicant = application.applicant
    programme = application.programme
    language = applicant.preferred_language or "en"
    return ReminderSpec(
        key=key,
        recipient_email=referee.email,
        template="referee_reminder",
        context={
            "referee_name": referee.name,
            "applicant_name": applicant.get_full_name() or applicant.email,
            "programme_name": programme.name_fr
            if language.startswith("fr") and programme.name_fr
            else programme.name_en,
            "due_on": clock.local(referee.token_expires_at, programme.time_zone).date(),
            "action_url": link_for(token),
        },
        language=language,
    )
