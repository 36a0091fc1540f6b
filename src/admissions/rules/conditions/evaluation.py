"""Evaluating a parsed condition (three-valued) and explaining it in a sentence."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from admissions.rules.conditions.facts import (
    _GROUP_PHRASES,
    KNOWN_FACTS,
    FactDefinition,
    Facts,
    FactValue,
    Lang,
)
from admissions.rules.conditions.syntax import (
    _COMPARE,
    _NEGATED_OP,
    _And,
    _Compare,
    _Const,
    _Fact,
    _Literal,
    _Node,
    _Not,
    _Or,
    _parse,
    _parse_known,
)

# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


class _Lookup:
    """Reads facts from the caller's mapping, computing derived facts the caller left out."""

    def __init__(self, facts: Facts, known_facts: Mapping[str, FactDefinition]) -> None:
        self.facts = facts
        self.known_facts = known_facts

    def __call__(self, name: str) -> FactValue:
        definition = self.known_facts[name]
        if name in self.facts:
            value = self.facts[name]
        elif definition.derived_from is not None:
            if self.known_facts is KNOWN_FACTS:
                derived = _parse_known(definition.derived_from)
            else:
                derived = _parse(definition.derived_from, self.known_facts)
            return _evaluate(derived, self)
        else:
            return None
        if value is None:
            return None
        # A wrong type here is a bug in the code that builds facts, not an applicant's input:
        # fail loudly rather than read 0 as "no" or True as 1.
        if definition.type == "bool" and not isinstance(value, bool):
            raise TypeError(f"Fact {name!r} must be True, False or None, not {value!r}")
        if definition.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"Fact {name!r} must be a whole number or None, not {value!r}")
        return value


def _kleene_and(values: Iterator[bool | None]) -> bool | None:
    result: bool | None = True
    for value in values:
        if value is False:
            return False  # false wins even over unknown
        if value is None:
            result = None
    return result


def _kleene_or(values: Iterator[bool | None]) -> bool | None:
    result: bool | None = False
    for value in values:
        if value is True:
            return True  # true wins even over unknown
        if value is None:
            result = None
    return result


def _evaluate(node: _Node, lookup: _Lookup) -> bool | None:
    match node:
        case _Const(value):
            return value
        case _Fact(name):
            fact = lookup(name)
            return None if fact is None else bool(fact)
        case _Literal(name, positive):
            fact = lookup(name)
            return None if fact is None else bool(fact) is positive
        case _Compare(name, op, number):
            fact = lookup(name)
            return None if fact is None else _COMPARE[op](int(fact), number)
        case _Not(operand):
            inner = _evaluate(operand, lookup)
            return None if inner is None else not inner
        case _And(operands):
            return _kleene_and(_evaluate(child, lookup) for child in operands)
        case _Or(operands):
            return _kleene_or(_evaluate(child, lookup) for child in operands)
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------------


def _nnf(node: _Node, negate: bool = False) -> _Node:
    """Push negations down to the facts (De Morgan), flattening nested and/or.

    ``not (a or b)`` becomes ``and(not a, not b)``: the shape an explanation is read in.
    """
    match node:
        case _Const(value):
            return _Const(value is not negate)
        case _Fact(name):
            return _Literal(name, not negate)
        case _Literal(name, positive):
            return _Literal(name, positive is not negate)
        case _Compare(name, op, number):
            return _Compare(name, _NEGATED_OP[op] if negate else op, number)
        case _Not(operand):
            return _nnf(operand, not negate)
        case _And(operands) | _Or(operands):
            is_and = isinstance(node, _And) is not negate
            kind: type[_And] | type[_Or] = _And if is_and else _Or
            flat: list[_Node] = []
            for child in operands:
                converted = _nnf(child, negate)
                if isinstance(converted, kind):
                    flat.extend(converted.operands)
                else:
                    flat.append(converted)
            return kind(tuple(flat))
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


def _witness(node: _Node, lookup: _Lookup) -> list[_Node]:
    """The literals that make ``node`` (in NNF, known to be true) true, as one conjunction."""
    match node:
        case _Const():
            return []
        case _Literal() | _Compare():
            return [node]
        case _And(operands):
            return [lit for child in operands for lit in _witness(child, lookup)]
        case _Or(operands):
            for child in operands:
                if _evaluate(child, lookup) is True:
                    return _witness(child, lookup)
    raise AssertionError(f"no witness for {node!r}")  # pragma: no cover


def _simplify(node: _Node, lookup: _Lookup) -> _Node:
    """Replace known parts by constants, leaving what the profile does not tell yet."""
    match node:
        case _Literal() | _Compare():
            value = _evaluate(node, lookup)
            return node if value is None else _Const(value)
        case _And(operands) | _Or(operands):
            is_and = isinstance(node, _And)
            kept: list[_Node] = []
            for child in operands:
                simplified = _simplify(child, lookup)
                if isinstance(simplified, _Const):
                    if simplified.value is not is_and:  # false in an and, true in an or
                        return simplified
                    continue
                kept.append(simplified)
            if not kept:
                return _Const(is_and)
            if len(kept) == 1:
                return kept[0]
            return _And(tuple(kept)) if is_and else _Or(tuple(kept))
    return node


def _unique(nodes: Sequence[_Node]) -> list[_Node]:
    seen: set[_Node] = set()
    result = []
    for node in nodes:
        if node not in seen:
            seen.add(node)
            result.append(node)
    return result


def _join(parts: Sequence[str], connective: str, lang: Lang) -> str:
    word = {"and": {"en": "and", "fr": "et"}, "or": {"en": "or", "fr": "ou"}}[connective][lang]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


class _Renderer:
    def __init__(self, known_facts: Mapping[str, FactDefinition], lang: Lang) -> None:
        self.known_facts = known_facts
        self.lang = lang

    def literal(self, node: _Literal | _Compare) -> str:
        definition = self.known_facts[node.name]
        if isinstance(node, _Compare):
            return definition.comparison_phrase(node.op, node.number, self.lang)
        return definition.phrase(node.positive, self.lang)

    def group(self, nodes: Sequence[_Node], connective: str) -> list[str | _Node]:
        """Replace literals that have a joint phrase by that phrase, keeping the order."""
        items: list[str | _Node] = list(_unique(nodes))
        present = {(n.name, n.positive) for n in items if isinstance(n, _Literal)}
        for group_connective, members, phrase_en, phrase_fr in _GROUP_PHRASES:
            if group_connective != connective or not members <= present:
                continue
            positions = [
                i
                for i, n in enumerate(items)
                if isinstance(n, _Literal) and (n.name, n.positive) in members
            ]
            items[positions[0]] = phrase_fr if self.lang == "fr" else phrase_en
            for i in reversed(positions[1:]):
                del items[i]
            present -= members
        return items

    def render(self, node: _Node) -> str:
        match node:
            case _Literal() | _Compare():
                return self.literal(node)
            case _And(operands):
                parts = [self._part(item, inside="and") for item in self.group(operands, "and")]
                return _join(parts, "and", self.lang)
            case _Or(operands):
                items = self.group(operands, "or")
                parts = [self._part(item, inside="or") for item in items]
                if any(isinstance(item, _And) for item in items):
                    # "a and b, or c": the comma keeps the conjunction together.
                    word = "ou" if self.lang == "fr" else "or"
                    return f", {word} ".join(parts)
                return _join(parts, "or", self.lang)
            case _Const(value):
                return "true" if value else "false"  # pragma: no cover - callers handle consts
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def _part(self, item: str | _Node, *, inside: str) -> str:
        if isinstance(item, str):
            return item
        if inside == "and" and isinstance(item, _Or):
            # A disjunction inside a conjunction: "a and either b or c" keeps the grouping.
            parts = [self._part(child, inside="or") for child in self.group(item.operands, "or")]
            if self.lang == "fr":
                return "soit " + ", soit ".join(parts)
            return f"either {_join(parts, 'or', self.lang)}"
        return self.render(item)

    def conjunction(self, literals: Sequence[_Node]) -> str:
        return self.render(_And(tuple(literals))) if len(literals) > 1 else self.render(literals[0])


def _normalise_lang(lang: str) -> Lang:
    code = lang.split("-")[0].split("_")[0].lower()
    if code == "fr":
        return "fr"
    if code == "en":
        return "en"
    raise ValueError(f"Unsupported language {lang!r}; use 'en' or 'fr'")


def _si(text: str) -> str:
    # French elides "si" before "il"/"ils": "s'il".
    if text.startswith(("il ", "ils ")):
        return f"s'{text}"
    return f"si {text}"


_ALWAYS = {"en": "Asked of every applicant.", "fr": "Demandé à tous les candidats."}
_NEVER = {
    "en": "This document is not asked of any applicant.",
    "fr": "Ce document n'est demandé à aucun candidat.",
}
