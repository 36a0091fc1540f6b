"""Writes a programme from the database back as a YAML file in the loader's format.

Loading the result gives the same rows (``tests/catalogue/test_export_roundtrip.py``). Values
equal to the format's defaults are left out, so an export reads like a hand-written file:
``required: true`` or ``formats: [pdf]`` are not repeated on every document. A round's time is
written as a date alone when it is the default time of day in the programme's time zone, as a
local date and time otherwise, and with its UTC offset only when the local time happens twice
(the night the clocks go back).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from admissions.catalogue.models import (
    AdviceTrigger,
    DocumentRequirement,
    Programme,
    RequirementTiming,
)
from admissions.catalogue.programme_format import DEADLINE_TIME, OPENING_TIME, RESULTS_TIME

__all__ = ["export_programme"]


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, no anchors, short lists of plain values on one line."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


class _Flow(dict):
    """A mapping written on one line: ``{number: 1, opens: 2027-01-04, …}``."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 80 and value == value.strip() and "  " not in value:
        # Folded: long sentences wrap without quotes and doubled apostrophes.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    # A time of day (with its colons) cannot be a plain scalar inside braces: PyYAML would
    # fall back to quoted "!!timestamp" values, so such a round is written as a block.
    flow = not any(isinstance(item, dt.datetime) for item in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", dict(value), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    plain = all(isinstance(item, str | int | float) and "\n" not in str(item) for item in value)
    short = sum(len(str(item)) + 2 for item in value) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=plain and short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(_Flow, _represent_flow)

# Top-level keys preceded by a blank line in an export.
_SECTIONS = (
    "contacts:",
    "settings:",
    "document_types:",
    "entry_levels:",
    "documents:",
    "review_criteria:",
    "advice:",
    "intakes:",
)


def _text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr} if fr else {"en": en}


def _optional_text(result: dict[str, Any], key: str, en: str, fr: str) -> None:
    if en or fr:
        result[key] = {"en": en, "fr": fr} if fr else {"en": en}


def _amount(cents: int) -> int | float:
    units = Decimal(cents) / 100
    return int(units) if units == units.to_integral_value() else float(units)


def _instant(at: dt.datetime, zone: ZoneInfo, default_time: dt.time) -> Any:
    local = at.astimezone(zone)
    naive = local.replace(tzinfo=None, fold=0)  # how the loader reads a local time back
    if naive.replace(tzinfo=zone).astimezone(dt.UTC) != at.astimezone(dt.UTC):
        return local  # the second occurrence of a repeated local time: keep the offset
    if naive.time() == default_time:
        return naive.date()
    return naive


def export_programme(programme: Programme) -> str:
    """The YAML text of ``programme``, in the format ``load_programmes`` reads."""
    zone = ZoneInfo(programme.time_zone)
    data: dict[str, Any] = {
        "slug": programme.slug,
        "reference_prefix": programme.reference_prefix,
        "kind": programme.kind,
    }
    if programme.designation:
        data["designation"] = programme.designation
    if not programme.is_published:
        data["published"] = False
    data["name"] = _text(programme.name_en, programme.name_fr)
    _optional_text(data, "summary", programme.summary_en, programme.summary_fr)
    _optional_text(data, "description", programme.description_en, programme.description_fr)
    data.update(
        {
            "languages_of_instruction": list(programme.languages_of_instruction),
            "duration_months": programme.duration_months,
            "ects": programme.ects,
            "currency": programme.currency,
            "tuition": _amount(programme.tuition_cents),
            "application_fee": _amount(programme.application_fee_cents),
            "time_zone": programme.time_zone,
            "company_training_required": programme.company_training_required,
            "pipeline": list(programme.pipeline),
        }
    )
    if programme.contacts:
        data["contacts"] = [_contact(contact) for contact in programme.contacts]
    if programme.settings:
        data["settings"] = programme.settings
    document_types = [
        _document_type(row) for row in programme.declared_document_types.order_by("code")
    ]
    if document_types:
        data["document_types"] = document_types
    data["entry_levels"] = [
        _entry_level(row) for row in programme.entry_levels.order_by("position", "code")
    ]
    documents = _documents(programme)
    if documents:
        data["documents"] = documents
    criteria = [_criterion(row) for row in programme.review_criteria.order_by("position", "code")]
    if criteria:
        data["review_criteria"] = criteria
    advice = [_advice(row) for row in programme.advice.order_by("position", "code")]
    if advice:
        data["advice"] = advice
    intakes = [
        _intake(row, zone)
        for row in programme.intakes.order_by("academic_year").prefetch_related(
            "rounds", "panels__rounds"
        )
    ]
    if intakes:
        data["intakes"] = intakes
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96, indent=2)
    header = (
        f"# {programme.name_en}\n"
        f"# Exported with `manage.py export_programme {programme.slug}`.\n"
        "# The format is described in docs/programmes.md.\n"
    )
    return header + _space_sections(body)


def _space_sections(body: str) -> str:
    """A blank line before each list or mapping section, for the reader's eye."""
    out: list[str] = []
    for line in body.splitlines():
        if line in _SECTIONS and out:
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


def _contact(contact: dict[str, Any]) -> dict[str, Any]:
    role = contact.get("role") or {}
    result: dict[str, Any] = {"role": _text(role.get("en", ""), role.get("fr", ""))}
    if contact.get("name"):
        result["name"] = contact["name"]
    result["email"] = contact.get("email", "")
    if contact.get("phone"):
        result["phone"] = contact["phone"]
    return result


def _document_type(row: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"code": row.code, "name": _text(row.name_en, row.name_fr)}
    _optional_text(result, "help", row.help_en, row.help_fr)
    return result


def _entry_level(row: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"code": row.code, "name": _text(row.name_en, row.name_fr)}
    _optional_text(result, "required_degree", row.required_degree_en, row.required_degree_fr)
    if row.min_prior_ects is not None:
        result["min_prior_ects"] = row.min_prior_ects
    _optional_text(result, "profile", row.profile_en, row.profile_fr)
    if row.eligibility_rules:
        result["eligibility"] = row.eligibility_rules
    return result


def _documents(programme: Programme) -> list[dict[str, Any]]:
    """One YAML entry per group of rows loaded from one entry (same position and values),
    listing the entry levels the rows are for."""
    rows = (
        DocumentRequirement.objects.filter(programme=programme)
        .select_related("document_type", "entry_level")
        .order_by("position", "entry_level__position", "pk")
    )
    groups: dict[tuple[Any, ...], list[DocumentRequirement]] = defaultdict(list)
    for row in rows:
        signature = (
            row.position,
            row.entry_level_id is None,
            row.document_type.code,
            row.required,
            row.timing,
            row.min_files,
            row.max_files,
            tuple(row.accepted_formats),
            row.max_size_mb,
            row.condition,
            row.note_en,
            row.note_fr,
        )
        groups[signature].append(row)
    documents = []
    for group in groups.values():
        first = group[0]
        result: dict[str, Any] = {"type": first.document_type.code}
        if first.entry_level_id is not None:
            result["entry_levels"] = [row.entry_level.code for row in group if row.entry_level]
        if not first.required:
            result["required"] = False
        if first.timing != RequirementTiming.AT_SUBMISSION:
            result["timing"] = first.timing
        if first.min_files != 1:
            result["min_files"] = first.min_files
        if first.max_files != 1:
            result["max_files"] = first.max_files
        if list(first.accepted_formats) != ["pdf"]:
            result["formats"] = list(first.accepted_formats)
        if first.max_size_mb != 10:
            result["max_size_mb"] = first.max_size_mb
        if first.condition:
            result["condition"] = first.condition
        _optional_text(result, "note", first.note_en, first.note_fr)
        documents.append(result)
    return documents


def _criterion(row: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"code": row.code, "label": _text(row.label_en, row.label_fr)}
    _optional_text(result, "description", row.description_en, row.description_fr)
    if row.weight != 1:
        result["weight"] = row.weight
    return result


def _advice(row: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"code": row.code}
    if row.trigger != AdviceTrigger.ALWAYS:
        result["trigger"] = row.trigger
    if row.max_round is not None:
        result["max_round"] = row.max_round
    if row.funding_routes:
        result["funding_routes"] = list(row.funding_routes)
    result["text"] = _text(row.text_en, row.text_fr)
    return result


def _intake(row: Any, zone: ZoneInfo) -> dict[str, Any]:
    result: dict[str, Any] = {"academic_year": row.academic_year, "starts_on": row.starts_on}
    for name in ("ends_on", "places", "hours"):
        if getattr(row, name) is not None:
            result[name] = getattr(row, name)
    rounds = sorted(row.rounds.all(), key=lambda item: item.number)
    result["rounds"] = [
        _Flow(
            number=item.number,
            **{
                "opens": _instant(item.opens_at, zone, OPENING_TIME),
                "deadline": _instant(item.deadline_at, zone, DEADLINE_TIME),
                "results": _instant(item.results_at, zone, RESULTS_TIME),
                **({"places": item.places} if item.places is not None else {}),
            },
        )
        for item in rounds
    ]
    panels = sorted(row.panels.all(), key=lambda item: item.number)
    if panels:
        result["panels"] = [
            _Flow(
                number=panel.number,
                sits_on=panel.sits_on,
                rounds=sorted(item.number for item in panel.rounds.all()),
            )
            for panel in panels
        ]
    return result
