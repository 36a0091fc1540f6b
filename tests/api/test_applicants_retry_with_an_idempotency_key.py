"""An applicant's client that lost the answer to "create my application" sends it again
with the same Idempotency-Key: it gets the first answer (201 and the reference), not a 409,
and one application exists. A forged request (no CSRF token) never reaches a kept answer."""

from __future__ import annotations

from admissions.applications.models import Application

DRAFT = {"programme": "post-master-ai", "entry_level": "pm"}


def post(api, path, data, key, *, csrf=True):
    headers = {"HTTP_X_CSRFTOKEN": api.token} if csrf else {}
    return api.client.post(
        f"/api/v1{path}",
        data,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **headers,
    )


def test_creating_again_with_the_same_key_replays_the_201(api, calendar):
    first = post(api, "/applications", DRAFT, "new-draft-1")
    again = post(api, "/applications", DRAFT, "new-draft-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["reference"] == first.json()["reference"]
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_without_a_key_the_second_create_is_still_a_409(api, calendar):
    api.post("/applications", DRAFT)
    assert api.post("/applications", DRAFT).status_code == 409


def test_a_forged_request_with_a_known_key_gets_the_csrf_refusal(api, calendar):
    post(api, "/applications", DRAFT, "new-draft-2")
    forged = post(api, "/applications", DRAFT, "new-draft-2", csrf=False)
    assert forged.status_code == 403
    assert forged.json()["code"] == "csrf_failed"


def test_another_applicants_key_is_their_own(api, other_api, calendar):
    post(api, "/applications", DRAFT, "same-key")
    theirs = post(other_api, "/applications", DRAFT, "same-key")
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert Application.objects.count() == 2
