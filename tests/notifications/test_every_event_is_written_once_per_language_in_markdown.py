"""Each event is written once per language (a subject and a Markdown body); the text and the
HTML parts of every message are both built from that one source."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from admissions.notifications.events import all_events
from admissions.notifications.rendering import render_message

EMAILS = Path(settings.TEMPLATES[0]["DIRS"][0]) / "emails"
EVENTS = [spec.code for spec in all_events()]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("event", EVENTS)
def test_the_event_has_one_subject_and_one_markdown_body(event, language):
    folder = EMAILS / language / event

    assert sorted(path.name for path in folder.iterdir()) == ["body.md", "subject.txt"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("event", EVENTS)
def test_the_event_renders_a_text_and_an_accessible_html_part(event, language):
    spec = next(spec for spec in all_events() if spec.code == event)

    rendered = render_message(event=event, language=language, context=spec.sample, strict=True)

    assert rendered.missing == ()
    assert rendered.text.strip()
    assert f'<html lang="{language}">' in rendered.html
    assert rendered.html.count("<h1 ") == 1
    # The link is a bare URL in the text part and a real link in the HTML part.
    assert f"<{spec.sample['action_url']}>" not in rendered.text
    assert f": {spec.sample['action_url']}" in rendered.text
    assert f'<a href="{spec.sample["action_url"]}"' in rendered.html
    # The heading of the HTML part is the first line of the text part.
    heading = rendered.text.splitlines()[0]
    assert heading.startswith("# ")
    assert f">{heading[2:]}</h1>" in rendered.html.replace("&#x27;", "'").replace("&amp;", "&")


@pytest.mark.django_db
def test_a_paragraph_reads_the_same_in_both_parts():
    spec = next(spec for spec in all_events() if spec.code == "decision_refused")

    rendered = render_message(event=spec.code, language="en", context=spec.sample)

    paragraph = (
        "This decision is final for this round. You are welcome to apply again in a later "
        "round or to another of our programmes."
    )
    assert f"\n{paragraph}\n" in rendered.text
    assert f">{paragraph}</p>" in rendered.html
    assert "<li " in rendered.html and spec.sample["reasons"][0] in rendered.html
