"""Reading a condition: its errors, its syntax tree, the tokeniser and the parser."""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from admissions.core.errors import ConfigurationError
from admissions.rules.conditions.facts import KNOWN_FACTS, FactDefinition

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


def _parse(text: str, known_facts: Mapping[str, FactDefinition]) -> _Node:
    if not text.strip():
        # The catalogue stores "always asked" as an empty condition.
        return _Const(True)
    return _Parser(text, known_facts).parse()


@functools.lru_cache(maxsize=512)
def _parse_known(text: str) -> _Node:
    """``_parse`` against the registry, cached: derived facts are parsed once per process."""
    return _parse(text, KNOWN_FACTS)
