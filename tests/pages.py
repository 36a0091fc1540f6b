"""What a page test asserts about the HTML it receives: the visible text, the heading outline,
and the absence of inline code the strict Content-Security-Policy would block.

Import them from here in every folder: ``from tests.pages import text_of, assert_csp_clean``.
"""

from __future__ import annotations

import html as html_module
import itertools
import re


def text_of(response) -> str:
    """The page's visible text, tags removed and spaces collapsed, for "the page says …"."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Inline elements join their neighbours ("<time>…</time>." reads "….");
    # block elements separate words.
    html = re.sub(r"</?(?:time|span|a|strong|em|b|i|abbr)\b[^>]*>", "", html)
    text = re.sub(r"<[^>]+>", " ", html)
    text = html_module.unescape(text)
    return re.sub(r"[ \t\r\n]+", " ", text)


def assert_csp_clean(response) -> None:
    """The strict CSP (script-src 'self', style-src 'self') would block inline code: the page
    must have none, so what the browser runs is what the tests see."""
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "inline <style>"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html


def headings(response) -> list[tuple[int, str]]:
    """(level, text) of every heading, in document order."""
    html = response.content.decode()
    found = re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, flags=re.S)
    return [
        (
            int(level),
            html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()),
        )
        for level, text in found
    ]


def assert_accessible_outline(response) -> None:
    """One h1, and no heading skips a level on the way down (h2 → h4 would)."""
    levels = [level for level, _ in headings(response)]
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading h{before} followed by h{after}: {levels}"


def finish(response) -> None:
    """Read a file's answer to its end, which closes it as a browser's download would. The
    test client then closes it with ``close_old_connections`` held off (it has closed any other
    answer already); closing one directly would fire ``request_finished`` and, on PostgreSQL,
    close the test's connection inside its transaction."""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
