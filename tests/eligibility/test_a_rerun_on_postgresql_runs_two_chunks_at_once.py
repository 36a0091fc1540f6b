"""On PostgreSQL a re-run outside a caller's transaction keeps two chunks in flight, each in
its own thread, connection and transaction (``reruns._in_threads``): one is evaluated
while the database writes the other. The result must be the one a run chunk after chunk
gives: the same changes in the same order, every snapshot written, one timeline event per
changed outcome, one audit record; and a chunk that fails stops the run with its error."""

from __future__ import annotations

import copy
import datetime as dt
import threading

import pytest
from django.db import connection

from admissions.applications.models import Application, TimelineEvent
from admissions.catalogue.models import EntryLevel, Intake
from admissions.core.models import AuditEvent
from admissions.eligibility import reruns, services
from tests.eligibility.conftest import NOW

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Threads need a database that serves several connections: run with "
        "DATABASE_URL=postgres://…",
    ),
]

LATER = NOW + dt.timedelta(days=30)
SCORES = [720, 850, 750, 900, 700, 990, 760, 800, 705]  # five fall under 785


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(reruns, "RERUN_CHUNK", 2)


@pytest.fixture
def intake(apply) -> Intake:
    for score in SCORES:
        services.snapshot_on_submission(apply(toeic=score), NOW)
    level = EntryLevel.objects.get(programme__slug="post-master-ai", code="pm")
    rules = copy.deepcopy(level.eligibility_rules)
    english = next(node for node in rules["all_of"] if node.get("code") == "english")
    english["min_scores"]["TOEIC_LR"] = 785
    level.eligibility_rules = rules
    level.save(update_fields=["eligibility_rules"])
    return level.programme.intakes.get(academic_year=2027)


def test_the_chunks_run_in_threads_and_give_what_the_preview_announced(
    intake, officer, small_chunks, monkeypatch
):
    evaluated_in: list[str] = []
    evaluate = reruns._evaluate_rows

    def recording(rows, levels, now):
        evaluated_in.append(threading.current_thread().name)
        return evaluate(rows, levels, now)

    monkeypatch.setattr(reruns, "_evaluate_rows", recording)
    preview = reruns.preview_rerun(intake=intake, now=LATER)
    evaluated_in.clear()

    changes = reruns.apply_rerun(intake=intake, actor=officer, now=LATER)

    assert len(evaluated_in) == 5  # nine applications, two by chunk
    assert all(name.startswith("eligibility-rerun-") for name in evaluated_in)
    assert changes == preview
    assert [change.application_id for change in changes] == sorted(
        change.application_id for change in changes
    )
    assert [(c.old_outcome, c.new_outcome) for c in changes] == [("eligible", "not_eligible")] * 5
    version = services.rules_versions(intake)["pm"]
    assert all(
        snapshot["rules_version"] == version
        for snapshot in Application.objects.values_list("eligibility_snapshot", flat=True)
    )
    assert sorted(
        TimelineEvent.objects.filter(kind="eligibility_rerun").values_list(
            "application_id", flat=True
        )
    ) == [change.application_id for change in changes]
    audit = AuditEvent.objects.get(action="eligibility.rerun")
    assert audit.data["evaluated"] == 9
    assert audit.data["refreshed"] == 9
    assert audit.data["outcome_changed"] == 5


def test_a_failing_chunk_stops_the_run_with_its_error(intake, officer, small_chunks, monkeypatch):
    evaluate = reruns._evaluate_rows
    last = max(Application.objects.values_list("pk", flat=True))

    def failing_on_the_last_chunk(rows, levels, now):
        if any(row["pk"] == last for row in rows):
            raise RuntimeError("the database went away")
        return evaluate(rows, levels, now)

    monkeypatch.setattr(reruns, "_evaluate_rows", failing_on_the_last_chunk)

    with pytest.raises(RuntimeError, match="the database went away"):
        reruns.apply_rerun(intake=intake, actor=officer, now=LATER)

    assert not AuditEvent.objects.filter(action="eligibility.rerun").exists()
    failed = Application.objects.get(pk=last)
    assert failed.eligibility_snapshot["rules_version"] != services.rules_versions(intake)["pm"]
