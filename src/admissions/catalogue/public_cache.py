"""The public pages' content, cached per language and kept correct.

The home page, the catalogue and a programme's page are the same for every visitor of one
language, apart from the shell around them (the navigation, the language switch and its CSRF
token, the sign-out button): only their content is cached, as rendered fragments, never a
whole page, and never a page about a person.

A fragment's key says everything its text depends on:

- the language (a French visitor never gets the English text, nor the reverse);
- the catalogue's **generation**, a token stored in the cache and replaced whenever a
  catalogue row is saved or deleted (``connect_signals``) and after ``load_programmes``
  (``bump``, since the loader also writes in bulk): a change shows on the next request;
- the moment the page may change by itself: a round opening, closing (one second after its
  deadline, as ``Round.is_open`` reads it) or releasing its results, and the next quarter
  of an hour (a new local day in any time zone starts on one: "3 days left" turns into
  "2 days left"). The entry expires then too;
- whatever else the caller names (the programme's slug, whether the visitor is signed in).

The generation is read from the cache shared by every process (Redis in production), so a
change made by one web process invalidates the fragments of all. With the per-process cache
of a laptop each process has its own generation: a change made in one process (the loader,
run as a command) is seen by the others when their quarter of an hour ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

from admissions.catalogue import models

GENERATION_KEY = "catalogue:generation"
QUARTER = 15 * 60


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        # add: two processes starting at once agree on the first value.
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY) or value
    return str(value)


def bump() -> None:
    """Every public fragment cached so far is out of date (the catalogue changed)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _bump_now_and_on_commit() -> None:
    # Now, so that this process reads its own change at once; and again after the commit,
    # so that a page rendered by another process between the two (from the rows still
    # committed before the change) is not kept under the new generation.
    bump()
    transaction.on_commit(bump)


def _on_change(sender: Any, **kwargs: Any) -> None:
    _bump_now_and_on_commit()


CATALOGUE_MODELS = (
    models.Programme,
    models.EntryLevel,
    models.Intake,
    models.Round,
    models.Panel,
    models.DocumentType,
    models.DocumentRequirement,
    models.ReviewCriterion,
    models.Advice,
)


def connect_signals() -> None:
    for model in CATALOGUE_MODELS:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"public-cache-{model.__name__}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"public-cache-{model.__name__}-delete"
        )


def _next_round_change(after: dt.datetime) -> dt.datetime | None:
    """The first moment after ``after`` when a round's state changes (one query)."""
    moments: list[dt.datetime] = []
    one_second = dt.timedelta(seconds=1)
    for opens_at, deadline_at, results_at in models.Round.objects.filter(
        Q(opens_at__gt=after) | Q(deadline_at__gte=after) | Q(results_at__gt=after)
    ).values_list("opens_at", "deadline_at", "results_at"):
        moments.extend((opens_at, deadline_at + one_second, results_at))
    later = [moment for moment in moments if moment > after]
    return min(later) if later else None


def valid_until(now: dt.datetime, current_generation: str) -> dt.datetime:
    """When a page rendered at ``now`` may next read differently by itself."""
    quarter = dt.datetime.fromtimestamp((int(now.timestamp()) // QUARTER + 1) * QUARTER, tz=dt.UTC)
    key = f"catalogue:next-change:{current_generation}"
    cached = cache.get(key)
    if cached is None or cached[0] > now or (cached[1] is not None and cached[1] <= now):
        # Computed for a moment after ``now`` or already passed: read it again.
        change = _next_round_change(now)
        cache.set(key, (now, change), timeout=QUARTER)
    else:
        change = cached[1]
    return min(quarter, change) if change is not None else quarter


def fragments(
    name: str,
    *,
    now: dt.datetime,
    language: str,
    vary_on: Iterable[Hashable] = (),
    render: Callable[[], dict[str, str]],
) -> dict[str, SafeString]:
    """The page's rendered fragments (a dict of HTML strings), from the cache or ``render()``
    (which may raise, a 404 for instance: nothing is cached then)."""
    current = generation()
    until = valid_until(now, current)
    vary = hashlib.sha256(repr(tuple(vary_on)).encode()).hexdigest()[:16]
    key = f"public:{name}:{language}:{current}:{int(until.timestamp())}:{vary}"
    parts = cache.get(key)
    if parts is None:
        parts = {part: str(html) for part, html in render().items()}
        cache.set(key, parts, timeout=max(int((until - now).total_seconds()), 1))
    return {part: mark_safe(html) for part, html in parts.items()}  # nosec B308 B703  # our own rendered templates
