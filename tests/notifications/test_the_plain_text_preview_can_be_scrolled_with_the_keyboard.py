"""The plain-text preview on the staff email-template page scrolls when a line is long: a
keyboard user must be able to reach it to scroll it (axe: scrollable-region-focusable), and
a screen reader names it when it takes the focus."""

from __future__ import annotations

import re

from django.urls import reverse


def test_the_plain_text_preview_is_focusable_and_named(client, administrator):
    client.force_login(administrator)
    url = reverse(
        "staff:notification-template",
        kwargs={"event": "decision_admitted", "language": "en"},
    )

    page = client.get(url).content.decode()

    pre = re.search(r"<pre\b([^>]*)>", page)
    assert pre, "no plain-text preview"
    attributes = pre.group(1)
    assert 'tabindex="0"' in attributes
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', attributes)
    assert labelled_by, attributes
    label = re.search(rf'id="{labelled_by.group(1)}"[^>]*>([^<]+)<', page)
    assert label and label.group(1).strip() == "Plain-text version"
