"""Create the PostgreSQL database that ``DATABASE_URL`` names, if it does not exist yet.

``make serve-prod`` runs it before ``migrate``: on a machine with a fresh PostgreSQL server the
production-like run starts with one command. It connects to the server's maintenance
database (``postgres``) as the same user; it does nothing for SQLite (Django creates the file).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named by DATABASE_URL if it is missing."

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("Not PostgreSQL: nothing to create.")
            return
        import psycopg
        from psycopg import sql

        name = database["NAME"]
        try:
            with psycopg.connect(
                dbname="postgres",
                user=database.get("USER") or None,
                password=database.get("PASSWORD") or None,
                host=database.get("HOST") or None,
                port=database.get("PORT") or None,
                autocommit=True,
                connect_timeout=5,
            ) as server:
                exists = server.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists:
                    self.stdout.write(f"Database {name} exists.")
                    return
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            raise CommandError(
                f"Could not reach PostgreSQL to create {name}: {error}. Is the server running, "
                "and does DATABASE_URL name a user who may create databases?"
            ) from error
        self.stdout.write(f"Database {name} created.")
