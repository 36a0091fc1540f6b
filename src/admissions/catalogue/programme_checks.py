"""The rules of a programme file that tie fields together, applied after each field is read.

Each problem is recorded on the reader with the path of the field it is about: dates of rounds
in order, panels after the deadlines of the rounds they decide, document requirements once per
entry level, eligibility rules and document conditions that compile, the settings the money
side reads, and the Post-Master framework (seed 002) for Post-Master's programmes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any
from zoneinfo import ZoneInfo

from admissions.catalogue.funding_routes import FUNDING_ROUTES
from admissions.catalogue.models import AdviceTrigger, Designation, ProgrammeKind, Stage
from admissions.catalogue.programme_format import (
    DEADLINE_TIME,
    FINANCE_SETTINGS,
    OPENING_TIME,
    PAGE_SETTINGS,
    RESULTS_TIME,
    REVIEW_SETTINGS,
)
from admissions.catalogue.yaml_schema import (
    INVALID,
    Path,
    Reader,
    choice,
    contains_invalid,
    list_of,
)
from admissions.rules import cefr
from admissions.rules.conditions import ConditionError, compile_condition
from admissions.rules.eligibility import RulesError, compile_rules

__all__ = ["check_programme"]

POST_MASTER_SEED = "seed: Post-Master framework"
POST_MASTER_MONTHS = (12, 24)
POST_MASTER_ECTS = (75, 90)
POST_MASTER_DESIGNATIONS = (
    Designation.MASTERE_SPECIALISE.value,
    Designation.DIPLOME_INGENIEUR_SPECIALISATION.value,
)
POST_MASTER_ENGLISH_LEVEL = "B2"


def check_programme(data: dict[str, Any], reader: Reader, known_types: frozenset[str]) -> None:
    """Record on ``reader`` every problem across the fields of ``data`` (read field by field)."""
    _Checks(data, reader, known_types).run()


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
        self.review_settings()
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

    # -- settings review and interviews read ----------------------------------------------------

    def review_settings(self) -> None:
        settings = self.data["settings"]
        if not isinstance(settings, dict):
            return  # INVALID: already reported
        checked = {
            key: convert(settings[key], self.reader, ("settings", key))
            for key, convert in REVIEW_SETTINGS.items()
            if key in settings
        }
        review = checked.get("review")
        if not isinstance(review, dict):
            return
        base: Path = ("settings", "review")
        scale = review["scale"]
        if not isinstance(scale, dict):
            return
        low, high = scale["min"], scale["max"]
        if not (isinstance(low, int) and isinstance(high, int)):
            return
        if low >= high:
            self.error(
                (*base, "scale"),
                f"the scale's min ({low}) must be less than its max ({high}), e.g. "
                "{min: 0, max: 5}.",
            )
            return
        spread = review["disagreement_spread"]
        if isinstance(spread, int | float) and spread > high - low:
            self.error(
                (*base, "disagreement_spread"),
                f"a spread of {spread} can never happen on a scale from {low} to {high}; "
                f"use at most {high - low}.",
            )
        levels = review["levels"]
        if not isinstance(levels, list):
            return
        seen: set[int] = set()
        for index, level in _valid(levels):
            score = level["score"]
            if not isinstance(score, int):
                continue
            if not low <= score <= high:
                self.error(
                    (*base, "levels", index, "score"),
                    f"the level {score} is outside the scale ({low} to {high}).",
                )
            elif score in seen:
                self.error(
                    (*base, "levels", index, "score"),
                    f"the level {score} is described twice; describe each score once.",
                )
            seen.add(score)

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
