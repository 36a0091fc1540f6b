"""Administrators' email templates become one Markdown body per language.

An override had a text version and an optional HTML version. The text version becomes the
Markdown body (both parts of the message are now built from it); the HTML version is dropped.
The text versions extended ``emails/<language>/base.txt``, which no longer exists: the
signature and footer are now added to every message, so the ``{% extends %}`` wrapper is
removed, and links written as ``{{ action_url }}`` become autolinks (``<{{ action_url }}>``)
so that they stay clickable in the HTML part.

Going back restores the text version (wrapped in ``base.txt`` again) and leaves the HTML
version empty, which sends the text version only; the dropped HTML cannot come back.
Nothing personal is logged: only the events and languages whose HTML version was dropped.
"""

from __future__ import annotations

import logging
import re

from django.db import migrations

logger = logging.getLogger("admissions.notifications")

_EXTENDS_RE = re.compile(r'^\s*\{%\s*extends\s+"emails/(?:en|fr)/base\.txt"\s*%\}\s*')
_CONTENT_BLOCK_RE = re.compile(
    r"^\{%\s*block\s+content\s*%\}(?P<content>.*)\{%\s*endblock(?:\s+content)?\s*%\}\s*$", re.S
)
_BLOCK_TAG_RE = re.compile(r"\{%\s*(?:block\s+\w+|endblock(?:\s+\w+)?)\s*%\}")
# A variable ending in "url" written bare, not already inside <...>.
_BARE_URL_VARIABLE_RE = re.compile(r"(?<!<)(\{\{\s*[\w.]*url\s*\}\})(?!>)")
_AUTOLINKED_URL_VARIABLE_RE = re.compile(r"<(\{\{\s*[\w.]*url\s*\}\})>")


def markdown_from_text_version(body_text: str) -> str:
    """The Markdown body for an old text version."""
    body = body_text
    extends = _EXTENDS_RE.match(body)
    if extends:
        body = body[extends.end() :]
        block = _CONTENT_BLOCK_RE.match(body)
        # Without its parent, text outside the blocks would start to show: keep the blocks'
        # content only.
        body = block.group("content") if block else _BLOCK_TAG_RE.sub("", body)
    body = _BARE_URL_VARIABLE_RE.sub(r"<\1>", body)
    return body.strip("\n") + "\n"


def text_version_from_markdown(body: str, language: str) -> str:
    """The old text version for a Markdown body."""
    body = _AUTOLINKED_URL_VARIABLE_RE.sub(r"\1", body)
    return (
        f'{{% extends "emails/{language}/base.txt" %}}\n{{% block content %}}\n'
        f"{body.strip(chr(10))}\n{{% endblock %}}\n"
    )


def forwards(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    dropped = []
    for template in EmailTemplate.objects.all():
        if template.body_html.strip():
            dropped.append(f"{template.event}:{template.language}")
        template.body_text = markdown_from_text_version(template.body_text)
        template.body_html = ""
        template.save(update_fields=["body_text", "body_html"])
    if dropped:
        logger.info(
            "Email template overrides now have one Markdown body; the HTML version of %s "
            "was dropped (the text version is kept as the body).",
            ", ".join(sorted(dropped)),
        )


def backwards(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for template in EmailTemplate.objects.all():
        template.body_text = text_version_from_markdown(template.body_text, template.language)
        template.save(update_fields=["body_text"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_outbox_templates_preferences_webhooks")]

    # The schema change is the next migration: on PostgreSQL, altering a table in the
    # transaction that updated its rows can fail on pending deferred-constraint triggers.
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
