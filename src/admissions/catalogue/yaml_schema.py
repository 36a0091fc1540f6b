"""The generic half of the programme loader: YAML with line numbers, and typed fields.

``programme_format.py`` describes the programme format with the pieces here; nothing in this
module knows what a programme is. Three pieces:

- ``parse_yaml`` reads text with a ``SafeLoader`` subclass that remembers, for every mapping
  key and list item, the line it sits on, and refuses duplicate keys (PyYAML silently keeps
  the last one, which hides typos such as two ``deadline:`` lines).
- ``Reader`` collects problems as ``Issue`` objects (file, line, path, message) instead of
  stopping at the first one, so a person fixes a file in one pass. A path is a tuple such as
  ``("intakes", 1, "rounds", 0, "deadline")``, printed ``intakes[1].rounds[0].deadline`` (list
  indexes count from 0, as in the file's order).
- ``Field`` and the converters (``text()``, ``integer()``, ``choice()``, …) turn a raw YAML
  value into its normalised form or record an issue and return ``INVALID``. ``read_mapping``
  applies a schema (a dict of fields) and refuses unknown keys, listing the allowed ones.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from admissions.core.errors import ConfigurationError

Path = tuple[str | int, ...]


class _Invalid:
    """The value of a field whose problem is already recorded: checks skip it."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()


# --------------------------------------------------------------------------------------------
# Issues
# --------------------------------------------------------------------------------------------


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class Issue:
    """One problem in one file: "programmes/x.yaml, line 42, rounds[2].deadline: …"."""

    filename: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        parts = [self.filename]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(self.path)
        return f"{', '.join(parts)}: {self.message}"


class ProgrammeConfigError(ConfigurationError):
    """One or more programme files are invalid; ``issues`` lists every problem found."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = list(issues)
        count = len(self.issues)
        summary = "\n".join(str(issue) for issue in self.issues)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the programme configuration:\n{summary}")


# --------------------------------------------------------------------------------------------
# YAML with line numbers
# --------------------------------------------------------------------------------------------


class MarkedDict(dict):
    """A YAML mapping that knows its line and the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class MarkedList(list):
    """A YAML sequence that knows its line and the line of each of its items (1-based)."""

    line: int = 0
    item_lines: list[int]


class MarkedLoader(yaml.SafeLoader):
    """``SafeLoader`` that records line numbers and refuses duplicate keys."""


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct_mapping(loader: MarkedLoader, node: yaml.MappingNode) -> MarkedDict:
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
            continue
        line = key_node.start_mark.line + 1
        if key_node.value in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key_node.value}' (first at line {seen[key_node.value]})",
                key_node.start_mark,
            )
        seen[key_node.value] = line
    loader.flatten_mapping(node)
    data = MarkedDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain value, not a list or mapping",
                key_node.start_mark,
            ) from None
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


def _construct_sequence(loader: MarkedLoader, node: yaml.SequenceNode) -> MarkedList:
    data = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


MarkedLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
MarkedLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, filename: str) -> Any:
    """The YAML document in ``text``; a syntax error raises ``ProgrammeConfigError``."""
    try:
        return yaml.load(text, Loader=MarkedLoader)  # noqa: S506  # nosec B506  # MarkedLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        where = f" (column {mark.column + 1})" if mark is not None else ""
        line = mark.line + 1 if mark is not None else None
        message = f"the YAML syntax is invalid: {problem}{where}"
        if error.context and error.problem:
            message += f", {error.context}"
        raise ProgrammeConfigError([Issue(filename, line, "", message)]) from None
    except yaml.YAMLError as error:
        raise ProgrammeConfigError([Issue(filename, None, "", f"invalid YAML: {error}")]) from None


# --------------------------------------------------------------------------------------------
# The reader: issues and lines
# --------------------------------------------------------------------------------------------


@dataclass
class Reader:
    """Collects the issues of one file and finds the line of any path in it."""

    filename: str
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    lines: dict[Path, int] = field(default_factory=dict)
    # Set by the time-zone field; instants are read in it.
    time_zone: ZoneInfo | None = None

    def record_lines(self, node: Any, path: Path = ()) -> None:
        if isinstance(node, MarkedDict):
            self.lines.setdefault(path, node.line)
            for key, value in node.items():
                self.lines[(*path, key)] = node.key_lines.get(key, node.line)
                self.record_lines(value, (*path, key))
        elif isinstance(node, MarkedList):
            self.lines.setdefault(path, node.line)
            for index, value in enumerate(node):
                self.lines[(*path, index)] = node.item_lines[index]
                self.record_lines(value, (*path, index))

    def line_of(self, path: Path) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def error(self, path: Path, message: str, *, line: int | None = None) -> Any:
        self.issues.append(
            Issue(
                self.filename,
                line if line is not None else self.line_of(path),
                format_path(path),
                message,
            )
        )
        return INVALID

    def warn(self, path: Path, message: str) -> None:
        """A problem that does not stop the load: printed, and kept in the load report."""
        self.warnings.append(Issue(self.filename, self.line_of(path), format_path(path), message))


Converter = Callable[[Any, Reader, Path], Any]


@dataclass(frozen=True)
class Field:
    """One key of a mapping: how to read its value, whether it must be there, its default."""

    convert: Converter
    required: bool = False
    default: Any = None


def _kind_of(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text {value!r}"


def read_mapping(
    value: Any, schema: Mapping[str, Field], reader: Reader, path: Path, *, what: str
) -> dict[str, Any] | Any:
    """Read ``value`` with ``schema``: a dict with every key of the schema (defaults filled,
    ``INVALID`` where a problem was recorded), or ``INVALID`` when ``value`` is no mapping."""
    if not isinstance(value, Mapping):
        return reader.error(
            path, f"{what} must be a mapping of keys to values, not {_kind_of(value)}."
        )
    allowed = ", ".join(schema)
    for key in value:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), list(schema), n=1)
            did_you_mean = f" Did you mean '{hint[0]}'?" if hint else ""
            reader.error(
                (*path, str(key)),
                f"unknown key '{key}' in {what}.{did_you_mean} Allowed keys: {allowed}.",
            )
    result: dict[str, Any] = {}
    for key, spec in schema.items():
        if key in value:
            result[key] = spec.convert(value[key], reader, (*path, key))
        elif spec.required:
            result[key] = reader.error(path, f"{what} lacks the required key '{key}'.")
        else:
            result[key] = copy.deepcopy(spec.default)
    return result


# --------------------------------------------------------------------------------------------
# Converters
# --------------------------------------------------------------------------------------------


def text(
    *, max_length: int | None = None, required: bool = False, multiline: bool = True
) -> Converter:
    """A text; surrounding blank space is dropped. ``required``: may not be empty."""

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if value is None:
            value = ""
        if not isinstance(value, str):
            return reader.error(path, f"expected text, found {_kind_of(value)}. Put it in quotes.")
        value = value.strip()
        if required and not value:
            return reader.error(path, "must not be empty.")
        if not multiline and "\n" in value:
            return reader.error(path, "must fit on one line.")
        if max_length is not None and len(value) > max_length:
            return reader.error(
                path, f"is {len(value)} characters long; the limit is {max_length}."
            )
        return value

    return convert


def bilingual(*, required_en: bool = False, max_length: int | None = None) -> Converter:
    """``{en: …, fr: …}``; normalised to both keys, empty text where absent."""
    schema = {
        "en": Field(
            text(max_length=max_length, required=required_en), required=required_en, default=""
        ),
        "fr": Field(text(max_length=max_length), default=""),
    }

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        result = read_mapping(value, schema, reader, path, what="a text in English and French")
        if result is INVALID or INVALID in result.values():
            return INVALID
        return result

    return convert


def slug(*, max_length: int) -> Converter:
    pattern = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if not isinstance(value, str) or not pattern.match(value):
            return reader.error(
                path,
                "expected a code of lowercase letters, digits, '-' or '_', "
                f"found {_kind_of(value)}.",
            )
        if len(value) > max_length:
            return reader.error(
                path, f"is {len(value)} characters long; the limit is {max_length}."
            )
        return value

    return convert


def pattern_text(regex: str, description: str) -> Converter:
    compiled = re.compile(regex)

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            return reader.error(path, f"expected {description}, found {_kind_of(value)}.")
        return value

    return convert


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return reader.error(path, f"expected a whole number, found {_kind_of(value)}.")
        if minimum is not None and value < minimum:
            return reader.error(path, f"must be at least {minimum}; found {value}.")
        if maximum is not None and value > maximum:
            return reader.error(path, f"must be at most {maximum}; found {value}.")
        return value

    return convert


def optional(convert: Converter) -> Converter:
    """Like ``convert``, but an empty value (``~`` or nothing) stays ``None``."""

    def wrapped(value: Any, reader: Reader, path: Path) -> Any:
        return None if value is None else convert(value, reader, path)

    return wrapped


def boolean() -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if not isinstance(value, bool):
            return reader.error(path, f"expected true or false, found {_kind_of(value)}.")
        return value

    return convert


def money() -> Converter:
    """An amount in the currency's main unit (euros), with at most two decimals → cents."""

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return reader.error(
                path, f"expected an amount such as 150 or 18500.50, found {_kind_of(value)}."
            )
        try:
            amount = Decimal(str(value).replace("_", ""))
        except InvalidOperation:
            return reader.error(
                path, f"expected an amount such as 150 or 18500.50, found {value!r}."
            )
        if not amount.is_finite():
            return reader.error(
                path, f"expected an amount such as 150 or 18500.50, found {value!r}."
            )
        if amount < 0:
            return reader.error(path, f"an amount cannot be negative; found {value}.")
        cents = amount * 100
        if cents != cents.to_integral_value():
            return reader.error(path, f"an amount has at most two decimals; found {value}.")
        return int(cents)

    return convert


def choice(values: Iterable[str], *, what: str) -> Converter:
    allowed = [value for value in values]

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if not isinstance(value, str) or value not in allowed:
            shown = value if isinstance(value, str) else _kind_of(value)
            return reader.error(path, f"unknown {what} '{shown}'; allowed: {', '.join(allowed)}.")
        return value

    return convert


def date_value() -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if isinstance(value, dt.datetime):
            return reader.error(
                path, f"expected a date such as 2027-02-03, found {_kind_of(value)}."
            )
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return reader.error(path, f"expected a date such as 2027-02-03, found {_kind_of(value)}.")

    return convert


def _parse_instant_text(value: str) -> dt.date | None:
    value = value.strip()
    try:
        return (
            dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
        )
    except ValueError:
        return None


def instant(*, default_time: dt.time) -> Converter:
    """A date (meaning ``default_time`` local time) or a date and time, read in the reader's
    time zone unless it carries an offset. Returns an aware datetime in UTC.

    A local time that does not exist (skipped when the clocks go forward) is refused; one that
    happens twice (when they go back) is the first occurrence, as ``zoneinfo`` reads it.
    """
    expected = "expected a date (2027-02-03) or a date and time (2027-02-03 18:00:00)"

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if isinstance(value, str):
            parsed = _parse_instant_text(value)
            if parsed is None:
                return reader.error(path, f"{expected}, found {value!r}.")
            value = parsed
        if not isinstance(value, dt.date):
            return reader.error(path, f"{expected}, found {_kind_of(value)}.")
        zone = reader.time_zone
        if zone is None:
            return INVALID  # the time zone's own problem is already recorded
        if not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, default_time, tzinfo=zone).astimezone(dt.UTC)
        if value.microsecond:
            shown = value.isoformat(sep=" ")
            return reader.error(path, f"times are given to the second; found {shown}.")
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC)
        local = value.replace(tzinfo=zone)
        if local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
            return reader.error(
                path,
                f"{value.isoformat(sep=' ')} does not exist in {zone.key}: the clocks go forward "
                "that night. Give another time.",
            )
        return local.astimezone(dt.UTC)

    return convert


def time_zone() -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        from zoneinfo import available_timezones

        if not isinstance(value, str) or value not in available_timezones():
            reader.time_zone = None
            shown = value if isinstance(value, str) else _kind_of(value)
            return reader.error(
                path,
                f"unknown time zone '{shown}'; use an IANA name such as Europe/Paris.",
            )
        reader.time_zone = ZoneInfo(value)
        return value

    return convert


def email() -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if not isinstance(value, str):
            return reader.error(path, f"expected an email address, found {_kind_of(value)}.")
        try:
            validate_email(value)
        except ValidationError:
            return reader.error(path, f"'{value}' is not a valid email address.")
        return value

    return convert


def list_of(item: Converter, *, min_items: int = 0, unique: bool = False) -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if value is None:
            value = []
        if not isinstance(value, list):
            return reader.error(path, f"expected a list, found {_kind_of(value)}.")
        if len(value) < min_items:
            noun = "item" if min_items == 1 else "items"
            return reader.error(path, f"must list at least {min_items} {noun}.")
        items = [item(element, reader, (*path, index)) for index, element in enumerate(value)]
        if unique:
            seen: set[Any] = set()
            for index, element in enumerate(items):
                if element is INVALID:
                    continue
                if element in seen:
                    reader.error((*path, index), f"'{element}' is listed twice.")
                    items[index] = INVALID
                seen.add(element)
        return items

    return convert


def mapping(schema: Mapping[str, Field], *, what: str) -> Converter:
    def convert(value: Any, reader: Reader, path: Path) -> Any:
        return read_mapping(value, schema, reader, path, what=what)

    return convert


def json_data(*, what: str) -> Converter:
    """Free data stored as JSON (settings, rules trees): a mapping whose leaves are text,
    numbers, booleans or empty. Dates must be quoted: JSON has no date type."""

    def plain(value: Any, reader: Reader, path: Path) -> Any:
        if isinstance(value, Mapping):
            result = {}
            for key, child in value.items():
                if not isinstance(key, str):
                    reader.error(
                        (*path, str(key)), f"keys in {what} are text; put '{key}' in quotes."
                    )
                    continue
                result[key] = plain(child, reader, (*path, key))
            return result
        if isinstance(value, list):
            return [plain(child, reader, (*path, index)) for index, child in enumerate(value)]
        if isinstance(value, dt.date):
            return reader.error(
                path, f"{_kind_of(value)} cannot be stored in {what}; put it in quotes."
            )
        if value is None or isinstance(value, str | bool | int | float):
            return value
        return reader.error(
            path, f"{_kind_of(value)} cannot be stored in {what}."
        )  # pragma: no cover

    def convert(value: Any, reader: Reader, path: Path) -> Any:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            return reader.error(path, f"{what} must be a mapping, not {_kind_of(value)}.")
        before = len(reader.issues)
        result = plain(value, reader, path)
        return INVALID if len(reader.issues) > before else result

    return convert


def contains_invalid(value: Any) -> bool:
    if value is INVALID:
        return True
    if isinstance(value, Mapping):
        return any(contains_invalid(child) for child in value.values())
    if isinstance(value, list):
        return any(contains_invalid(child) for child in value)
    return False
