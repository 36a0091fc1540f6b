"""The hosted provider's API receives the secret API key with every call: start-up accepts
only an https:// address for it, and plain http:// only to this machine outside production
(a local stub of the provider). Any other scheme (file:, ftp:, http: to another host) stops
start-up with the setting named."""

from __future__ import annotations

import pytest

from tests.finance.test_card_settings_refuse_unsafe_production_values import (
    PRODUCTION,
    WEBHOOK_SECRET,
    start,
)

HOSTED = {
    "PAYMENT_PROVIDER": "hosted",
    "PAYMENT_API_KEY": "sk_live_x",
    "PAYMENT_WEBHOOK_SECRET": WEBHOOK_SECRET,
}


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://api.stripe.com", "ftp://api.example.com", "api.stripe.com"],
)
def test_an_address_that_is_not_https_stops_start_up(url):
    result = start(PAYMENT_API_URL=url)
    assert result.returncode != 0
    assert "PAYMENT_API_URL" in result.stderr
    assert "https://" in result.stderr


def test_plain_http_to_this_machine_is_allowed_in_development():
    result = start(PAYMENT_API_URL="http://127.0.0.1:12111")
    assert result.returncode == 0, result.stderr


def test_plain_http_even_to_this_machine_is_refused_in_production():
    result = start(**PRODUCTION, **HOSTED, PAYMENT_API_URL="http://localhost:12111")
    assert result.returncode != 0
    assert "PAYMENT_API_URL" in result.stderr


def test_an_https_address_is_accepted_in_production():
    result = start(**PRODUCTION, **HOSTED, PAYMENT_API_URL="https://api.stripe.com")
    assert (result.returncode, result.stdout.strip()) == (0, "hosted"), result.stderr
