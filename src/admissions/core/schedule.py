"""Scheduled work, run by ``manage.py tick``.

Apps register jobs with an interval. ``run_due_jobs`` runs each job whose interval has
elapsed, holding a row lock on the job's ``ScheduledJobRun`` so that two ticks (two
workers, two machines) never run one job twice at once. Jobs themselves must be
idempotent: they send reminders and tidy up, and correctness never waits for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from admissions.core import clock
from admissions.core.models import ScheduledJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[dt.datetime], str]


_REGISTRY: dict[str, Job] = {}


def register(
    name: str, *, every: dt.timedelta
) -> Callable[[Callable[[dt.datetime], str]], Callable[[dt.datetime], str]]:
    def decorator(func: Callable[[dt.datetime], str]) -> Callable[[dt.datetime], str]:
        _REGISTRY[name] = Job(name, every, func)
        return func

    return decorator


def jobs() -> list[Job]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def run_due_jobs(*, now: dt.datetime | None = None, force: bool = False) -> dict[str, str]:
    now = now or clock.now()
    results: dict[str, str] = {}
    for job in jobs():
        ScheduledJobRun.objects.get_or_create(name=job.name)
        with transaction.atomic():
            run = (
                ScheduledJobRun.objects.select_for_update(skip_locked=True)
                .filter(name=job.name)
                .first()
            )
            if run is None:
                results[job.name] = "skipped: running elsewhere"
                continue
            if not force and run.last_started_at and run.last_started_at + job.every > now:
                results[job.name] = "not due"
                continue
            run.last_started_at = now
            try:
                outcome = job.run(now)
            except Exception as exc:  # a failing job must not stop the others
                logger.exception("Scheduled job %s failed", job.name)
                outcome = f"failed: {exc}"
            run.last_finished_at = clock.now()
            run.last_result = outcome[:2000]
            run.save()
            results[job.name] = outcome
    return results
