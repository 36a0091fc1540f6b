"""A committee is created for an intake (or one round, one entry level of it) by the
programme's staff, its review settings starting from the programme's configuration."""

from __future__ import annotations

import pytest

from admissions.core.audit import AuditEvent
from admissions.core.errors import NotFound
from admissions.review import committees
from admissions.review.committees import CommitteeRefused
from tests.people import make_reviewer, make_user
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


def test_a_new_committee_takes_the_reviewers_blindness_and_days_of_the_programmes_yaml(msc):
    msc.settings = {
        **(msc.settings or {}),
        "review": {"reviewers_per_application": 2, "blind": True, "review_days": 10},
    }
    msc.save()
    head = head_of(msc)

    committee = committee_of(msc, head)

    assert (committee.reviewers_per_application, committee.blind, committee.review_days) == (
        2,
        True,
        10,
    )
    event = AuditEvent.objects.get(action="review.committee_created")
    assert event.actor == head
    assert event.programme_id == msc.pk
    assert event.data["blind"] is True


def test_without_review_settings_a_committee_has_three_reviewers_and_fourteen_days(msc):
    committee = committee_of(msc, head_of(msc))

    assert (committee.reviewers_per_application, committee.blind, committee.review_days) == (
        3,
        False,
        14,
    )


def test_a_committee_may_cover_one_round_of_the_intake(msc):
    head = head_of(msc)
    intake = msc.intakes.order_by("-academic_year").first()
    first_round = intake.rounds.order_by("number").first()

    committee = committees.create_committee(
        intake=intake, round=first_round, name="Round 1", actor=head
    )

    assert committee.round == first_round


def test_a_second_committee_for_the_same_scope_is_refused(msc):
    head = head_of(msc)
    committee_of(msc, head)

    with pytest.raises(CommitteeRefused) as refused:
        committee_of(msc, head, name="Again")

    assert refused.value.message == committees.SCOPE_TAKEN


def test_a_round_of_another_intake_is_refused(seed_programmes, msc):
    head = head_of(msc)
    other = seed_programmes["post-master-ai"].intakes.first().rounds.first()
    intake = msc.intakes.order_by("-academic_year").first()

    with pytest.raises(CommitteeRefused) as refused:
        committees.create_committee(intake=intake, round=other, name="Mixed", actor=head)

    assert refused.value.field == "round"


@pytest.mark.parametrize("who", ["reviewer", "head_elsewhere", "applicant"])
def test_only_the_programmes_managers_create_committees(seed_programmes, msc, who):
    people = {
        "reviewer": lambda: make_reviewer(msc),
        "head_elsewhere": lambda: head_of(seed_programmes["post-master-ai"]),
        "applicant": lambda: make_user("ada@example.org"),
    }
    with pytest.raises(NotFound):
        committee_of(msc, people[who]())


def test_settings_changes_are_audited_with_what_changed(msc):
    head = head_of(msc)
    committee = committee_of(msc, head)

    committees.update_committee(
        committee=committee,
        name="Academic committee",
        reviewers_per_application=2,
        blind=True,
        review_days=14,
        actor=head,
    )

    committee.refresh_from_db()
    assert committee.reviewers_per_application == 2 and committee.blind
    event = AuditEvent.objects.get(action="review.committee_updated")
    assert event.data["changes"] == {"reviewers_per_application": [3, 2], "blind": [False, True]}


def test_the_number_of_reviewers_is_fixed_once_the_assignment_is_published(msc):
    from admissions.core import clock

    head = head_of(msc)
    committee = committee_of(msc, head)
    committee.published_at = clock.now()
    committee.save()

    with pytest.raises(CommitteeRefused) as refused:
        committees.update_committee(
            committee=committee,
            name=committee.name,
            reviewers_per_application=4,
            blind=False,
            review_days=14,
            actor=head,
        )

    assert refused.value.message == committees.REVIEWERS_FIXED_ONCE_PUBLISHED
