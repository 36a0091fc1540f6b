"""Strict readers for settings that come from the environment.

Every knob of the platform is an environment variable (listed in ``.env.example``).
A value we do not understand stops start-up with ``ImproperlyConfigured`` instead of
being silently read as a default: a typo in ``DEBUG=flase`` must not run production in
debug mode. Secrets may also come from ``<NAME>_FILE`` (Docker and Kubernetes secrets).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            with open(file_name, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to {file_name!r}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean. Use one of: true, false, 1, 0, yes, no, on, off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: Sequence[str] = ()) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: Sequence[str], default: str) -> str:
    raw = os.environ.get(name, default).strip().lower()
    if raw not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return raw


_RATE_PERIODS = ("s", "sec", "m", "min", "h", "hour", "d", "day")


def env_rate(name: str, default: str) -> str:
    """A request rate such as ``60/min`` (a count, then s, min, hour or day), as ninja's
    throttles read it."""
    raw = (os.environ.get(name) or default).strip()
    count, _, period = raw.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in _RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate. Write a count and a period, such as 60/min "
            "(periods: s, min, hour, day)."
        )
    return raw


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def env_https_url(name: str, default: str, *, production: bool) -> str:
    """An address the site sends secrets to: ``https://`` with a host; plain ``http://`` only
    to this machine (a local stub), and never in production. Anything else (``file:``,
    ``ftp:``, ``http:`` to another host, no scheme) stops start-up."""
    raw = (env_str(name) or default).strip()
    parts = urlsplit(raw)
    host = parts.hostname or ""
    local_http = parts.scheme == "http" and host in _LOCAL_HOSTS and not production
    if not host or (parts.scheme != "https" and not local_http):
        raise ImproperlyConfigured(
            f"{name}={raw!r} must be an https:// address (http:// is accepted only for "
            "localhost, and only outside production)."
        )
    return raw


def env_datetime(name: str) -> dt.datetime | None:
    """An aware moment in ISO 8601 (``2027-12-31T23:00:00Z``), or None when unset."""
    raw = (env_str(name) or "").strip()
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a date and time with its offset, such as 2027-12-31T23:00:00Z."
        )
    return moment
