"""Reads for eligibility: entry levels and their rules, overrides, intakes to re-run.

No evaluation happens here (that needs the compiled-rules cache in ``services``); these
functions only choose what to read and how (``select_related``, ``only``), so pages and the
API never cause a query per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake, Programme
from admissions.core.errors import NotFound
from admissions.eligibility import errors
from admissions.eligibility.models import EligibilityOverride

# Applications a re-run looks at: everything submitted, whatever happened since, except
# withdrawals (nothing is decided for them any more).
RERUN_EXCLUDED: frozenset[str] = frozenset({Status.DRAFT, Status.WITHDRAWN})


def published_entry_levels() -> list[EntryLevel]:
    """Every entry level of every published programme, programmes by name, levels in their
    order, with the programme joined (one query)."""
    return list(
        EntryLevel.objects.filter(programme__is_published=True)
        .select_related("programme")
        .order_by("programme__name_en", "programme__pk", "position", "code")
    )


def entry_level_of(
    programme: Programme | str, entry_level: EntryLevel | str, *, published_only: bool = False
) -> EntryLevel:
    """The entry level named by ``programme`` (instance or slug) and ``entry_level``
    (instance or code), its programme joined. Raises ``NotFound`` with a message naming what
    is unknown; with ``published_only`` an unpublished programme is unknown too."""
    if isinstance(entry_level, EntryLevel) and (
        not isinstance(programme, Programme) or entry_level.programme_id == programme.pk
    ):
        level_programme = entry_level.programme
        if published_only and not level_programme.is_published:
            raise NotFound(errors.UNKNOWN_PROGRAMME % {"programme": level_programme.slug})
        return entry_level
    if isinstance(programme, Programme):
        found_programme = programme
        if published_only and not programme.is_published:
            raise NotFound(errors.UNKNOWN_PROGRAMME % {"programme": programme.slug})
    else:
        programmes = Programme.objects.filter(slug=programme)
        if published_only:
            programmes = programmes.filter(is_published=True)
        found = programmes.first()
        if found is None:
            raise NotFound(errors.UNKNOWN_PROGRAMME % {"programme": programme}, field="programme")
        found_programme = found
    code = entry_level.code if isinstance(entry_level, EntryLevel) else entry_level
    levels = list(EntryLevel.objects.filter(programme=found_programme).order_by("position", "code"))
    for level in levels:
        if level.code == code:
            level.programme = found_programme
            return level
    raise NotFound(
        errors.UNKNOWN_ENTRY_LEVEL
        % {
            "programme": found_programme.name_en,
            "entry_level": code,
            "known": ", ".join(level.code for level in levels) or "—",
        },
        field="entry_level",
    )


def certifications_in_rules(entry_levels: list[EntryLevel]) -> list[dict[str, str]]:
    """The certifications (MOOCs…) the rules of ``entry_levels`` name, once each, in the
    order met: ``{"code", "name", "kind"}``. The self-check form asks about these."""
    found: dict[str, dict[str, str]] = {}
    for level in entry_levels:
        for leaf in _leaves(level.eligibility_rules or {}):
            if leaf.get("type") == "certification" and isinstance(leaf.get("certification"), str):
                code = leaf["certification"]
                found.setdefault(
                    code,
                    {
                        "code": code,
                        "name": str(leaf.get("name") or code),
                        "kind": str(leaf.get("kind") or "certificate"),
                    },
                )
    return list(found.values())


@dataclass(frozen=True)
class KnownCertification:
    """A certification (a MOOC…) that the rules of some published programme ask for."""

    code: str
    name: str
    kind: str
    programmes: tuple[Programme, ...]


def certifications_in_catalogue() -> list[KnownCertification]:
    """Every certification the published programmes' rules name, once each, with the
    programmes that ask for it: the profile offers these by name."""
    found: dict[str, dict[str, Any]] = {}
    for level in published_entry_levels():
        for item in certifications_in_rules([level]):
            entry = found.setdefault(item["code"], {**item, "programmes": []})
            if level.programme not in entry["programmes"]:
                entry["programmes"].append(level.programme)
    return [
        KnownCertification(
            code=entry["code"],
            name=entry["name"],
            kind=entry["kind"],
            programmes=tuple(entry["programmes"]),
        )
        for entry in found.values()
    ]


def _leaves(node: Any) -> Iterator[Mapping[str, Any]]:
    if not isinstance(node, Mapping):
        return
    children = node.get("all_of") or node.get("any_of")
    if isinstance(children, list):
        for child in children:
            yield from _leaves(child)
    else:
        yield node


def overrides_of(application: Application) -> list[EligibilityOverride]:
    """The application's overrides, the latest first, with their authors."""
    return list(
        EligibilityOverride.objects.filter(application=application)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def latest_override(application: Application) -> EligibilityOverride | None:
    return (
        EligibilityOverride.objects.filter(application=application).order_by("-at", "-pk").first()
    )


def latest_overrides(application_ids: list[int]) -> dict[int, str]:
    """application id → the outcome of its latest override, for the applications that have
    one (one query)."""
    outcomes: dict[int, str] = {}
    rows = (
        EligibilityOverride.objects.filter(application_id__in=application_ids)
        .order_by("application_id", "at", "pk")
        .values_list("application_id", "outcome")
    )
    for application_id, outcome in rows:
        outcomes[application_id] = outcome  # ordered by time: the last one wins
    return outcomes


@dataclass(frozen=True)
class EffectiveOutcome:
    """The outcome that counts for an application and where it comes from."""

    outcome: str | None  # None: never evaluated
    source: str  # "override", "snapshot" or "none"
    override: EligibilityOverride | None = None


def effective_outcome(application: Application) -> EffectiveOutcome:
    """A person's latest override wins over the engine's stored result."""
    override = latest_override(application)
    if override is not None:
        return EffectiveOutcome(override.outcome, "override", override)
    snapshot = application.eligibility_snapshot or {}
    if snapshot.get("outcome"):
        return EffectiveOutcome(str(snapshot["outcome"]), "snapshot")
    return EffectiveOutcome(None, "none")


def intake_of(programme_slug: str, academic_year: int) -> Intake:
    intake = (
        Intake.objects.select_related("programme")
        .filter(programme__slug=programme_slug, academic_year=academic_year)
        .first()
    )
    if intake is None:
        raise NotFound(errors.INTAKE_NOT_FOUND)
    return intake


# The fields of an application a re-run reads; of its snapshot, only the keys it needs (each
# extracted by the database), not the stored criteria and their sentences.
RERUN_FIELDS = ("pk", "reference", "status", "applicant_id", "entry_level_id", "submitted_at")


def rerun_rows(intake: Intake) -> QuerySet[Application, dict[str, Any]]:
    """The applications of ``intake`` a re-run evaluates, in a stable order, as dicts:
    ``RERUN_FIELDS`` plus ``stored_<key>`` for each of ``snapshots.RERUN_KEYS`` (None when the
    application has no snapshot)."""
    from admissions.eligibility.snapshots import RERUN_KEYS

    parts = {f"stored_{key}": KeyTransform(key, "eligibility_snapshot") for key in RERUN_KEYS}
    return (
        Application.objects.filter(intake=intake)
        .exclude(status__in=RERUN_EXCLUDED)
        .order_by("pk")
        .values(*RERUN_FIELDS, **parts)
    )


def rerun_count(intake: Intake) -> int:
    return Application.objects.filter(intake=intake).exclude(status__in=RERUN_EXCLUDED).count()


def entry_levels_of_programme(programme_id: int) -> dict[int, EntryLevel]:
    return {
        level.pk: level
        for level in EntryLevel.objects.filter(programme_id=programme_id).select_related(
            "programme"
        )
    }


def nest(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Criteria in the engine's order (a group before what it holds, each with its
    ``depth``) as nested lists: every item gets ``children``. Pages show the rules' structure
    that way, and a screen reader announces each level of the list."""
    roots: list[dict[str, Any]] = []
    stack: list[tuple[int, list[dict[str, Any]]]] = [(-1, roots)]
    for item in items:
        node = {**item, "children": []}
        depth = int(item.get("depth") or 0)
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1].append(node)
        stack.append((depth, node["children"]))
    return roots
