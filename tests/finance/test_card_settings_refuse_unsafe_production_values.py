"""Start-up refuses card payment settings that would be unsafe in production: the simulator
(it takes no money) unless explicitly allowed, and a real provider without a proper webhook
secret or API key. Development needs no configuration at all."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "ADMISSIONS_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "admissions.example.org",
    # Production also needs a shared cache (tests/core/test_production_needs_a_shared_cache.py).
    "CACHE_BACKEND": "database",
}
WEBHOOK_SECRET = "whsec_" + secrets.token_urlsafe(32)
SHOW_PROVIDER = (
    "import django; django.setup(); "
    "from django.conf import settings; print(settings.PAYMENT_PROVIDER)"
)
KNOBS = {
    "PAYMENT_PROVIDER",
    "PAYMENT_SIMULATOR_ALLOWED",
    "PAYMENT_WEBHOOK_SECRET",
    "PAYMENT_WEBHOOK_SECRET_FILE",
    "PAYMENT_API_KEY",
    "PAYMENT_API_KEY_FILE",
    "PAYMENT_API_URL",
    "DATABASE_URL",
    "REDIS_URL",
    *PRODUCTION,
}


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in KNOBS}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            SHOW_PROVIDER,
        ],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "admissions.settings",
            "PYTHONPATH": str(ROOT / "src"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_development_uses_the_simulator_without_any_configuration():
    result = start()
    assert (result.returncode, result.stdout.strip()) == (0, "simulator"), result.stderr


def test_production_without_configuration_turns_card_payments_off():
    result = start(**PRODUCTION)
    assert (result.returncode, result.stdout.strip()) == (0, "none"), result.stderr


def test_production_refuses_the_simulator():
    result = start(
        **PRODUCTION, PAYMENT_PROVIDER="simulator", PAYMENT_WEBHOOK_SECRET=WEBHOOK_SECRET
    )
    assert result.returncode != 0
    assert "PAYMENT_PROVIDER=simulator takes no real money" in result.stderr


def test_a_staging_site_may_allow_the_simulator_explicitly():
    result = start(
        **PRODUCTION,
        PAYMENT_PROVIDER="simulator",
        PAYMENT_SIMULATOR_ALLOWED="true",
        PAYMENT_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("secret", ["", "short", "development-only-payment-webhook-secret"])
def test_production_refuses_a_missing_or_weak_webhook_secret(secret):
    result = start(
        **PRODUCTION,
        PAYMENT_PROVIDER="hosted",
        PAYMENT_API_KEY="sk_live_x",
        PAYMENT_WEBHOOK_SECRET=secret,
    )
    assert result.returncode != 0
    assert "PAYMENT_WEBHOOK_SECRET is missing" in result.stderr


def test_production_refuses_the_hosted_provider_without_an_api_key():
    result = start(**PRODUCTION, PAYMENT_PROVIDER="hosted", PAYMENT_WEBHOOK_SECRET=WEBHOOK_SECRET)
    assert result.returncode != 0
    assert "PAYMENT_API_KEY" in result.stderr


def test_the_webhook_secret_may_come_from_a_file(tmp_path):
    secret_file = tmp_path / "webhook-secret"
    secret_file.write_text(WEBHOOK_SECRET + "\n")
    result = start(
        **PRODUCTION,
        PAYMENT_PROVIDER="hosted",
        PAYMENT_API_KEY="sk_live_x",
        PAYMENT_WEBHOOK_SECRET_FILE=str(secret_file),
    )
    assert (result.returncode, result.stdout.strip()) == (0, "hosted"), result.stderr


def test_an_unknown_provider_stops_start_up():
    result = start(PAYMENT_PROVIDER="paypal")
    assert result.returncode != 0
    assert "PAYMENT_PROVIDER='paypal' is not one of: simulator, hosted, none." in result.stderr
