"""Overrides saved before messages were written once (a text and an HTML version) become
one Markdown body: the text version is kept, the HTML version dropped; and back."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

data_migration = importlib.import_module(
    "admissions.notifications.migrations.0002_override_text_versions_become_markdown_bodies"
)

BEFORE = [("notifications", "0001_outbox_templates_preferences_webhooks")]
AFTER = [("notifications", "0003_email_template_has_one_markdown_body")]
OLD_TEXT = (
    '{% extends "emails/fr/base.txt" %}\n{% block content %}\nBonjour {{ recipient_name }},\n\n'
    "Vous êtes admis.\n\nAccepter ma place : {{ action_url }}\n{% endblock %}\n"
)
NEW_BODY = (
    "Bonjour {{ recipient_name }},\n\nVous êtes admis.\n\nAccepter ma place : <{{ action_url }}>\n"
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_override_keeps_its_text_as_the_markdown_body_and_can_go_back():
    try:
        old_apps = _migrate(BEFORE)
        old_apps.get_model("notifications", "EmailTemplate").objects.create(
            event="decision_admitted",
            language="fr",
            subject="Admis",
            body_text=OLD_TEXT,
            body_html="<p>Bonjour {{ recipient_name }}</p>",
        )

        new_apps = _migrate(AFTER)
        migrated = new_apps.get_model("notifications", "EmailTemplate").objects.get()
        back_apps = _migrate(BEFORE)
        restored = back_apps.get_model("notifications", "EmailTemplate").objects.get()
    finally:
        _migrate(AFTER)

    assert (migrated.subject, migrated.body) == ("Admis", NEW_BODY)
    assert restored.body_text == OLD_TEXT
    assert restored.body_html == ""


def test_a_text_version_that_does_not_extend_the_base_is_kept_as_written():
    text = "Hello {{ recipient_name }}.\nSee <{{ action_url }}> or {{ message_url }}.\n"

    assert data_migration.markdown_from_text_version(text) == (
        "Hello {{ recipient_name }}.\nSee <{{ action_url }}> or <{{ message_url }}>.\n"
    )


def test_text_outside_the_content_block_is_dropped_with_the_extends_tag():
    text = '{% extends "emails/en/base.txt" %}{% block content %}Hi{% endblock content %}'

    assert data_migration.markdown_from_text_version(text) == "Hi\n"
