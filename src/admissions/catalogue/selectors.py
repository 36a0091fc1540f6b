"""Reads of the catalogue shaped for the public pages and, later, the REST API.

Every selector takes ``now`` from the caller (the view asks ``core.clock.now()`` once per
request) so one page shows one consistent moment, and chooses its ``select_related`` /
``prefetch_related`` here so a page costs a fixed number of queries whatever the number of
programmes, rounds or documents.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast

from admissions.catalogue.models import (
    Advice,
    DocumentRequirement,
    EntryLevel,
    Intake,
    Panel,
    Programme,
    Round,
)
from admissions.core import clock, memo

__all__ = [
    "current_intake",
    "instruction_languages",
    "intake_calendar",
    "next_deadlines",
    "open_rounds",
    "programme_detail",
    "published_programmes",
    "upcoming_rounds",
]


def _open_at(now: dt.datetime) -> dict[str, dt.datetime]:
    """Filter kwargs for rounds open at ``now``, the same rule as ``Round.state``: open from
    ``opens_at`` to the whole second of ``deadline_at`` included."""
    return {"opens_at__lte": now, "deadline_at__gte": clock.floor_second(now)}


def _published_rounds() -> QuerySet[Round]:
    return Round.objects.filter(intake__programme__is_published=True)


def published_programmes(
    *,
    now: dt.datetime,
    kind: str | None = None,
    language: str | None = None,
    open_now: bool = False,
) -> QuerySet[Programme]:
    """Published programmes, by name, each annotated with what its admissions look like at
    ``now``:

    - ``open_deadline_at`` / ``open_round_number``: the earliest deadline among its open
      rounds (``None`` when no round is open);
    - ``next_opens_at`` / ``next_round_number``: the opening of its next round not open yet.

    ``kind`` is a ``ProgrammeKind`` value, ``language`` an ISO 639-1 code of a language of
    instruction; unknown values match nothing rather than everything. One query.
    """
    programme_rounds = Round.objects.filter(intake__programme=OuterRef("pk"))
    open_rounds_qs = programme_rounds.filter(**_open_at(now)).order_by("deadline_at", "pk")
    upcoming_qs = programme_rounds.filter(opens_at__gt=now).order_by("opens_at", "pk")
    queryset = (
        Programme.objects.filter(is_published=True)
        .annotate(
            open_deadline_at=Subquery(open_rounds_qs.values("deadline_at")[:1]),
            open_round_number=Subquery(open_rounds_qs.values("number")[:1]),
            next_opens_at=Subquery(upcoming_qs.values("opens_at")[:1]),
            next_round_number=Subquery(upcoming_qs.values("number")[:1]),
        )
        .order_by("name_en", "pk")
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if language:
        # The list is stored as JSON text on every backend (SQLite text, PostgreSQL jsonb cast
        # to text); matching the quoted code is portable where JSON ``contains`` is not
        # (SQLite has no containment operator).
        queryset = queryset.annotate(
            _languages_text=Cast("languages_of_instruction", TextField())
        ).filter(_languages_text__contains=f'"{language}"')
    if open_now:
        queryset = queryset.filter(Exists(programme_rounds.filter(**_open_at(now))))
    return queryset


def instruction_languages() -> list[str]:
    """The ISO codes of every language some published programme is taught in, sorted."""
    codes: set[str] = set()
    for languages in Programme.objects.filter(is_published=True).values_list(
        "languages_of_instruction", flat=True
    ):
        codes.update(code for code in languages or [] if isinstance(code, str))
    return sorted(codes)


def _advice_key(programme_id: int) -> tuple[str, int]:
    return ("catalogue.advice", programme_id)


def advice_of(programme: Programme) -> list[Advice]:
    """The programme's advice in its order, read once per page view (``core.memo``)."""
    return memo.remembered(
        _advice_key(programme.pk),
        lambda: list(programme.advice.order_by("position", "pk")),
    )


def read_advice_ahead(programme_ids: set[int]) -> None:
    """Within a page view, read the advice of several programmes in one query."""
    if not memo.active() or not programme_ids:
        return
    by_programme: dict[int, list[Advice]] = {pk: [] for pk in programme_ids}
    for advice in Advice.objects.filter(programme_id__in=programme_ids).order_by("position", "pk"):
        by_programme[advice.programme_id].append(advice)
    for pk, advice_list in by_programme.items():
        memo.prime(_advice_key(pk), advice_list)


def programme_detail(slug: str) -> Programme:
    """A published programme with everything its public page shows, prefetched.

    Raises ``Programme.DoesNotExist`` for an unknown or unpublished slug. The prefetched
    relations: ``entry_levels``, ``document_requirements`` (with ``document_type`` and
    ``entry_level``), ``advice``, ``review_criteria``, and ``intakes`` (oldest year first)
    with their ``rounds`` (each with its ``panels``) and ``panels`` (each with its
    ``rounds``). Ten queries, whatever the size of the programme.
    """
    rounds = Round.objects.order_by("number").prefetch_related(
        Prefetch("panels", queryset=Panel.objects.order_by("sits_on", "number"))
    )
    panels = Panel.objects.order_by("sits_on", "number").prefetch_related(
        Prefetch("rounds", queryset=Round.objects.order_by("number"))
    )
    return Programme.objects.prefetch_related(
        Prefetch("entry_levels", queryset=EntryLevel.objects.order_by("position", "code")),
        Prefetch(
            "document_requirements",
            queryset=DocumentRequirement.objects.select_related(
                "document_type", "entry_level"
            ).order_by("position", "pk"),
        ),
        Prefetch("advice", queryset=Advice.objects.order_by("position", "pk")),
        "review_criteria",
        Prefetch(
            "intakes",
            queryset=Intake.objects.order_by("academic_year").prefetch_related(
                Prefetch("rounds", queryset=rounds),
                Prefetch("panels", queryset=panels),
            ),
        ),
    ).get(slug=slug, is_published=True)


def _local_today(programme: Programme, now: dt.datetime) -> dt.date:
    return clock.local(now, programme.time_zone).date()


def _intake_is_current(intake: Intake, now: dt.datetime, today: dt.date) -> bool:
    """Still recruiting or still to start: a round whose results are not out yet, or classes
    that have not started."""
    if intake.starts_on >= today:
        return True
    return any(now < round_.results_at for round_ in intake.rounds.all())


def intake_calendar(programme: Programme, now: dt.datetime, *, count: int = 2) -> list[Intake]:
    """The current intake and the ones after it (``count`` in all), oldest first.

    Uses the prefetched ``intakes`` and ``rounds`` of ``programme_detail`` when present.
    """
    today = _local_today(programme, now)
    intakes = sorted(programme.intakes.all(), key=lambda intake: intake.academic_year)
    for index, intake in enumerate(intakes):
        if _intake_is_current(intake, now, today):
            return intakes[index : index + count]
    return []


def current_intake(programme: Programme, now: dt.datetime) -> Intake | None:
    """The intake a visitor applies to at ``now``: the oldest one still recruiting or not
    started yet; ``None`` when every intake is over."""
    calendar = intake_calendar(programme, now, count=1)
    return calendar[0] if calendar else None


def _rounds_with_programme() -> QuerySet[Round]:
    return (
        _published_rounds()
        .select_related("intake__programme")
        .prefetch_related(
            Prefetch(
                "intake__programme__entry_levels",
                queryset=EntryLevel.objects.order_by("position", "code"),
            )
        )
    )


def open_rounds(now: dt.datetime) -> QuerySet[Round]:
    """Rounds of published programmes open at ``now``, the first to close first, with
    ``intake__programme`` and its ``entry_levels``. Two queries."""
    return _rounds_with_programme().filter(**_open_at(now)).order_by("deadline_at", "pk")


def next_deadlines(now: dt.datetime, limit: int = 5) -> list[Round]:
    """The next ``limit`` deadlines still ahead at ``now`` (open rounds and rounds not open
    yet), soonest first. Two queries."""
    return list(
        _rounds_with_programme()
        .filter(deadline_at__gte=clock.floor_second(now))
        .order_by("deadline_at", "pk")[:limit]
    )


def upcoming_rounds(now: dt.datetime, limit: int = 5) -> list[Round]:
    """The next ``limit`` rounds to open after ``now``, soonest first. Two queries."""
    return list(
        _rounds_with_programme().filter(opens_at__gt=now).order_by("opens_at", "pk")[:limit]
    )
