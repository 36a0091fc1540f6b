"""With ``TASKS_BACKEND=rq`` the tasks go to Redis queues (django-tasks-rq on RQ) and a worker
on any machine runs them; ``tick`` still does its scheduled work once per period however many
schedulers run it.

The Redis tests use their own Redis database (``TEST_REDIS_URL``, by default
``redis://127.0.0.1:6379/13``), emptied before and after, and RQ's ``SimpleWorker`` (it runs
each job in its own process, without forking). They are skipped when Redis does not answer.
The concurrent ticks need real row locks: PostgreSQL only (``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from admissions.core import schedule
from admissions.core.models import ScheduledJobRun
from tests.concurrency import at_once

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
QUEUES = ["default", "mail", "documents"]


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:  # no server, no package: the module is skipped
        return False


needs_redis = pytest.mark.skipif(not _redis_answers(), reason=f"Redis at {TEST_REDIS_URL}")


@pytest.fixture
def rq_backend():
    """The tasks on RQ queues in the test Redis database, empty before and after."""
    import redis

    server = redis.Redis.from_url(TEST_REDIS_URL)
    server.flushdb()
    rq_queues = {name: {"URL": TEST_REDIS_URL, "DEFAULT_TIMEOUT": 60} for name in QUEUES}
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
    with override_settings(TASKS=tasks, RQ_QUEUES=rq_queues):
        yield
    server.flushdb()


def run_queue(name: str) -> None:
    """Run every job of queue ``name`` in this process, as a worker would, then stop."""
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue(name, job_class=Job)
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True, with_scheduler=False)


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_merged_file_task_goes_to_redis_and_a_worker_runs_it(rq_backend, monkeypatch):
    import django_rq
    from django_tasks import TaskResultStatus

    from admissions.documents import services, tasks

    built: list[int] = []
    monkeypatch.setattr(
        services, "build_merged_file", lambda *, merged_file_id: built.append(merged_file_id)
    )

    result = tasks.build_merged_file.enqueue(42)

    assert type(tasks.build_merged_file.get_backend()).__name__ == "RQBackend"
    assert django_rq.get_queue("documents").count == 1
    assert built == []  # nothing ran in the web process
    run_queue("documents")
    assert built == [42]
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert django_rq.get_queue("documents").count == 0


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_on_the_mail_queue_is_left_to_the_mail_workers(rq_backend):
    import django_rq

    from admissions.notifications import tasks

    tasks.deliver_due_messages.enqueue()

    run_queue("documents")  # a documents worker does not take it
    assert django_rq.get_queue("mail").count == 1
    run_queue("mail")
    assert django_rq.get_queue("mail").count == 0


@needs_redis
def test_rq_is_chosen_by_configuration_and_needs_redis():
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.TASKS['default']['BACKEND'], 'django_rq' in settings.INSTALLED_APPS)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "admissions.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
        "TASKS_BACKEND": "rq",
        "REDIS_URL": TEST_REDIS_URL,
    }
    env.pop("DATABASE_URL", None)
    chosen = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    refused = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "REDIS_URL": "", "CACHE_BACKEND": "local"},
        capture_output=True,
        text=True,
    )

    assert chosen.stdout.split() == ["django_tasks_rq.RQBackend", "True"], chosen.stderr
    assert refused.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in refused.stderr


# --- tick: once per period, however many schedulers run it ---------------------------------

NOW = dt.datetime(2027, 1, 11, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent ticks need real row locks: run with DATABASE_URL=postgres://…",
)
def test_two_ticks_at_the_same_moment_do_the_work_once(monkeypatch):
    runs: list[dt.datetime] = []
    lock = threading.Lock()

    def count(now: dt.datetime) -> str:
        with lock:
            runs.append(now)
        return "counted"

    monkeypatch.setattr(
        schedule,
        "_REGISTRY",
        {"test.count": schedule.Job("test.count", dt.timedelta(minutes=5), count)},
    )

    results = at_once(4, lambda _i: schedule.run_due_jobs(now=NOW))
    later = at_once(4, lambda _i: schedule.run_due_jobs(now=NOW + dt.timedelta(minutes=1)))
    next_period = at_once(4, lambda _i: schedule.run_due_jobs(now=NOW + dt.timedelta(minutes=5)))

    assert not any(isinstance(result, Exception) for result in results + later + next_period)
    assert runs == [NOW, NOW + dt.timedelta(minutes=5)]
    outcomes = sorted(result["test.count"] for result in results)
    assert outcomes.count("counted") == 1
    assert ScheduledJobRun.objects.get(name="test.count").last_started_at == NOW + dt.timedelta(
        minutes=5
    )
