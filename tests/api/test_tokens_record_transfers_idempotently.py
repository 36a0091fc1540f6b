"""A finance officer's program records a bank transfer; an Idempotency-Key makes a retry
replay the first answer, and the same key for another request is refused (422)."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.accounts.idempotency import purge_idempotency_keys
from admissions.accounts.models import IdempotencyRecord
from admissions.core import clock
from admissions.finance.models import Payment
from tests.api.conftest import Api
from tests.api.tokens import Bearer, make_token
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory, RoundFactory

TRANSFERS = "/staff/finance/transfers"


@pytest.fixture
def application(applicant, post_master):
    post_master.application_fee_cents = 15_000
    post_master.save()
    intake = IntakeFactory(programme=post_master, academic_year=2027)
    return ApplicationFactory(
        applicant=applicant,
        intake=intake,
        round=RoundFactory(intake=intake, number=1),
        status="submitted",
        submitted_at=clock.now(),
    )


@pytest.fixture
def caller(finance_officer):
    return Bearer(make_token(finance_officer, ["finance:read", "finance:write"]).secret)


def transfer(application, **changes):
    return {
        "reference": application.reference,
        "amount_cents": 15_000,
        "currency": "EUR",
        "received_on": "2026-11-02",
        "payer_name": "Ada Lovelace",
        "bank_reference": "BNP-2026-000123",
        **changes,
    }


def test_a_finance_token_records_a_transfer_and_gets_the_receipt(caller, application):
    response = caller.post(TRANSFERS, transfer(application))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == application.reference
    assert body["receipt_number"]
    assert (body["fee_status"], body["balance_cents"]) == ("paid", 0)


def test_recording_needs_the_write_scope(finance_officer, application):
    reader = Bearer(make_token(finance_officer, ["finance:read"]).secret)
    response = reader.post(TRANSFERS, transfer(application))
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    assert not Payment.objects.exists()


def test_an_application_of_another_programme_is_not_found(
    finance_officer_of_other_programme, application
):
    other = Bearer(make_token(finance_officer_of_other_programme, ["finance:write"]).secret)
    response = other.post(TRANSFERS, transfer(application))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert not Payment.objects.exists()


def test_a_retry_with_the_same_key_replays_the_first_answer(caller, application):
    key = {"HTTP_IDEMPOTENCY_KEY": "3f0c9a1e-5b1d-4a53-9f57-1c2e8d4b6a70"}
    first = caller.post(TRANSFERS, transfer(application), **key)
    again = caller.post(TRANSFERS, transfer(application), **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(caller, application):
    key = {"HTTP_IDEMPOTENCY_KEY": "key-1"}
    assert (
        caller.post(TRANSFERS, transfer(application, amount_cents=5_000), **key).status_code == 201
    )
    response = caller.post(TRANSFERS, transfer(application, amount_cents=10_000), **key)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(Payment.objects.values_list("amount_cents", flat=True)) == [5_000]


def test_a_refused_request_keeps_no_key_so_the_corrected_one_runs(caller, application):
    key = {"HTTP_IDEMPOTENCY_KEY": "key-2"}
    refused = caller.post(TRANSFERS, transfer(application, currency="USD"), **key)
    assert refused.status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert caller.post(TRANSFERS, transfer(application), **key).status_code == 201


def test_keys_belong_to_one_token(finance_officer, application):
    key = {"HTTP_IDEMPOTENCY_KEY": "shared"}
    first = Bearer(make_token(finance_officer, ["finance:write"]).secret)
    second = Bearer(make_token(finance_officer, ["finance:write"]).secret)
    assert (
        first.post(TRANSFERS, transfer(application, amount_cents=5_000), **key).status_code == 201
    )
    response = second.post(
        TRANSFERS, transfer(application, amount_cents=5_000, bank_reference="BNP-2"), **key
    )
    assert response.status_code == 201
    assert Payment.objects.count() == 2


def test_a_session_can_send_a_key_too(finance_officer, application):
    api = Api(finance_officer)
    key = {"HTTP_IDEMPOTENCY_KEY": "from-the-browser"}
    first = api.client.post(
        "/api/v1" + TRANSFERS,
        transfer(application),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=api.token,
        **key,
    )
    again = api.client.post(
        "/api/v1" + TRANSFERS,
        transfer(application),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=api.token,
        **key,
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert Payment.objects.count() == 1


def test_an_invalid_key_is_refused(caller, application):
    response = caller.post(TRANSFERS, transfer(application), HTTP_IDEMPOTENCY_KEY="é" * 3)
    assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_invalid")


def test_keys_are_forgotten_after_24_hours(caller, application):
    key = {"HTTP_IDEMPOTENCY_KEY": "daily"}
    caller.post(TRANSFERS, transfer(application, amount_cents=5_000), **key)
    later = clock.now() + dt.timedelta(hours=25)
    assert "1 idempotency" in purge_idempotency_keys(later)
    assert not IdempotencyRecord.objects.exists()


def test_an_expired_key_is_a_new_key_even_before_the_purge(caller, application):
    key = {"HTTP_IDEMPOTENCY_KEY": "stale"}
    caller.post(TRANSFERS, transfer(application, amount_cents=5_000), **key)
    with clock.frozen(clock.now() + dt.timedelta(hours=25)):
        response = caller.post(
            TRANSFERS, transfer(application, amount_cents=5_000, bank_reference="BNP-3"), **key
        )
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response


def test_the_openapi_document_declares_the_idempotency_key_header(caller):
    operation = caller.get("/openapi.json").json()["paths"]["/api/v1/staff/finance/transfers"][
        "post"
    ]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
    assert {"StaffToken": []} in operation["security"]
