"""The reviewer's pages: their list of assignments, and the screen of one with the file, the
documents, the eligibility outcome, the rubric with its levels, autosave, submission with
confirmation, and the other reviews once their own is submitted. An application that is not
assigned to them answers 404; every opening of the screen is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from admissions.core import clock
from admissions.core.audit import AuditEvent
from admissions.core.roles import Role
from admissions.review.models import AssignmentStatus, Review, ReviewStatus
from admissions.review.scoring import save_review
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.people import make_reviewer, make_user
from tests.review.scoring_stories import MSC_SCORES, assign, msc_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def rita(msc):
    return make_reviewer(msc)


@pytest.fixture
def rene(msc):
    return make_reviewer(msc, "rene.reviewer@example.org", first_name="René", last_name="Relu")


@pytest.fixture
def assignment(msc, rita):
    return assign(msc_application(msc), rita)


def screen_url(assignment) -> str:
    return reverse("staff:review", args=[assignment.public_id])


def form_data(version: int, action: str = "save", **scores) -> dict[str, str]:
    data = {f"score_{code}": str(value) for code, value in scores.items()}
    data.update(version=str(version), recommendation="admit", comment="Solid.", action=action)
    return data


def test_the_list_shows_each_assignment_with_its_status_due_date_and_overdue_marker(
    client, msc, rita
):
    late = assign(msc_application(msc), rita, due_at=clock.now() - dt.timedelta(days=1))
    started = assign(msc_application(msc), rita)
    save_review(assignment=started, actor=rita, scores={"career_plan": 2})
    client.force_login(rita)

    response = client.get(reverse("staff:reviews"))

    assert response.status_code == 200
    rows = {
        reference: text
        for reference, text in re.findall(
            r"<tr>\s*<th scope=\"row\"><a [^>]*>([A-Z0-9-]+)</a></th>(.*?)</tr>",
            response.content.decode(),
            flags=re.S,
        )
    }
    assert "Overdue" in rows[late.application.reference]
    assert "Assigned" in rows[late.application.reference]
    assert "Draft" in rows[started.application.reference]
    assert "Overdue" not in rows[started.application.reference]
    assert_accessible_outline(response)


def test_the_staff_home_links_a_reviewer_to_their_list(client, rita):
    client.force_login(rita)

    response = client.get(reverse("staff:home"))

    assert reverse("staff:reviews") in response.content.decode()


def test_the_screen_shows_the_file_documents_eligibility_and_the_rubric_with_its_levels(
    client, assignment, rita
):
    client.force_login(rita)

    response = client.get(screen_url(assignment))

    assert response.status_code == 200
    text = text_of(response)
    assert f"Review of {assignment.application.reference}" in text
    assert "Academic level and fit of the academic background (weight 2)" in text
    assert "3 — Good: meets what the programme needs" in text
    assert "Eligibility" in text and "Documents" in text and "Answers" in text
    assert "data-autosave" in response.content.decode()
    assert_csp_clean(response)
    assert_accessible_outline(response)


def test_opening_the_screen_is_recorded_in_the_audit_trail(client, assignment, rita):
    client.force_login(rita)

    client.get(screen_url(assignment))

    event = AuditEvent.objects.get(action="application.file_viewed")
    assert event.actor == rita
    assert event.object_ref == assignment.application.reference
    assert event.data["via"] == "review"


def test_an_application_not_assigned_to_the_reviewer_answers_404(client, msc, assignment, rene):
    officer = make_user("oscar@example.org", [(Role.ADMISSIONS_OFFICER, msc)], mfa=True)
    for person in (rene, officer):
        client.force_login(person)
        assert client.get(screen_url(assignment)).status_code == 404
        assert client.post(screen_url(assignment), form_data(0)).status_code == 404


def test_a_declined_assignment_answers_404_to_its_reviewer(client, assignment, rita):
    assignment.status = AssignmentStatus.DECLINED
    assignment.save()
    client.force_login(rita)

    assert client.get(screen_url(assignment)).status_code == 404


def test_a_reviewer_no_longer_opens_the_staff_file_of_any_application(client, assignment, rita):
    client.force_login(rita)

    response = client.get(reverse("staff:application", args=[assignment.application.reference]))

    assert response.status_code == 404


def test_autosave_saves_the_draft_and_says_when(client, assignment, rita):
    client.force_login(rita)

    response = client.post(
        screen_url(assignment),
        {**form_data(0, career_plan=3), "recommendation": ""},
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 200
    payload = response.json()
    assert payload["version"] == 1
    assert payload["status"] == "draft"
    assert payload["saved"].startswith("Draft saved at ")
    review = Review.objects.get(assignment=assignment)
    assert review.scores == {"career_plan": 3}


def test_autosave_over_a_newer_version_is_refused_with_the_current_one(client, assignment, rita):
    save_review(assignment=assignment, actor=rita, scores={"career_plan": 3})
    save_review(assignment=assignment, actor=rita, scores={"career_plan": 4})
    client.force_login(rita)

    response = client.post(
        screen_url(assignment), form_data(1, career_plan=1), headers={"X-Autosave": "1"}
    )

    assert response.status_code == 409
    assert response.json()["current"] == 2
    assert Review.objects.get(assignment=assignment).scores == {"career_plan": 4}


def test_submitting_asks_to_confirm_then_locks_the_review(client, assignment, rita):
    client.force_login(rita)

    asked = client.post(screen_url(assignment), form_data(0, "confirm", **MSC_SCORES))

    assert asked.status_code == 200
    assert "Submit your review?" in text_of(asked)
    assert Review.objects.get(assignment=assignment).status == ReviewStatus.DRAFT

    confirm_form = re.search(
        r'<div class="alert alert-warning" role="alert" id="confirm-submit".*?</form>',
        asked.content.decode(),
        flags=re.S,
    ).group(0)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm_form))
    done = client.post(screen_url(assignment), {**hidden, "action": "submit"}, follow=True)

    assert "Your review was submitted. It is now locked." in text_of(done)
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.SUBMITTED
    assert review.scores == MSC_SCORES
    assert review.comment == "Solid."
    assert "data-autosave" not in done.content.decode()


def test_asking_to_submit_an_incomplete_review_names_what_is_missing(client, assignment, rita):
    client.force_login(rita)

    response = client.post(screen_url(assignment), form_data(0, "confirm", career_plan=3))

    assert response.status_code == 400
    text = text_of(response)
    assert "Score “Transversal skills” before submitting." in text
    assert "Submit your review?" not in text
    assert Review.objects.get(assignment=assignment).scores == {"career_plan": 3}


def test_a_submitted_review_cannot_be_saved_again_from_the_page(client, assignment, rita):
    save_review(
        assignment=assignment, actor=rita, scores=MSC_SCORES, recommendation="admit", submit=True
    )
    client.force_login(rita)

    autosaved = client.post(
        screen_url(assignment), form_data(1, career_plan=0), headers={"X-Autosave": "1"}
    )
    posted = client.post(screen_url(assignment), form_data(1, "submit", **MSC_SCORES))

    assert autosaved.status_code == 409
    assert posted.status_code == 302
    assert Review.objects.get(assignment=assignment).scores == MSC_SCORES


def test_the_other_reviews_are_shown_only_once_the_reviewers_own_is_submitted(
    client, msc, rita, rene
):
    application = msc_application(msc)
    mine = assign(application, rita)
    theirs = assign(application, rene)
    save_review(
        assignment=theirs,
        actor=rene,
        scores=MSC_SCORES,
        recommendation="refuse",
        comment="René's secret doubts.",
        submit=True,
    )
    client.force_login(rita)

    before = text_of(client.get(screen_url(mine)))
    save_review(assignment=mine, actor=rita, scores=MSC_SCORES, recommendation="admit", submit=True)
    after = text_of(client.get(screen_url(mine)))

    assert "René's secret doubts." not in before
    assert "once you have submitted yours" in before
    assert "René's secret doubts." in after
    assert "René Relu" in after


def test_the_next_assigned_application_is_a_link_with_an_access_key_documented_on_the_page(
    client, msc, rita
):
    first = assign(msc_application(msc), rita, due_at=clock.now() + dt.timedelta(days=1))
    second = assign(msc_application(msc), rita, due_at=clock.now() + dt.timedelta(days=2))
    done = assign(msc_application(msc), rita, due_at=clock.now() + dt.timedelta(days=3))
    save_review(assignment=done, actor=rita, scores=MSC_SCORES, recommendation="admit", submit=True)
    client.force_login(rita)

    html = client.get(screen_url(first)).content.decode()
    last = client.get(screen_url(second)).content.decode()

    link = re.search(r'<a href="([^"]+)" accesskey="n" data-next-assignment>', html)
    assert link and link.group(1) == screen_url(second)
    assert "press N" in html
    assert f'href="{screen_url(first)}" accesskey="n"' in last  # comes round, skipping done


def test_the_screen_reads_in_french(client, assignment, rita):
    rita.preferred_language = "fr"
    rita.save()
    client.force_login(rita)

    response = client.get(screen_url(assignment), headers={"Accept-Language": "fr"})

    text = text_of(response)
    assert f"Évaluation de {assignment.application.reference}" in text
    assert "Niveau académique et adéquation du parcours (poids 2)" in text
    assert "3 — Bien : répond à ce que demande le programme" in text
    assert "Enregistrer le brouillon" in text
