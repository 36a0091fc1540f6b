"""Asking for one's personal data to be erased, and cancelling that request.

``request_erasure`` closes the account at once (``is_active`` off: allauth refuses the sign-in
and Django's backends drop any session on its next request) and schedules the erasure
``settings.ERASURE_GRACE_DAYS`` later. The erasure itself reads every domain, so it lives in
``workflows.privacy``. ``cancel_erasure`` is for an administrator (the Django admin's action on
erasure requests), when the applicant writes to the school within the grace period.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admissions.accounts.models import ErasureRequest, User
from admissions.core import audit, clock
from admissions.core.errors import DomainError

STAFF_ACCOUNTS_ARE_CLOSED_BY_AN_ADMINISTRATOR = _(
    "A staff account cannot erase itself. Ask an administrator to close it."
)
NOTHING_TO_CANCEL = _("This erasure request was already carried out or cancelled.")


class ErasureRefused(DomainError):
    """The erasure cannot be asked for, or cancelled, in this state."""


def request_erasure(
    *,
    user: User,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> ErasureRequest:
    """Close ``user``'s account now and schedule the erasure of their personal data."""
    now = now or clock.now()
    if user.is_staff or user.is_superuser or user.role_assignments.exists():
        raise ErasureRefused(STAFF_ACCOUNTS_ARE_CLOSED_BY_AN_ADMINISTRATOR, code="staff_account")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        open_request = locked.erasure_requests.filter(
            cancelled_at__isnull=True, completed_at__isnull=True
        ).first()
        if open_request is not None:
            return open_request
        erasure = ErasureRequest.objects.create(
            user=locked,
            requested_at=now,
            erase_after=now + dt.timedelta(days=settings.ERASURE_GRACE_DAYS),
        )
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        audit.record(
            action="privacy.erasure_requested",
            actor=user,
            object_type="user",
            object_ref=str(user.pk),
            request=request,
            data={"erase_after": erasure.erase_after.isoformat()},
        )
    user.is_active = False
    return erasure


def cancel_erasure(
    *, erasure: ErasureRequest, actor: Any, now: dt.datetime | None = None
) -> ErasureRequest:
    """Cancel an open request and reopen the account, as it was."""
    now = now or clock.now()
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if not locked.is_open:
            raise ErasureRefused(NOTHING_TO_CANCEL, code="erasure_closed")
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        User.objects.filter(pk=locked.user_id).update(is_active=True)
        audit.record(
            action="privacy.erasure_cancelled",
            actor=actor,
            object_type="user",
            object_ref=str(locked.user_id),
        )
    return locked
