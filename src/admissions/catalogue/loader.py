"""Programme configuration files (``programmes/*.yaml``): the format, read and validated.

One file describes one programme. ``read_programme_file`` parses it, checks it and returns a
``ProgrammeSpec`` whose ``data`` is the file in canonical form (every default filled in, money
in cents, dates and times as UTC instants); ``services.load_programme_files`` writes specs to
the database and ``exporter.export_programme`` writes the database back as a file. Every
problem is reported with the file, the line, the path of the field and what to do, e.g.::

    programmes/x.yaml, line 42, intakes[0].rounds[1].deadline: the deadline (2027-01-10)
    precedes the opening (2027-02-01).

Unknown keys are refused (typo protection) with the list of allowed keys. The full guide, with
examples, is ``docs/programmes.md``.

THE FORMAT (``*`` = required; texts marked {en, fr} are a mapping ``{en: …, fr: …}``)

    slug*                 url name, e.g. post-master-ai (lowercase, digits, - and _)
    reference_prefix*     starts application references: PMAI → PMAI-2027-00042 (A-Z, 0-9)
    kind*                 msc_engineering | post_master | pre_master | master_2y | engineering_5y
    designation           mastere_specialise | diplome_ingenieur_specialisation |
                          diplome_ingenieur | master (default: none)
    published             default true
    name* {en*, fr}   summary {en, fr}   description {en, fr}
    languages_of_instruction*  ISO 639-1 codes, e.g. [en]
    duration_months*      ects*
    currency              default EUR
    tuition               amount in the currency's main unit (18500 = €18,500); default 0
    application_fee       same; default 0
    time_zone             IANA name; default Europe/Paris. Dates of rounds are read in it.
    company_training_required  default false
    pipeline*             ordered stages: eligibility, committee_review, interview, panel
    contacts              [{role* {en*, fr}, name, email*, phone}]
    settings              a free mapping read by later capabilities (registration_window_days,
                          funding_routes, …); stored as JSON, so quote dates. The keys the
                          money side reads are checked when present: fee_reductions [{code*,
                          label* {en*, fr}, amount_cents* (the reduced fee, less than the
                          application fee), proof_required}], funding_routes (codes of
                          catalogue/funding_routes.py), pole_emploi_notice_days,
                          pole_emploi_warning_days, transitional_cpf_last_round (at most the
                          number of rounds of each intake), partner_banks [{name*, countries,
                          contact {name, email, phone}}], cpf_url (https), fee_refund_rule
                          (never | before_deadline | before_review), quote_validity_days,
                          quote_required_first. The programme page reads
                          registration_window_days (1 to 90) and language_expectations
                          [{language* (en | fr), level* (CEFR), preferred_level, when*
                          (entry | end), external_exam, international_only}].
    document_types        extra document types: [{code*, name* {en*, fr}, help {en, fr}}]; the
                          standard ones (cv, motivation_letter, transcripts, diplomas,
                          english_certificate, french_certificate, recommendation,
                          mooc_certificate, eef_attestation, identity_document) need no
                          declaration.
    entry_levels*         [{code*, name* {en*, fr}, required_degree {en, fr}, min_prior_ects,
                            profile {en, fr}, eligibility: <rules tree, docs/programmes.md>}]
    documents             [{type*, entry_levels: [codes] (absent = every level),
                            required (default true), timing: at_submission (default) |
                            after_submission, min_files (default 1), max_files (default 1),
                            formats (default [pdf]; allowed pdf, jpeg, png), max_size_mb
                            (default 10), condition (rules/conditions/; empty = always),
                            note {en, fr}: when and why it is asked}]
    review_criteria       [{code*, label* {en*, fr}, description {en, fr}, weight (default 1)}]
    advice                [{code*, trigger: always (default) | international_after_round |
                            funding_after_round | early_round, max_round (required by the
                            *_after_round triggers), funding_routes, text* {en*, fr}}]
    intakes               [{academic_year* (the year classes start), starts_on*, ends_on,
                            places, hours,
                            rounds* [{number*, opens*, deadline*, results*, places}],
                            panels [{number*, sits_on*, rounds*: [round numbers]}]}]

Times of rounds: each of ``opens``, ``deadline`` and ``results`` is a date or a date and time,
in the programme's time zone unless it carries an offset (``2027-02-03T18:00:00+01:00``). A date
alone means: ``opens`` at 00:00:00, ``deadline`` at 23:59:59 (the last whole second of the day:
a submission at 23:59:59.999 is still on time), ``results`` at 09:00, local time. A local time
skipped when the clocks go forward is refused; one that happens twice when they go back is the
first occurrence (summer time); write an offset to choose the other.

Intakes are matched by academic_year, rounds and panels by number, entry levels, review
criteria and advice by code, document requirements by (entry level, type). An intake absent
from the file is left alone in the database (it may carry applications); anything else absent
from a present intake or programme is deleted when nothing refers to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings

from admissions.catalogue.funding_routes import FUNDING_ROUTES
from admissions.catalogue.models import (
    AdviceTrigger,
    Designation,
    ProgrammeKind,
    RequirementTiming,
    Stage,
)
from admissions.catalogue.yaml_schema import (
    INVALID,
    Field,
    Issue,
    Path,
    ProgrammeConfigError,
    Reader,
    bilingual,
    boolean,
    choice,
    contains_invalid,
    date_value,
    email,
    instant,
    integer,
    json_data,
    list_of,
    mapping,
    money,
    optional,
    parse_yaml,
    pattern_text,
    read_mapping,
    slug,
    text,
    time_zone,
)
from admissions.rules import cefr
from admissions.rules.conditions import ConditionError, compile_condition
from admissions.rules.eligibility import RulesError, compile_rules

__all__ = [
    "ACCEPTED_FORMATS",
    "DEADLINE_TIME",
    "OPENING_TIME",
    "RESULTS_TIME",
    "STANDARD_DOCUMENT_TYPE_CODES",
    "ProgrammeConfigError",
    "ProgrammeSpec",
    "checksum_of",
    "read_programme_file",
    "read_programme_text",
]

OPENING_TIME = dt.time(0, 0, 0)
DEADLINE_TIME = dt.time(23, 59, 59)
RESULTS_TIME = dt.time(9, 0, 0)

ACCEPTED_FORMATS = ("pdf", "jpeg", "png")

# Created by migration 0003_standard_document_types; programmes use them without declaring.
STANDARD_DOCUMENT_TYPE_CODES = frozenset(
    {
        "cv",
        "motivation_letter",
        "transcripts",
        "diplomas",
        "english_certificate",
        "french_certificate",
        "recommendation",
        "mooc_certificate",
        "eef_attestation",
        "identity_document",
    }
)

# ISO 639-1, the two-letter language codes.
LANGUAGE_CODES = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky
    la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
    oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss
    st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo
    za zh zu
    """.split()  # noqa: SIM905 - a table reads better than 184 quoted strings
)

POST_MASTER_SEED = "seed: Post-Master framework"
POST_MASTER_MONTHS = (12, 24)
POST_MASTER_ECTS = (75, 90)
POST_MASTER_DESIGNATIONS = (
    Designation.MASTERE_SPECIALISE.value,
    Designation.DIPLOME_INGENIEUR_SPECIALISATION.value,
)
POST_MASTER_ENGLISH_LEVEL = "B2"


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------

_CODE_LIST = list_of(slug(max_length=40), unique=True)

CONTACT = {
    "role": Field(bilingual(required_en=True, max_length=200), required=True),
    "name": Field(text(max_length=200, multiline=False), default=""),
    "email": Field(email(), required=True),
    "phone": Field(text(max_length=40, multiline=False), default=""),
}

DOCUMENT_TYPE = {
    "code": Field(slug(max_length=40), required=True),
    "name": Field(bilingual(required_en=True, max_length=120), required=True),
    "help": Field(bilingual(), default={"en": "", "fr": ""}),
}

ENTRY_LEVEL = {
    "code": Field(slug(max_length=20), required=True),
    "name": Field(bilingual(required_en=True, max_length=200), required=True),
    "required_degree": Field(bilingual(), default={"en": "", "fr": ""}),
    "min_prior_ects": Field(optional(integer(minimum=0, maximum=1000))),
    "profile": Field(bilingual(), default={"en": "", "fr": ""}),
    "eligibility": Field(json_data(what="eligibility rules"), default={}),
}

DOCUMENT = {
    "type": Field(slug(max_length=40), required=True),
    "entry_levels": Field(optional(list_of(slug(max_length=20), unique=True))),
    "required": Field(boolean(), default=True),
    "timing": Field(
        choice(RequirementTiming.values, what="timing"), default=RequirementTiming.AT_SUBMISSION
    ),
    "min_files": Field(integer(minimum=1, maximum=50), default=1),
    "max_files": Field(integer(minimum=1, maximum=50), default=1),
    "formats": Field(
        list_of(choice(ACCEPTED_FORMATS, what="format"), min_items=1, unique=True),
        default=["pdf"],
    ),
    "max_size_mb": Field(integer(minimum=1, maximum=100), default=10),
    "condition": Field(text(max_length=300, multiline=False), default=""),
    "note": Field(bilingual(), default={"en": "", "fr": ""}),
}

REVIEW_CRITERION = {
    "code": Field(slug(max_length=40), required=True),
    "label": Field(bilingual(required_en=True, max_length=200), required=True),
    "description": Field(bilingual(), default={"en": "", "fr": ""}),
    "weight": Field(integer(minimum=1, maximum=100), default=1),
}

ADVICE = {
    "code": Field(slug(max_length=60), required=True),
    "trigger": Field(choice(AdviceTrigger.values, what="trigger"), default=AdviceTrigger.ALWAYS),
    "max_round": Field(optional(integer(minimum=1, maximum=50))),
    "funding_routes": Field(_CODE_LIST, default=[]),
    "text": Field(bilingual(required_en=True), required=True),
}

# Settings read by the money side (finance/funding.py, finance/services/): checked when present.
FEE_REDUCTION = {
    "code": Field(slug(max_length=40), required=True),
    "label": Field(bilingual(required_en=True, max_length=200), required=True),
    "amount_cents": Field(integer(minimum=0), required=True),
    "proof_required": Field(boolean(), default=False),
}

PARTNER_BANK_CONTACT = {
    "name": Field(text(max_length=200, multiline=False), default=""),
    "email": Field(optional(email())),
    "phone": Field(text(max_length=40, multiline=False), default=""),
}

PARTNER_BANK = {
    "name": Field(text(max_length=200, required=True, multiline=False), required=True),
    "countries": Field(
        list_of(pattern_text(r"[A-Z]{2}", "an ISO 3166 country code such as MA"), unique=True),
        default=[],
    ),
    "contact": Field(optional(mapping(PARTNER_BANK_CONTACT, what="a bank contact"))),
}

FEE_REFUND_RULES = ("never", "before_deadline", "before_review")

FINANCE_SETTINGS = {
    "fee_reductions": list_of(mapping(FEE_REDUCTION, what="a fee reduction")),
    "pole_emploi_notice_days": integer(minimum=0, maximum=365),
    "pole_emploi_warning_days": integer(minimum=0, maximum=365),
    "transitional_cpf_last_round": integer(minimum=1, maximum=50),
    "partner_banks": list_of(mapping(PARTNER_BANK, what="a partner bank")),
    "cpf_url": pattern_text(r"https://[^\s/]+\.[^\s]+", "an https:// address"),
    "fee_refund_rule": choice(FEE_REFUND_RULES, what="fee refund rule"),
    "quote_validity_days": integer(minimum=1, maximum=365),
    "quote_required_first": boolean(),
}

# What the public programme page reads from ``settings`` (checked when present).
LANGUAGE_EXPECTATION_MOMENTS = ("entry", "end")
LANGUAGE_EXPECTATION = {
    "language": Field(choice(("en", "fr"), what="language"), required=True),
    "level": Field(
        choice([level.value for level in cefr.LEVELS], what="CEFR level"), required=True
    ),
    "preferred_level": Field(
        optional(choice([level.value for level in cefr.LEVELS], what="CEFR level"))
    ),
    "when": Field(choice(LANGUAGE_EXPECTATION_MOMENTS, what="moment"), required=True),
    "external_exam": Field(boolean(), default=False),
    "international_only": Field(boolean(), default=False),
}
PAGE_SETTINGS = {
    "registration_window_days": integer(minimum=1, maximum=90),
    "language_expectations": list_of(mapping(LANGUAGE_EXPECTATION, what="a language expectation")),
}

ROUND = {
    "number": Field(integer(minimum=1, maximum=50), required=True),
    "opens": Field(instant(default_time=OPENING_TIME), required=True),
    "deadline": Field(instant(default_time=DEADLINE_TIME), required=True),
    "results": Field(instant(default_time=RESULTS_TIME), required=True),
    "places": Field(optional(integer(minimum=1, maximum=100_000))),
}

PANEL = {
    "number": Field(integer(minimum=1, maximum=50), required=True),
    "sits_on": Field(date_value(), required=True),
    "rounds": Field(list_of(integer(minimum=1, maximum=50), unique=True), required=True),
}

INTAKE = {
    "academic_year": Field(integer(minimum=2000, maximum=2100), required=True),
    "starts_on": Field(date_value(), required=True),
    "ends_on": Field(optional(date_value())),
    "places": Field(optional(integer(minimum=1, maximum=100_000))),
    "hours": Field(optional(integer(minimum=1, maximum=100_000))),
    "rounds": Field(list_of(mapping(ROUND, what="a round"), min_items=1), required=True),
    "panels": Field(list_of(mapping(PANEL, what="a panel")), default=[]),
}


def _language_code_converter(value: Any, reader: Reader, path: Path) -> Any:
    if isinstance(value, str) and value in LANGUAGE_CODES:
        return value
    shown = value if isinstance(value, str) else repr(value)
    return reader.error(
        path, f"unknown language code '{shown}'; use an ISO 639-1 code such as en or fr."
    )


# The order matters: time_zone is read before intakes, whose dates are read in it.
PROGRAMME = {
    "slug": Field(slug(max_length=80), required=True),
    "reference_prefix": Field(
        pattern_text(r"[A-Z][A-Z0-9]{1,7}", "2 to 8 capital letters or digits, e.g. PMAI"),
        required=True,
    ),
    "kind": Field(choice(ProgrammeKind.values, what="kind"), required=True),
    "designation": Field(choice(Designation.values, what="designation"), default=""),
    "published": Field(boolean(), default=True),
    "name": Field(bilingual(required_en=True, max_length=200), required=True),
    "summary": Field(bilingual(), default={"en": "", "fr": ""}),
    "description": Field(bilingual(), default={"en": "", "fr": ""}),
    "languages_of_instruction": Field(
        list_of(_language_code_converter, min_items=1, unique=True), required=True
    ),
    "duration_months": Field(integer(minimum=1, maximum=120), required=True),
    "ects": Field(integer(minimum=0, maximum=600), required=True),
    "currency": Field(
        pattern_text(r"[A-Z]{3}", "an ISO 4217 currency code such as EUR"), default="EUR"
    ),
    "tuition": Field(money(), default=0),
    "application_fee": Field(money(), default=0),
    "time_zone": Field(time_zone(), default=None),
    "company_training_required": Field(boolean(), default=False),
    "pipeline": Field(
        list_of(choice(Stage.values, what="stage"), min_items=1, unique=True), required=True
    ),
    "contacts": Field(list_of(mapping(CONTACT, what="a contact")), default=[]),
    "settings": Field(json_data(what="settings"), default={}),
    "document_types": Field(list_of(mapping(DOCUMENT_TYPE, what="a document type")), default=[]),
    "entry_levels": Field(
        list_of(mapping(ENTRY_LEVEL, what="an entry level"), min_items=1), required=True
    ),
    "documents": Field(list_of(mapping(DOCUMENT, what="a document")), default=[]),
    "review_criteria": Field(
        list_of(mapping(REVIEW_CRITERION, what="a review criterion")), default=[]
    ),
    "advice": Field(list_of(mapping(ADVICE, what="a piece of advice")), default=[]),
    "intakes": Field(list_of(mapping(INTAKE, what="an intake")), default=[]),
}


# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass
class ProgrammeSpec:
    """A valid programme file: ``data`` in canonical form, plus what reporting needs."""

    filename: str
    data: dict[str, Any]
    lines: Mapping[Path, int] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.data["slug"]

    @property
    def checksum(self) -> str:
        return checksum_of(self.data)

    def issue(self, path: Path, message: str) -> Issue:
        """An issue about ``path`` of this file, for checks made outside the reader."""
        reader = Reader(self.filename, lines=dict(self.lines))
        reader.error(path, message)
        return reader.issues[0]


def _json_default(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")  # pragma: no cover


def checksum_of(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical data: comments, key order and layout do not count."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=_json_default)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_programme_file(
    path: str | FilePath, *, known_document_types: Iterable[str] = STANDARD_DOCUMENT_TYPE_CODES
) -> ProgrammeSpec:
    filename = str(path)
    try:
        content = FilePath(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgrammeConfigError([Issue(filename, None, "", "no such file.")]) from None
    except UnicodeDecodeError as error:
        message = f"the file is not UTF-8 text (byte {error.start}). Save it as UTF-8."
        raise ProgrammeConfigError([Issue(filename, None, "", message)]) from None
    except OSError as error:
        message = f"cannot be read: {error.strerror}."
        raise ProgrammeConfigError([Issue(filename, None, "", message)]) from None
    return read_programme_text(content, filename, known_document_types=known_document_types)


def read_programme_text(
    content: str,
    filename: str,
    *,
    known_document_types: Iterable[str] = STANDARD_DOCUMENT_TYPE_CODES,
) -> ProgrammeSpec:
    """Parse and check one programme file; raise ``ProgrammeConfigError`` listing every issue."""
    raw = parse_yaml(content, filename)
    reader = Reader(filename)
    if raw is None:
        reader.error((), "the file is empty: it should describe one programme.")
        raise ProgrammeConfigError(reader.issues)
    reader.record_lines(raw)
    reader.time_zone = ZoneInfo(_default_time_zone())
    data = read_mapping(raw, PROGRAMME, reader, (), what="a programme")
    if data is not INVALID:
        if data["time_zone"] is None:
            data["time_zone"] = _default_time_zone()
        _Checks(data, reader, frozenset(known_document_types)).run()
    if reader.issues:
        raise ProgrammeConfigError(reader.issues)
    _sort_by_key(data)
    return ProgrammeSpec(filename, data, lines=reader.lines, warnings=reader.warnings)


def _sort_by_key(data: dict[str, Any]) -> None:
    """Intakes, rounds and panels are matched by year and number, so their order in the file
    means nothing: the canonical form sorts them (entry levels, documents, criteria and advice
    keep the file's order, which is their display order)."""
    data["intakes"].sort(key=lambda intake: intake["academic_year"])
    for intake in data["intakes"]:
        intake["rounds"].sort(key=lambda round_: round_["number"])
        intake["panels"].sort(key=lambda panel: panel["number"])
        for panel in intake["panels"]:
            panel["rounds"].sort()


def _default_time_zone() -> str:
    return getattr(django_settings, "DEFAULT_TIME_ZONE_FOR_PROGRAMMES", "Europe/Paris")


# --------------------------------------------------------------------------------------------
# Checks across fields
# --------------------------------------------------------------------------------------------


def _valid(items: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) of the items of a list that were read without problem."""
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _local(instant_utc: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return instant_utc.astimezone(zone)


def _show(instant_utc: dt.datetime, zone: ZoneInfo, default_time: dt.time) -> str:
    """A round's instant as its file would say it: the date alone when at the default time."""
    local = _local(instant_utc, zone)
    if local.time() == default_time:
        return local.date().isoformat()
    return local.strftime("%Y-%m-%d %H:%M:%S")


_RULES_PATH = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _rules_path(text: str) -> Path:
    """ "all_of[1].min_level" → ("all_of", 1, "min_level")."""
    parts: list[str | int] = []
    for name, index in _RULES_PATH.findall(text or ""):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _language_leaves(node: Any, path: Path, language: str) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``type: language`` leaf for ``language`` in a rules tree, with its path."""
    found: list[tuple[Path, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") == "language" and node.get("language") == language:
            found.append((path, node))
        for group in ("all_of", "any_of"):
            children = node.get(group)
            if isinstance(children, list):
                for index, child in enumerate(children):
                    found.extend(_language_leaves(child, (*path, group, index), language))
    return found


class _Checks:
    """The rules that tie fields together; each problem is recorded on the reader."""

    def __init__(self, data: dict[str, Any], reader: Reader, known_types: frozenset[str]):
        self.data = data
        self.reader = reader
        self.known_types = known_types
        zone = data.get("time_zone")
        self.zone = ZoneInfo(zone) if isinstance(zone, str) else None
        self.slug = data["slug"] if isinstance(data.get("slug"), str) else "this programme"

    def error(self, path: Path, message: str) -> None:
        self.reader.error(path, message)

    def duplicates(self, items: Any, key: str, path: Path, what: str) -> None:
        seen: dict[Any, int] = {}
        for index, item in _valid(items):
            value = item.get(key)
            if value is INVALID or value is None:
                continue
            if value in seen:
                first = self.reader.line_of((*path, seen[value]))
                self.error(
                    (*path, index, key),
                    f"duplicate {what} {value!r} (first at line {first}); each must be unique.",
                )
            else:
                seen[value] = index

    def run(self) -> None:
        data = self.data
        self.duplicates(data["entry_levels"], "code", ("entry_levels",), "entry-level code")
        self.duplicates(data["document_types"], "code", ("document_types",), "document type code")
        self.duplicates(data["review_criteria"], "code", ("review_criteria",), "criterion code")
        self.duplicates(data["advice"], "code", ("advice",), "advice code")
        self.duplicates(data["intakes"], "academic_year", ("intakes",), "academic year")
        self.eligibility_rules()
        self.documents()
        self.finance_settings()
        self.advice()
        for index, intake in _valid(data["intakes"]):
            self.intake(index, intake)
        self.panel_coverage()
        if data["kind"] == ProgrammeKind.POST_MASTER:
            self.post_master_framework()

    # -- entry levels --------------------------------------------------------------------------

    def eligibility_rules(self) -> None:
        for index, level in _valid(self.data["entry_levels"]):
            tree = level["eligibility"]
            if not tree or tree is INVALID:
                continue
            base: Path = ("entry_levels", index, "eligibility")
            try:
                compile_rules(tree)
            except RulesError as error:
                self.error((*base, *_rules_path(error.path)), f"eligibility rules: {error.message}")

    # -- documents -----------------------------------------------------------------------------

    def documents(self) -> None:
        levels = [item["code"] for _, item in _valid(self.data["entry_levels"]) if item["code"]]
        declared = {item["code"] for _, item in _valid(self.data["document_types"]) if item["code"]}
        known_types = self.known_types | declared
        seen: dict[tuple[str | None, str], int] = {}
        for index, document in _valid(self.data["documents"]):
            path: Path = ("documents", index)
            type_code = document["type"]
            if type_code and type_code not in known_types:
                self.error(
                    (*path, "type"),
                    f"unknown document type '{type_code}'; known types: "
                    f"{', '.join(sorted(known_types))}. Declare a new one under document_types.",
                )
            codes = document["entry_levels"]
            if codes is not None and codes is not INVALID:
                if not codes:
                    self.error(
                        (*path, "entry_levels"),
                        "lists no entry level; leave entry_levels out to ask every level.",
                    )
                for position, code in enumerate(codes):
                    if code and code not in levels:
                        self.error(
                            (*path, "entry_levels", position),
                            f"unknown entry level '{code}'; this programme has: "
                            f"{', '.join(levels)}.",
                        )
                # Canonical order: the order of the programme's entry levels.
                document["entry_levels"] = sorted(
                    (code for code in codes if code),
                    key=lambda code: levels.index(code) if code in levels else len(levels),
                )
            if type_code:
                self.document_clash(index, type_code, document["entry_levels"], seen)
            if (
                isinstance(document["min_files"], int)
                and isinstance(document["max_files"], int)
                and document["min_files"] > document["max_files"]
            ):
                self.error(
                    (*path, "min_files"),
                    f"min_files ({document['min_files']}) is more than max_files "
                    f"({document['max_files']}).",
                )
            condition = document["condition"]
            if condition:
                try:
                    compile_condition(condition)
                except ConditionError as error:
                    self.error(
                        (*path, "condition"),
                        f"condition {condition!r}, column {error.column}: {error.message}",
                    )

    def document_clash(
        self,
        index: int,
        type_code: str,
        codes: list[str] | None,
        seen: dict[tuple[str | None, str], int],
    ) -> None:
        """A type is asked once per entry level: an entry for every level (no entry_levels)
        clashes with any other entry of that type."""
        levels: list[str | None] = list(codes) if codes else [None]
        for level in levels:
            if level is None:
                candidates = [key for key in seen if key[1] == type_code]
            else:
                candidates = [key for key in ((level, type_code), (None, type_code)) if key in seen]
            if candidates:
                clash = candidates[0]
                first = self.reader.line_of(("documents", seen[clash]))
                where = f"entry level '{clash[0]}'" if clash[0] else "every entry level"
                self.error(
                    ("documents", index, "type"),
                    f"'{type_code}' is already asked for {where} (line {first}); a document "
                    "type appears once per entry level.",
                )
                return
            seen[(level, type_code)] = index

    # -- settings the money side reads ---------------------------------------------------------

    def finance_settings(self) -> None:
        settings = self.data["settings"]
        if not isinstance(settings, dict):
            return  # INVALID: already reported
        base: Path = ("settings",)
        checked = {
            key: convert(settings[key], self.reader, (*base, key))
            for key, convert in {**FINANCE_SETTINGS, **PAGE_SETTINGS}.items()
            if key in settings
        }
        if "funding_routes" in settings:
            list_of(choice(FUNDING_ROUTES, what="funding route"), unique=True)(
                settings["funding_routes"], self.reader, (*base, "funding_routes")
            )
        reductions = checked.get("fee_reductions")
        if isinstance(reductions, list):
            path: Path = (*base, "fee_reductions")
            self.duplicates(reductions, "code", path, "fee reduction code")
            fee = self.data["application_fee"]
            for index, item in _valid(reductions):
                amount = item["amount_cents"]
                if isinstance(fee, int) and isinstance(amount, int) and amount >= fee:
                    self.error(
                        (*path, index, "amount_cents"),
                        f"the reduced fee ({amount} cents) must be less than the application "
                        f"fee ({fee} cents); 0 waives the fee.",
                    )
        last_round = checked.get("transitional_cpf_last_round")
        if isinstance(last_round, int):
            for _, intake in _valid(self.data["intakes"]):
                count = len(intake["rounds"]) if isinstance(intake["rounds"], list) else None
                if count is not None and last_round > count:
                    self.error(
                        (*base, "transitional_cpf_last_round"),
                        f"round {last_round} is the last for transitional CPF, but the "
                        f"{intake['academic_year']} intake has {count} rounds.",
                    )

    # -- advice --------------------------------------------------------------------------------

    def advice(self) -> None:
        settings = self.data["settings"]
        settings_routes = settings.get("funding_routes") if settings else None
        after_round = (AdviceTrigger.INTERNATIONAL_AFTER_ROUND, AdviceTrigger.FUNDING_AFTER_ROUND)
        for index, item in _valid(self.data["advice"]):
            path: Path = ("advice", index)
            trigger = item["trigger"]
            if trigger in after_round and item["max_round"] is None:
                self.error(path, f"the trigger {trigger} needs max_round: the last round advised.")
            if trigger == AdviceTrigger.FUNDING_AFTER_ROUND and item["funding_routes"] == []:
                self.error(path, "the trigger funding_after_round needs funding_routes.")
            if isinstance(settings_routes, list) and isinstance(item["funding_routes"], list):
                for position, route in enumerate(item["funding_routes"]):
                    if route and route not in settings_routes:
                        self.error(
                            (*path, "funding_routes", position),
                            f"unknown funding route '{route}'; settings.funding_routes lists: "
                            f"{', '.join(str(r) for r in settings_routes)}.",
                        )

    # -- intakes, rounds, panels ---------------------------------------------------------------

    def intake(self, index: int, intake: dict[str, Any]) -> None:
        path: Path = ("intakes", index)
        zone = self.zone
        if intake["ends_on"] and intake["starts_on"] and intake["ends_on"] <= intake["starts_on"]:
            self.error(
                (*path, "ends_on"),
                f"the end of classes ({intake['ends_on']}) is not after their start "
                f"({intake['starts_on']}).",
            )
        rounds = intake["rounds"]
        self.duplicates(rounds, "number", (*path, "rounds"), "round number")
        valid_rounds = [
            (position, item) for position, item in _valid(rounds) if not contains_invalid(item)
        ]
        if zone is not None:
            self.round_times(path, intake, valid_rounds, zone)
        by_number: dict[int, dict[str, Any]] = {}
        for _, item in valid_rounds:
            by_number.setdefault(item["number"], item)  # a duplicate number is reported above
        self.panels(path, intake, by_number, rounds)

    def round_times(
        self,
        path: Path,
        intake: dict[str, Any],
        valid_rounds: list[tuple[int, dict[str, Any]]],
        zone: ZoneInfo,
    ) -> None:
        for position, item in valid_rounds:
            round_path: Path = (*path, "rounds", position)
            if item["deadline"] <= item["opens"]:
                self.error(
                    (*round_path, "deadline"),
                    f"the deadline ({_show(item['deadline'], zone, DEADLINE_TIME)}) precedes the "
                    f"opening ({_show(item['opens'], zone, OPENING_TIME)}).",
                )
            if item["results"] <= item["deadline"]:
                self.error(
                    (*round_path, "results"),
                    f"the results date ({_show(item['results'], zone, RESULTS_TIME)}) precedes "
                    f"the deadline ({_show(item['deadline'], zone, DEADLINE_TIME)}).",
                )
        ordered = sorted(valid_rounds, key=lambda pair: pair[1]["number"])
        for (_, previous), (position, current) in itertools.pairwise(ordered):
            if previous["number"] == current["number"]:
                continue
            if current["opens"] <= previous["deadline"]:
                self.error(
                    (*path, "rounds", position, "opens"),
                    f"round {current['number']} opens "
                    f"({_show(current['opens'], zone, OPENING_TIME)}) before the deadline of "
                    f"round {previous['number']} "
                    f"({_show(previous['deadline'], zone, DEADLINE_TIME)}): the rounds of an "
                    "intake may not overlap.",
                )
        if valid_rounds and intake["starts_on"]:
            last = max(valid_rounds, key=lambda pair: pair[1]["results"])[1]
            results_day = _local(last["results"], zone).date()
            if intake["starts_on"] < results_day:
                self.error(
                    (*path, "starts_on"),
                    f"classes start on {intake['starts_on']}, before the results of round "
                    f"{last['number']} ({_show(last['results'], zone, RESULTS_TIME)}).",
                )

    def panels(
        self,
        path: Path,
        intake: dict[str, Any],
        valid_rounds: dict[int, dict[str, Any]],
        rounds: Any,
    ) -> None:
        numbers = {item["number"] for _, item in _valid(rounds) if isinstance(item["number"], int)}
        self.duplicates(intake["panels"], "number", (*path, "panels"), "panel number")
        for index, panel in _valid(intake["panels"]):
            panel_path: Path = (*path, "panels", index)
            decided = panel["rounds"]
            if decided is INVALID:
                continue
            if not decided:
                self.error(
                    (*panel_path, "rounds"),
                    f"panel {panel['number']} decides no round: list the numbers of the rounds "
                    "it decides.",
                )
            for position, number in enumerate(decided):
                if number is INVALID:
                    continue
                if number not in numbers:
                    known = ", ".join(str(n) for n in sorted(numbers))
                    self.error(
                        (*panel_path, "rounds", position),
                        f"panel {panel['number']} refers to round {number}, which this intake "
                        f"does not have (rounds: {known}).",
                    )
                    continue
                round_ = valid_rounds.get(number)
                if round_ is None or not panel["sits_on"] or self.zone is None:
                    continue
                if panel["sits_on"] <= _local(round_["deadline"], self.zone).date():
                    self.error(
                        (*panel_path, "sits_on"),
                        f"panel {panel['number']} sits on {panel['sits_on']}, before the deadline "
                        f"of round {number} it decides "
                        f"({_show(round_['deadline'], self.zone, DEADLINE_TIME)}); a panel sits "
                        "after the deadlines of its rounds.",
                    )

    def panel_coverage(self) -> None:
        pipeline = self.data["pipeline"]
        if not isinstance(pipeline, list) or Stage.PANEL not in pipeline:
            return
        for index, intake in _valid(self.data["intakes"]):
            if intake["panels"] is INVALID or contains_invalid(intake["panels"]):
                continue
            decided = {
                number
                for _, panel in _valid(intake["panels"])
                for number in (panel["rounds"] or [])
            }
            for position, round_ in _valid(intake["rounds"]):
                number = round_["number"]
                if isinstance(number, int) and number not in decided:
                    self.error(
                        ("intakes", index, "rounds", position),
                        f"round {number} of {intake['academic_year']} is decided by no panel, "
                        "but the pipeline has a panel stage: add the round to a panel's rounds.",
                    )

    # -- the Post-Master framework (seed 002) --------------------------------------------------

    def post_master_framework(self) -> None:
        data, slug_ = self.data, self.slug
        low, high = POST_MASTER_MONTHS
        months = data["duration_months"]
        if isinstance(months, int) and not low <= months <= high:
            self.error(
                ("duration_months",),
                f"{slug_}: a Post-Master's programme lasts {low} to {high} months "
                f"({POST_MASTER_SEED}); this one says {months}.",
            )
        low, high = POST_MASTER_ECTS
        ects = data["ects"]
        if isinstance(ects, int) and not low <= ects <= high:
            self.error(
                ("ects",),
                f"{slug_}: a Post-Master's programme awards {low} to {high} ECTS "
                f"({POST_MASTER_SEED}); this one says {ects}.",
            )
        if data["company_training_required"] is False:
            self.error(
                ("company_training_required",),
                f"{slug_}: a Post-Master's programme includes a mandatory training period in a "
                f"company ({POST_MASTER_SEED}); set company_training_required: true.",
            )
        designation = data["designation"]
        if designation is not INVALID and designation not in POST_MASTER_DESIGNATIONS:
            self.error(
                ("designation",),
                f"{slug_}: a Post-Master's programme is a Mastère Spécialisé or a Diplôme "
                f"d'ingénieur de spécialisation ({POST_MASTER_SEED}); set designation to "
                f"{' or '.join(POST_MASTER_DESIGNATIONS)}.",
            )
        for index, level in _valid(data["entry_levels"]):
            self.post_master_english(index, level)

    def post_master_english(self, index: int, level: dict[str, Any]) -> None:
        slug_ = self.slug
        minimum = cefr.parse_level(POST_MASTER_ENGLISH_LEVEL)
        base: Path = ("entry_levels", index, "eligibility")
        tree = level["eligibility"]
        reported = f"entry_levels[{index}].eligibility"
        if tree is INVALID or any(issue.path.startswith(reported) for issue in self.reader.issues):
            return  # the rules tree is already reported invalid
        leaves = _language_leaves(tree, (), "en")
        rule = (
            f"{slug_}: a Post-Master's programme requires English at level "
            f"{POST_MASTER_ENGLISH_LEVEL} at least, certified by an external exam "
            f"({POST_MASTER_SEED})"
        )
        if not leaves:
            self.error(
                base,
                f"{rule}; the eligibility rules of entry level '{level['code']}' have no "
                "English criterion (type: language, language: en).",
            )
            return
        for leaf_path, leaf in leaves:
            path = (*base, *leaf_path)
            level_ok = False
            if leaf.get("min_level") is not None:
                level_ok = cefr.parse_level(leaf["min_level"]) >= minimum
            scores = leaf.get("min_scores") or {}
            below = []
            for test, score in scores.items():
                reached = cefr.level_for(test, score)
                if reached is None or reached < minimum:
                    below.append(
                        f"{test} {cefr.format_score(cefr.get_test(test), score)} maps to "
                        f"{reached or 'no level'}"
                    )
            if not level_ok and (below or not scores):
                asked = f"min_level is {leaf['min_level']}" if leaf.get("min_level") else ""
                detail = "; ".join(part for part in [asked, *below] if part)
                self.error(path, f"{rule}; this one asks less: {detail}.")
            elif below:
                self.reader.warn(
                    (*path, "min_scores"),
                    f"{slug_}: {'; '.join(below)} on the publisher's table, below the "
                    f"{POST_MASTER_ENGLISH_LEVEL} the Post-Master framework requires; applicants "
                    "with that score would be admitted below it. Check the threshold with the "
                    "programme.",
                )
            if leaf.get("external_exam_required") is not True:
                self.error(
                    (*path, "external_exam_required"),
                    f"{rule}; set external_exam_required: true.",
                )
