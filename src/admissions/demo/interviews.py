"""Demo interviews for the Post-Master's in AI: phone slots next week with its head and its
interviewer, a few eligible applicants invited by the head (one left for the head to
select), two of them with a time booked, all through the interview services (emails and
calendar files included). Idempotent: an intake that already has slots is left alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from admissions.accounts.models import User
from admissions.applications.models import Application
from admissions.core.errors import DomainError
from admissions.review.interviews import booking, selection, slots
from admissions.review.models import InterviewSlot

HEAD = "head.pmai@example.org"
INTERVIEWER = "interviewer.pmai@example.org"
PHONE = "+33 4 92 00 00 00"


def seed_interviews(*, now: dt.datetime) -> list[str]:
    head = User.objects.filter(email=HEAD).first()
    interviewer = User.objects.filter(email=INTERVIEWER).first()
    eligible = list(
        Application.objects.filter(
            programme__slug="post-master-ai", status="eligible", intake__starts_on__gt=now.date()
        )
        .select_related("programme", "intake", "applicant")
        .order_by("reference")[:4]
    )
    if head is None or interviewer is None or not eligible:
        return ["interviews: nothing to seed"]
    intake = eligible[0].intake
    if InterviewSlot.objects.filter(intake=intake).exists():
        return ["interviews: already seeded"]
    zone = ZoneInfo(intake.programme.time_zone)
    next_week = (now.astimezone(zone) + dt.timedelta(days=7)).date()
    opened = []
    for hour in (9, 10, 11, 14):
        opened.append(
            slots.create_slot(
                intake=intake,
                starts_at=dt.datetime.combine(next_week, dt.time(hour, 0), tzinfo=zone),
                duration_minutes=30,
                mode="phone",
                phone_number=PHONE,
                interviewers=[head, interviewer] if hour < 12 else [interviewer],
                actor=head,
                now=now,
            )
        )
    invited = booked = 0
    # One eligible application is left for the head to select in the demo.
    for index, application in enumerate(eligible[: len(eligible) - 1]):
        try:
            interview = selection.invite(application=application, actor=head, now=now)
            invited += 1
            if index < 2:
                booking.book(
                    interview=interview,
                    slot=opened[index],
                    actor=application.applicant,
                    now=now,
                )
                booked += 1
        except DomainError:
            continue
    return [f"interviews: {len(opened)} slots, {invited} invited, {booked} booked"]
