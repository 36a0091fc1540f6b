"""How long a signed-in session lasts.

Staff sessions end 12 hours after sign-in whatever happens (``STAFF_SESSION_MAX_AGE_MINUTES``)
and after 30 minutes without a request (``STAFF_SESSION_IDLE_MINUTES``). An applicant's
session ends after ``APPLICANT_SESSION_IDLE_MINUTES`` without a request, unless they ticked
"Remember me" at sign-in: then it lasts until ``REMEMBER_ME_DAYS`` pass without a visit
(Django's ``SESSION_COOKIE_AGE``, which allauth gives a remembered sign-in; each write of
the last-seen time below moves the session's expiry on).

Times are wall-clock seconds (``time.time()``), like allauth's own records of each
authentication step: a session's age is real elapsed time, while ``core.clock`` may be
frozen to move business dates. Tests move them by editing the session's timestamps.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from admissions.core.permissions import is_staff_member

SIGNED_IN_AT = "admissions_signed_in_at"
LAST_SEEN_AT = "admissions_last_seen_at"
# The last-seen time is written at most this often: one session write a minute, not one a
# request; an idle limit is then exact to within a minute.
LAST_SEEN_PRECISION_SECONDS = 60

STAFF_SESSION_TOO_OLD = _(
    "For security, a staff session lasts at most %(hours)s hours. Sign in again to continue."
)


def now() -> float:
    return time.time()


def is_staff_account(user: Any) -> bool:
    return bool(is_staff_member(user) or user.is_staff or user.is_superuser)


def remembered(session: SessionBase) -> bool:
    """Whether the person ticked "Remember me": allauth then sets the session's expiry to
    ``SESSION_COOKIE_AGE``, and to 0 (end with the browser) when they did not."""
    return bool(session.get("_session_expiry"))


def _signed_in_at(request: HttpRequest) -> float | None:
    from allauth.account.authentication import get_authentication_records

    stored = request.session.get(SIGNED_IN_AT)
    if stored is not None:
        return float(stored)
    times = [
        record["at"]
        for record in get_authentication_records(request, request.user)
        if isinstance(record, dict) and isinstance(record.get("at"), int | float)
    ]
    return min(times) if times else None


def idle_message(minutes: int) -> str:
    return ngettext(
        "You were signed out after %(minutes)s minute without activity. Sign in again to continue.",
        "You were signed out after %(minutes)s minutes without activity. Sign in again to "
        "continue.",
        minutes,
    ) % {"minutes": minutes}


def why_it_ended(request: HttpRequest, at: float) -> str | None:
    """The message to show when the signed-in session of ``request`` is over at ``at``, or
    ``None`` while it lasts."""
    session = request.session
    last_seen = session.get(LAST_SEEN_AT)
    if is_staff_account(request.user):
        signed_in = _signed_in_at(request)
        max_age = settings.STAFF_SESSION_MAX_AGE_MINUTES * 60
        if signed_in is not None and at - signed_in > max_age:
            hours = settings.STAFF_SESSION_MAX_AGE_MINUTES // 60
            return str(STAFF_SESSION_TOO_OLD % {"hours": hours})
        idle_minutes = settings.STAFF_SESSION_IDLE_MINUTES
    elif remembered(session):
        return None
    else:
        idle_minutes = settings.APPLICANT_SESSION_IDLE_MINUTES
    if last_seen is not None and at - float(last_seen) > idle_minutes * 60:
        return idle_message(idle_minutes)
    return None


def record_activity(request: HttpRequest, at: float) -> None:
    session = request.session
    if session.get(SIGNED_IN_AT) is None:
        session[SIGNED_IN_AT] = _signed_in_at(request) or at
    last_seen = session.get(LAST_SEEN_AT)
    if last_seen is None or at - float(last_seen) >= LAST_SEEN_PRECISION_SECONDS:
        session[LAST_SEEN_AT] = at
