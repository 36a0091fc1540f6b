"""The format of a programme file (``programmes/*.yaml``): its fields, their types and defaults.

``loader.read_programme_file`` reads a file against ``PROGRAMME``; the rules that tie fields
together are in ``programme_checks``. The full guide, with examples, is ``docs/programmes.md``.

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
                          Review and interviews read review {reviewers_per_application
                          (1 to 10), scale {min*, max*} (whole numbers, min < max), levels
                          [{score* (within the scale, once each), en*, fr}], disagreement_spread
                          (a number > 0, at most the scale's width), blind, review_days (1 to
                          365)} and interview {booking_cutoff_hours (0 to 720), prerequisites
                          [codes]}.
                          The decisions app reads decisions {over_offer_ratio (1 to 5),
                          promotion (automatic | confirm), last_offer_days_before_classes,
                          last_offer_at, entry_level_places {level: places},
                          refusal_reasons [{code*, text* {en*, fr}}], conditions [{code*,
                          text* {en*, fr}, document_type, due_days}]}: docs/decisions.md.
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
from typing import Any

from admissions.catalogue.models import (
    AdviceTrigger,
    Designation,
    ProgrammeKind,
    RequirementTiming,
    Stage,
)
from admissions.catalogue.yaml_schema import (
    Field,
    Path,
    Reader,
    bilingual,
    boolean,
    choice,
    date_value,
    email,
    instant,
    integer,
    json_data,
    list_of,
    mapping,
    money,
    optional,
    pattern_text,
    slug,
    text,
    time_zone,
)
from admissions.rules import cefr

__all__ = [
    "ACCEPTED_FORMATS",
    "DEADLINE_TIME",
    "FINANCE_SETTINGS",
    "OPENING_TIME",
    "PAGE_SETTINGS",
    "PROGRAMME",
    "RESULTS_TIME",
    "REVIEW_SETTINGS",
]

OPENING_TIME = dt.time(0, 0, 0)
DEADLINE_TIME = dt.time(23, 59, 59)
RESULTS_TIME = dt.time(9, 0, 0)

ACCEPTED_FORMATS = ("pdf", "jpeg", "png")

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

# What review and interviews read from ``settings`` (review/rubric.py; checked when
# present, the rules across keys in programme_checks).


def _positive_number(value: Any, reader: Reader, path: Path) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return reader.error(path, f"expected a number, found {value!r}.")
    if value <= 0:
        return reader.error(path, f"must be more than 0; found {value}.")
    return value


REVIEW_SCALE = {
    "min": Field(integer(minimum=0, maximum=100), required=True),
    "max": Field(integer(minimum=0, maximum=100), required=True),
}
REVIEW_LEVEL = {
    "score": Field(integer(minimum=0, maximum=100), required=True),
    "en": Field(text(max_length=300, required=True, multiline=False), required=True),
    "fr": Field(text(max_length=300, multiline=False), default=""),
}
REVIEW = {
    "reviewers_per_application": Field(integer(minimum=1, maximum=10), default=3),
    "scale": Field(mapping(REVIEW_SCALE, what="a scale"), default={"min": 0, "max": 5}),
    "levels": Field(list_of(mapping(REVIEW_LEVEL, what="a level of the scale")), default=[]),
    "disagreement_spread": Field(_positive_number, default=2),
    "blind": Field(boolean(), default=False),
    "review_days": Field(integer(minimum=1, maximum=365), default=14),
}
INTERVIEW = {
    "booking_cutoff_hours": Field(integer(minimum=0, maximum=720), default=24),
    "prerequisites": Field(_CODE_LIST, default=[]),
}
REVIEW_SETTINGS = {
    "review": mapping(REVIEW, what="the review settings"),
    "interview": mapping(INTERVIEW, what="the interview settings"),
}


# What the decisions app reads from ``settings.decisions`` (checked when present; the app's
# defaults are in decisions/config.py, the guide in docs/decisions.md).
def _over_offer_ratio(value: Any, reader: Reader, path: Path) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 5:
        return reader.error(
            path, "the over-offer ratio is a number from 1 (no over-offer) to 5, e.g. 1.2."
        )
    return value


def _places_per_level(value: Any, reader: Reader, path: Path) -> Any:
    if not isinstance(value, dict):
        return reader.error(path, "entry_level_places maps entry level codes to places.")
    for code, places in value.items():
        integer(minimum=0, maximum=100_000)(places, reader, (*path, str(code)))
    return value


DECISION_REASON = {
    "code": Field(slug(max_length=60), required=True),
    "text": Field(bilingual(required_en=True), required=True),
}
DECISION_CONDITION = {
    **DECISION_REASON,
    "document_type": Field(slug(max_length=40), default=""),
    "due_days": Field(optional(integer(minimum=1, maximum=730))),
}
DECISION_SETTINGS = {
    "over_offer_ratio": Field(_over_offer_ratio, default=1),
    "promotion": Field(choice(("automatic", "confirm"), what="promotion"), default="automatic"),
    "last_offer_days_before_classes": Field(integer(minimum=0, maximum=365), default=7),
    "last_offer_at": Field(optional(date_value())),
    "entry_level_places": Field(_places_per_level, default={}),
    "refusal_reasons": Field(
        list_of(mapping(DECISION_REASON, what="a refusal reason")), default=[]
    ),
    "conditions": Field(list_of(mapping(DECISION_CONDITION, what="a condition")), default=[]),
}
PAGE_SETTINGS["decisions"] = mapping(DECISION_SETTINGS, what="decisions")

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
