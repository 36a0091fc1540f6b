"""Reminders: producers say who should be reminded of what; the outbox sends each once.

Later capabilities plug their reminders in without this app knowing about them::

    from admissions.notifications.reminders import ReminderSpec, due_reminder, register_producer

    @register_producer("applications.deadline_approaching")
    def deadline_reminders(now):
        for draft in drafts_with_open_rounds(now):
            days = due_reminder(deadline=draft.round.deadline, now=now)
            if days is not None:
                yield ReminderSpec(
                    key=f"reminder:deadline:{draft.reference}:{days}d",
                    recipient_email=draft.applicant.email,
                    template="deadline_approaching",
                    context={...},
                    language=draft.applicant.preferred_language,
                    user=draft.applicant,
                )

``manage.py tick`` runs every producer; each spec goes through ``send_once`` with its key, so
a reminder is sent once per subject and moment however often ``tick`` runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from admissions.core.errors import DomainError

logger = logging.getLogger(__name__)

Producer = Callable[[dt.datetime], Iterable["ReminderSpec"]]


@dataclass(frozen=True)
class ReminderSpec:
    """One reminder to one person. ``key`` names the subject and the moment."""

    key: str
    recipient_email: str
    template: str
    context: dict[str, Any]
    language: str = "en"
    user: Any = None
    attachments: list[Any] = field(default_factory=list)


@dataclass
class ReminderRun:
    queued: int = 0
    already_sent: int = 0
    failed: int = 0
    by_producer: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.queued} queued, {self.already_sent} already sent, {self.failed} failed"


_PRODUCERS: dict[str, Producer] = {}


def register_producer(name: str, producer: Producer | None = None) -> Any:
    """Register ``producer(now) -> iterable of ReminderSpec`` under ``name``.

    Usable as ``register_producer(name, func)`` or as the decorator ``@register_producer(name)``.
    Registering a name again replaces the earlier producer.
    """
    if producer is not None:
        _PRODUCERS[name] = producer
        return producer

    def decorator(func: Producer) -> Producer:
        _PRODUCERS[name] = func
        return func

    return decorator


def unregister_producer(name: str) -> None:
    _PRODUCERS.pop(name, None)


def producers() -> dict[str, Producer]:
    return dict(sorted(_PRODUCERS.items()))


def due_reminder(
    *, deadline: dt.datetime, now: dt.datetime, days_before: Sequence[int] | None = None
) -> int | None:
    """Which "N days before" reminder is due at ``now``, if any.

    With [7, 1]: from 7 days before the deadline until 1 day before, 7; from 1 day before
    until the deadline, 1; otherwise None. A tick that missed the 7-day moment and runs at
    12 hours before sends only the 1-day reminder, never a stale one.
    """
    days = sorted(set(days_before or settings.REMINDER_DAYS_BEFORE_DEADLINE), reverse=True)
    if now >= deadline:
        return None
    for index, day in enumerate(days):
        window_start = deadline - dt.timedelta(days=day)
        window_end = (
            deadline - dt.timedelta(days=days[index + 1]) if index + 1 < len(days) else deadline
        )
        if window_start <= now < window_end:
            return day
    return None


def run_reminders(*, now: dt.datetime) -> ReminderRun:
    """Run every producer and queue what is due. One failing producer stops only itself."""
    from admissions.notifications.services.outbox import send_once

    run = ReminderRun()
    for name, producer in producers().items():
        queued = already = failed = 0
        try:
            specs = list(producer(now))
        except Exception:
            logger.exception("Reminder producer %s failed", name)
            run.by_producer[name] = "failed"
            run.failed += 1
            continue
        for spec in specs:
            try:
                # A savepoint per reminder: one bad context does not undo the others.
                with transaction.atomic():
                    _message, created = send_once(
                        key=spec.key,
                        recipient_email=spec.recipient_email,
                        template=spec.template,
                        context=spec.context,
                        language=spec.language,
                        user=spec.user,
                        attachments=spec.attachments or None,
                    )
            except DomainError as error:
                logger.error("Reminder %s from %s was refused: %s", spec.key, name, error)
                failed += 1
                continue
            if created:
                queued += 1
            else:
                already += 1
        run.queued += queued
        run.already_sent += already
        run.failed += failed
        run.by_producer[name] = f"{queued} queued, {already} already sent, {failed} failed"
    return run
