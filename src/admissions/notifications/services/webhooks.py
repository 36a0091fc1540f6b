"""Webhooks: signed HTTP posts of domain events to the integrations staff registered.

Deliveries are at least once: a receiver deduplicates on ``X-Admissions-Delivery``. A
delivery is recorded in the caller's transaction (nothing is announced for a change that
rolled back) and posted by a worker after commit, retried with backoff on a non-2xx answer
or a timeout, with each attempt's response code logged on the delivery.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import time
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from admissions.core import audit, clock
from admissions.notifications.contexts import prepare_context, to_json
from admissions.notifications.errors import UNKNOWN_WEBHOOK_EVENT, UnknownWebhookEvent
from admissions.notifications.models import WebhookDelivery, WebhookEndpoint, WebhookStatus
from admissions.notifications.services.delivery import (
    _ensure_autocommit,
    backoff,
    new_worker_token,
)
from admissions.notifications.signing import sign

logger = logging.getLogger(__name__)

WEBHOOK_EVENTS = (
    "application.submitted",
    "decision.released",
    "offer.accepted",
    "registration.completed",
    "payment.received",
)
RESPONSE_EXCERPT_CHARS = 2000
ATTEMPT_LOG_LENGTH = 20
USER_AGENT = "Admissions-Webhooks/1"


def emit_event(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Record one delivery per active endpoint subscribed to ``event``; posted after commit."""
    if event not in WEBHOOK_EVENTS:
        raise UnknownWebhookEvent(
            str(UNKNOWN_WEBHOOK_EVENT).format(event=event, events=", ".join(WEBHOOK_EVENTS))
        )
    data = to_json(prepare_context(payload, language="en"))
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if event in (endpoint.events or []) or "*" in (endpoint.events or [])
    ]
    if not endpoints:
        return []
    now = clock.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint, event=event, payload=data, next_attempt_at=now, created_at=now
            )
            for endpoint in endpoints
        ]
    )
    ids = [delivery.pk for delivery in deliveries if delivery.pk is not None]
    if len(ids) != len(deliveries):  # a backend that does not return ids from bulk_create
        ids = list(
            WebhookDelivery.objects.filter(event=event, created_at=now).values_list("pk", flat=True)
        )
    for pk in ids:
        transaction.on_commit(partial(enqueue_webhook, pk, None))
    return deliveries


def enqueue_webhook(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    """Ask a worker to post one delivery; never raises (the sweep catches up)."""
    from admissions.notifications.tasks import deliver_webhook

    try:
        task = deliver_webhook
        if run_after is not None and run_after > clock.now():
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=run_after)
        task.enqueue(delivery_id)
    except Exception:
        logger.exception("Could not queue webhook delivery %s; the sweep will.", delivery_id)


def replay_delivery(
    *, delivery: WebhookDelivery, actor: Any, now: dt.datetime | None = None
) -> WebhookDelivery:
    """Post a delivery again (same id, fresh timestamp and signature), whatever its status."""
    now = now or clock.now()
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        previous = {
            "status": locked.status,
            "attempts": locked.attempts,
            "code": locked.response_code,
        }
        locked.status = WebhookStatus.PENDING
        locked.attempts = 0
        locked.next_attempt_at = now
        locked.claimed_by = None
        locked.claimed_at = None
        locked.save()
        audit.record(
            action="notifications.webhook_replayed",
            actor=actor,
            object_type="webhook_delivery",
            object_ref=str(locked.public_id),
            data=previous,
        )
        transaction.on_commit(partial(enqueue_webhook, locked.pk, None))
    return locked


def body_for(delivery: WebhookDelivery) -> bytes:
    """The exact bytes posted (and signed)."""
    document = {
        "id": str(delivery.public_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def _claim(*, now: dt.datetime, limit: int, worker: str, ids: list[int] | None) -> list[int]:
    lease = dt.timedelta(seconds=max(settings.WEBHOOK_TIMEOUT_SECONDS * 3, 60))
    due = Q(status=WebhookStatus.PENDING, next_attempt_at__lte=now) & (
        Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - lease)
    )
    candidates = WebhookDelivery.objects.filter(due)
    if ids is not None:
        candidates = candidates.filter(pk__in=ids)
    candidates = candidates.order_by("next_attempt_at", "id")
    from django.db import connection

    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            claimed = list(
                candidates.select_for_update(skip_locked=True).values_list("id", flat=True)[:limit]
            )
            WebhookDelivery.objects.filter(pk__in=claimed).update(claimed_by=worker, claimed_at=now)
        return claimed
    WebhookDelivery.objects.filter(due, pk__in=candidates.values("id")[:limit]).update(
        claimed_by=worker, claimed_at=now
    )
    return list(
        WebhookDelivery.objects.filter(claimed_by=worker, claimed_at=now).values_list(
            "id", flat=True
        )
    )


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL.")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(RESPONSE_EXCERPT_CHARS * 2)
    finally:
        connection.close()


def _attempt(delivery: WebhookDelivery, *, worker: str, now: dt.datetime) -> str:
    endpoint = delivery.endpoint
    body = body_for(delivery)
    timestamp = str(int(clock.now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Admissions-Event": delivery.event,
        "X-Admissions-Delivery": str(delivery.public_id),
        "X-Admissions-Timestamp": timestamp,
        "X-Admissions-Signature": sign(endpoint.secret, timestamp, body),
    }
    started = time.monotonic()
    code: int | None = None
    excerpt = ""
    error = ""
    try:
        code, raw = _post(endpoint.url, body, headers, float(settings.WEBHOOK_TIMEOUT_SECONDS))
        excerpt = raw.decode("utf-8", errors="replace")[:RESPONSE_EXCERPT_CHARS]
    except Exception as exc:  # timeouts, refused connections, bad URLs: all retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
    elapsed_ms = int((time.monotonic() - started) * 1000)
    attempts = delivery.attempts + 1
    delivered = code is not None and 200 <= code < 300
    if delivered:
        status, next_attempt_at = WebhookStatus.DELIVERED, None
    elif attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        status, next_attempt_at = WebhookStatus.DEAD, None
    else:
        status = WebhookStatus.PENDING
        next_attempt_at = now + backoff(
            attempts,
            base=settings.WEBHOOK_BACKOFF_BASE_SECONDS,
            cap=settings.WEBHOOK_BACKOFF_MAX_SECONDS,
        )
    if not error and not delivered:
        error = f"The endpoint answered {code}."
    log_entry = {"at": clock.now().isoformat(), "code": code, "error": error, "ms": elapsed_ms}
    WebhookDelivery.objects.filter(pk=delivery.pk, claimed_by=worker).update(
        status=status,
        attempts=attempts,
        response_code=code,
        response_body=excerpt,
        last_error="" if delivered else error,
        attempt_log=[*delivery.attempt_log, log_entry][-ATTEMPT_LOG_LENGTH:],
        next_attempt_at=next_attempt_at,
        delivered_at=clock.now() if delivered else None,
        claimed_by=None,
        claimed_at=None,
    )
    level = logging.INFO if delivered else logging.WARNING
    logger.log(
        level,
        "Webhook %s %s to %s: %s (attempt %s, %s ms)%s",
        delivery.event,
        delivery.public_id,
        endpoint.url,
        code if code is not None else "no answer",
        attempts,
        elapsed_ms,
        f" — {error}" if error and not delivered else "",
    )
    if status == WebhookStatus.PENDING:
        enqueue_webhook(delivery.pk, next_attempt_at)
    return status


def deliver_webhooks(
    *, now: dt.datetime | None = None, limit: int = 100, ids: list[int] | None = None
) -> dict[str, int]:
    """Post due deliveries (or only ``ids``); returns counts by resulting status."""
    _ensure_autocommit()
    now = now or clock.now()
    worker = new_worker_token()
    counts = {
        WebhookStatus.DELIVERED.value: 0,
        WebhookStatus.PENDING.value: 0,
        WebhookStatus.DEAD.value: 0,
    }
    claimed = _claim(now=now, limit=limit, worker=worker, ids=ids)
    for delivery in WebhookDelivery.objects.filter(pk__in=claimed).select_related("endpoint"):
        counts[_attempt(delivery, worker=worker, now=now)] += 1
    return counts


def deliver_due_webhooks(*, now: dt.datetime | None = None, limit: int = 100) -> dict[str, int]:
    return deliver_webhooks(now=now, limit=limit)
