"""Browser tests drive a live server in another thread, where the test's frozen clock (a
context variable) does not reach; they set ``CLOCK_FROZEN_AT``, which every thread reads and
which production refuses at start-up."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from admissions.core import clock

ROOT = Path(__file__).resolve().parents[2]
PARIS = ZoneInfo("Europe/Paris")


def test_the_setting_moves_the_clock_in_every_thread(settings):
    settings.CLOCK_FROZEN_AT = "2027-02-03T23:59:59+01:00"
    seen: list[dt.datetime] = []
    thread = threading.Thread(target=lambda: seen.append(clock.now()))
    thread.start()
    thread.join()

    assert seen == [dt.datetime(2027, 2, 3, 23, 59, 59, tzinfo=PARIS)]
    assert clock.now() == seen[0]


def test_a_frozen_context_still_wins_in_its_own_thread(settings):
    settings.CLOCK_FROZEN_AT = dt.datetime(2027, 1, 1, tzinfo=PARIS)
    with clock.frozen(dt.datetime(2027, 5, 1, tzinfo=PARIS)) as at:
        assert clock.now() == at


def test_a_time_without_its_offset_is_refused(settings):
    settings.CLOCK_FROZEN_AT = "2027-02-03T12:00:00"
    with pytest.raises(ValueError, match="offset"):
        clock.now()


def test_production_refuses_to_start_with_a_frozen_clock():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "ADMISSIONS_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "admissions.example.org",
        "CACHE_BACKEND": "database",
        "CLOCK_FROZEN_AT": "2027-02-03T12:00:00+01:00",
        "DJANGO_SETTINGS_MODULE": "admissions.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert started.returncode != 0
    assert "CLOCK_FROZEN_AT is for tests and is refused in production." in started.stderr
