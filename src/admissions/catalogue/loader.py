"""Programme configuration files (``programmes/*.yaml``): read and validated.

One file describes one programme. ``read_programme_file`` parses it, checks it and returns a
``ProgrammeSpec`` whose ``data`` is the file in canonical form (every default filled in, money
in cents, dates and times as UTC instants); ``services.load_programme_files`` writes specs to
the database and ``exporter.export_programme`` writes the database back as a file. Every
problem is reported with the file, the line, the path of the field and what to do, e.g.::

    programmes/x.yaml, line 42, intakes[0].rounds[1].deadline: the deadline (2027-01-10)
    precedes the opening (2027-02-01).

Unknown keys are refused (typo protection) with the list of allowed keys. The full guide, with
examples, is ``docs/programmes.md``.

The format, field by field, is ``programme_format``; the checks across fields are
``programme_checks``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings

from admissions.catalogue.programme_checks import check_programme
from admissions.catalogue.programme_format import PROGRAMME
from admissions.catalogue.standard_types import STANDARD_CODES
from admissions.catalogue.yaml_schema import (
    INVALID,
    Issue,
    Path,
    ProgrammeConfigError,
    Reader,
    parse_yaml,
    read_mapping,
)

__all__ = [
    "ProgrammeConfigError",
    "ProgrammeSpec",
    "checksum_of",
    "read_programme_file",
    "read_programme_text",
]

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
    path: str | FilePath, *, known_document_types: Iterable[str] = STANDARD_CODES
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
    known_document_types: Iterable[str] = STANDARD_CODES,
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
        check_programme(data, reader, frozenset(known_document_types))
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
