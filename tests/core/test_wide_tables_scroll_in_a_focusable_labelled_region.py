"""On a 320-pixel screen a data table may be wider than the page: the page itself must not
scroll sideways, so each table either stacks into cards (``table-stack``) or scrolls inside a
wrapper that the keyboard can reach (to scroll it) and a screen reader names (axe:
scrollable-region-focusable). Read from the templates, so a new table cannot forget it."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "admissions" / "templates"
# Emails and PDFs are not pages a browser scrolls.
NOT_PAGES = (
    "emails/",
    "finance/quote.html",
    "finance/receipt.html",
    "documents/merged_cover",
    "portal/applicant/receipt.html",
)


def page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not name.startswith(NOT_PAGES):
            yield name, path.read_text()


def test_every_page_table_stacks_or_scrolls_in_a_focusable_labelled_region():
    unwrapped = []
    for name, text in page_templates():
        for table in re.finditer(r"<table\b[^>]*>", text):
            if "table-stack" in table.group(0):
                continue
            wrapper = re.search(r"<div\b([^>]*)>\s*$", text[: table.start()])
            attributes = wrapper.group(1) if wrapper else ""
            if not (
                'class="table-responsive"' in attributes
                and 'tabindex="0"' in attributes
                and 'role="region"' in attributes
                and re.search(r'aria-label(ledby)?="[^"]+"', attributes)
            ):
                unwrapped.append(f"{name}: {table.group(0)}")
    assert not unwrapped, "\n".join(unwrapped)


def test_every_region_is_labelled_by_an_element_of_its_page():
    for name, text in page_templates():
        for labelled in re.findall(r'role="region" aria-labelledby="([^"]+)"', text):
            assert f'id="{labelled}"' in text, f"{name}: nothing has the id {labelled}"
