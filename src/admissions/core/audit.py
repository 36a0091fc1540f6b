"""The audit trail: ``record`` writes one event (never changed afterwards, see
``core.models.AuditEvent``); ``search`` reads them for the administrators' page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from admissions.core import clock
from admissions.core.models import AuditEvent


def record(
    *,
    action: str,
    actor: Any = None,
    object_type: str = "",
    object_ref: str = "",
    programme_id: int | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        programme_id=programme_id,
        ip_address=ip,
        data=data or {},
    )


def search(
    *,
    actor: str = "",
    action: str = "",
    reference: str = "",
    from_on: date | None = None,
    to_on: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, narrowed by what an administrator typed: part of the
    actor's email (or of the account a failed sign-in named), an action or the start of one
    (``account.`` finds every sign-in event), part of an object's reference (an application
    reference such as ``PMAI-2027-00042``), and days in the site's time zone, both included."""
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if actor:
        events = events.filter(
            Q(actor__email__icontains=actor) | Q(object_type="account", object_ref__icontains=actor)
        )
    if action:
        events = events.filter(action__startswith=action)
    if reference:
        events = events.filter(object_ref__icontains=reference)
    zone = timezone.get_default_timezone()
    if from_on is not None:
        events = events.filter(at__gte=datetime.combine(from_on, time.min, tzinfo=zone))
    if to_on is not None:
        following = datetime.combine(to_on + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(at__lt=following)
    return events


def actions() -> list[str]:
    """Every action recorded so far, for the search form's suggestions."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
