"""A re-run writes snapshots in bulk (``snapshots.store``: JSON text assembled from cached
pieces, one prepared UPDATE per chunk) where a submission stores one through the ORM. Both
must store the same snapshot, and its content must be what the engine says about the
result (``Result.to_snapshot``)."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from admissions.applications.models import Application
from admissions.eligibility import reruns, services, snapshots
from admissions.rules import cefr
from admissions.rules import eligibility as engine
from tests.eligibility.conftest import NOW

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(days=30)
# What the snapshot adds to the engine's result.
ADDED_KEYS = {"tables_version", "programme", "entry_level", "evaluated_at", "profile", "rerun"}


@pytest.fixture
def submitted_with_every_outcome(apply):
    """One submitted application per outcome, each with the snapshot of its submission."""
    applications = [
        apply(),  # eligible
        apply(toeic=690),  # not eligible
        apply(mooc="pending"),  # incomplete: a result awaited
        apply(toeic=None),  # incomplete: no English test
        apply(degree={"level": "master1", "ects": 240, "years_of_study": 4}, experience_years=3),
        apply("msc-cps2-ai-iot", "m1", degree={"level": "bachelor", "ects": 180}),
    ]
    for application in applications:
        services.snapshot_on_submission(application, NOW)
    return applications


def make_tables_look_older(application: Application) -> None:
    """As if the snapshot had been taken under older CEFR tables: a re-run rewrites it with
    the very same result."""
    snapshot = copy.deepcopy(application.eligibility_snapshot)
    snapshot["rerun"]["tables_version"] = "1999.1"
    Application.objects.filter(pk=application.pk).update(eligibility_snapshot=snapshot)


def test_a_rerun_stores_the_snapshot_a_submission_stored_for_the_same_result(
    submitted_with_every_outcome, officer
):
    stored_at_submission = {
        application.pk: Application.objects.get(pk=application.pk).eligibility_snapshot
        for application in submitted_with_every_outcome
    }
    outcomes = {snapshot["outcome"] for snapshot in stored_at_submission.values()}
    assert outcomes == {"eligible", "not_eligible", "incomplete", "needs_review"}
    for application in submitted_with_every_outcome:
        make_tables_look_older(application)

    for intake in {application.intake for application in submitted_with_every_outcome}:
        assert reruns.apply_rerun(intake=intake, actor=officer, now=LATER) == []

    for pk, at_submission in stored_at_submission.items():
        rewritten = Application.objects.get(pk=pk).eligibility_snapshot
        assert rewritten["evaluated_at"] == LATER.isoformat()
        assert {**rewritten, "evaluated_at": NOW.isoformat()} == at_submission


def test_the_stored_snapshot_is_the_engines_result_with_what_a_rerun_needs(
    submitted_with_every_outcome, officer
):
    for application in submitted_with_every_outcome:
        make_tables_look_older(application)
    for intake in {application.intake for application in submitted_with_every_outcome}:
        reruns.apply_rerun(intake=intake, actor=officer, now=LATER)

    for application in submitted_with_every_outcome:
        application.refresh_from_db()
        stored = application.eligibility_snapshot
        result = reruns.result_under_current_rules(application, LATER)
        assert {k: v for k, v in stored.items() if k not in ADDED_KEYS} == result.to_snapshot()
        assert stored["tables_version"] == cefr.TABLES_VERSION
        assert stored["programme"] == application.programme.slug
        assert stored["entry_level"] == application.entry_level.code
        assert stored["rerun"] == {
            "outcome": str(result.outcome),
            "evaluated_on": "2026-12-01",
            "rules_version": result.rules_version,
            "tables_version": cefr.TABLES_VERSION,
            "fingerprint": snapshots.SnapshotWriter().criteria(result)[1],
        }
        assert engine.Profile.from_dict(stored["profile"])  # the profile still reads


def test_the_bulk_writer_stores_any_text_exactly(apply):
    first, second = apply(), apply()
    tricky = {
        "outcome": "eligible",
        "message_fr": "Diplôme d'ingénieur « habilité » : 5 ans — “oui”",
        "quotes": 'a "quoted" word, a back\\slash, a tab\t and a new\nline',
        "emoji": "🎓",
        "numbers": [0, -1, 2.5, 1e21],
        "nothing": None,
    }
    snapshots.store(
        [(first.pk, json.dumps(tricky)), (second.pk, json.dumps({**tricky, "outcome": "x"}))]
    )
    assert Application.objects.get(pk=first.pk).eligibility_snapshot == tricky
    assert Application.objects.get(pk=second.pk).eligibility_snapshot["outcome"] == "x"


def test_the_bulk_writer_sends_nothing_for_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        snapshots.store([])
