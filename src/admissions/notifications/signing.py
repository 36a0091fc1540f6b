"""Webhook signatures: HMAC-SHA256 over ``f"{timestamp}.{body}"`` with the endpoint's secret.

Integrators check a delivery with ``verify_signature`` (or the same few lines in their own
language, see docs/notifications.md): the timestamp must be recent, which stops a captured
request from being replayed later, and the signature must match the exact bytes received.
"""

from __future__ import annotations

import hashlib
import hmac
import time

PREFIX = "sha256="


def _as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def sign(secret: str, timestamp: int | str, body: str | bytes) -> str:
    """The ``X-Admissions-Signature`` header value for ``body`` sent at ``timestamp``."""
    signed = f"{timestamp}.".encode() + _as_bytes(body)
    return PREFIX + hmac.new(_as_bytes(secret), signed, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str,
    timestamp: int | str,
    body: str | bytes,
    signature: str,
    tolerance_seconds: int = 300,
    *,
    now: float | None = None,
) -> bool:
    """Whether ``signature`` is ours for this body and the timestamp is recent enough."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance_seconds:
        return False
    expected = sign(secret, sent_at, body)
    return hmac.compare_digest(expected, (signature or "").strip())
