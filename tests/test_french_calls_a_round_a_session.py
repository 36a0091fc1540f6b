"""French has one word for an application round: "session", as the programme pages and the
YAML advice say. "Tour 1" on applicant pages next to "Session 1" on public pages made people
wonder whether they were two things."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_translations import PO, parse_po

SOURCE = Path(__file__).resolve().parent.parent / "src" / "admissions"
TOUR = re.compile(r"\btours?\b", re.IGNORECASE)
ROUND = re.compile(r"\brounds?\b", re.IGNORECASE)


def test_the_catalogue_translates_round_as_session():
    wrong = [
        (entry.line, entry.msgid)
        for entry in parse_po(PO)
        if ROUND.search(entry.msgid) and any(TOUR.search(text) for text in entry.msgstr.values())
    ]

    assert not wrong, f"'tour' for a round at these lines of {PO.name}: {wrong}"


def test_french_sentences_in_the_code_say_session():
    wrong = []
    for path in [*SOURCE.rglob("*.py"), *SOURCE.glob("templates/emails/fr/**/*")]:
        if "migrations" in path.parts or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(?:du|le|un|son|autre|Aucun) tours?\b", line):
                wrong.append(f"{path.relative_to(SOURCE)}:{number}")

    assert not wrong, wrong
