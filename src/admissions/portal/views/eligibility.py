"""The public eligibility self-check: no account, nothing stored.

A person fills a short profile (a plain POST form with CSRF, so personal details never land
in a URL or a server log) and sees, for every entry level of every published programme,
the outcome of its rules and each criterion's sentence in the page's language, with links
to the programme page and to apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from admissions.catalogue import public_cache
from admissions.catalogue.models import EntryLevel, Programme
from admissions.core import clock
from admissions.eligibility import errors as eligibility_errors
from admissions.eligibility import selectors, services
from admissions.eligibility.models import CriterionStatus, Outcome
from admissions.portal.forms.eligibility import Certification, SelfCheckForm
from admissions.rules import eligibility as engine

# Badge classes: the outcome is always written in words; the colour only repeats it.
OUTCOME_BADGES = {
    "eligible": "text-bg-success",
    "needs_review": "text-bg-primary",
    "incomplete": "text-bg-warning",
    "not_eligible": "text-bg-danger",
}


@dataclass
class LevelResult:
    entry_level: EntryLevel
    outcome: str | None = None
    outcome_label: str = ""
    message: str = ""
    badge: str = ""
    criteria: list[dict[str, Any]] = field(default_factory=list)
    unavailable: bool = False


@dataclass
class ProgrammeResults:
    programme: Programme
    levels: list[LevelResult]


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def criteria_tree(result: engine.Result, language: str) -> list[dict[str, Any]]:
    """The result's criteria in ``language``, nested as the rules are."""
    return selectors.nest(
        [
            {
                "code": criterion.code,
                "status": str(criterion.status),
                "status_label": CriterionStatus(criterion.status).label,
                "message": criterion.message(language),
                "depth": criterion.depth,
            }
            for criterion in result.criteria
        ]
    )


def _results(
    levels: list[EntryLevel], profile: engine.Profile, language: str
) -> list[ProgrammeResults]:
    grouped: dict[int, ProgrammeResults] = {}
    for level in levels:
        group = grouped.setdefault(level.programme_id, ProgrammeResults(level.programme, []))
        item = LevelResult(entry_level=level)
        try:
            rule = services.compiled_rules(level)
        except eligibility_errors.RulesUnavailable:
            item.unavailable = True
            group.levels.append(item)
            continue
        today = services.local_today(level.programme)
        result = engine.evaluate(rule, profile, today=today)
        item.outcome = str(result.outcome)
        item.outcome_label = str(Outcome(result.outcome).label)
        item.message = result.message(language)
        item.badge = OUTCOME_BADGES[item.outcome]
        item.criteria = criteria_tree(result, language)
        group.levels.append(item)
    return list(grouped.values())


def _summary(groups: list[ProgrammeResults]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for group in groups:
        for item in group.levels:
            if item.outcome:
                counts[item.outcome] = counts.get(item.outcome, 0) + 1
    return [
        {"outcome": outcome, "label": Outcome(outcome).label, "count": counts[outcome]}
        for outcome in ("eligible", "needs_review", "incomplete", "not_eligible")
        if counts.get(outcome)
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    levels = selectors.published_entry_levels()
    certifications = [Certification(**item) for item in selectors.certifications_in_rules(levels)]
    form = SelfCheckForm(
        request.POST if request.method == "POST" else None, certifications=certifications
    )
    groups: list[ProgrammeResults] | None = None
    if form.is_bound and form.is_valid():
        try:
            profile = engine.Profile.from_dict(form.profile())
        except engine.ProfileError as error:
            for path, message in error.errors:
                form.add_error(form.field_for_path(path), message)
        else:
            groups = _results(levels, profile, _language())
    form.mark_invalid()
    error_fields = [
        {
            "anchor": form[name].id_for_label or f"{form[name].auto_id}_0",
            "label": form.summary_label(name),
            "message": " ".join(str(message) for message in messages),
        }
        for name, messages in form.errors.items()
        if name in form.fields
    ]
    fields_html = None
    if not form.is_bound:
        # The empty form is the same for every visitor of one language (the choosers, the
        # tests and certifications the published rules name): its fields are rendered once
        # per catalogue change and language; the CSRF token around them is each visitor's.
        fields_html = public_cache.fragments(
            "eligibility-form",
            now=clock.now(),
            language=_language(),
            render=lambda: {
                "fields": render_to_string(
                    "portal/eligibility/_self_check_fields.html", {"form": form}, request
                )
            },
        )["fields"]
    context = {
        "form": form,
        "fields_html": fields_html,
        "groups": groups,
        "summary": _summary(groups) if groups else [],
        "error_fields": error_fields,
        "non_field_errors": form.non_field_errors(),
        "has_programmes": bool(levels),
    }
    return render(request, "portal/eligibility/check.html", context)
