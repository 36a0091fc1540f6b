"""The chair's assignment pages and a reviewer's decline and conflict forms, through the
browser's requests: who may open them (404 otherwise) and what each shows and does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.review.assignment.services import draft_assignment, publish_assignment
from admissions.review.models import Assignment, AssignmentStatus, Conflict, MemberRole
from tests.calendar import paris
from tests.pages import assert_accessible_outline, assert_csp_clean, text_of
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(msc):
    committee = committee_of(msc, per_application=2)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR, capacity=0)
    ivan = seat(committee, "ivan.internal@example.org", expertise=("computer_science",))
    eve = seat(committee, "eve.external@example.org", role=MemberRole.EXTERNAL)
    applications = [eligible_application(committee) for _ in range(2)]
    return committee, chair, ivan, eve, applications


def _url(name, committee):
    return reverse(name, kwargs={"public_id": committee.public_id})


def test_the_chair_prepares_previews_and_publishes_an_assignment(client, story):
    committee, chair, _ivan, _eve, applications = story
    client.force_login(chair.user)

    response = client.post(_url("staff:review-assignment-draft", committee))
    assert response.status_code == 302
    page = client.get(_url("staff:review-assignment", committee))
    assert_accessible_outline(page)
    assert_csp_clean(page)
    text = text_of(page)
    assert "Reviewer assignment" in text
    assert "2 / 10 (20 %)" in text  # Ivan's load against his capacity
    assert applications[0].reference in text
    assert "expertise matches" in text

    confirm = client.get(_url("staff:review-assignment-publish", committee))
    assert "4 draft assignments become visible" in text_of(confirm)
    client.post(_url("staff:review-assignment-publish", committee))
    assert Assignment.objects.filter(status=AssignmentStatus.ACTIVE).count() == 4
    applications[0].refresh_from_db()
    assert applications[0].status == "in_review"


def test_a_draft_that_cannot_be_met_shows_the_short_applications_and_saves_nothing(client, story):
    committee, chair, _ivan, eve, applications = story
    eve.capacity = 0
    eve.save()
    client.force_login(chair.user)

    response = client.post(_url("staff:review-assignment-draft", committee))

    assert response.status_code == 409
    assert_accessible_outline(response)
    text = text_of(response)
    assert "The constraints cannot all be met: nothing was saved" in text
    assert applications[0].reference in text
    assert not Assignment.objects.exists()


def test_a_swap_to_a_member_with_a_conflict_is_refused_on_the_page(client, story):
    committee, chair, ivan, _eve, applications = story
    third = seat(committee, "theo.third@example.org")
    third.capacity = 0
    third.save()
    draft_assignment(committee=committee, actor=chair.user)
    third.capacity = 5
    third.save()
    Conflict.objects.create(
        member=third, application=applications[0], kind="personal", declared_at=paris(2027, 3, 1)
    )
    client.force_login(chair.user)

    response = client.post(
        _url("staff:review-assignment-swap", committee),
        {
            "swap-application": applications[0].reference.lower(),
            "swap-current": str(ivan.pk),
            "swap-replacement": str(third.pk),
        },
    )

    assert response.status_code == 422
    assert "has a conflict of interest with this application" in text_of(response)
    assert Assignment.objects.get(member=ivan, application=applications[0]).status == "draft"


def test_officers_of_another_programme_and_plain_members_get_not_found(client, story, officer):
    committee, _chair, ivan, _eve, _applications = story
    for user in (officer, ivan.user):
        client.force_login(user)
        assert client.get(_url("staff:review-assignment", committee)).status_code == 404


def test_a_reviewer_declines_from_their_page_and_another_member_takes_it(client, story):
    committee, chair, ivan, eve, _applications = story
    ivan.capacity = 2
    ivan.save()
    eve.capacity = 2
    eve.save()
    third = seat(committee, "theo.third@example.org", capacity=0)
    draft_assignment(committee=committee, actor=chair.user)
    publish_assignment(committee=committee, actor=chair.user)
    third.capacity = 2
    third.save()
    mine = Assignment.objects.filter(member=ivan).first()
    decline = reverse("staff:review-assignment-decline", kwargs={"public_id": mine.public_id})
    client.force_login(eve.user)
    assert client.get(decline).status_code == 404  # not Eve's assignment
    client.force_login(ivan.user)
    form_page = client.get(decline)
    assert_accessible_outline(form_page)
    assert "Decline a review" in text_of(form_page)

    empty = client.post(decline, {"reason": ""})
    assert empty.status_code == 422
    assert "Say why you decline" in text_of(empty)
    client.post(decline, {"reason": "I am on leave in March."})

    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.DECLINED
    assert (
        Assignment.objects.get(application=mine.application, member=third).status
        == AssignmentStatus.ACTIVE
    )


def test_a_reviewer_declares_a_conflict_from_their_page(client, story):
    committee, chair, ivan, _eve, _applications = story
    draft_assignment(committee=committee, actor=chair.user)
    publish_assignment(committee=committee, actor=chair.user)
    mine = Assignment.objects.filter(member=ivan).first()
    url = reverse("staff:review-assignment-conflict", kwargs={"public_id": mine.public_id})
    client.force_login(ivan.user)

    response = client.post(url, {"kind": "personal", "note": "A cousin."})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.WITHDRAWN
    assert Conflict.objects.get(member=ivan, application=mine.application).note == "A cousin."


def test_the_assignment_page_speaks_french(client, story):
    committee, chair, *_rest = story
    client.force_login(chair.user)
    response = client.get(_url("staff:review-assignment", committee), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Affectation des évaluateurs" in text_of(response)
