"""Staff digests: work notices held back and sent as one email a day."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from admissions.core import clock
from admissions.notifications.models import MessageStatus, NotificationPreference, OutboxMessage
from admissions.notifications.rendering import site_url

logger = logging.getLogger(__name__)


def set_digest_preference(*, user: Any, digest: bool) -> NotificationPreference:
    """Turn the daily digest on or off. Turning it off releases what was held, one by one."""
    from admissions.notifications.services.outbox import enqueue_delivery

    with transaction.atomic():
        preference, _created = NotificationPreference.objects.update_or_create(
            user=user, defaults={"digest": digest}
        )
        if not digest:
            now = clock.now()
            held = list(
                OutboxMessage.objects.filter(user=user, status=MessageStatus.HELD).values_list(
                    "pk", flat=True
                )
            )
            OutboxMessage.objects.filter(pk__in=held).update(
                status=MessageStatus.QUEUED, next_attempt_at=now
            )
            for pk in held:
                transaction.on_commit(partial(enqueue_delivery, pk, None))
    return preference


def _staff_home_url() -> str:
    path = reverse("staff:home")
    return f"{site_url()}{path}"


def send_daily_digests(*, now: dt.datetime | None = None) -> int:
    """Queue one ``staff_digest`` per person with held notices, once per local day.

    Idempotent: the digest's key is ``digest:<user id>:<day>``, so running this again the
    same day queues nothing; notices held after today's digest wait for tomorrow's.
    """
    from admissions.notifications.services.outbox import queue_message

    now = now or clock.now()
    local = timezone.localtime(now)
    if local.hour < settings.NOTIFICATIONS_DIGEST_HOUR:
        return 0
    day = local.date()
    user_ids = sorted(
        set(
            OutboxMessage.objects.filter(status=MessageStatus.HELD, user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
    )
    queued = 0
    for user_id in user_ids:
        key = f"digest:{user_id}:{day.isoformat()}"
        with transaction.atomic():
            if OutboxMessage.objects.filter(idempotency_key=key).exists():
                continue
            held = list(
                OutboxMessage.objects.select_for_update()
                .filter(status=MessageStatus.HELD, user_id=user_id)
                .select_related("user")
                .order_by("created_at", "id")
            )
            if not held:
                continue
            user = held[0].user
            if user is None:  # deleted while we looked: nobody to write to
                continue
            digest = queue_message(
                recipient_email=user.email,
                template="staff_digest",
                context={
                    "recipient_name": user.get_full_name(),
                    "day": day,
                    "items": [
                        {"subject": m.subject, "action_url": m.context.get("action_url", "")}
                        for m in held
                    ],
                    "action_url": _staff_home_url(),
                },
                language=user.preferred_language,
                user=user,
                idempotency_key=key,
            )
            OutboxMessage.objects.filter(pk__in=[m.pk for m in held]).update(
                status=MessageStatus.DIGESTED, digest=digest
            )
            queued += 1
    return queued
