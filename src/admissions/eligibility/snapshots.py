"""The eligibility snapshot stored on an application, and how many are written at once.

A snapshot is what ``engine.Result.to_snapshot()`` gives (outcome, status, rules version, the
day it was evaluated for, the outcome's sentence and every criterion with its key,
parameters and sentence in English and French), plus:

- ``tables_version``: the CEFR tables' version (``cefr.TABLES_VERSION``);
- ``programme``, ``entry_level``, ``evaluated_at``;
- ``profile``: the profile evaluated, in the engine's shape, so a re-run judges what was
  submitted;
- ``rerun``: what a re-run compares, in one small object the database extracts alone: the
  outcome, the day evaluated for, the rules' and tables' versions and a ``fingerprint`` (a
  hash of the outcome and of each criterion's code, status, key and parameters), so a re-run
  tells an unchanged result without reading the stored criteria and their sentences.

Sentences are stored rendered, so the result reads the same after the sentences of
rules/eligibility/messages/ are reworded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import connections

from admissions.applications.models import Application
from admissions.rules import cefr
from admissions.rules import eligibility as engine

# The parts of a snapshot a re-run reads (the criteria and their sentences are not needed).
RERUN_KEYS = ("rerun", "profile")
_RERUN_FIELDS = ("outcome", "evaluated_on", "rules_version", "tables_version", "fingerprint")


def rerun_state(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """What a re-run compares, from a stored snapshot (older snapshots without ``rerun`` give
    what their top-level keys say, with no fingerprint)."""
    state = snapshot.get("rerun")
    if isinstance(state, Mapping):
        return dict(state)
    return {key: snapshot.get(key) for key in _RERUN_FIELDS}


_encode = json.JSONEncoder().encode


class SnapshotWriter:
    """Builds snapshots, as JSON text for the database (``snapshot_json``) or as a dict
    (``snapshot``).

    Rendering the sentences and encoding them are the costly parts of a snapshot, and across
    an intake most criteria repeat exactly (the same requirement met by the same kind of
    degree, the same score): each distinct criterion is rendered and encoded once per writer
    and the snapshot's JSON is assembled from those pieces. Parameters are looked up by their
    repr: the engine builds them in a fixed order, so equal parameters have equal reprs (if
    not, a criterion is only rendered twice), and repr is several times cheaper than JSON.

    One writer may serve several threads (a re-run's chunks in flight): its caches are plain
    dicts, whose reads and writes the GIL keeps whole, and a race only renders a piece
    twice."""

    _LIMIT = 200_000

    def __init__(self) -> None:
        # (code, status, key, repr of the parameters) → the criterion's JSON
        self._criteria: dict[tuple[str, str, str, str], str] = {}
        # A handful each per run: see _head and _place.
        self._heads: dict[tuple[Any, ...], tuple[str, str]] = {}
        self._places: dict[tuple[str, str, dt.datetime], str] = {}

    def criteria(self, result: engine.Result) -> tuple[str, str]:
        """The result's criteria as stored (a JSON array) and the result's fingerprint."""
        parts = []
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{result.outcome}|{result.status}".encode())
        for criterion in result.criteria:
            status = str(criterion.status)
            params_text = repr(criterion.params)
            cache_key = (criterion.code, status, criterion.key, params_text)
            fragment = self._criteria.get(cache_key)
            if fragment is None:
                if len(self._criteria) >= self._LIMIT:
                    self._criteria.clear()
                fragment = _encode(
                    {
                        "code": criterion.code,
                        "type": criterion.type,
                        "status": status,
                        "depth": criterion.depth,
                        "key": criterion.key,
                        "params": criterion.params,
                        "message_en": criterion.message_en,
                        "message_fr": criterion.message_fr,
                        "label_en": criterion.label_en,
                        "label_fr": criterion.label_fr,
                    }
                )
                self._criteria[cache_key] = fragment
            parts.append(fragment)
            digest.update(f"\n{criterion.code}|{status}|{criterion.key}|{params_text}".encode())
        return "[" + ",".join(parts) + "]", digest.hexdigest()

    def snapshot_json(
        self,
        *,
        result: engine.Result,
        programme_slug: str,
        entry_level_code: str,
        profile_dict: Mapping[str, Any],
        now: dt.datetime,
        criteria: tuple[str, str] | None = None,
    ) -> str:
        criteria_json, fingerprint = criteria if criteria is not None else self.criteria(result)
        head, rerun = self._head(result)
        place = self._place(programme_slug, entry_level_code, now)
        return (
            f'{head},"criteria":{criteria_json},"rerun":{rerun},"fingerprint":"{fingerprint}"}},'
            f'{place},"profile":{_encode(dict(profile_dict))}}}'
        )

    def _head(self, result: engine.Result) -> tuple[str, str]:
        """The snapshot's opening keys and its ``rerun`` object without the fingerprint, both
        left open: the same for every result with the same outcome, rules and day."""
        cache_key = (result.outcome, result.status, result.rules_version, result.evaluated_on)
        pieces = self._heads.get(cache_key)
        if pieces is None:
            outcome, evaluated_on = str(result.outcome), result.evaluated_on.isoformat()
            head = {
                "outcome": outcome,
                "status": str(result.status),
                "rules_version": result.rules_version,
                "evaluated_on": evaluated_on,
                "message_en": result.message("en"),
                "message_fr": result.message("fr"),
            }
            rerun = {
                "outcome": outcome,
                "evaluated_on": evaluated_on,
                "rules_version": result.rules_version,
                "tables_version": cefr.TABLES_VERSION,
            }
            pieces = self._heads[cache_key] = (_encode(head)[:-1], _encode(rerun)[:-1])
        return pieces

    def _place(self, programme_slug: str, entry_level_code: str, now: dt.datetime) -> str:
        """Where and when the result was stored: keys without their braces."""
        cache_key = (programme_slug, entry_level_code, now)
        place = self._places.get(cache_key)
        if place is None:
            place = self._places[cache_key] = _encode(
                {
                    "tables_version": cefr.TABLES_VERSION,
                    "programme": programme_slug,
                    "entry_level": entry_level_code,
                    "evaluated_at": now.isoformat(),
                }
            )[1:-1]
        return place

    def snapshot(self, **arguments: Any) -> dict[str, Any]:
        """The snapshot as a dict (arguments as for ``snapshot_json``)."""
        snapshot: dict[str, Any] = json.loads(self.snapshot_json(**arguments))
        return snapshot


def commit_without_waiting_for_the_disk() -> None:
    """Let the current transaction commit without waiting for its WAL to be flushed to disk
    (PostgreSQL's ``SET LOCAL synchronous_commit = off``; nothing elsewhere). For the chunks
    of a re-run only, which call it as their transaction's first statement.

    Why it is safe there: a snapshot is a cache of what the rules say, recomputed by running
    again. A server crash may lose the last commits (at most three ``wal_writer_delay``, 0.6 s
    by default) but never corrupts anything nor splits a transaction, so a chunk is lost whole
    (its snapshots with their timeline events), and the run's audit record, committed
    normally after the last chunk, flushes every chunk before it: once a run is recorded as
    done, all of it is on disk. A run cut short by a crash is run again, as after any other
    interruption. Why it matters: a re-run's chunks write ~6 MB each and, with the default,
    each commit waits for that to reach the disk, one chunk at a time; measured on this
    project's benchmark machine, that waiting was up to a third of the write's time."""
    connection = connections[Application.objects.db]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def store(rows: list[tuple[int, str]]) -> None:
    """Write many applications' snapshots: (application id, snapshot JSON) pairs, with one
    prepared UPDATE run by executemany.

    Django's bulk_update builds a CASE expression per row and encodes each snapshot again,
    which together cost more than evaluating the rules when a whole intake is re-run. On
    PostgreSQL the UPDATE goes through a cursor that binds its parameters on the server:
    Django's cursors bind on the client, which escapes each 6 kB snapshot into the SQL text
    and makes the server parse it back out of a string literal: the whole write took 1.6
    times the CPU that way. psycopg pipelines the prepared statement, so the batch costs no
    round trip per row. That cursor bypasses Django's query wrappers (the debug query log,
    query counters): one statement per batch, documented here, is the price. Measured on the
    benchmark's 100,000 snapshots (benchmarks/bench_eligibility.py), an UPDATE joined to
    unnested arrays was three to four times slower, one joined to a VALUES list no faster."""
    if not rows:
        return
    connection = connections[Application.objects.db]
    field = Application._meta.get_field("eligibility_snapshot")
    primary_key = Application._meta.pk
    assert field.column is not None and primary_key is not None and primary_key.column  # nosec B101  # narrows the type: model metadata
    table = connection.ops.quote_name(Application._meta.db_table)
    column = connection.ops.quote_name(field.column)
    key = connection.ops.quote_name(primary_key.column)
    if connection.vendor == "postgresql":
        # Identifiers come from the model's metadata and are quoted; values are parameters.
        sql = f"UPDATE {table} SET {column} = %s::jsonb WHERE {key} = %s"  # noqa: S608  # nosec B608  # quoted identifiers, values bound
        _executemany_bound_on_server(connection, sql, [(text, pk) for pk, text in rows])
        return
    params: list[tuple[Any, int]]
    if connection.vendor == "sqlite":
        params = [(text, pk) for pk, text in rows]  # JSON is stored as text
    else:
        params = [(field.get_db_prep_save(json.loads(text), connection), pk) for pk, text in rows]
    sql = f"UPDATE {table} SET {column} = %s WHERE {key} = %s"  # noqa: S608  # nosec B608  # quoted identifiers, values bound
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _executemany_bound_on_server(connection: Any, sql: str, params: list[tuple[Any, ...]]) -> None:
    """``executemany`` on the connection's psycopg connection (the same session and
    transaction as Django's queries) with a cursor that sends values as parameters."""
    import psycopg  # only PostgreSQL gets here

    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.executemany(sql, params)
