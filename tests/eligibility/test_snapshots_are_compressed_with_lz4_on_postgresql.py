"""On PostgreSQL a snapshot (~6 kB) is compressed when stored: migration
applications/0002 makes the column use LZ4, much cheaper to write and read than pglz, the
server's default. Elsewhere the migration changes nothing."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from admissions.applications.models import Application
from admissions.eligibility import services
from tests.eligibility.conftest import NOW

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Column compression is PostgreSQL's: run with DATABASE_URL=postgres://…",
    ),
]

migration = importlib.import_module(
    "admissions.applications.migrations.0002_eligibility_snapshot_lz4"
)


def column_compression() -> str:
    """'l' for LZ4, 'p' for pglz, '' for the server's default."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attcompression FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attname = %s",
            [Application._meta.db_table, "eligibility_snapshot"],
        )
        return cursor.fetchone()[0]


def stored_compression(application: Application) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_column_compression(eligibility_snapshot) "  # noqa: S608
            f"FROM {Application._meta.db_table} WHERE id = %s",
            [application.pk],
        )
        return cursor.fetchone()[0]


def test_a_stored_snapshot_is_compressed_with_lz4(apply):
    assert column_compression() == "l"
    application = services.snapshot_on_submission(apply(), NOW)
    assert stored_compression(application) == "lz4"


def test_the_migration_goes_back_to_the_servers_default_and_forward_again():
    with connection.schema_editor() as editor:
        migration.use_default(apps, editor)
    assert column_compression() == ""
    with connection.schema_editor() as editor:
        migration.use_lz4(apps, editor)
    assert column_compression() == "l"
