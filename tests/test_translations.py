"""The French catalogue is complete, reviewed and compiled.

Three ways it goes wrong, each with its own test and a message saying what to run:

- a string in the code was never extracted (someone added ``_("…")`` and did not run
  ``makemessages``);
- an entry is untranslated or fuzzy (``makemessages`` merged a changed string and guessed);
- the compiled ``.mo`` says something else than the ``.po`` (``compilemessages`` not run).

docs/i18n.md says how to fix each.
"""

from __future__ import annotations

import ast
import gettext
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "admissions"
PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What ``makemessages`` must not read: vendored JavaScript, generated migrations, the catalogue.
IGNORE = ["static/*", "*/migrations/*", "locale/*"]
HOW_TO_FIX = "See docs/i18n.md: run makemessages, translate, then compilemessages."


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_translated(self) -> bool:
        if self.msgid_plural is not None:
            return len(self.msgstr) >= 2 and all(self.msgstr.values())
        return bool(self.msgstr.get(0))


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for gettext's own output (what makemessages writes)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgstr or entry.msgid or entry.msgid_plural is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entries are not part of the catalogue
            continue
        if line.startswith("#,"):
            if entry.msgid or entry.msgstr:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            value, rest = ast.literal_eval(line), None
        else:
            value = ast.literal_eval(rest)
            if keyword == "msgctxt":
                if entry.msgid or entry.msgstr:
                    finish()
                target = ("msgctxt", 0)
                entry.msgctxt = ""
                entry.line = entry.line or number
            elif keyword == "msgid":
                if entry.msgstr:
                    finish()
                target = ("msgid", 0)
                entry.line = entry.line or number
            elif keyword == "msgid_plural":
                target = ("msgid_plural", 0)
                entry.msgid_plural = ""
            elif keyword == "msgstr":
                target = ("msgstr", 0)
                entry.msgstr[0] = ""
            elif keyword.startswith("msgstr["):
                index = int(keyword[len("msgstr[") : -1])
                target = ("msgstr", index)
                entry.msgstr[index] = ""
            else:
                raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
        assert target is not None, f"{path}:{number}: text outside an entry"
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] += value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    finish()
    return entries


def describe(entry: Entry) -> str:
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"  line {entry.line}{context}: {entry.msgid!r}"


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO.exists(), f"{PO} is missing. {HOW_TO_FIX}"
    return parse_po(PO)


def test_the_catalogue_has_a_french_header(catalogue):
    header = next(entry for entry in catalogue if entry.is_header)

    assert "fuzzy" not in header.flags, "The .po header is fuzzy: msgfmt would ignore it."
    assert "Language: fr\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);" in header.msgstr[0]


def test_every_french_entry_is_translated(catalogue):
    untranslated = [entry for entry in catalogue if not entry.is_header and not entry.is_translated]

    assert not untranslated, (
        f"{len(untranslated)} French entries have no translation in {PO.name}:\n"
        + "\n".join(describe(entry) for entry in untranslated)
        + f"\n{HOW_TO_FIX}"
    )


def test_no_french_entry_is_fuzzy(catalogue):
    fuzzy = [entry for entry in catalogue if not entry.is_header and "fuzzy" in entry.flags]

    assert not fuzzy, (
        f"{len(fuzzy)} French entries are fuzzy (a guess by makemessages that nobody checked):\n"
        + "\n".join(describe(entry) for entry in fuzzy)
        + "\nCheck each translation, then delete its '#, fuzzy' line. "
        + HOW_TO_FIX
    )


def test_placeholders_are_kept_in_translations(catalogue):
    """A translation that drops or renames %(name)s or {name} breaks at run time."""
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    wrong = []
    for entry in catalogue:
        if entry.is_header or not entry.is_translated:
            continue
        expected = set(pattern.findall(entry.msgid)) | set(
            pattern.findall(entry.msgid_plural or "")
        )
        for text in entry.msgstr.values():
            if set(pattern.findall(text)) - expected:
                wrong.append(entry)
                break
        else:
            if entry.msgid_plural is None and set(pattern.findall(entry.msgstr[0])) != expected:
                wrong.append(entry)
    assert not wrong, "Translations with placeholders that differ from the English:\n" + "\n".join(
        describe(entry) for entry in wrong
    )


def test_the_compiled_catalogue_says_what_the_po_says(catalogue):
    """An .mo older than its .po must at least say the same thing: a checkout gives both files
    arbitrary times, so only a stale content fails (compilemessages was not run)."""
    assert MO.exists(), f"{MO} is missing. Run compilemessages. {HOW_TO_FIX}"
    if MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for entry in catalogue:
        if entry.is_header or not entry.is_translated or "fuzzy" in entry.flags:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if compiled.get(key) != entry.msgstr[0]:
                stale.append(entry)
        elif any(compiled.get((key, index)) != text for index, text in entry.msgstr.items()):
            stale.append(entry)
    assert not stale, (
        f"{MO.name} is older than {PO.name} and differs from it on {len(stale)} entries:\n"
        + "\n".join(describe(entry) for entry in stale[:20])
        + "\nRun: cd src/admissions && ../../.venv/bin/python ../../manage.py compilemessages -l fr"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_every_translatable_string_in_the_code_is_in_the_catalogue(
    catalogue, tmp_path, monkeypatch
):
    """Extract the strings again from a copy of the code and compare: a string someone added
    without running makemessages fails here, before a French visitor sees English."""
    copy = tmp_path / "admissions"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("static", "locale", "migrations", "__pycache__"),
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages", locale=["fr"], ignore_patterns=IGNORE, no_location=True, verbosity=0
        )
    extracted = {
        entry.key for entry in parse_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    }
    known = {entry.key for entry in catalogue}

    missing = sorted(key for key in extracted - known if key != (None, ""))
    assert not missing, (
        f"{len(missing)} strings of the code are not in the French catalogue:\n"
        + "\n".join(f"  {msgid!r}" for _context, msgid in missing)
        + f"\n{HOW_TO_FIX}"
    )
