# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The calendar file sent with each interview email, parsed back with icalendar: a booking
is a REQUEST from the programme, a move keeps the UID with a higher SEQUENCE (the video link
follows), a cancellation is a CANCEL."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from icalendar import Calendar

from admissions.notifications.models import OutboxMessage
from admissions.review.interviews import booking, calendar
from admissions.review.models import InterviewMode
from tests.calendar import paris
from tests.review.interview_stories import (
    NOW,
    booked,
    eligible,
    head,
    interviewer,
    invited,
    open_slot,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db


def ics_of(message: OutboxMessage) -> Calendar:
    (attachment,) = message.attachments
    assert attachment["filename"] == "interview.ics"
    assert attachment["mimetype"] == "text/calendar"
    return Calendar.from_ical(base64.b64decode(attachment["content_base64"]))


def event_of(cal: Calendar):
    (event,) = cal.walk("VEVENT")
    return event


def message(event: str) -> OutboxMessage:
    return OutboxMessage.objects.filter(event=event).order_by("-pk").first()


def test_the_booking_email_carries_a_request_from_the_programme_to_the_applicant(booked):
    cal = ics_of(message("interview_booked"))
    event = event_of(cal)

    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["ORGANIZER"]) == "mailto:pm-ai@example.org"
    assert str(event["ATTENDEE"]) == f"mailto:{booked.application.applicant.email}"
    assert str(event["UID"]) == booked.uid
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == paris(2027, 3, 8, 10).astimezone(dt.UTC)
    assert event.decoded("DTEND") == paris(2027, 3, 8, 10, 30).astimezone(dt.UTC)
    assert event["DTSTART"].to_ical().endswith(b"Z")
    assert "+33 4 93 00 00 00" in str(event["LOCATION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_move_keeps_the_uid_with_a_higher_sequence_and_the_video_link_follows(
    pm, pm_intake, head, interviewer, invited, applicant
):
    pm.settings = {**pm.settings, "interview_modes": ["remote"]}
    pm.save()
    first = open_slot(pm_intake, [interviewer], actor=head, mode=InterviewMode.VIDEO)
    second = open_slot(
        pm_intake,
        [interviewer],
        actor=head,
        mode=InterviewMode.VIDEO,
        starts_at=paris(2027, 3, 9, 14),
    )
    booking.book(interview=invited, slot=first, actor=applicant, now=NOW)
    before = event_of(ics_of(message("interview_booked")))

    moved = booking.move(interview=invited, slot=second, actor=applicant, now=NOW)

    after = event_of(ics_of(message("interview_changed")))
    assert str(after["UID"]) == str(before["UID"]) == moved.uid
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == paris(2027, 3, 9, 14).astimezone(dt.UTC)
    assert "https://meet.example.org/pm-ai-1" in str(after["LOCATION"])
    assert str(after["URL"]) == "https://meet.example.org/pm-ai-1"


def test_a_cancellation_sends_a_cancel_for_the_same_event(booked, applicant):
    booking.cancel(interview=booked, actor=applicant, now=NOW)

    cal = ics_of(message("interview_cancelled"))
    event = event_of(cal)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == booked.uid
    assert int(event["SEQUENCE"]) == 1


def test_booking_again_after_a_cancellation_reissues_the_event_with_a_higher_sequence(
    booked, slot, applicant
):
    booking.cancel(interview=booked, actor=applicant, now=NOW)
    again = booking.book(interview=booked, slot=slot, actor=applicant, now=NOW)

    event = event_of(ics_of(message("interview_booked")))
    assert str(event["UID"]) == again.uid
    assert int(event["SEQUENCE"]) == 2


def test_the_organizer_falls_back_to_the_school_address_without_contacts(pm, settings):
    pm.contacts = []
    settings.DEFAULT_FROM_EMAIL = "admissions@school.example.org"

    assert calendar.organizer_email(pm) == "admissions@school.example.org"
