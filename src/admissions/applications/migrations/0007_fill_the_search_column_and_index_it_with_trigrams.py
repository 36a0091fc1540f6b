"""Fill ``Application.search_text`` for the applications that exist, and on PostgreSQL index
it with trigrams (``pg_trgm``), so a search for part of a name (``LIKE '%benali%'``) reads the
index instead of every row. SQLite keeps the plain index of 0005.

Also on PostgreSQL: the staff list's default order, newest submission first with drafts
last (``submitted_at DESC NULLS LAST, id DESC``), as an index of its own, overall and per
programme. PostgreSQL sorts NULLs first in a descending index, so 0005's ``-submitted_at``
indexes (which serve SQLite, and the ascending order here) cannot give that order without
sorting every row; SQLite cannot declare ``NULLS LAST`` in an index and needs none."""

from django.db import migrations

from admissions.core.text import searchable

TRIGRAM_INDEX = "application_search_trgm"
NEWEST_FIRST = {
    "application_submitted_nl": "(submitted_at DESC NULLS LAST, id DESC)",
    "application_list_nl": "(programme_id, submitted_at DESC NULLS LAST, id DESC)",
}


def fill(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    batch = []
    rows = Application.objects.select_related("applicant").only(
        "pk", "reference", "applicant__first_name", "applicant__last_name", "applicant__email"
    )
    for application in rows.iterator(chunk_size=2000):
        user = application.applicant
        application.search_text = searchable(
            application.reference, user.first_name, user.last_name, user.email
        )[:600]
        batch.append(application)
        if len(batch) >= 2000:
            Application.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Application.objects.bulk_update(batch, ["search_text"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON applications_application "
        "USING gin (search_text gin_trgm_ops)"
    )
    for name, columns in NEWEST_FIRST.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON applications_application {columns}"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [TRIGRAM_INDEX, *NEWEST_FIRST]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_applications_have_a_search_column_and_list_indexes"),
        ("accounts", "__first__"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
