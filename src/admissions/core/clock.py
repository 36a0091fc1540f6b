"""The one place the platform asks what time it is.

Whether a round is open or a deadline has passed is decided from the server's clock at the
moment of the request, never from a scheduled job. Tests move time by passing ``now=`` to
services; the ``frozen`` context manager exists for code paths that cannot take an argument
(template tags, middleware), within one thread.

Browser tests drive a live server in another thread (or process), which a context variable
does not reach: they set the ``CLOCK_FROZEN_AT`` setting instead (an aware datetime or an ISO
8601 string with its offset), which every thread reads. Production refuses it (settings.py),
so a stray environment variable can never stop a real server's clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("frozen_now", default=None)


def now() -> dt.datetime:
    frozen = _frozen.get()
    if frozen is not None:
        return frozen
    fixed = getattr(settings, "CLOCK_FROZEN_AT", None)
    if fixed:
        return _aware(fixed)
    return timezone.now()


def _aware(value: dt.datetime | str) -> dt.datetime:
    at = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if timezone.is_naive(at):
        raise ValueError("CLOCK_FROZEN_AT needs a time zone offset")
    return at


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[dt.datetime]:
    if timezone.is_naive(at):
        raise ValueError("frozen() needs an aware datetime")
    token = _frozen.set(at)
    try:
        yield at
    finally:
        _frozen.reset(token)


def local(at: dt.datetime, tz_name: str) -> dt.datetime:
    return at.astimezone(ZoneInfo(tz_name))


def end_of_day(day: dt.date, tz_name: str) -> dt.datetime:
    """The last whole second of ``day`` in ``tz_name``: deadlines are kept to the second."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ZoneInfo(tz_name))


def floor_second(at: dt.datetime) -> dt.datetime:
    return at.replace(microsecond=0)
