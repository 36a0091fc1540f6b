"""A re-run's chunks commit without waiting for the disk on PostgreSQL (``SET LOCAL
synchronous_commit = off``, see ``snapshots.commit_without_waiting_for_the_disk``): a crash
may lose the last chunks whole, and running again redoes them. Only in the re-run's own
transactions: called inside a caller's transaction, a re-run leaves its durability alone."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.db import connection, transaction

from admissions.catalogue.models import EntryLevel
from admissions.eligibility import reruns, services, snapshots
from tests.eligibility.conftest import NOW

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="synchronous_commit is PostgreSQL's: run with DATABASE_URL=postgres://…",
    ),
]


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_the_transaction_that_asks_commits_without_waiting_for_the_disk():
    assert synchronous_commit() == "on"  # the server's default
    with transaction.atomic():
        snapshots.commit_without_waiting_for_the_disk()
        assert synchronous_commit() == "off"


def test_a_rerun_inside_a_callers_transaction_keeps_its_durability(apply, officer):
    for toeic in (720, 850):
        services.snapshot_on_submission(apply(toeic=toeic), NOW)
    level = EntryLevel.objects.get(programme__slug="post-master-ai", code="pm")
    rules = copy.deepcopy(level.eligibility_rules)
    next(node for node in rules["all_of"] if node.get("code") == "english")["min_scores"][
        "TOEIC_LR"
    ] = 785
    level.eligibility_rules = rules
    level.save(update_fields=["eligibility_rules"])

    with transaction.atomic():  # the caller's
        changes = reruns.apply_rerun(
            intake=level.programme.intakes.get(academic_year=2027),
            actor=officer,
            now=NOW + dt.timedelta(days=30),
        )
        assert synchronous_commit() == "on"
    assert len(changes) == 1
