from __future__ import annotations

from typing import Any

from django.http import HttpRequest

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
