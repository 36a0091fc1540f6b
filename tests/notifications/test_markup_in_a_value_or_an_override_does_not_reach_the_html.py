"""Values and administrators' overrides are text: whatever markup they hold shows as typed
in the HTML part and never becomes a tag or a link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.notifications.events import get_event
from admissions.notifications.rendering import escape_markdown, render_message
from admissions.notifications.services import queue_message, save_email_template

pytestmark = pytest.mark.django_db

HOSTILE_NAME = (
    "[win](http://evil.example/) <script>alert(1)</script> **bold** <http://evil.example/a>"
)


def test_markup_in_an_applicants_name_shows_as_typed():
    context = {**get_event("decision_admitted").sample, "recipient_name": HOSTILE_NAME}

    rendered = render_message(event="decision_admitted", language="en", context=context)

    assert f"Dear {HOSTILE_NAME}," in rendered.text
    assert "evil.example" in rendered.html
    assert 'href="http://evil.example' not in rendered.html
    assert "<script>" not in rendered.html
    assert "<strong>" not in rendered.html
    assert "Dear [win](http://evil.example/) &lt;script&gt;alert(1)&lt;/script&gt; **bold**" in (
        rendered.html
    )


def test_markup_in_a_list_item_shows_as_typed():
    context = {
        **get_event("decision_refused").sample,
        "reasons": ["# Not a heading", "[a link](javascript:alert(1))", "<img src=x onerror=y>"],
    }

    rendered = render_message(event="decision_refused", language="fr", context=context)

    assert "<h1 " in rendered.html and rendered.html.count("<h1 ") == 1
    assert "javascript:" not in rendered.html.split("[a link](")[0]
    assert 'href="javascript:' not in rendered.html
    assert "<img src=x" not in rendered.html
    assert "&lt;img src=x onerror=y&gt;" in rendered.html


def test_a_url_value_cannot_break_out_of_its_link():
    context = {
        **get_event("decision_admitted").sample,
        "action_url": "https://admissions.example.org/a>b<script>x</script>",
    }

    rendered = render_message(event="decision_admitted", language="en", context=context)

    assert "<script>" not in rendered.html
    assert 'href="https://admissions.example.org/a%3Eb%3Cscript%3Ex%3C/script%3E"' in rendered.html


def test_markup_written_in_an_override_is_not_sent_as_markup(administrator):
    save_email_template(
        event="decision_admitted",
        language="en",
        subject="Decision {{ application_ref }}",
        body=(
            "Dear {{ recipient_name }},\n\n"
            '<script>alert(1)</script> <a href="http://evil.example/">here</a>\n\n'
            "[click](javascript:alert(1)) and <https://admissions.example.org/help/>\n"
        ),
        actor=administrator,
    )

    message = queue_message(
        recipient_email="camille@example.org",
        template="decision_admitted",
        context=get_event("decision_admitted").sample,
        language="en",
        idempotency_key="decision:markup",
    )

    assert "<script>" not in message.body_html
    assert '<a href="http://evil.example/"' not in message.body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.body_html
    assert 'href="javascript:' not in message.body_html
    assert '<a href="https://admissions.example.org/help/"' in message.body_html
    assert "and https://admissions.example.org/help/\n" in message.body_text


def test_escaping_keeps_urls_and_neutralises_markdown():
    assert escape_markdown("https://x.example/a_b?c=1&d=2") == "https://x.example/a_b?c=1&d=2"
    assert escape_markdown("[x](y)") == r"\[x\]\(y\)"
    assert escape_markdown("O'Brien-Smith") == r"O\'Brien\-Smith"


def test_the_html_preview_of_a_draft_shows_its_markup_as_text(client, administrator):
    client.force_login(administrator)
    url = reverse(
        "staff:notification-template-preview",
        kwargs={"event": "decision_admitted", "language": "en"},
    )

    response = client.post(
        url, {"body": "# Hello {{ recipient_name }}\n\n<script>alert(1)</script>\n"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert ">Hello Camille Martin</h1>" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
