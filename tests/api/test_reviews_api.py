"""The reviewers' API, exactly as the contract of issue 16 says: ``GET /staff/reviews``,
``GET /staff/reviews/{id}``, ``PUT /staff/reviews/{id}``, with each status code it names."""

from __future__ import annotations

import uuid

import pytest

from admissions.review.models import Review, ReviewStatus
from admissions.review.scoring import save_review
from tests.api.conftest import Api
from tests.people import make_reviewer, make_user, sign_in_without_two_factor
from tests.review.scoring_stories import MSC_SCORES, assign, msc_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def rita(msc):
    return make_reviewer(msc)


@pytest.fixture
def assignment(msc, rita):
    return assign(msc_application(msc), rita)


@pytest.fixture
def rita_api(rita):
    return Api(rita)


def path(assignment) -> str:
    return f"/staff/reviews/{assignment.public_id}"


def complete(**overrides):
    body = {"scores": MSC_SCORES, "recommendation": "admit", "comment": "Good.", "submit": True}
    body.update(overrides)
    return body


def fields_of(response) -> list[str | None]:
    return [error["field"] for error in response.json()["errors"]]


def test_the_list_gives_each_assignment_with_its_status_and_due_date(msc, rita, rita_api):
    fresh = assign(msc_application(msc), rita)
    drafted = assign(msc_application(msc), rita)
    submitted = assign(msc_application(msc), rita)
    save_review(assignment=drafted, actor=rita, scores={"career_plan": 2})
    save_review(
        assignment=submitted, actor=rita, scores=MSC_SCORES, recommendation="refuse", submit=True
    )

    response = rita_api.get("/staff/reviews")

    assert response.status_code == 200
    by_id = {item["id"]: item for item in response.json()}
    assert set(by_id) == {str(a.public_id) for a in (fresh, drafted, submitted)}
    assert by_id[str(fresh.public_id)]["status"] == "assigned"
    assert by_id[str(drafted.public_id)]["status"] == "draft"
    assert by_id[str(submitted.public_id)]["status"] == "submitted"
    item = by_id[str(fresh.public_id)]
    assert set(item) == {"id", "application", "status", "due"}
    assert item["application"] == fresh.application.reference
    assert item["due"] is not None


def test_one_review_gives_the_rubric_and_the_scores_so_far(assignment, rita, rita_api):
    save_review(assignment=assignment, actor=rita, scores={"academic_level": 4}, comment="So far")

    response = rita_api.get(path(assignment))

    assert response.status_code == 200
    body = response.json()
    assert [(c["code"], c["weight"], c["min"], c["max"]) for c in body["criteria"]] == [
        ("academic_level", 2, 0, 5),
        ("career_plan", 1, 0, 5),
        ("transversal_skills", 1, 0, 5),
    ]
    assert body["criteria"][0]["label_fr"] == "Niveau académique et adéquation du parcours"
    assert body["scores"] == {"academic_level": 4}
    assert body["comment"] == "So far"
    assert body["status"] == "draft"
    assert body["recommendation"] is None
    assert len(body["levels"]) == 6


def test_a_review_that_is_not_the_callers_answers_404(msc, assignment):
    rene = make_reviewer(msc, "rene.reviewer@example.org")
    rene_api = Api(rene)

    assert rene_api.get(path(assignment)).status_code == 404
    assert rene_api.put(path(assignment), complete()).status_code == 404
    assert rene_api.get(f"/staff/reviews/{uuid.uuid4()}").status_code == 404
    assert rene_api.get("/staff/reviews/not-a-uuid").status_code == 404
    assert Review.objects.count() == 0


def test_putting_a_draft_answers_200_with_the_review(assignment, rita_api):
    response = rita_api.put(
        path(assignment), {"scores": {"career_plan": 3}, "comment": "Reading", "submit": False}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert response.json()["scores"] == {"career_plan": 3}


def test_putting_a_complete_review_with_submit_locks_it_and_gives_its_weighted_score(
    assignment, rita_api
):
    response = rita_api.put(path(assignment), complete())

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted"
    assert body["weighted_score"] == "4.000"
    assert Review.objects.get(assignment=assignment).status == ReviewStatus.SUBMITTED


def test_a_score_outside_its_scale_is_422_naming_the_criterion(assignment, rita_api):
    response = rita_api.put(path(assignment), complete(scores={**MSC_SCORES, "career_plan": 7}))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert fields_of(response) == ["scores.career_plan"]
    assert not Review.objects.exists()


def test_a_missing_criterion_when_submitting_is_422_naming_it(assignment, rita_api):
    response = rita_api.put(
        path(assignment), complete(scores={"academic_level": 4, "career_plan": 3})
    )

    assert response.status_code == 422
    assert fields_of(response) == ["scores.transversal_skills"]


def test_a_missing_recommendation_when_submitting_is_422_naming_it(assignment, rita_api):
    body = complete()
    del body["recommendation"]

    response = rita_api.put(path(assignment), body)

    assert response.status_code == 422
    assert fields_of(response) == ["recommendation"]


def test_an_unknown_criterion_or_recommendation_is_422(assignment, rita_api):
    unknown_code = rita_api.put(path(assignment), complete(scores={**MSC_SCORES, "charm": 3}))
    unknown_choice = rita_api.put(path(assignment), complete(recommendation="maybe"))

    assert fields_of(unknown_code) == ["scores.charm"]
    assert unknown_choice.status_code == 422
    assert fields_of(unknown_choice) == ["recommendation"]


def test_a_score_that_is_text_or_an_unknown_field_is_422(assignment, rita_api):
    as_text = rita_api.put(path(assignment), complete(scores={**MSC_SCORES, "career_plan": "3"}))
    extra = rita_api.put(path(assignment), {**complete(), "final": True})

    assert as_text.status_code == 422
    assert as_text.json()["errors"][0]["field"].startswith("scores.career_plan")
    assert extra.status_code == 422
    assert fields_of(extra) == ["final"]


def test_putting_once_submitted_is_409(assignment, rita_api):
    assert rita_api.put(path(assignment), complete()).status_code == 200

    again = rita_api.put(path(assignment), complete(submit=False))

    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert Review.objects.get(assignment=assignment).comment == "Good."


def test_without_a_session_the_api_answers_401_and_an_applicant_404(assignment, applicant):
    assert Api().get("/staff/reviews").status_code == 401
    assert Api(applicant).get("/staff/reviews").status_code == 404
    assert Api(applicant).get(path(assignment)).status_code == 404


def test_a_staff_session_without_two_factor_is_refused(msc, assignment, rita):
    api = Api()
    sign_in_without_two_factor(api.client, rita)

    response = api.get("/staff/reviews")

    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_a_staff_member_without_a_reviewing_role_or_seat_gets_404(msc):
    from admissions.core.roles import Role

    finance = make_user("farid@example.org", [(Role.FINANCE_OFFICER, msc)], mfa=True)

    assert Api(finance).get("/staff/reviews").status_code == 404


def test_messages_come_in_the_requests_language(assignment, rita):
    api = Api(rita, language="fr")

    response = api.put(path(assignment), complete(scores={**MSC_SCORES, "career_plan": 9}))

    assert "doit être comprise entre 0 et 5" in response.json()["errors"][0]["message"]
