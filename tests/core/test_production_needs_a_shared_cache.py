"""Production refuses a per-process cache: failed sign-ins and used two-factor codes are
counted in the cache, and four gunicorn workers with a cache each let 19 of 40 password
guesses through a limit of 5 and accepted one code three times."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "ADMISSIONS_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "admissions.example.org",
}


def check(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "REDIS_URL", "CACHE_BACKEND", "ADMISSIONS_ENV"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_shared_cache_refuses_to_start_and_says_what_to_set():
    result = check(**PRODUCTION)

    assert result.returncode != 0
    assert "Production needs a cache shared by every process" in result.stderr
    assert "REDIS_URL" in result.stderr
    assert "CACHE_BACKEND=database" in result.stderr


def test_production_refuses_a_per_process_cache_asked_for_by_name():
    result = check(**PRODUCTION, CACHE_BACKEND="local")

    assert result.returncode != 0
    assert "Production needs a cache shared by every process" in result.stderr


@pytest.mark.parametrize(
    "cache",
    [{"REDIS_URL": "redis://127.0.0.1:6379/0"}, {"CACHE_BACKEND": "database"}],
    ids=["redis", "database"],
)
def test_production_starts_with_redis_or_the_database_cache(cache):
    result = check(**PRODUCTION, **cache)

    assert result.returncode == 0, result.stderr


def test_redis_asked_for_without_its_address_stops_start_up():
    result = check(CACHE_BACKEND="redis")

    assert result.returncode != 0
    assert "CACHE_BACKEND=redis needs REDIS_URL" in result.stderr


def test_development_keeps_the_per_process_cache_it_needs_nothing_for():
    assert check().returncode == 0
