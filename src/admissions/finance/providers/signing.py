"""Webhook signatures shaped like Stripe's: a header ``t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<raw body>" with the endpoint's secret>``.

The timestamp is signed with the body, and events older (or newer) than the tolerance are
refused, so a captured webhook cannot be replayed later; a replay inside the tolerance is
caught by the event id (``ProviderWebhook`` is unique per provider and event). Several ``v1``
values may be present while a secret is being rolled: any match is enough. Comparisons are
constant-time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping

from admissions.finance.providers.base import InvalidSignature

SIGNATURE_HEADER = "Payment-Signature"
# A Stripe account signs with this name; the hosted adapter reads either.
STRIPE_SIGNATURE_HEADER = "Stripe-Signature"
TOLERANCE = dt.timedelta(minutes=5)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, at: dt.datetime) -> str:
    timestamp = int(at.timestamp())
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def header_value(headers: Mapping[str, str], *names: str) -> str:
    lowered = {str(key).lower().replace("_", "-"): value for key, value in headers.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value:
            return str(value)
    return ""


def verify(
    *,
    secret: str,
    body: bytes,
    header: str,
    now: dt.datetime,
    tolerance: dt.timedelta = TOLERANCE,
) -> int:
    """Check ``header`` against ``body``; returns the signed timestamp. Raises
    ``InvalidSignature`` with what was wrong (for the webhook log, never for the sender)."""
    if not secret:
        raise InvalidSignature("no webhook secret is configured")
    if not header:
        raise InvalidSignature("no signature header")
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise InvalidSignature("the signature's timestamp is not a number") from None
        elif key == "v1":
            candidates.append(value.strip())
    if timestamp is None or not candidates:
        raise InvalidSignature("the signature header has no timestamp or no v1 signature")
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise InvalidSignature("the signature does not match the body")
    signed_at = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)
    if abs(now - signed_at) > tolerance:
        raise InvalidSignature(
            f"signed at {signed_at.isoformat()}, outside the {tolerance} tolerance"
        )
    return timestamp
