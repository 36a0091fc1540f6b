"""Compress eligibility snapshots with LZ4 on PostgreSQL.

A snapshot (about 6 kB of JSON: every criterion with its sentences in two languages, and the
profile evaluated) is over PostgreSQL's 2 kB TOAST threshold, so every write compresses it and
every read of one of its keys decompresses it. The default method, pglz, is several times
slower than LZ4 at both; re-running the rules over 100,000 applications writes 100,000
snapshots, and LZ4 made those writes about a third faster (benchmarks/bench_eligibility.py).
LZ4 compresses a little less (about 3.0 kB stored per snapshot instead of 2.7 kB).

Only the column's setting changes (no table rewrite, a brief lock): snapshots already stored
keep pglz until they are next written, and both read the same. Other databases have nothing
to change, nor does a PostgreSQL built without LZ4 (it keeps pglz). Reversible: the column
goes back to the server's default method.
"""

from django.db import NotSupportedError, migrations, transaction


def _set_compression(apps, schema_editor, method):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    Application = apps.get_model("applications", "Application")
    table = schema_editor.quote_name(Application._meta.db_table)
    column = schema_editor.quote_name(Application._meta.get_field("eligibility_snapshot").column)
    try:
        # A savepoint: a server without LZ4 refuses the statement, and the migration's
        # transaction must carry on after that.
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}"
            )
    except NotSupportedError:
        pass  # compiled without LZ4: pglz stays, which only costs time


def use_lz4(apps, schema_editor):
    _set_compression(apps, schema_editor, "lz4")


def use_default(apps, schema_editor):
    _set_compression(apps, schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_applications_timeline_reference_counters"),
    ]

    operations = [
        migrations.RunPython(use_lz4, use_default, elidable=False),
    ]
