"""The keyboard focus ring stands out from what surrounds it by at least 3:1 (WCAG 2.1 AA,
1.4.11 non-text contrast), on the white page and on the brand-coloured header, computed from
the colours the site's stylesheet declares."""

from __future__ import annotations

import re
from pathlib import Path

SITE_CSS = (
    Path(__file__).resolve().parents[2] / "src" / "admissions" / "static" / "css" / "site.css"
).read_text()


def declared(name: str) -> str:
    match = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})\s*;", SITE_CSS)
    assert match, f"--{name} is not declared as a #rrggbb colour in site.css"
    return match.group(1)


def luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_focus_ring_on_the_white_page_has_at_least_three_to_one():
    assert contrast(declared("accent"), "#ffffff") >= 3


def test_the_focus_ring_in_the_brand_header_has_at_least_three_to_one():
    assert contrast(declared("focus-on-dark"), declared("brand")) >= 3


def test_the_focus_ring_on_an_error_summary_has_at_least_three_to_one():
    # Bootstrap's alert-danger background, where the summary's links sit.
    assert contrast(declared("accent"), "#f8d7da") >= 3


def test_the_ring_is_drawn_with_the_accent_colour_and_beats_bootstraps_focus_glow():
    rule = re.search(r":is\(([^)]*)\):focus-visible[^{]*\{([^}]*)\}", SITE_CSS)
    assert rule, "no focus-visible rule"
    selectors, body = rule.groups()
    assert "outline: 3px solid var(--accent)" in body
    # Bootstrap removes the outline on these with a two-class selector; naming them here
    # gives the ring the same weight, and site.css comes later.
    for bootstrap_class in (
        ".form-control",
        ".form-select",
        ".form-check-input",
        ".btn",
        ".nav-link",
    ):
        assert bootstrap_class in selectors
