"""The public catalogue: ``GET /programmes`` and ``GET /programmes/{slug}``.

No authentication; anonymous callers are throttled. Round states are computed at the moment
of the request, from the server's clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.throttling import AnonRateThrottle

from admissions.api.errors import PUBLIC_ERRORS, ErrorOut
from admissions.catalogue import selectors as catalogue
from admissions.catalogue.models import DocumentRequirement, Programme, Round
from admissions.core import clock
from admissions.core.money import format_money
from admissions.rules.conditions import ConditionError, compile_condition

router = Router(tags=["programmes"], auth=None, throttle=[AnonRateThrottle("60/min")])


class MoneyOut(Schema):
    cents: int
    currency: str
    formatted: str


class RoundOut(Schema):
    number: int
    opens_at: dt.datetime
    deadline_at: dt.datetime
    results_at: dt.datetime
    state: str


class IntakeOut(Schema):
    academic_year: int
    academic_year_label: str
    starts_on: dt.date
    places: int | None
    rounds: list[RoundOut]


class EntryLevelOut(Schema):
    code: str
    name_en: str
    name_fr: str
    required_degree_en: str
    required_degree_fr: str
    min_prior_ects: int | None


# The OpenAPI document names a schema by its class: every class of the API has a name of its
# own (tests/api/test_every_answer_matches_its_documented_schema_name.py).
class RequiredDocumentOut(Schema):
    document_type: str
    name_en: str
    name_fr: str
    entry_level: str | None
    required: bool
    timing: str
    min_files: int
    max_files: int
    accepted_formats: list[str]
    max_size_mb: int
    condition: str
    condition_en: str | None
    condition_fr: str | None
    note_en: str
    note_fr: str


class AdviceOut(Schema):
    code: str
    trigger: str
    max_round: int | None
    funding_routes: list[str]
    text_en: str
    text_fr: str


class FeesOut(Schema):
    application_fee: MoneyOut
    tuition: MoneyOut


class ProgrammeSummaryOut(Schema):
    slug: str
    reference_prefix: str
    kind: str
    designation: str
    name: str
    name_en: str
    name_fr: str
    summary_en: str
    summary_fr: str
    languages_of_instruction: list[str]
    duration_months: int
    ects: int
    open_round_number: int | None
    open_deadline_at: dt.datetime | None
    next_round_number: int | None
    next_opens_at: dt.datetime | None


class ProgrammeDetailOut(ProgrammeSummaryOut):
    description_en: str
    description_fr: str
    time_zone: str
    pipeline: list[str]
    fees: FeesOut
    entry_levels: list[EntryLevelOut]
    intakes: list[IntakeOut]
    documents: list[RequiredDocumentOut]
    advice: list[AdviceOut]


def money(cents: int, currency: str) -> dict[str, Any]:
    return {"cents": cents, "currency": currency, "formatted": format_money(cents, currency)}


def round_out(round_: Round, now: dt.datetime) -> dict[str, Any]:
    return {
        "number": round_.number,
        "opens_at": round_.opens_at,
        "deadline_at": round_.deadline_at,
        "results_at": round_.results_at,
        "state": str(round_.state(now)),
    }


def _summary(programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "reference_prefix": programme.reference_prefix,
        "kind": programme.kind,
        "designation": programme.designation,
        "name": programme.t("name"),
        "name_en": programme.name_en,
        "name_fr": programme.name_fr,
        "summary_en": programme.summary_en,
        "summary_fr": programme.summary_fr,
        "languages_of_instruction": list(programme.languages_of_instruction or []),
        "duration_months": programme.duration_months,
        "ects": programme.ects,
        "open_round_number": getattr(programme, "open_round_number", None),
        "open_deadline_at": getattr(programme, "open_deadline_at", None),
        "next_round_number": getattr(programme, "next_round_number", None),
        "next_opens_at": getattr(programme, "next_opens_at", None),
    }


def _condition_text(condition: str, language: str) -> str | None:
    try:
        return compile_condition(condition).describe(language)
    except ConditionError:
        return None


def _document(requirement: DocumentRequirement) -> dict[str, Any]:
    kind = requirement.document_type
    return {
        "document_type": kind.code,
        "name_en": kind.name_en,
        "name_fr": kind.name_fr,
        "entry_level": requirement.entry_level.code if requirement.entry_level else None,
        "required": requirement.required,
        "timing": requirement.timing,
        "min_files": requirement.min_files,
        "max_files": requirement.max_files,
        "accepted_formats": list(requirement.accepted_formats or []),
        "max_size_mb": requirement.max_size_mb,
        "condition": requirement.condition,
        "condition_en": _condition_text(requirement.condition, "en"),
        "condition_fr": _condition_text(requirement.condition, "fr"),
        "note_en": requirement.note_en,
        "note_fr": requirement.note_fr,
    }


@router.get("", response={200: list[ProgrammeSummaryOut], **PUBLIC_ERRORS})
def list_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    """Published programmes, by name, with their open round (if any) and next opening."""
    now = clock.now()
    return [_summary(programme) for programme in catalogue.published_programmes(now=now)]


@router.get("/{slug}", response={200: ProgrammeDetailOut, 404: ErrorOut, **PUBLIC_ERRORS})
def get_programme(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A published programme: entry levels, the current and next intake with each round's
    state now, fees, the documents asked (with their conditions in words) and advice."""
    now = clock.now()
    try:
        programme = catalogue.programme_detail(slug)
    except Programme.DoesNotExist:
        raise Http404 from None
    data = _summary(programme)
    data.update(
        description_en=programme.description_en,
        description_fr=programme.description_fr,
        time_zone=programme.time_zone,
        pipeline=list(programme.pipeline or []),
        fees={
            "application_fee": money(programme.application_fee_cents, programme.currency),
            "tuition": money(programme.tuition_cents, programme.currency),
        },
        entry_levels=[
            {
                "code": level.code,
                "name_en": level.name_en,
                "name_fr": level.name_fr,
                "required_degree_en": level.required_degree_en,
                "required_degree_fr": level.required_degree_fr,
                "min_prior_ects": level.min_prior_ects,
            }
            for level in programme.entry_levels.all()
        ],
        intakes=[
            {
                "academic_year": intake.academic_year,
                "academic_year_label": intake.academic_year_label,
                "starts_on": intake.starts_on,
                "places": intake.places,
                "rounds": [round_out(round_, now) for round_ in intake.rounds.all()],
            }
            for intake in catalogue.intake_calendar(programme, now)
        ],
        documents=[_document(req) for req in programme.document_requirements.all()],
        advice=[
            {
                "code": advice.code,
                "trigger": advice.trigger,
                "max_round": advice.max_round,
                "funding_routes": list(advice.funding_routes or []),
                "text_en": advice.text_en,
                "text_fr": advice.text_fr,
            }
            for advice in programme.advice.all()
        ],
    )
    return data
