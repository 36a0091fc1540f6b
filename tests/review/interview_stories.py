"""The interview stories: the Post-Master's in AI with its head Hugo, its interviewer Inès,
slots a week from now, and applicants eligible for the phone interview; the MSc with its
chair Chloé for the optional interview after the committee review.

Everything happens on ``NOW`` (a Monday morning in Paris) unless a test moves the clock.
"""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.catalogue.models import ReviewCriterion
from admissions.core.roles import Role
from admissions.review.interviews import booking, selection, slots
from admissions.review.models import InterviewMode
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory
from tests.calendar import paris
from tests.catalogue.factories import IntakeFactory
from tests.people import make_user

NOW = paris(2027, 3, 1, 9)
PREREQUISITES = [
    "analysis",
    "algebra",
    "optimisation",
    "statistics",
    "probability",
    "java",
    "python",
    "unix",
]


def configure_post_master(programme):
    programme.pipeline = ["eligibility", "interview", "panel"]
    programme.contacts = [{"role": {"en": "Head"}, "email": "pm-ai@example.org"}]
    programme.settings = {
        "interview": {"booking_cutoff_hours": 24, "prerequisites": PREREQUISITES},
        "interview_modes": ["phone"],
    }
    programme.name_fr = "Mastère spécialisé en IA"
    programme.save()
    for position, (code, weight) in enumerate([("career_goals", 2), ("motivation", 2), ("fit", 1)]):
        ReviewCriterion.objects.create(
            programme=programme,
            code=code,
            position=position,
            label_en=code.replace("_", " ").capitalize(),
            label_fr=code,
            weight=weight,
        )
    return programme


@pytest.fixture
def pm(post_master):
    return configure_post_master(post_master)


@pytest.fixture
def pm_intake(pm):
    return IntakeFactory(programme=pm, academic_year=2027)


@pytest.fixture
def head(pm):
    return make_user(
        "hugo.head@example.org",
        [(Role.PROGRAMME_HEAD, pm)],
        mfa=True,
        first_name="Hugo",
        last_name="Head",
    )


@pytest.fixture
def interviewer(pm):
    return make_user(
        "ines.interviewer@example.org",
        [(Role.INTERVIEWER, pm)],
        mfa=True,
        first_name="Inès",
        last_name="Interviewer",
    )


def eligible_application(intake, **kw):
    kw.setdefault("applicant", UserFactory())
    first_round = intake.rounds.order_by("number").first()
    if first_round is not None:
        kw.setdefault("round", first_round)
    return ApplicationFactory(intake=intake, programme=intake.programme, eligible=True, **kw)


@pytest.fixture
def eligible(pm_intake, applicant):
    return eligible_application(pm_intake, applicant=applicant)


def open_slot(intake, people, *, starts_at=None, places=1, actor=None, mode=None, **kw):
    mode = mode or InterviewMode.PHONE
    contact = {
        InterviewMode.PHONE: {"phone_number": "+33 4 93 00 00 00"},
        InterviewMode.VIDEO: {"video_url": "https://meet.example.org/pm-ai-1"},
        InterviewMode.IN_PERSON: {"room": "Room 101"},
    }[mode]
    return slots.create_slot(
        intake=intake,
        starts_at=starts_at or paris(2027, 3, 8, 10),
        duration_minutes=kw.pop("duration_minutes", 30),
        mode=mode,
        interviewers=people,
        actor=actor or people[0],
        places=places,
        now=NOW,
        **contact,
        **kw,
    )


@pytest.fixture
def slot(pm_intake, head, interviewer):
    return open_slot(pm_intake, [head, interviewer], actor=head)


@pytest.fixture
def invited(eligible, head):
    return selection.invite(application=eligible, actor=head, now=NOW)


@pytest.fixture
def booked(invited, slot, applicant):
    return booking.book(interview=invited, slot=slot, actor=applicant, now=NOW)


def later(days=0, hours=0):
    return NOW + dt.timedelta(days=days, hours=hours)
