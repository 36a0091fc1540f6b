"""Reviews are the applicant's personal data: their export holds the submitted reviews of
their applications (never who wrote them, never drafts), and erasing an application blanks
the reviewers' comments while the scores stay for the reviewers' calibration."""

from __future__ import annotations

import pytest

from admissions.core import clock
from admissions.review.models import Review
from admissions.review.scoring import save_review
from admissions.workflows.privacy.erasure import erase_application
from admissions.workflows.privacy.export import personal_data
from tests.people import make_reviewer
from tests.review.scoring_stories import MSC_SCORES, assign, msc_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(seed_programmes):
    msc = seed_programmes["msc-cps2-ai-iot"]
    application = msc_application(msc)
    rita = make_reviewer(msc)
    rene = make_reviewer(msc, "rene.reviewer@example.org", first_name="René")
    save_review(
        assignment=assign(application, rita),
        actor=rita,
        scores=MSC_SCORES,
        recommendation="admit",
        comment="A clear plan for a career in embedded AI.",
        submit=True,
    )
    save_review(
        assignment=assign(application, rene),
        actor=rene,
        scores={"career_plan": 1},
        comment="Half-written draft",
    )
    return application


def test_the_export_holds_the_submitted_reviews_without_their_authors(reviewed):
    data, _files = personal_data(reviewed.applicant, now=clock.now())

    [application] = data["applications"]
    [review] = application["reviews"]
    assert review["scores"] == MSC_SCORES
    assert review["recommendation"] == "admit"
    assert review["comment"] == "A clear plan for a career in embedded AI."
    assert "rita" not in str(review).lower()
    assert "Half-written draft" not in str(data)


def test_erasing_the_application_blanks_the_comments_and_keeps_the_scores(reviewed):
    erase_application(application=reviewed, now=clock.now())

    reviews = Review.objects.filter(assignment__application=reviewed)
    assert {review.comment for review in reviews} == {""}
    assert reviews.get(status="submitted").scores == MSC_SCORES
