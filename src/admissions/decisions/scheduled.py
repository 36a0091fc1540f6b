"""The decisions' scheduled work, run by ``manage.py tick`` (each idempotent).

Correctness never waits for these: a decision is visible from its release moment and an offer
closed after its deadline by the server's clock; the jobs send the letters, open the offers
and waiting-list entries, and hand expired offers' places to the waiting list.
"""

from __future__ import annotations

import datetime as dt

from admissions.core.schedule import register
from admissions.decisions.services import offers, release


@register("decisions.release_due", every=dt.timedelta(minutes=1))
def release_due(now: dt.datetime) -> str:
    return release.release_due(now=now)


@register("decisions.expire_offers", every=dt.timedelta(minutes=1))
def expire_offers(now: dt.datetime) -> str:
    return offers.expire_offers(now=now)
