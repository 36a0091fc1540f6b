"""``POST /applications/{reference}/withdraw`` takes an optional reason: a client may send no
body at all, an empty one, or an empty object, and the application is withdrawn."""

import pytest

from admissions.applications.models import Application


@pytest.fixture
def reference(api, calendar):
    return api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"}).json()[
        "reference"
    ]


def _withdraw(api, reference, body, content_type):
    return api.client.generic(
        "POST",
        f"/api/v1/applications/{reference}/withdraw",
        body,
        content_type=content_type,
        HTTP_X_CSRFTOKEN=api.token,
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", ""),
        ("", "application/json"),
        ("   \n", "application/json"),
        ("{}", "application/json"),
        ("null", "application/json"),
    ],
    ids=["no-body-no-type", "no-body", "blank", "empty-object", "null"],
)
def test_a_withdrawal_without_a_reason_works_whatever_empty_body_is_sent(
    api, reference, body, content_type
):
    response = _withdraw(api, reference, body, content_type)
    assert (response.status_code, response.json()) == (
        200,
        {"reference": reference, "status": "withdrawn"},
    )
    application = Application.objects.get(reference=reference)
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "")


def test_a_withdrawal_with_a_reason_keeps_it(api, reference):
    response = api.post(f"/applications/{reference}/withdraw", {"reason": "Another school."})
    assert response.status_code == 200
    assert Application.objects.get(reference=reference).withdrawal_reason == "Another school."


def test_a_withdrawal_with_a_misspelt_field_is_refused_naming_it(api, reference):
    response = api.post(f"/applications/{reference}/withdraw", {"reasons": "Another school."})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["reasons"]
    assert Application.objects.get(reference=reference).status == "draft"
