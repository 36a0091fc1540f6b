"""Data shaped for the public pages: the home page and a programme's page.

The catalogue selectors fetch (with a fixed number of queries); this module arranges what
they fetched for one page: the calendar of the current and next intake with each round's
state at ``now``, the documents grouped per entry level, the eligibility rules as readable
sentences, the contacts. It never queries beyond what the catalogue selectors prefetch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import dateformat
from django.utils.translation import get_language, gettext, ngettext

from admissions.catalogue import selectors as catalogue
from admissions.catalogue.models import (
    Advice,
    DocumentRequirement,
    EntryLevel,
    Intake,
    Panel,
    Programme,
    ReviewCriterion,
    Round,
    RoundState,
    Stage,
)
from admissions.core import clock
from admissions.core.templatetags.admissions_tags import country_names, language_name
from admissions.finance import funding
from admissions.rules.eligibility import messages

# --------------------------------------------------------------------------------------------
# Home page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePage:
    now: dt.datetime
    open_rounds: list[Round]
    next_deadline: Round | None
    upcoming_rounds: list[Round]


def home_page(now: dt.datetime, *, upcoming_limit: int = 5) -> HomePage:
    """What is open now (the first to close first), the next deadline, what opens next."""
    open_rounds = list(catalogue.open_rounds(now))
    return HomePage(
        now=now,
        open_rounds=open_rounds,
        next_deadline=open_rounds[0] if open_rounds else None,
        upcoming_rounds=catalogue.upcoming_rounds(now, upcoming_limit),
    )


# --------------------------------------------------------------------------------------------
# Eligibility rules as readable text
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleItem:
    """One line of the requirements list, with the lines it groups."""

    text: str
    children: tuple[RuleItem, ...] = ()


_ALL_KEYS = ("all_of", "all", "and")
_ANY_KEYS = ("any_of", "any", "or")
_CHILD_KEYS = ("rules", "children", "items", "of", "conditions", "criteria")


def _language() -> str:
    return (get_language() or "en")[:2]


def _label(node: Mapping[str, Any]) -> str:
    """The node's own label: ``label: {"en", "fr"}``, ``label: "…"`` or ``label_en/label_fr``."""
    lang = _language()
    label = node.get("label")
    if isinstance(label, Mapping):
        return str(label.get(lang) or label.get("en") or "")
    if isinstance(label, str):
        return label
    return str(node.get(f"label_{lang}") or node.get("label_en") or "")


def _humanise(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_humanise(item) for item in value)
    return str(value).replace("_", " ")


def _group(node: Mapping[str, Any]) -> tuple[str, list[Any]] | None:
    """("all" | "any" | "not", children) when ``node`` combines other rules."""
    for key in _ALL_KEYS:
        if isinstance(node.get(key), list):
            return "all", node[key]
    for key in _ANY_KEYS:
        if isinstance(node.get(key), list):
            return "any", node[key]
    if "not" in node:
        inner = node["not"]
        return "not", inner if isinstance(inner, list) else [inner]
    kind = str(node.get("type", ""))
    children = next((node[key] for key in _CHILD_KEYS if isinstance(node.get(key), list)), None)
    if children is not None:
        if kind in _ANY_KEYS:
            return "any", children
        if kind == "not":
            return "not", children
        return "all", children
    return None


def _engine_sentence(node: Mapping[str, Any]) -> str | None:
    """The rules engine's own wording of a criterion (``rules.eligibility.messages``), or ``None``
    when the criterion has parameters it does not know: the generic sentence then applies."""
    lang = "fr" if _language() == "fr" else "en"
    kind = node.get("type")
    try:
        if kind == "degree" and node.get("levels"):
            text = messages.degree_requirement(
                {
                    "levels": list(node["levels"]),
                    "fields": list(node.get("fields") or ()),
                    "min_ects": node.get("min_ects"),
                    "min_years": node.get("min_years"),
                    "country": node.get("country"),
                    "cti_accredited": bool(node.get("cti_accredited", False)),
                },
                lang,
            )
            return messages.capitalize(text) + "."
        if kind == "language" and node.get("language") in messages.LANGUAGE_NAMES:
            requirement = messages.language_requirement(
                {
                    "min_level": node.get("min_level"),
                    "min_scores": dict(node.get("min_scores") or {}),
                    "max_age_years": node.get("max_age_years", 2),
                },
                lang,
            )
            text = gettext("%(language)s: %(requirement)s") % {
                "language": language_name(str(node["language"])),
                "requirement": requirement,
            }
            native, instruction = node.get("exempt_if_native"), node.get("exempt_if_instruction")
            if native and instruction:
                text += gettext(
                    " (not needed if it is your native language or the language of your studies)"
                )
            elif native:
                text += gettext(" (not needed if it is your native language)")
            elif instruction:
                text += gettext(" (not needed if it was the language of your studies)")
            return text + "."
        if (
            kind == "certification"
            and node.get("kind", "certificate") in messages.CERTIFICATION_KINDS
        ):
            name = messages.certification_name(
                {
                    "kind": node.get("kind", "certificate"),
                    "name": node.get("name") or node.get("certification") or node.get("code"),
                },
                lang,
            )
            return gettext("Pass %(name)s.") % {"name": name}
    except (KeyError, LookupError, TypeError, ValueError, AttributeError):
        return None
    return None


def _leaf_sentence(node: Mapping[str, Any]) -> str:
    """A sentence for a criterion that has no label, from its type and parameters."""
    engine_text = _engine_sentence(node)
    if engine_text:
        return engine_text
    kind = str(node.get("type", ""))
    code = _humanise(node.get("code", ""))
    if kind == "degree":
        parts = []
        levels = node.get("levels") or node.get("level")
        if levels:
            parts.append(_humanise(levels))
        fields = node.get("fields") or node.get("field")
        if fields:
            parts.append(gettext("in %(fields)s") % {"fields": _humanise(fields)})
        if node.get("min_ects"):
            parts.append(gettext("at least %(ects)s ECTS") % {"ects": node["min_ects"]})
        if node.get("min_years"):
            years = int(node["min_years"])
            parts.append(
                ngettext(
                    "at least %(count)s year of higher education",
                    "at least %(count)s years of higher education",
                    years,
                )
                % {"count": years}
            )
        details = " ".join(parts) or code
        return gettext("A degree: %(details)s.") % {"details": details}
    if kind == "experience":
        months = node.get("min_months")
        if months is None and node.get("min_years") is not None:
            months = int(node["min_years"]) * 12
        if months:
            months = int(months)
            if months % 12 == 0:
                years = months // 12
                return ngettext(
                    "At least %(count)s year of professional experience.",
                    "At least %(count)s years of professional experience.",
                    years,
                ) % {"count": years}
            return ngettext(
                "At least %(count)s month of professional experience.",
                "At least %(count)s months of professional experience.",
                months,
            ) % {"count": months}
        return gettext("Professional experience.")
    if kind == "language":
        language = language_name(str(node.get("language") or node.get("code") or ""))
        level = node.get("min_level") or node.get("level")
        if level:
            return gettext("%(language)s: level %(level)s or above.") % {
                "language": language,
                "level": level,
            }
        return gettext("A good command of %(language)s.") % {"language": language}
    if kind == "certification":
        name = node.get("name") or node.get("certification") or code
        return gettext("Pass %(name)s.") % {"name": name}
    if kind == "review":
        description = node.get(f"description_{_language()}") or node.get("description_en")
        if description:
            return str(description)
        return gettext("Assessed by the admissions committee: %(what)s.") % {"what": code}
    return gettext("Criterion: %(what)s.") % {"what": code or _humanise(kind)}


def _describe(node: Any) -> RuleItem | None:
    if isinstance(node, list):
        node = {"all_of": node}
    if not isinstance(node, Mapping) or not node:
        return None
    group = _group(node)
    label = _label(node)
    if group is None:
        return RuleItem(text=label or _leaf_sentence(node))
    kind, raw_children = group
    children = tuple(item for item in (_describe(child) for child in raw_children) if item)
    if not children:
        return RuleItem(text=label) if label else None
    if kind == "any":
        heading = gettext("One of the following:")
    elif kind == "not":
        heading = gettext("None of the following:")
    else:
        heading = gettext("All of the following:")
    return RuleItem(text=f"{label} — {heading}" if label else heading, children=children)


def describe_rules(rules: Any) -> list[RuleItem]:
    """An entry level's ``eligibility_rules`` as a tree of readable lines.

    Groups (``all_of``/``any_of``/``not``, or ``type`` with ``rules``) become "All of the
    following:" / "One of the following:" with their criteria nested; a criterion shows its
    ``label`` in the current language when it has one, else a sentence built from its type
    and parameters. An empty rule set gives an empty list.
    """
    if isinstance(rules, list):
        rules = {"all_of": rules}
    if isinstance(rules, Mapping) and rules and not _label(rules):
        group = _group(rules)
        if group is not None and group[0] == "all":
            # Every criterion of an unlabelled top-level group applies: a plain list reads
            # better than "All of the following:" above it.
            return [item for item in (_describe(child) for child in group[1]) if item]
    item = _describe(rules)
    return [item] if item else []


# --------------------------------------------------------------------------------------------
# Programme page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryLevelRequirements:
    entry_level: EntryLevel
    rules: list[RuleItem]


@dataclass(frozen=True)
class DocumentGroup:
    """Documents asked at every entry level (``entry_level`` is ``None``) or, in addition,
    at one entry level."""

    entry_level: EntryLevel | None
    requirements: list[DocumentRequirement]


@dataclass(frozen=True)
class RoundLine:
    round: Round
    state: RoundState
    panels: list[Panel]


@dataclass(frozen=True)
class PanelLine:
    panel: Panel
    round_numbers: list[int]

    @property
    def rounds_text(self) -> str:
        """ "1, 2 and 3" in the current language."""
        numbers = [str(number) for number in self.round_numbers]
        if len(numbers) <= 1:
            return "".join(numbers)
        return gettext("%(first)s and %(last)s") % {
            "first": ", ".join(numbers[:-1]),
            "last": numbers[-1],
        }


@dataclass(frozen=True)
class IntakeCalendar:
    intake: Intake
    is_current: bool
    rounds: list[RoundLine]
    panels: list[PanelLine]


@dataclass(frozen=True)
class Contact:
    role: str = ""
    name: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""


@dataclass(frozen=True)
class FundingLine:
    """A way to finance the programme, with what its rules mean in dates for this intake."""

    route: str
    name: str
    details: list[str] = field(default_factory=list)


def _day(day: dt.date) -> str:
    return dateformat.format(day, "j F Y")


def _funding_details(
    route: str, programme: Programme, calendars: Sequence[IntakeCalendar]
) -> list[str]:
    details: list[str] = []
    if route == "cpf":
        details.append(gettext("Your personal training account (CPF) can pay for the programme."))
    elif route == "transitional_cpf":
        last = funding.transitional_cpf_last_round(programme)
        if last is None:
            return details
        details.append(gettext("Apply no later than round %(number)s.") % {"number": last})
        for calendar in calendars:
            for line in calendar.rounds:
                if line.round.number == last:
                    deadline = clock.local(line.round.deadline_at, programme.time_zone).date()
                    details.append(
                        gettext("For the %(year)s intake, round %(number)s closes on %(day)s.")
                        % {
                            "year": calendar.intake.academic_year_label,
                            "number": last,
                            "day": _day(deadline),
                        }
                    )
    elif route == "pole_emploi":
        days = funding.notice_days(programme)
        if days is None:
            return details
        details.append(
            ngettext(
                "Your training request must reach your France Travail counsellor at least "
                "%(days)s day before classes start.",
                "Your training request must reach your France Travail counsellor at least "
                "%(days)s days before classes start.",
                days,
            )
            % {"days": days}
        )
        for calendar in calendars:
            last_safe = funding.pole_emploi_last_safe_on(programme, calendar.intake)
            if last_safe is not None:
                details.append(
                    gettext("For the %(year)s intake: by %(day)s.")
                    % {"year": calendar.intake.academic_year_label, "day": _day(last_safe)}
                )
    elif route == "bank_loan":
        for bank in funding.partner_banks(programme):
            if bank.countries:
                details.append(
                    gettext("Partner bank: %(bank)s, for students from %(countries)s.")
                    % {"bank": bank.name, "countries": country_names(bank.countries)}
                )
            else:
                details.append(gettext("Partner bank: %(bank)s.") % {"bank": bank.name})
    return details


def funding_lines(programme: Programme, calendars: Sequence[IntakeCalendar]) -> list[FundingLine]:
    """The routes the programme offers, each with its dates for the intakes shown; none when
    its settings do not list them."""
    if not isinstance((programme.settings or {}).get("funding_routes"), list):
        return []
    return [
        FundingLine(
            route=route,
            name=funding.route_name(route),
            details=_funding_details(route, programme, calendars),
        )
        for route in funding.offered_routes(programme)
    ]


def registration_window_days(programme: Programme) -> int | None:
    days = (programme.settings or {}).get("registration_window_days")
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else None


def language_expectations(programme: Programme) -> list[str]:
    """What the programme expects in each language, one paragraph each (full sentences, so
    French never has to agree a word with a language's name)."""
    lines = []
    for item in (programme.settings or {}).get("language_expectations") or []:
        if not isinstance(item, Mapping) or not item.get("language") or not item.get("level"):
            continue
        values = {"language": language_name(str(item["language"])), "level": item["level"]}
        if item.get("when") == "end":
            sentences = [
                gettext("%(language)s: level %(level)s at least by the end of the programme.")
                % values
            ]
        else:
            sentences = [gettext("%(language)s: level %(level)s at least on entry.") % values]
        if item.get("external_exam"):
            sentences.append(gettext("It must be certified by an external exam."))
        if item.get("international_only"):
            sentences.append(gettext("This is asked of international students."))
        if item.get("preferred_level"):
            sentences.append(
                gettext("Level %(level)s is preferred.") % {"level": item["preferred_level"]}
            )
        lines.append(" ".join(sentences))
    return lines


@dataclass(frozen=True)
class ProgrammePage:
    programme: Programme
    now: dt.datetime
    entry_levels: list[EntryLevelRequirements]
    document_groups: list[DocumentGroup]
    calendars: list[IntakeCalendar]
    advice: list[Advice]
    contacts: list[Contact]
    stages: list[str] = field(default_factory=list)
    review_criteria: list[ReviewCriterion] = field(default_factory=list)
    open_rounds: list[Round] = field(default_factory=list)
    next_round: Round | None = None
    funding: list[FundingLine] = field(default_factory=list)
    quote_required_first: bool = False
    registration_window_days: int | None = None
    language_expectations: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return bool(self.open_rounds)


def document_groups(
    requirements: Sequence[DocumentRequirement], entry_levels: Sequence[EntryLevel]
) -> list[DocumentGroup]:
    """The documents asked at every level first, then those asked at one level only."""
    common = [req for req in requirements if req.entry_level_id is None]
    groups = [DocumentGroup(entry_level=None, requirements=common)] if common else []
    for level in entry_levels:
        specific = [req for req in requirements if req.entry_level_id == level.pk]
        if specific:
            groups.append(DocumentGroup(entry_level=level, requirements=specific))
    return groups


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        lang = _language()
        return str(value.get(lang) or value.get("en") or "")
    return "" if value is None else str(value)


def _safe_url(url: str) -> str:
    # Contacts are configuration, but a link is only ever a web page: never "javascript:".
    return url if url.startswith(("https://", "http://")) else ""


def programme_contacts(programme: Programme) -> list[Contact]:
    """The ``contacts`` JSON as contacts; a role may be a string, ``{"en", "fr"}`` or
    ``role_en``/``role_fr`` (``title``/``label`` are read the same way)."""
    lang = _language()
    contacts = []
    for raw in programme.contacts or []:
        if not isinstance(raw, Mapping):
            continue
        role = ""
        for key in ("role", "title", "label"):
            role = _text(raw.get(key)) or str(
                raw.get(f"{key}_{lang}") or raw.get(f"{key}_en") or ""
            )
            if role:
                break
        contact = Contact(
            role=role,
            name=_text(raw.get("name")),
            email=_text(raw.get("email")),
            phone=_text(raw.get("phone")),
            url=_safe_url(_text(raw.get("url"))),
        )
        if any((contact.role, contact.name, contact.email, contact.phone, contact.url)):
            contacts.append(contact)
    return contacts


def _calendar(programme: Programme, now: dt.datetime) -> list[IntakeCalendar]:
    calendars = []
    for index, intake in enumerate(catalogue.intake_calendar(programme, now)):
        rounds = [
            RoundLine(round=round_, state=round_.state(now), panels=list(round_.panels.all()))
            for round_ in intake.rounds.all()
        ]
        calendars.append(
            IntakeCalendar(
                intake=intake,
                is_current=index == 0,
                rounds=rounds,
                panels=[
                    PanelLine(panel=panel, round_numbers=[r.number for r in panel.rounds.all()])
                    for panel in intake.panels.all()
                ],
            )
        )
    return calendars


def programme_page(slug: str, now: dt.datetime) -> ProgrammePage:
    """Everything a programme's page shows at ``now``. Raises ``Programme.DoesNotExist``."""
    programme = catalogue.programme_detail(slug)
    entry_levels = list(programme.entry_levels.all())
    calendars = _calendar(programme, now)
    lines = [line for calendar in calendars for line in calendar.rounds]
    open_rounds = sorted(
        (line.round for line in lines if line.state == RoundState.OPEN),
        key=lambda round_: round_.deadline_at,
    )
    upcoming = sorted(
        (line.round for line in lines if line.state == RoundState.UPCOMING),
        key=lambda round_: round_.opens_at,
    )
    return ProgrammePage(
        programme=programme,
        now=now,
        entry_levels=[
            EntryLevelRequirements(entry_level=level, rules=describe_rules(level.eligibility_rules))
            for level in entry_levels
        ],
        document_groups=document_groups(list(programme.document_requirements.all()), entry_levels),
        calendars=calendars,
        advice=list(programme.advice.all()),
        contacts=programme_contacts(programme),
        stages=[str(Stage(code).label) for code in programme.pipeline if code in Stage.values],
        review_criteria=list(programme.review_criteria.all()),
        open_rounds=open_rounds,
        next_round=upcoming[0] if upcoming else None,
        funding=funding_lines(programme, calendars),
        quote_required_first=funding.quote_required_first(programme),
        registration_window_days=registration_window_days(programme),
        language_expectations=language_expectations(programme),
    )
