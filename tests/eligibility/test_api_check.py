"""The API contract of ``POST /api/v1/eligibility/check``, which integrations rely on."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from admissions.catalogue.models import Programme

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility/check"

# The body of the issue, as an integration would send it.
ISSUE_BODY = {
    "programme": "post-master-ai",
    "entry_level": "pm",
    "profile": {
        "nationalities": ["FR"],
        "residence_country": "FR",
        "native_languages": ["fr"],
        "instruction_languages": ["fr"],
        "degrees": [
            {
                "level": "engineering",
                "field": "computer_science",
                "ects": 300,
                "years": 5,
                "country": "FR",
                "cti_accredited": True,
                "completed": True,
            }
        ],
        "experience_months": 0,
        "language_tests": [{"test": "TOEIC_LR", "score": 720, "level": "B2", "date": "2026-05-01"}],
        "certifications": [{"code": "mooc-big-data-basics", "status": "passed"}],
    },
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def post(client, body, **headers):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **headers)


def with_profile(**changes):
    return {**ISSUE_BODY, "profile": {**ISSUE_BODY["profile"], **changes}}


def fields_of(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def test_an_eligible_engineer_gets_the_outcome_and_every_criterion(client, seed_programmes):
    response = post(client, ISSUE_BODY)
    assert response.status_code == 200
    body = response.json()
    assert body["outcome"] == "eligible"
    assert body["programme"] == "post-master-ai"
    assert body["entry_level"] == "pm"
    assert len(body["rules_version"]) == 64
    criteria = {criterion["code"]: criterion for criterion in body["criteria"]}
    assert set(criteria) >= {"degree", "engineering-cs-telecom", "english", "mooc-big-data"}
    assert criteria["english"] == {
        "code": "english",
        "status": "met",
        "message": "Your TOEIC score of 720 meets the 700 this programme requires.",
        "label": None,
    }
    assert all(set(c) >= {"code", "status", "message"} for c in body["criteria"])


def test_messages_follow_accept_language(client, seed_programmes):
    body = post(client, ISSUE_BODY, HTTP_ACCEPT_LANGUAGE="fr").json()
    english = next(c for c in body["criteria"] if c["code"] == "english")
    assert english["message"].startswith("Votre score TOEIC de 720")
    assert body["message"] == "Vous remplissez les conditions d'éligibilité."
    degree = next(c for c in body["criteria"] if c["code"] == "degree")
    assert degree["label"] == "Diplôme"


def test_a_score_below_the_threshold_says_why(client, seed_programmes):
    tests = [{"test": "TOEIC_LR", "score": 690, "date": "2026-05-01"}]
    body = post(client, with_profile(language_tests=tests)).json()
    assert body["outcome"] == "not_eligible"
    english = next(c for c in body["criteria"] if c["code"] == "english")
    assert english["status"] == "unmet"
    assert "690" in english["message"] and "700" in english["message"]


def test_omitted_fields_are_unknown(client, seed_programmes):
    body = post(client, {"programme": "msc-cps2-ai-iot", "entry_level": "m1"}).json()
    assert body["outcome"] == "incomplete"
    assert {criterion["status"] for criterion in body["criteria"]} == {"unknown"}


def test_an_empty_list_means_none_not_unknown(client, seed_programmes):
    body = post(client, with_profile(certifications=[])).json()
    mooc = next(c for c in body["criteria"] if c["code"] == "mooc-big-data")
    # The engine reads "no certification declared" as unknown for the MOOC: it may come later.
    assert mooc["status"] == "unknown"
    body = post(client, with_profile(degrees=[])).json()
    assert body["outcome"] == "not_eligible"


def test_a_pending_mooc_makes_the_outcome_incomplete(client, seed_programmes):
    pending = [{"code": "mooc-big-data-basics", "status": "pending"}]
    body = post(client, with_profile(certifications=pending)).json()
    assert body["outcome"] == "incomplete"


@pytest.mark.parametrize(
    "body",
    [
        {**ISSUE_BODY, "programme": "no-such-programme"},
        {**ISSUE_BODY, "entry_level": "m1"},
    ],
)
def test_an_unknown_programme_or_entry_level_is_404(client, seed_programmes, body):
    response = post(client, body)
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "errors"}
    assert response.json()["detail"]


def test_an_unpublished_programme_is_404(client, seed_programmes):
    Programme.objects.filter(slug="post-master-ai").update(is_published=False)
    assert post(client, ISSUE_BODY).status_code == 404


def test_each_invalid_field_is_named(client, seed_programmes):
    profile = {
        **ISSUE_BODY["profile"],
        "degrees": [{"level": "master", "ects": -30}],
        "language_tests": [
            {"test": "TOEIC_LR", "score": 1200},
            {"test": "SPEAKWELL", "score": 10},
            {"test": "DELF", "level": "Z9"},
        ],
    }
    response = post(client, {**ISSUE_BODY, "profile": profile})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Some fields are not valid. Correct them and send the request again."
    assert set(fields_of(response)) == {
        "profile.degrees[0].ects",
        "profile.language_tests[0].score",
        "profile.language_tests[1].test",
        "profile.language_tests[2].level",
    }
    assert all(error["message"] for error in body["errors"])


def test_a_value_of_the_wrong_type_is_named(client, seed_programmes):
    degrees = [{"level": "master", "ects": "a lot"}]
    response = post(client, with_profile(degrees=degrees))
    assert response.status_code == 422
    assert fields_of(response) == ["profile.degrees[0].ects"]


def test_an_unknown_key_is_named(client, seed_programmes):
    response = post(client, with_profile(favourite_colour="blue"))
    assert response.status_code == 422
    assert fields_of(response) == ["profile.favourite_colour"]


def test_a_missing_programme_is_named(client, seed_programmes):
    response = post(client, {"entry_level": "pm"})
    assert response.status_code == 422
    assert fields_of(response) == ["programme"]


def test_no_account_and_no_csrf_token_are_needed(seed_programmes):
    integration = Client(enforce_csrf_checks=True)
    assert post(integration, ISSUE_BODY).status_code == 200


def test_callers_are_rate_limited(client, seed_programmes):
    statuses = [post(client, ISSUE_BODY).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    response = post(client, ISSUE_BODY)
    assert response.json()["detail"].startswith("Too many requests")
    assert int(response["Retry-After"]) > 0


def test_the_catalogue_does_not_use_up_the_checks_allowance(client, seed_programmes):
    for _ in range(5):
        client.get("/api/v1/programmes")
    statuses = [post(client, ISSUE_BODY).status_code for _ in range(30)]
    assert set(statuses) == {200}


def test_the_endpoint_is_documented(client, seed_programmes):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    assert operation.get("security") in (None, [], [{}])
    assert {"200", "404", "422"} <= set(operation["responses"])
