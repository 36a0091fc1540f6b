"""An HTML or script payload is stored as typed and returned as a JSON string, never as markup."""

import json

from admissions.applications.models import Application
from admissions.applications.services import save_answers

PAYLOAD = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def test_a_script_in_the_profile_is_returned_as_a_plain_json_string(api):
    response = api.patch("/me/profile", {"given_names": PAYLOAD, "special_needs": PAYLOAD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["given_names"] == PAYLOAD
    assert data["special_needs"] == PAYLOAD
    assert api.get("/me/profile").json()["given_names"] == PAYLOAD


def test_a_script_in_an_answer_is_returned_as_a_plain_json_string(api, calendar):
    reference = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}
    ).json()["reference"]
    application = Application.objects.get(reference=reference)
    save_answers(
        application=application,
        answers={"career_plan": PAYLOAD},
        expected_version=application.version,
    )
    response = api.get(f"/applications/{reference}")
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["answers"]["career_plan"] == PAYLOAD
