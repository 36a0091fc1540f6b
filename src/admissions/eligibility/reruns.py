"""Re-running an intake's eligibility after a rule change: preview what would change, apply it.

- ``preview_rerun`` / ``apply_rerun``: re-evaluate every submitted application of an intake
  after a rule change, showing first what would change.
- ``result_under_current_rules``: what the current rules say about one application as it was
  submitted (what a re-run would store).

A re-run judges what was submitted: each application is evaluated on the profile its
snapshot stored and on the day it was stored for (see ``services``), and a person's override
stays in force (the preview says so).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import db
from django.db import transaction

from admissions.applicants import selectors as applicant_selectors
from admissions.applications.models import Application, TimelineEvent
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake
from admissions.core import audit, clock
from admissions.eligibility import errors, selectors, snapshots
from admissions.eligibility.services import (
    OUTCOME_WORDS,
    compiled_rules,
    evaluate_application,
    local_today,
    rules_versions,
)
from admissions.rules import cefr
from admissions.rules import eligibility as engine
from admissions.rules.eligibility import Profile, Result

__all__ = [
    "EVENT_RERUN",
    "Change",
    "apply_rerun",
    "preview_rerun",
    "result_under_current_rules",
]

# The timeline event kind a re-run writes (applications.models.EventKind lists the core ones).
EVENT_RERUN = "eligibility_rerun"

RERUN_CHUNK = 2000
RERUN_THREADS = 2  # chunks in flight at once on PostgreSQL (see _in_threads)


@dataclass(frozen=True)
class Change:
    """What a re-run does to one application."""

    application_id: int
    reference: str
    status: str
    old_outcome: str | None
    new_outcome: str
    old_rules_version: str | None
    new_rules_version: str
    # A person's override stays in force whatever the engine now says.
    overridden_outcome: str | None = None

    @property
    def outcome_changed(self) -> bool:
        return self.old_outcome != self.new_outcome


@dataclass
class _Evaluated:
    row: Mapping[str, Any]  # selectors.rerun_rows, with "state" (snapshots.rerun_state)
    result: Result
    profile_dict: Mapping[str, Any]


def _with_state(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each row its ``state`` (what its snapshot says, for the comparison) and
    ``profile``; a snapshot written before ``rerun`` existed is read whole (rare)."""
    older = [row["pk"] for row in rows if row.get("stored_rerun") is None]
    full = dict(
        Application.objects.filter(pk__in=older).values_list("pk", "eligibility_snapshot")
        if older
        else []
    )
    for row in rows:
        stored = row.get("stored_rerun")
        if stored is None and row["pk"] in full:
            row["state"] = snapshots.rerun_state(full[row["pk"]] or {})
        else:
            row["state"] = dict(stored or {})
        row["profile"] = row.get("stored_profile")
    return rows


def _evaluation_day(row: Mapping[str, Any], now: dt.datetime, time_zone: str) -> dt.date:
    """The day a submitted application is judged on: the one its snapshot was computed for
    (the submission's), else the submission's date in the programme's time zone."""
    evaluated_on = row["state"].get("evaluated_on")
    if isinstance(evaluated_on, str):
        try:
            return dt.date.fromisoformat(evaluated_on)
        except ValueError:
            pass
    return clock.local(row.get("submitted_at") or now, time_zone).date()


def _live_profiles(applicant_ids: list[int], today: dt.date) -> dict[int, dict[str, Any]]:
    """applicant id → current profile in the engine's shape, with one query per list."""
    if not applicant_ids:
        return {}
    return {
        profile.user_id: applicant_selectors.eligibility_profile(profile, today=today)
        for profile in applicant_selectors.profile_queryset().filter(user_id__in=applicant_ids)
    }


def _evaluate_rows(
    rows: list[dict[str, Any]], levels: Mapping[int, EntryLevel], now: dt.datetime
) -> list[_Evaluated]:
    """Evaluate applications, each on the profile its snapshot stored and on the day it was
    stored for; an application without one (or whose stored profile no longer reads) on the
    applicant's current profile, fetched for the whole list at once."""
    rules = {pk: compiled_rules(level) for pk, level in levels.items()}
    time_zone = next(iter(levels.values())).programme.time_zone if levels else "Europe/Paris"
    evaluated: list[_Evaluated | None] = []
    missing: list[int] = []
    for index, row in enumerate(_with_state(rows)):
        stored = row["profile"]
        today = _evaluation_day(row, now, time_zone)
        if isinstance(stored, Mapping):
            try:
                profile = Profile.from_dict(stored)
            except engine.ProfileError:
                pass  # read under older validation rules: use the profile as it is now
            else:
                result = engine.evaluate(rules[row["entry_level_id"]], profile, today=today)
                evaluated.append(_Evaluated(row, result, stored))
                continue
        evaluated.append(None)
        missing.append(index)
    if missing:
        live = _live_profiles([rows[i]["applicant_id"] for i in missing], now.date())
        for index in missing:
            row = rows[index]
            profile_dict = live.get(row["applicant_id"], {})
            today = _evaluation_day(row, now, time_zone)
            try:
                profile = Profile.from_dict(profile_dict)
            except engine.ProfileError:
                continue  # left as it is; the run's audit counts it as unreadable
            result = engine.evaluate(rules[row["entry_level_id"]], profile, today=today)
            evaluated[index] = _Evaluated(row, result, profile_dict)
    return [item for item in evaluated if item is not None]


def _chunks(queryset: Any, size: int) -> Iterable[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _change(item: _Evaluated, overrides: Mapping[int, str]) -> Change:
    row = item.row
    return Change(
        application_id=row["pk"],
        reference=row["reference"],
        status=row["status"],
        old_outcome=row["state"].get("outcome"),
        new_outcome=str(item.result.outcome),
        old_rules_version=row["state"].get("rules_version"),
        new_rules_version=item.result.rules_version,
        overridden_outcome=overrides.get(row["pk"]),
    )


def result_under_current_rules(application: Application, now: dt.datetime | None = None) -> Result:
    """What the current rules say about ``application`` as it was submitted (its stored
    profile, on its stored day): what a re-run would store. For a draft, the live result."""
    now = now or clock.now()
    if application.status == Status.DRAFT:
        return evaluate_application(application, local_today(application.programme, now))
    snapshot = application.eligibility_snapshot or {}
    row = {
        "pk": application.pk,
        "applicant_id": application.applicant_id,
        "entry_level_id": application.entry_level_id,
        "submitted_at": application.submitted_at,
        "stored_rerun": snapshots.rerun_state(snapshot) if snapshot else None,
        "stored_profile": snapshot.get("profile"),
    }
    levels = {application.entry_level_id: application.entry_level}
    evaluated = _evaluate_rows([row], levels, now)
    if not evaluated:  # neither the stored nor the current profile can be read
        raise engine.ProfileError([("", "The applicant's profile cannot be read.")])
    return evaluated[0].result


def preview_rerun(*, intake: Intake, now: dt.datetime | None = None) -> list[Change]:
    """What re-running the current rules over every submitted application of ``intake``
    would change: one ``Change`` per application whose outcome would differ (old outcome →
    new outcome), nothing written."""
    now = now or clock.now()
    levels = selectors.entry_levels_of_programme(intake.programme_id)
    changes: list[Change] = []
    for chunk in _chunks(selectors.rerun_rows(intake), RERUN_CHUNK):
        evaluated = _evaluate_rows(chunk, levels, now)
        moved = [
            item for item in evaluated if item.row["state"].get("outcome") != item.result.outcome
        ]
        overrides = selectors.latest_overrides([item.row["pk"] for item in moved])
        changes.extend(_change(item, overrides) for item in moved)
    return changes


def apply_rerun(
    *,
    intake: Intake,
    actor: Any,
    now: dt.datetime | None = None,
    expected_rules: Mapping[str, str] | None = None,
) -> list[Change]:
    """Re-evaluate every submitted application of ``intake`` with the current rules and
    store the new snapshots; return the changes of outcome (as ``preview_rerun`` listed
    them). Each application whose outcome changes gets a staff timeline event; the run is
    audited once. Statuses do not move: ``decide_eligibility`` and overrides do that.

    ``expected_rules`` (entry level code → rules version, from the preview the person saw)
    makes the run refuse with ``RerunOutdated`` if the rules changed since.

    Applications are processed in chunks, each in its own transaction with its rows locked,
    so a large intake never holds thousands of locks at once and submissions carry on. A run
    cut short is simply run again: a snapshot that already says what the current rules say,
    under the current rules' and tables' versions, is left as it is.

    On PostgreSQL, outside a caller's transaction, two chunks are in flight at once, each in
    its own thread, connection and transaction (``_in_threads``). Called inside a caller's
    transaction, the chunks run one after the other as savepoints of it, so everything stays
    in the caller's hands."""
    now = now or clock.now()
    if expected_rules is not None and dict(expected_rules) != rules_versions(intake):
        raise errors.RerunOutdated(errors.RERUN_OUTDATED)
    ids = list(selectors.rerun_rows(intake).values_list("pk", flat=True))
    job = _RerunChunk(
        intake=intake,
        levels=selectors.entry_levels_of_programme(intake.programme_id),
        writer=snapshots.SnapshotWriter(),
        actor=actor,
        now=now,
    )
    chunks = [ids[start : start + RERUN_CHUNK] for start in range(0, len(ids), RERUN_CHUNK)]
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.in_atomic_block and len(chunks) > 1:
        done = _in_threads(job, chunks, RERUN_THREADS)
    else:
        done = [job(chunk) for chunk in chunks]
    changes = [change for chunk in done for change in chunk.changes]
    audit.record(
        action="eligibility.rerun",
        actor=actor,
        object_type="intake",
        object_ref=str(intake),
        programme_id=intake.programme_id,
        data={
            "evaluated": len(ids),
            "refreshed": sum(chunk.refreshed for chunk in done),
            "outcome_changed": len(changes),
            "unreadable": sum(chunk.unreadable for chunk in done),
            "rules": rules_versions(intake),
            "tables_version": cefr.TABLES_VERSION,
        },
    )
    return changes


@dataclass(frozen=True)
class _ChunkDone:
    changes: list[Change]
    refreshed: int  # snapshots written
    unreadable: int  # applications whose stored and current profiles both fail to read


@dataclass(frozen=True)
class _RerunChunk:
    """Re-runs one chunk of an intake's applications in one transaction."""

    intake: Intake
    levels: Mapping[int, EntryLevel]
    writer: snapshots.SnapshotWriter
    actor: Any
    now: dt.datetime

    def __call__(self, chunk: list[int]) -> _ChunkDone:
        # Inside a caller's transaction this is a savepoint: the caller's commit keeps the
        # durability the caller chose.
        own_transaction = not transaction.get_connection().in_atomic_block
        with transaction.atomic():
            if own_transaction:
                snapshots.commit_without_waiting_for_the_disk()
            # The range lets PostgreSQL walk the primary key over the chunk instead of
            # scanning the whole intake for the listed ids (measured: a third less time).
            rows = list(
                selectors.rerun_rows(self.intake)
                .filter(pk__gte=chunk[0], pk__lte=chunk[-1], pk__in=chunk)
                .select_for_update(of=("self",))
            )
            evaluated = _evaluate_rows(rows, self.levels, self.now)
            written: list[tuple[int, str]] = []
            moved: list[_Evaluated] = []
            for item in evaluated:
                row, result = item.row, item.result
                criteria = self.writer.criteria(result)
                state = row["state"]
                if (
                    state.get("fingerprint") == criteria[1]
                    and state.get("rules_version") == result.rules_version
                    and state.get("tables_version") == cefr.TABLES_VERSION
                ):
                    continue
                written.append(
                    (
                        row["pk"],
                        self.writer.snapshot_json(
                            result=result,
                            programme_slug=self.intake.programme.slug,
                            entry_level_code=self.levels[row["entry_level_id"]].code,
                            profile_dict=item.profile_dict,
                            now=self.now,
                            criteria=criteria,
                        ),
                    )
                )
                if state.get("outcome") != result.outcome:
                    moved.append(item)
            snapshots.store(written)
            overrides = selectors.latest_overrides([item.row["pk"] for item in moved])
            changes = [_change(item, overrides) for item in moved]
            TimelineEvent.objects.bulk_create(
                [_rerun_event(change, self.actor, self.now) for change in changes]
            )
        return _ChunkDone(changes, len(written), len(rows) - len(evaluated))


def _in_threads(job: _RerunChunk, chunks: list[list[int]], threads: int) -> list[_ChunkDone]:
    """``[job(chunk) for chunk in chunks]`` with ``threads`` chunks in flight at once.

    Why: a chunk's time is half Python (evaluating, building snapshots) and half the
    database (locking and reading, then writing ~6 MB of snapshots), one waiting for the
    other. Two threads, each with its own connection and so its own transaction, let one
    chunk be evaluated while the database writes the other: Python holds the GIL only
    while it computes, and psycopg releases it while it waits. More threads would only queue
    for the GIL. The chunks hold disjoint rows, so their locks never meet.

    Chunks are taken in order; results come back in the chunks' order. The first error
    stops the threads from taking more chunks and is raised once they are done (chunks
    already committed stay so, as when a sequential run fails half-way). Each thread
    closes its own database connection when it ends."""
    done: list[_ChunkDone | None] = [None] * len(chunks)
    failures: list[BaseException] = []
    pending = iter(range(len(chunks)))
    taking = threading.Lock()

    def work() -> None:
        try:
            while not failures:
                with taking:
                    index = next(pending, None)
                if index is None:
                    return
                done[index] = job(chunks[index])
        except BaseException as error:  # re-raised in the calling thread
            failures.append(error)
        finally:
            db.connections.close_all()  # this thread's connections only

    workers = [
        threading.Thread(target=work, name=f"eligibility-rerun-{number}")
        for number in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    return [chunk for chunk in done if chunk is not None]


def _rerun_event(change: Change, actor: Any, now: dt.datetime) -> TimelineEvent:
    before_en, before_fr = OUTCOME_WORDS.get(change.old_outcome, OUTCOME_WORDS[None])
    after_en, after_fr = OUTCOME_WORDS[change.new_outcome]
    kept_en = kept_fr = ""
    if change.overridden_outcome:
        kept_en = " A person's override stays in force."
        kept_fr = " La décision prise par une personne reste en vigueur."
    return TimelineEvent(
        application_id=change.application_id,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=EVENT_RERUN,
        data={
            "from": change.old_outcome,
            "to": change.new_outcome,
            "old_rules_version": change.old_rules_version,
            "rules_version": change.new_rules_version,
        },
        visible_to_applicant=False,
        message_en=(
            f"Eligibility re-checked after a change of the rules: {before_en} → {after_en}."
            + kept_en
        ),
        message_fr=(
            f"Éligibilité revérifiée après une modification des règles : {before_fr} → "
            f"{after_fr}.{kept_fr}"
        ),
    )
