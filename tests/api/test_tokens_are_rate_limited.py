"""Rate limits per token, per address, and on unknown tokens from one address: 429 with
Retry-After, in the one error shape."""

from __future__ import annotations

import pytest

from tests.api.tokens import Bearer, make_token

SUMMARY = "/finance/summary"


@pytest.fixture
def secret(finance_officer):
    return make_token(finance_officer, ["finance:read"]).secret


def _too_many(response) -> None:
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_requests"
    assert int(response["Retry-After"]) >= 1


def test_one_token_past_its_rate_gets_429_with_retry_after(settings, secret):
    settings.API_TOKEN_RATE = "3/min"
    caller = Bearer(secret)
    assert [caller.get(SUMMARY).status_code for _ in range(3)] == [200, 200, 200]
    _too_many(caller.get(SUMMARY))


def test_the_rate_of_one_token_does_not_spend_another_tokens(settings, secret, finance_officer):
    settings.API_TOKEN_RATE = "2/min"
    caller = Bearer(secret)
    for _ in range(2):
        caller.get(SUMMARY)
    _too_many(caller.get(SUMMARY))
    other = make_token(finance_officer, ["finance:read"]).secret
    assert Bearer(other).get(SUMMARY).status_code == 200


def test_one_address_past_its_rate_gets_429_whatever_the_token(settings, secret, finance_officer):
    settings.API_ADDRESS_RATE = "2/min"
    other = make_token(finance_officer, ["finance:read"]).secret
    assert Bearer(secret).get(SUMMARY).status_code == 200
    assert Bearer(other).get(SUMMARY).status_code == 200
    _too_many(Bearer(other).get(SUMMARY))
    assert Bearer(other, address="198.51.100.9").get(SUMMARY).status_code == 200


def test_guessing_tokens_from_one_address_is_stopped(settings, secret):
    settings.API_TOKEN_FAILURE_RATE = "3/min"
    for attempt in range(3):
        assert Bearer(f"adm_guess{attempt}").get(SUMMARY).status_code == 401
    _too_many(Bearer("adm_guess4").get(SUMMARY))
    # Even the right token waits: the address is the one guessing.
    _too_many(Bearer(secret).get(SUMMARY))
    assert Bearer(secret, address="198.51.100.9").get(SUMMARY).status_code == 200
