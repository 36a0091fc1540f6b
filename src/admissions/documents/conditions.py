"""The condition language of document requirements.

A requirement in ``programmes/*.yaml`` says when a document is asked for with a small boolean
expression over facts of the applicant's profile::

    not (english_native or english_instruction)
    has_foreign_degree and not english_native
    experience_months >= 36
    true

The grammar, from the loosest to the tightest binding (the same precedence as Python)::

    condition  := or_expr END
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | primary
    primary    := "(" or_expr ")" | "true" | "false" | FACT | FACT CMP NUMBER
    CMP        := "==" | "!=" | "<" | "<=" | ">" | ">="

The text is tokenised and parsed by hand (recursive descent), never given to ``eval``: it is
configuration written by staff, and a typo must come back as a message with its column, not
as a Python error or, worse, as code that runs. Facts are checked against ``KNOWN_FACTS`` at
compile time, so a misspelt fact fails when the programme is loaded rather than silently
evaluating as unknown for every applicant.

Evaluation uses three-valued (Kleene) logic because profiles are filled in over time: a fact
the applicant has not given yet is ``None`` (unknown), and the result is ``None`` when the
known facts do not settle it. The checklist shows such a document as "possibly required".

This module is pure Python: it imports nothing from Django and touches no database, so the
YAML loader, the rules engine and the tests can all use it directly.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from admissions.core.errors import ConfigurationError

__all__ = [
    "KNOWN_FACTS",
    "Condition",
    "ConditionError",
    "FactDefinition",
    "FactValue",
    "Facts",
    "compile_condition",
]

FactValue = bool | int | None
Facts = Mapping[str, FactValue]
Lang = Literal["en", "fr"]


# --------------------------------------------------------------------------------------------
# The registry of facts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactDefinition:
    """One fact of the applicant's profile that conditions may use.

    Boolean facts carry four phrases (true/false in English and French) used to explain why a
    document is asked for. Integer facts carry a measure ("months of professional experience")
    that comparisons are phrased with. A derived fact (``derived_from``) is computed from
    other facts when the caller does not provide it, so callers only need to supply base facts.
    """

    name: str
    type: Literal["bool", "int"]
    description_en: str
    description_fr: str
    when_true_en: str = ""
    when_false_en: str = ""
    when_true_fr: str = ""
    when_false_fr: str = ""
    # Integer facts: (singular, plural) of what is counted, and the verb in both polarities.
    measure_en: tuple[str, str] = ("", "")
    measure_fr: tuple[str, str] = ("", "")
    derived_from: str | None = None

    def phrase(self, positive: bool, lang: Lang) -> str:
        if lang == "fr":
            return self.when_true_fr if positive else self.when_false_fr
        return self.when_true_en if positive else self.when_false_en

    def comparison_phrase(self, op: str, number: int, lang: Lang) -> str:
        measure = self.measure_fr if lang == "fr" else self.measure_en
        unit = measure[0] if number == 1 else measure[1]
        if lang == "fr":
            if op == "!=":
                return f"vous n'avez pas exactement {number} {unit}"
            return f"vous avez {_CMP_WORDS_FR[op]} {number} {unit}"
        if op == "!=":
            return f"you do not have exactly {number} {unit}"
        return f"you have {_CMP_WORDS_EN[op]} {number} {unit}"


_CMP_WORDS_EN = {
    ">=": "at least",
    ">": "more than",
    "<=": "at most",
    "<": "less than",
    "==": "exactly",
}
_CMP_WORDS_FR = {
    ">=": "au moins",
    ">": "plus de",
    "<=": "au plus",
    "<": "moins de",
    "==": "exactement",
}

_EEA_EN = "a national of the European Economic Area or Switzerland"


def _bool_fact(
    name: str,
    description: tuple[str, str],
    when_true: tuple[str, str],
    when_false: tuple[str, str],
    derived_from: str | None = None,
) -> FactDefinition:
    return FactDefinition(
        name=name,
        type="bool",
        description_en=description[0],
        description_fr=description[1],
        when_true_en=when_true[0],
        when_true_fr=when_true[1],
        when_false_en=when_false[0],
        when_false_fr=when_false[1],
        derived_from=derived_from,
    )


_FACTS: tuple[FactDefinition, ...] = (
    _bool_fact(
        "english_native",
        ("English is the applicant's native language", "L'anglais est la langue maternelle"),
        ("English is your native language", "l'anglais est votre langue maternelle"),
        ("English is not your native language", "l'anglais n'est pas votre langue maternelle"),
    ),
    _bool_fact(
        "english_instruction",
        (
            "English was the language of instruction of previous studies",
            "L'anglais était la langue d'enseignement des études précédentes",
        ),
        (
            "English is the language of your previous studies",
            "l'anglais est la langue de vos études précédentes",
        ),
        (
            "English is not the language of your previous studies",
            "l'anglais n'est pas la langue de vos études précédentes",
        ),
    ),
    _bool_fact(
        "french_native",
        ("French is the applicant's native language", "Le français est la langue maternelle"),
        ("French is your native language", "le français est votre langue maternelle"),
        ("French is not your native language", "le français n'est pas votre langue maternelle"),
    ),
    _bool_fact(
        "french_instruction",
        (
            "French was the language of instruction of previous studies",
            "Le français était la langue d'enseignement des études précédentes",
        ),
        (
            "French is the language of your previous studies",
            "le français est la langue de vos études précédentes",
        ),
        (
            "French is not the language of your previous studies",
            "le français n'est pas la langue de vos études précédentes",
        ),
    ),
    _bool_fact(
        "french_speaker",
        (
            "French is the native language or the language of previous studies",
            "Le français est la langue maternelle ou la langue des études précédentes",
        ),
        (
            "French is your native language or the language of your previous studies",
            "le français est votre langue maternelle ou la langue de vos études précédentes",
        ),
        (
            "French is neither your native language nor the language of your previous studies",
            "le français n'est ni votre langue maternelle ni la langue de vos études précédentes",
        ),
        derived_from="french_native or french_instruction",
    ),
    _bool_fact(
        "etudes_en_france",
        (
            "The Études en France procedure applies (non-EEA national living in a country "
            "covered by the procedure)",
            "La procédure Études en France s'applique (hors EEE, résidant dans un pays couvert "
            "par la procédure)",
        ),
        (
            "the Études en France procedure applies to you (non-EEA national living in a "
            "country covered by the procedure)",
            "la procédure Études en France s'applique à vous (ressortissant hors EEE résidant "
            "dans un pays couvert par la procédure)",
        ),
        (
            "the Études en France procedure does not apply to you",
            "la procédure Études en France ne s'applique pas à vous",
        ),
    ),
    _bool_fact(
        "eea_national",
        (
            "National of the European Economic Area or Switzerland",
            "Ressortissant de l'Espace économique européen ou de la Suisse",
        ),
        (
            f"you are {_EEA_EN}",
            "vous êtes ressortissant de l'Espace économique européen ou de la Suisse",
        ),
        (
            f"you are not {_EEA_EN}",
            "vous n'êtes pas ressortissant de l'Espace économique européen ni de la Suisse",
        ),
    ),
    _bool_fact(
        "is_international",
        (
            "Not a national of the European Economic Area or Switzerland",
            "Non ressortissant de l'Espace économique européen ni de la Suisse",
        ),
        (
            f"you are not {_EEA_EN}",
            "vous n'êtes pas ressortissant de l'Espace économique européen ni de la Suisse",
        ),
        (
            f"you are {_EEA_EN}",
            "vous êtes ressortissant de l'Espace économique européen ou de la Suisse",
        ),
        derived_from="not eea_national",
    ),
    _bool_fact(
        "has_foreign_degree",
        ("Holds a degree awarded outside France", "Titulaire d'un diplôme obtenu hors de France"),
        (
            "you hold a degree awarded outside France",
            "vous êtes titulaire d'un diplôme obtenu hors de France",
        ),
        (
            "you hold no degree awarded outside France",
            "vous n'êtes titulaire d'aucun diplôme obtenu hors de France",
        ),
    ),
    _bool_fact(
        "has_french_degree",
        ("Holds a degree awarded in France", "Titulaire d'un diplôme obtenu en France"),
        (
            "you hold a degree awarded in France",
            "vous êtes titulaire d'un diplôme obtenu en France",
        ),
        (
            "you hold no degree awarded in France",
            "vous n'êtes titulaire d'aucun diplôme obtenu en France",
        ),
    ),
    _bool_fact(
        "has_engineering_degree",
        ("Holds an engineering degree", "Titulaire d'un diplôme d'ingénieur"),
        ("you hold an engineering degree", "vous êtes titulaire d'un diplôme d'ingénieur"),
        (
            "you do not hold an engineering degree",
            "vous n'êtes pas titulaire d'un diplôme d'ingénieur",
        ),
    ),
    FactDefinition(
        name="experience_months",
        type="int",
        description_en="Months of professional experience",
        description_fr="Mois d'expérience professionnelle",
        measure_en=("month of professional experience", "months of professional experience"),
        measure_fr=("mois d'expérience professionnelle", "mois d'expérience professionnelle"),
    ),
)

#: Every fact a condition may name, by name. Read-only: adding a fact is a code change because
#: something must compute it from the profile (``applicants`` owns that mapping).
KNOWN_FACTS: Mapping[str, FactDefinition] = MappingProxyType({f.name: f for f in _FACTS})


# Phrases for sets of literals that read better together than one after the other. Keys are
# (connective, {(fact, positive), …}); they apply when all those literals sit side by side in
# one conjunction or disjunction, which is what ``not (a or b)`` becomes once negations are
# pushed inwards.
_GROUP_PHRASES: tuple[tuple[str, frozenset[tuple[str, bool]], str, str], ...] = (
    (
        "and",
        frozenset({("english_native", False), ("english_instruction", False)}),
        "English is not your native language nor the language of your previous studies",
        "l'anglais n'est ni votre langue maternelle ni la langue de vos études précédentes",
    ),
    (
        "or",
        frozenset({("english_native", True), ("english_instruction", True)}),
        "English is your native language or the language of your previous studies",
        "l'anglais est votre langue maternelle ou la langue de vos études précédentes",
    ),
    (
        "and",
        frozenset({("french_native", False), ("french_instruction", False)}),
        KNOWN_FACTS["french_speaker"].when_false_en,
        KNOWN_FACTS["french_speaker"].when_false_fr,
    ),
    (
        "or",
        frozenset({("french_native", True), ("french_instruction", True)}),
        KNOWN_FACTS["french_speaker"].when_true_en,
        KNOWN_FACTS["french_speaker"].when_true_fr,
    ),
)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class ConditionError(ConfigurationError):
    """A condition's text cannot be compiled. ``column`` is 1-based, into ``source``."""

    def __init__(self, message: str, *, source: str, column: int) -> None:
        super().__init__(message, code="invalid_condition")
        self.source = source
        self.column = column


# --------------------------------------------------------------------------------------------
# Syntax tree
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Const:
    value: bool


@dataclass(frozen=True, slots=True)
class _Fact:
    name: str


@dataclass(frozen=True, slots=True)
class _Compare:
    name: str
    op: str
    number: int


@dataclass(frozen=True, slots=True)
class _Not:
    operand: _Node


@dataclass(frozen=True, slots=True)
class _And:
    operands: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Or:
    operands: tuple[_Node, ...]


# After negations are pushed inwards (negation normal form) a leaf is a positive or negative
# boolean fact, or a comparison whose operator absorbed the negation.
@dataclass(frozen=True, slots=True)
class _Literal:
    name: str
    positive: bool


_Node = _Const | _Fact | _Compare | _Not | _And | _Or | _Literal

_NEGATED_OP = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


# --------------------------------------------------------------------------------------------
# Tokeniser and parser
# --------------------------------------------------------------------------------------------

_KEYWORDS = frozenset({"not", "and", "or", "true", "false"})
_TOKEN_RE = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<number>\d+)"
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|<|>)"
    r"|(?P<paren>[()])"
)
# Habits from other languages, answered with the word this language uses instead.
_HINTS = {"&": "use 'and'", "|": "use 'or'", "!": "use 'not'", "=": "use '==' to compare"}
_MAX_DEPTH = 64  # keeps hostile or runaway nesting away from Python's recursion limit


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # ident, number, op, (, ), a keyword, or end
    text: str
    column: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN_RE.match(source, pos)
        if match is None:
            char = source[pos]
            hint = _HINTS.get(char, "use fact names, numbers, 'and', 'or', 'not' and parentheses")
            raise ConditionError(
                f"Unexpected character {char!r} at column {pos + 1}; {hint}",
                source=source,
                column=pos + 1,
            )
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "ident" and text.lower() in _KEYWORDS:
            # Keywords are case-insensitive so YAML's ``True`` (or an unquoted ``true`` turned
            # into a bool and back into text) still reads as the constant.
            kind = text.lower()
        elif kind == "paren":
            kind = text
        if kind != "ws":
            tokens.append(_Token(kind, text, pos + 1))
        pos = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


def _describe_token(token: _Token) -> str:
    return "the end of the condition" if token.kind == "end" else repr(token.text)


class _Parser:
    def __init__(self, source: str, known_facts: Mapping[str, FactDefinition]) -> None:
        self.source = source
        self.known_facts = known_facts
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    def parse(self) -> _Node:
        node = self._or_expr()
        token = self._peek()
        if token.kind != "end":
            raise self._expected("'and', 'or' or the end of the condition", token)
        return node

    def _peek(self) -> _Token:
        return self.tokens[self.index]

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _error(self, message: str, column: int) -> ConditionError:
        return ConditionError(message, source=self.source, column=column)

    def _expected(self, what: str, token: _Token) -> ConditionError:
        return self._error(
            f"Expected {what} at column {token.column}, found {_describe_token(token)}",
            token.column,
        )

    def _or_expr(self) -> _Node:
        operands = [self._and_expr()]
        while self._peek().kind == "or":
            self._next()
            operands.append(self._and_expr())
        return operands[0] if len(operands) == 1 else _Or(tuple(operands))

    def _and_expr(self) -> _Node:
        operands = [self._not_expr()]
        while self._peek().kind == "and":
            self._next()
            operands.append(self._not_expr())
        return operands[0] if len(operands) == 1 else _And(tuple(operands))

    def _not_expr(self) -> _Node:
        if self._peek().kind == "not":
            token = self._next()
            with self._nested(token):
                return _Not(self._not_expr())
        return self._primary()

    def _primary(self) -> _Node:
        token = self._next()
        if token.kind == "(":
            with self._nested(token):
                node = self._or_expr()
            closing = self._peek()
            if closing.kind != ")":
                raise self._error(
                    f"Expected ')' at column {closing.column} to close the '(' at column "
                    f"{token.column}, found {_describe_token(closing)}",
                    closing.column,
                )
            self._next()
            return node
        if token.kind in ("true", "false"):
            return _Const(token.kind == "true")
        if token.kind == "ident":
            return self._fact(token)
        raise self._expected("a fact, 'true', 'false', 'not' or '('", token)

    def _fact(self, token: _Token) -> _Node:
        definition = self.known_facts.get(token.text)
        if definition is None:
            raise self._error(self._unknown_fact_message(token), token.column)
        if self._peek().kind == "op":
            op_token = self._next()
            if definition.type != "int":
                raise self._error(
                    f"Fact '{token.text}' at column {token.column} is yes or no and cannot be "
                    f"compared with a number; write '{token.text}' or 'not {token.text}'",
                    token.column,
                )
            number = self._next()
            if number.kind != "number":
                raise self._expected("a whole number", number)
            return _Compare(token.text, op_token.text, int(number.text))
        if definition.type == "int":
            raise self._error(
                f"Fact '{token.text}' at column {token.column} is a number; compare it with a "
                f"number, for example '{token.text} >= 36'",
                token.column,
            )
        return _Fact(token.text)

    def _unknown_fact_message(self, token: _Token) -> str:
        known = sorted(self.known_facts)
        message = (
            f"Unknown fact '{token.text}' at column {token.column}; "
            f"known facts are {', '.join(known)}"
        )
        close = difflib.get_close_matches(token.text.lower(), known, n=1)
        if close:
            message += f". Did you mean '{close[0]}'?"
        return message

    @contextlib.contextmanager
    def _nested(self, token: _Token) -> Iterator[None]:
        # Counts nesting so deep input fails with a message, not with RecursionError.
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                raise self._error(
                    f"The condition is nested too deeply at column {token.column} "
                    f"(more than {_MAX_DEPTH} levels)",
                    token.column,
                )
            yield
        finally:
            self.depth -= 1


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
                derived = _compile_cached(definition.derived_from)
            else:
                derived = _compile(definition.derived_from, self.known_facts)
            return _evaluate(derived.node, self)
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

    def explain(self, facts: Facts, lang: str = "en") -> str:
        """One sentence saying why the document is, is not, or may be asked for."""
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
    if not text.strip():
        # The catalogue stores "always asked" as an empty condition.
        return Condition(source=text, node=_Const(True), known_facts=known_facts)
    node = _Parser(text, known_facts).parse()
    return Condition(source=text, node=node, known_facts=known_facts)


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
