"""Every status code an endpoint can answer is in the OpenAPI document (issue 19: an outside
run found undocumented ones, 429 among them): 400 and 403 anywhere (the request edge, and
staff sessions without two-factor), 401 wherever a session or token is needed, 429 wherever
requests are throttled, and the staff endpoints' full set."""

from __future__ import annotations

import pytest

THROTTLED = {
    ("/api/v1/programmes", "get"),
    ("/api/v1/programmes/{slug}", "get"),
    ("/api/v1/eligibility/check", "post"),
}


@pytest.fixture
def operations(anonymous):
    document = anonymous.get("/openapi.json").json()
    return {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_every_operation_documents_the_edges_and_two_factors_answers(operations):
    missing = {key for key, op in operations.items() if not {"400", "403"} <= set(op["responses"])}
    assert not missing


def test_every_operation_that_needs_credentials_documents_401(operations):
    missing = {
        key for key, op in operations.items() if op.get("security") and "401" not in op["responses"]
    }
    assert not missing


def test_every_throttled_operation_documents_429(operations):
    assert all("429" in operations[key]["responses"] for key in THROTTLED)


def test_staff_operations_document_every_code_they_can_answer(operations):
    staff = {
        key: op
        for key, op in operations.items()
        if any(scheme == {"StaffToken": []} for scheme in op.get("security", []))
    }
    assert staff
    for key, op in staff.items():
        assert {"400", "401", "403", "404", "409", "413", "415", "422", "429"} <= set(
            op["responses"]
        ), key


def test_a_multipart_body_without_a_boundary_is_415_on_staff_endpoints_too(finance_officer):
    from tests.api.tokens import Bearer, make_token

    caller = Bearer(make_token(finance_officer, ["finance:write"]).secret)
    response = caller.client.post(
        "/api/v1/staff/finance/transfers",
        b"--x\r\n",
        content_type="multipart/form-data",
        **caller.headers,
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
