"""How long an ``Idempotency-Key`` is remembered, and the job that forgets it.

The records themselves (``IdempotencyRecord``) are written by the API's ``idempotent``
decorator (``api/idempotency.py``); they live here, beside the tokens they belong to, so
that deleting a token or an account deletes its keys.
"""

from __future__ import annotations

import datetime as dt

from admissions.accounts.models import IdempotencyRecord
from admissions.core.schedule import register

KEEP_FOR = dt.timedelta(hours=24)


def expired_before(now: dt.datetime) -> dt.datetime:
    return now - KEEP_FOR


@register("accounts.purge_idempotency_keys", every=dt.timedelta(hours=1))
def purge_idempotency_keys(now: dt.datetime) -> str:
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lte=expired_before(now)).delete()
    return f"{deleted} idempotency keys older than 24 hours removed"
