"""The compiled condition (``Condition``) and ``compile_condition``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from admissions.rules.conditions.evaluation import (
    _ALWAYS,
    _NEVER,
    _evaluate,
    _Lookup,
    _nnf,
    _normalise_lang,
    _Renderer,
    _si,
    _simplify,
    _unique,
    _witness,
)
from admissions.rules.conditions.facts import (
    KNOWN_FACTS,
    FactDefinition,
    Facts,
    about_the_applicant,
)
from admissions.rules.conditions.syntax import (
    _And,
    _Compare,
    _Const,
    _Fact,
    _Literal,
    _Node,
    _Not,
    _Or,
    _parse,
)

# --------------------------------------------------------------------------------------------
# The compiled condition
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Condition:
    """A compiled condition: evaluate it against many profiles without parsing again."""

    source: str
    node: _Node
    known_facts: Mapping[str, FactDefinition]

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts the text names, in order of first appearance."""
        names: list[str] = []

        def visit(node: _Node) -> None:
            match node:
                case _Fact(name) | _Compare(name, _, _) | _Literal(name, _):
                    if name not in names:
                        names.append(name)
                case _Not(operand):
                    visit(operand)
                case _And(operands) | _Or(operands):
                    for child in operands:
                        visit(child)

        visit(self.node)
        return tuple(names)

    @property
    def is_always(self) -> bool:
        """True when the condition holds whatever the profile (``true``, or an empty text)."""
        return self.node == _Const(True)

    def evaluate(self, facts: Facts) -> bool | None:
        """True, False, or None when the known facts do not settle it (Kleene logic).

        A fact missing from ``facts`` or set to None is unknown. Derived facts
        (``french_speaker``, ``is_international``) are computed from their base facts when
        absent.
        """
        return _evaluate(self.node, _Lookup(facts, self.known_facts))

    def explain(self, facts: Facts, lang: str = "en", voice: str = "applicant") -> str:
        """One sentence saying why the document is, is not, or may be asked for: to the
        applicant ("your native language"), or with ``voice="staff"`` about them."""
        sentence = self._explain(facts, lang)
        if voice == "staff":
            return about_the_applicant(sentence, _normalise_lang(lang))
        return sentence

    def _explain(self, facts: Facts, lang: str) -> str:
        language = _normalise_lang(lang)
        lookup = _Lookup(facts, self.known_facts)
        renderer = _Renderer(self.known_facts, language)
        value = _evaluate(self.node, lookup)
        if value is None:
            residual = _simplify(_nnf(self.node), lookup)
            text = renderer.render(residual)
            if language == "fr":
                return f"Demandé {_si(text)} (votre profil ne nous permet pas encore de le savoir)."
            return f"Asked if {text} (your profile does not tell us yet)."
        # Explaining "false" is explaining why the negated condition is true.
        nnf = _nnf(self.node, negate=not value)
        literals = _unique(_witness(nnf, lookup))
        if not literals:
            return (_ALWAYS if value else _NEVER)[language]
        reason = renderer.conjunction(literals)
        if language == "fr":
            return f"Demandé car {reason}." if value else f"Non demandé car {reason}."
        return f"Asked because {reason}." if value else f"Not asked because {reason}."

    def describe(self, lang: str = "en") -> str:
        """The condition in words, for checklists and staff pages: "Asked if …"."""
        language = _normalise_lang(lang)
        # Folding against an empty profile removes constants ("english_native and true").
        folded = _simplify(_nnf(self.node), _Lookup({}, self.known_facts))
        if isinstance(folded, _Const):
            return (_ALWAYS if folded.value else _NEVER)[language]
        text = _Renderer(self.known_facts, language).render(folded)
        return f"Demandé {_si(text)}." if language == "fr" else f"Asked if {text}."

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"Condition({self.source!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Condition):
            return NotImplemented
        return self.node == other.node

    def __hash__(self) -> int:
        return hash(self.node)


@functools.lru_cache(maxsize=512)
def _compile_cached(text: str) -> Condition:
    return _compile(text, KNOWN_FACTS)


def _compile(text: str, known_facts: Mapping[str, FactDefinition]) -> Condition:
    return Condition(source=text, node=_parse(text, known_facts), known_facts=known_facts)


def compile_condition(
    text: str | bool, *, known_facts: Mapping[str, FactDefinition] | None = None
) -> Condition:
    """Compile a condition's text, raising ``ConditionError`` with the column of the problem.

    An empty text means "always". A bool is accepted too, because YAML turns an unquoted
    ``true`` into one. ``known_facts`` replaces the registry (tests, future extensions).
    """
    if isinstance(text, bool):
        text = "true" if text else "false"
    if not isinstance(text, str):
        raise TypeError(f"A condition is text, not {type(text).__name__}")
    if known_facts is None:
        return _compile_cached(text)
    return _compile(text, known_facts)
