"""The capacity rows and the counts that keep invariant 3.

Under the ``Places`` row lock:

- acceptances ≤ places;
- open offers + admissions recorded but not yet released + acceptances ≤ places × the
  over-offer ratio (rounded down; 1.0 unless the programme's YAML says more).

An offer past its deadline no longer counts, by the server's clock, whether or not the expiry
job ran; nor does anything of a withdrawn application. A row with no places (the programme
sets none) has no cap.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake
from admissions.core import clock
from admissions.decisions import errors
from admissions.decisions.config import settings_of
from admissions.decisions.models import ADMISSIONS, Decision, Offer, OfferStatus, Places


def _configured(intake: Intake, entry_level: EntryLevel) -> tuple[EntryLevel | None, int | None]:
    """Which row counts an admission at ``entry_level``, and its places from the
    configuration: the level's own places when the programme counts per level, else the
    intake's."""
    per_level = settings_of(intake.programme).entry_level_places
    if entry_level.code in per_level:
        return entry_level, per_level[entry_level.code]
    return None, intake.places


def places_for(intake: Intake, entry_level: EntryLevel) -> Places:
    """The row that counts admissions at ``entry_level`` of ``intake`` (created on first
    use), without locking it."""
    level, places = _configured(intake, entry_level)
    ratio = settings_of(intake.programme).over_offer_ratio
    try:
        with transaction.atomic():
            row, _created = Places.objects.get_or_create(
                intake=intake,
                entry_level=level,
                defaults={"places": places, "over_offer_ratio": ratio},
            )
    except IntegrityError:  # created a moment ago by a concurrent first use
        row = Places.objects.get(intake=intake, entry_level=level)
    return row


def lock(row: Places) -> Places:
    """Lock ``row`` until the transaction ends and bring its figures in line with the
    configuration (a YAML reload may have changed the intake's places)."""
    locked = (
        Places.objects.select_for_update(of=("self",))
        .select_related("intake__programme", "entry_level")
        .get(pk=row.pk)
    )
    level = locked.entry_level
    configured = (
        settings_of(locked.intake.programme).entry_level_places.get(level.code)
        if level is not None
        else locked.intake.places
    )
    ratio = settings_of(locked.intake.programme).over_offer_ratio
    if configured != locked.places or ratio != locked.over_offer_ratio:
        locked.places = configured
        locked.over_offer_ratio = ratio
        locked.save(update_fields=["places", "over_offer_ratio", "updated_at"])
    return locked


def lock_for(intake: Intake, entry_level: EntryLevel) -> Places:
    return lock(places_for(intake, entry_level))


@dataclass(frozen=True)
class Counts:
    places: int | None
    cap: int | None
    accepted: int
    open_offers: int
    unreleased_admissions: int

    @property
    def committed(self) -> int:
        """Places spoken for: accepted, offered, or admitted but not yet released."""
        return self.accepted + self.open_offers + self.unreleased_admissions

    @property
    def room_to_offer(self) -> int | None:
        """How many more admissions or offers fit under the cap (``None``: no cap)."""
        if self.cap is None:
            return None
        return max(0, self.cap - self.committed)

    @property
    def room_to_accept(self) -> int | None:
        if self.places is None:
            return None
        return max(0, self.places - self.accepted)


def cap_of(row: Places) -> int | None:
    if row.places is None:
        return None
    return math.floor(row.places * row.over_offer_ratio)


def counts(row: Places, now: dt.datetime | None = None) -> Counts:
    """The row's figures at ``now`` (read under its lock for a decision that depends on
    them)."""
    now = now or clock.now()
    offers = Offer.objects.filter(places=row).exclude(application__status=Status.WITHDRAWN)
    accepted = offers.filter(status=OfferStatus.ACCEPTED).count()
    open_offers = offers.filter(
        status=OfferStatus.OPEN, deadline_at__gte=clock.floor_second(now)
    ).count()
    unreleased = (
        Decision.objects.filter(
            places=row, current=True, outcome__in=ADMISSIONS, released_at__isnull=True
        )
        .exclude(application__status=Status.WITHDRAWN)
        .count()
    )
    return Counts(
        places=row.places,
        cap=cap_of(row),
        accepted=accepted,
        open_offers=open_offers,
        unreleased_admissions=unreleased,
    )


def check_room_to_offer(row: Places, now: dt.datetime) -> Counts:
    """Refuse (``PlacesFull``) an admission or offer that would pass the cap."""
    figures = counts(row, now)
    if figures.room_to_offer is not None and figures.room_to_offer < 1:
        raise errors.PlacesFull(
            errors.PLACES_FULL
            % {"places": row.places, "taken": figures.committed, "cap": figures.cap}
        )
    return figures
