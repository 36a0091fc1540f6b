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

Sentences are stored rendered, so the result reads the same after messages.py is reworded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.db import connections

from admissions.applications.models import Application
from admissions.eligibility import cefr, engine

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
    not, a criterion is only rendered twice), and repr is several times cheaper than JSON."""

    _LIMIT = 200_000

    def __init__(self) -> None:
        # (code, status, key, repr of the parameters) → the criterion's JSON
        self._criteria: dict[tuple[str, str, str, str], str] = {}

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
        outcome, evaluated_on = str(result.outcome), result.evaluated_on.isoformat()
        head = _encode(
            {
                "outcome": outcome,
                "status": str(result.status),
                "rules_version": result.rules_version,
                "evaluated_on": evaluated_on,
                "message_en": result.message("en"),
                "message_fr": result.message("fr"),
            }
        )
        tail = _encode(
            {
                "rerun": {
                    "outcome": outcome,
                    "evaluated_on": evaluated_on,
                    "rules_version": result.rules_version,
                    "tables_version": cefr.TABLES_VERSION,
                    "fingerprint": fingerprint,
                },
                "tables_version": cefr.TABLES_VERSION,
                "programme": programme_slug,
                "entry_level": entry_level_code,
                "evaluated_at": now.isoformat(),
                "profile": dict(profile_dict),
            }
        )
        return f'{head[:-1]},"criteria":{criteria_json},{tail[1:]}'

    def snapshot(self, **arguments: Any) -> dict[str, Any]:
        """The snapshot as a dict (arguments as for ``snapshot_json``)."""
        snapshot: dict[str, Any] = json.loads(self.snapshot_json(**arguments))
        return snapshot


def store(rows: list[tuple[int, str]]) -> None:
    """Write many applications' snapshots: (application id, snapshot JSON) pairs, with one
    prepared UPDATE run by executemany (psycopg pipelines it on PostgreSQL). Django's
    bulk_update builds a CASE expression per row and encodes each snapshot again, which
    together cost more than evaluating the rules when a whole intake is re-run; an UPDATE
    joined to unnested arrays measured three times slower on PostgreSQL
    (benchmarks/bench_eligibility.py)."""
    if not rows:
        return
    connection = connections[Application.objects.db]
    field = Application._meta.get_field("eligibility_snapshot")
    primary_key = Application._meta.pk
    assert field.column is not None and primary_key is not None and primary_key.column
    table = connection.ops.quote_name(Application._meta.db_table)
    column = connection.ops.quote_name(field.column)
    key = connection.ops.quote_name(primary_key.column)
    value = "%s"
    params: list[tuple[Any, int]]
    if connection.vendor == "postgresql":
        value = "%s::jsonb"
        params = [(text, pk) for pk, text in rows]
    elif connection.vendor == "sqlite":
        params = [(text, pk) for pk, text in rows]  # JSON is stored as text
    else:
        params = [(field.get_db_prep_save(json.loads(text), connection), pk) for pk, text in rows]
    # Identifiers come from the model's metadata and are quoted; values are parameters.
    sql = f"UPDATE {table} SET {column} = {value} WHERE {key} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
