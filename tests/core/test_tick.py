"""`manage.py tick` runs due scheduled work once, however often it is called."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from admissions.core.models import ScheduledJobRun
from admissions.core.schedule import jobs, run_due_jobs

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def expired_session(db):
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=NOW - dt.timedelta(days=1)
    )
    return store.session_key


def test_tick_runs_each_job_once_then_waits_for_its_interval(expired_session):
    first = run_due_jobs(now=NOW)
    assert first["core.clear_expired_sessions"] == "1 expired sessions removed"
    second = run_due_jobs(now=NOW + dt.timedelta(minutes=1))
    assert second["core.clear_expired_sessions"] == "not due"
    later = run_due_jobs(now=NOW + dt.timedelta(hours=1, seconds=1))
    assert later["core.clear_expired_sessions"] == "0 expired sessions removed"


def test_running_tick_twice_at_the_same_moment_does_the_work_once(expired_session):
    run_due_jobs(now=NOW)
    run_due_jobs(now=NOW)
    run = ScheduledJobRun.objects.get(name="core.clear_expired_sessions")
    assert run.last_started_at == NOW
    assert not Session.objects.filter(session_key=expired_session).exists()


def test_the_tick_command_reports_every_registered_job(db):
    out = StringIO()
    call_command("tick", stdout=out)
    for job in jobs():
        assert f"{job.name}:" in out.getvalue()


def test_a_failing_job_does_not_stop_the_others(db, monkeypatch):
    from admissions.core import schedule

    def broken(now):
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        schedule._REGISTRY,
        "aaa.broken",
        schedule.Job("aaa.broken", dt.timedelta(minutes=1), broken),
    )
    results = run_due_jobs(now=timezone.now())
    assert results["aaa.broken"] == "failed: disk full"
    assert results["core.clear_expired_sessions"].endswith("expired sessions removed")
