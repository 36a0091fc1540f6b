"""Start-up refuses unsafe settings with a message that says what to fix."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAFE_KEY = secrets.token_urlsafe(50)


def start(**env: str) -> subprocess.CompletedProcess:
    # As a newcomer starts it: none of the settings under test, and the default SQLite.
    unset = {
        "DEBUG",
        "SECRET_KEY",
        "ADMISSIONS_ENV",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "CACHE_BACKEND",
    }
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_local_run_starts_with_no_configuration_at_all():
    assert start().returncode == 0


def test_debug_off_without_a_secret_key_stops_start_up():
    result = start(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_debug_off_with_a_short_or_repetitive_key_stops_start_up():
    for weak in ("short-key", "ab" * 40):
        result = start(DEBUG="false", SECRET_KEY=weak)
        assert result.returncode != 0
        assert "too weak" in result.stderr


def test_debug_off_with_the_development_key_stops_start_up():
    result = start(
        DEBUG="false", SECRET_KEY="development-only-insecure-key-do-not-use-in-production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = start(
        ADMISSIONS_ENV="production", DEBUG="true", SECRET_KEY=SAFE_KEY, ALLOWED_HOSTS="a.example"
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_needs_allowed_hosts():
    result = start(ADMISSIONS_ENV="production", SECRET_KEY=SAFE_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("value", ["flase", "maybe"])
def test_a_boolean_we_do_not_understand_stops_start_up(value):
    result = start(DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


def test_the_secret_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text(SAFE_KEY + "\n")
    result = start(DEBUG="false", SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_checks():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        ADMISSIONS_ENV="production",
        SECRET_KEY=SAFE_KEY,
        ALLOWED_HOSTS="admissions.example.org",
        CACHE_BACKEND="database",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_fresh_clone_without_a_var_folder_gets_one_for_its_database(tmp_path):
    var = tmp_path / "not-created-yet"
    result = start(VAR_DIR=str(var))
    assert result.returncode == 0, result.stderr
    assert var.is_dir()
