"""Scheduled housekeeping jobs of the kernel."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session

from admissions.core.schedule import register


@register("core.clear_expired_sessions", every=dt.timedelta(hours=1))
def clear_expired_sessions(now: dt.datetime) -> str:
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return f"{deleted} expired sessions removed"


@register("core.prune_finished_tasks", every=dt.timedelta(hours=6))
def prune_finished_tasks(now: dt.datetime) -> str:
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL"], finished_at__lt=now - dt.timedelta(days=7)
    ).delete()
    return f"{deleted} finished task results pruned"
