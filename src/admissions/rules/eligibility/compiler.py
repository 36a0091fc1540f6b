"""Validating a rules tree (compile_rules) and applying it to a profile (evaluate)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from admissions.rules.cefr import TESTS, CefrError, ExamKind, parse_level, validate_score
from admissions.rules.eligibility import messages
from admissions.rules.eligibility.criteria import (
    _CertificationCriterion,
    _DegreeCriterion,
    _ExperienceCriterion,
    _Group,
    _LanguageCriterion,
    _Node,
    _Out,
    _ReviewCriterion,
)
from admissions.rules.eligibility.profile import DegreeLevel, Profile, _is_number
from admissions.rules.eligibility.results import _BY_STRENGTH, _OUTCOME_OF_STRENGTH, Result

# ---------------------------------------------------------------------------------------------
# Errors


class RulesError(ValueError):
    """A rules tree is invalid at `path` (e.g. "all_of[1].any_of[0].min_level")."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


# ---------------------------------------------------------------------------------------------
# Compiling (validating) a rules tree


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rules tree, ready to evaluate many profiles."""

    root: _Node
    version: str
    codes: tuple[str, ...]


_CODE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_COMMON_KEYS = frozenset({"code", "type", "label_en", "label_fr"})
_LEAF_KEYS: Mapping[str, frozenset[str]] = {
    "degree": frozenset(
        {
            "levels",
            "fields",
            "min_ects",
            "min_years",
            "cti_accredited",
            "country",
            "completed_required",
            "foreign_needs_review",
            "needs_review",
        }
    ),
    "experience": frozenset({"min_months"}),
    "language": frozenset(
        {
            "language",
            "min_level",
            "min_scores",
            "external_exam_required",
            "exempt_if_native",
            "exempt_if_instruction",
            "max_age_years",
            "allow_pending",
        }
    ),
    "certification": frozenset({"certification", "name", "kind", "may_be_pending"}),
    "review": frozenset({"description_en", "description_fr"}),
}
_LEAF_CLASSES: Mapping[str, Callable[..., _Node]] = {
    "degree": _DegreeCriterion,
    "experience": _ExperienceCriterion,
    "language": _LanguageCriterion,
    "certification": _CertificationCriterion,
    "review": _ReviewCriterion,
}
_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "degree": ("levels",),
    "experience": ("min_months",),
    "language": ("language",),
    "certification": ("certification",),
    "review": ("description_en", "description_fr"),
}
_BOOLEAN_KEYS = frozenset(
    {
        "cti_accredited",
        "completed_required",
        "foreign_needs_review",
        "needs_review",
        "external_exam_required",
        "exempt_if_native",
        "exempt_if_instruction",
        "allow_pending",
        "may_be_pending",
    }
)
_TEXT_KEYS = frozenset({"label_en", "label_fr", "name", "description_en", "description_fr"})
_AMOUNT_KEYS = frozenset({"min_ects", "min_years", "min_months"})


def _join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Compiler:
    def __init__(self) -> None:
        self.codes: list[str] = []

    def node(self, spec: object, path: str) -> _Node:
        if not isinstance(spec, Mapping):
            raise RulesError(path, "A rule must be an object (a group or a criterion).")
        groups = [key for key in ("all_of", "any_of") if key in spec]
        if len(groups) > 1:
            raise RulesError(path, "A group has either all_of or any_of, not both.")
        common = self.common(spec, path)
        if groups:
            return self.group(spec, groups[0], path, common)
        return self.leaf(spec, path, common)

    def common(self, spec: Mapping[str, Any], path: str) -> dict[str, Any]:
        code = spec.get("code")
        if code is not None:
            if not isinstance(code, str) or not _CODE.match(code):
                raise RulesError(
                    _join_path(path, "code"),
                    f"{code!r} is not a valid code: use lowercase letters, digits, '-', '_' "
                    "or '.'.",
                )
            if code in self.codes:
                raise RulesError(_join_path(path, "code"), f"Duplicate code {code!r}.")
            self.codes.append(code)
        for key in ("label_en", "label_fr"):
            self.text(spec, key, path, required=False)
        return {"code": code, "label_en": spec.get("label_en"), "label_fr": spec.get("label_fr")}

    def group(self, spec: Mapping[str, Any], kind: str, path: str, common: dict[str, Any]) -> _Node:
        for key in spec:
            if key not in {kind, "code", "label_en", "label_fr"}:
                raise RulesError(
                    _join_path(path, key),
                    f"Unknown key {key!r} for a group; a group has {kind}, code, label_en and "
                    "label_fr.",
                )
        children = spec[kind]
        if not isinstance(children, list) or not children:
            raise RulesError(_join_path(path, kind), f"{kind} must be a non-empty list of rules.")
        nodes = tuple(
            self.node(child, f"{_join_path(path, kind)}[{index}]")
            for index, child in enumerate(children)
        )
        return _Group(kind, nodes, **common)

    def leaf(self, spec: Mapping[str, Any], path: str, common: dict[str, Any]) -> _Node:
        kind = spec.get("type")
        if not isinstance(kind, str) or kind not in _LEAF_KEYS:
            known = ", ".join(_LEAF_KEYS)
            raise RulesError(
                _join_path(path, "type"),
                f"Unknown criterion type {kind!r}; use all_of, any_of or a criterion of type "
                f"{known}.",
            )
        if common["code"] is None:
            raise RulesError(_join_path(path, "code"), "Every criterion needs a code.")
        allowed = _LEAF_KEYS[kind]
        for key in spec:
            if key not in allowed and key not in _COMMON_KEYS:
                known = ", ".join(sorted(allowed))
                raise RulesError(
                    _join_path(path, key),
                    f"Unknown key {key!r} for a {kind} criterion; known keys: {known}.",
                )
        for key in _REQUIRED[kind]:
            if spec.get(key) is None:
                raise RulesError(_join_path(path, key), f"A {kind} criterion needs {key}.")
        for key in spec:
            key_path = _join_path(path, key)
            if key in _BOOLEAN_KEYS and not isinstance(spec[key], bool):
                raise RulesError(key_path, f"Expected true or false, not {spec[key]!r}.")
            if key in _AMOUNT_KEYS:
                self.amount(spec[key], key_path)
            if key in _TEXT_KEYS:
                self.text(spec, key, path, required=False)
        getattr(self, f"check_{kind}")(spec, path)
        return _LEAF_CLASSES[kind](spec, **common)

    @staticmethod
    def amount(value: object, path: str) -> None:
        if not _is_number(value):
            raise RulesError(path, f"Expected a number, not {value!r}.")
        assert isinstance(value, int | float)  # nosec B101  # narrows the type: checked on the line above
        if value < 0:
            raise RulesError(path, f"A threshold cannot be negative ({value:g}).")

    @staticmethod
    def text(spec: Mapping[str, Any], key: str, path: str, required: bool) -> None:
        value = spec.get(key)
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            raise RulesError(_join_path(path, key), f"Expected a non-empty text, not {value!r}.")

    @staticmethod
    def names(value: object, path: str, known: Sequence[str], what: str) -> None:
        if not isinstance(value, list):
            raise RulesError(path, f"Expected a list of {what}.")
        for index, item in enumerate(value):
            if item not in known:
                raise RulesError(
                    f"{path}[{index}]",
                    f"Unknown {what[:-1]} {item!r}; known: {', '.join(known)}.",
                )
        if len(set(value)) != len(value):
            raise RulesError(path, f"A {what[:-1]} is listed twice.")

    def check_degree(self, spec: Mapping[str, Any], path: str) -> None:
        levels = spec["levels"]
        self.names(levels, _join_path(path, "levels"), list(DegreeLevel), "levels")
        if not levels:
            raise RulesError(_join_path(path, "levels"), "List at least one degree level.")
        if spec.get("fields") is not None:
            fields = list(messages.known_fields())
            self.names(spec["fields"], _join_path(path, "fields"), fields, "fields")
        if spec.get("country") not in (None, "FR", "foreign"):
            raise RulesError(
                _join_path(path, "country"),
                f"country is FR, foreign or absent, not {spec['country']!r}.",
            )

    def check_experience(self, spec: Mapping[str, Any], path: str) -> None:
        pass  # min_months is checked with the other amounts

    def check_language(self, spec: Mapping[str, Any], path: str) -> None:
        language = spec["language"]
        if not isinstance(language, str) or language not in messages.LANGUAGE_NAMES:
            known = ", ".join(messages.LANGUAGE_NAMES)
            raise RulesError(
                _join_path(path, "language"), f"Unknown language {language!r}; use {known}."
            )
        if spec.get("min_level") is None and not spec.get("min_scores"):
            raise RulesError(path, "A language criterion needs min_level, min_scores or both.")
        if spec.get("min_level") is not None:
            try:
                parse_level(spec["min_level"])
            except CefrError as error:
                raise RulesError(_join_path(path, "min_level"), str(error)) from None
        scores = spec.get("min_scores")
        if scores is not None:
            scores_path = _join_path(path, "min_scores")
            if not isinstance(scores, Mapping):
                raise RulesError(scores_path, "Expected {TEST: score, ...}.")
            for test, minimum in scores.items():
                test_path = f"{scores_path}.{test}"
                spec_of_test = TESTS.get(test)
                if spec_of_test is None:
                    known = ", ".join(TESTS)
                    raise RulesError(test_path, f"Unknown language test {test!r}; known: {known}.")
                if spec_of_test.language != language:
                    raise RulesError(test_path, f"{test} does not test the language {language!r}.")
                if spec_of_test.kind is not ExamKind.SCORE:
                    raise RulesError(
                        test_path,
                        f"{test} certifies a level, not a score: require it with min_level.",
                    )
                try:
                    validate_score(spec_of_test, minimum)
                except CefrError as error:
                    raise RulesError(test_path, str(error)) from None
        max_age = spec.get("max_age_years", 2)
        if max_age is not None and (
            not isinstance(max_age, int) or isinstance(max_age, bool) or max_age < 1
        ):
            raise RulesError(
                _join_path(path, "max_age_years"),
                f"Expected a whole number of years (1 or more) or null, not {max_age!r}.",
            )

    def check_certification(self, spec: Mapping[str, Any], path: str) -> None:
        certification = spec["certification"]
        if not isinstance(certification, str) or not certification.strip():
            raise RulesError(
                _join_path(path, "certification"), "Give the certification's code as a text."
            )
        kind = spec.get("kind", "certificate")
        if not isinstance(kind, str) or kind not in messages.CERTIFICATION_KINDS:
            known = ", ".join(messages.CERTIFICATION_KINDS)
            raise RulesError(_join_path(path, "kind"), f"Unknown kind {kind!r}; use {known}.")

    def check_review(self, spec: Mapping[str, Any], path: str) -> None:
        for key in ("description_en", "description_fr"):
            self.text(spec, key, path, required=True)


def rules_version(tree: Mapping[str, Any]) -> str:
    """A stable fingerprint of a rules tree: sha256 of its canonical JSON (sorted keys, no
    spaces). Stored with each result, it tells which rules produced it."""
    canonical = json.dumps(tree, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def compile_rules(tree: Mapping[str, Any]) -> Rule:
    """Validate `tree` and prepare it for evaluation; raise RulesError naming the bad path."""
    compiler = _Compiler()
    root = compiler.node(tree, "")
    return Rule(root=root, version=rules_version(tree), codes=tuple(compiler.codes))


def evaluate(rule: Rule, profile: Profile, *, today: date) -> Result:
    """Apply `rule` to `profile`. `today` is the day test validity is judged on (the caller may
    pass a round's deadline instead of the current date)."""
    out: _Out = []
    strength = rule.root.run(profile, today, out, 0)
    criteria = tuple(criterion for criterion in out if criterion is not None)
    return Result(
        outcome=_OUTCOME_OF_STRENGTH[strength],
        status=_BY_STRENGTH[strength],
        criteria=criteria,
        rules_version=rule.version,
        evaluated_on=today,
    )
