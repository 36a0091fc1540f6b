"""The ``.ics`` file sent with each interview email (RFC 5545 / 5546, through icalendar).

One interview is one calendar event for its whole life: its ``uid`` never changes, and each
change (booked again, moved, cancelled) carries a higher ``SEQUENCE``, so the applicant's
calendar updates the event it already holds instead of adding a second one. A booking or a
move is ``METHOD:REQUEST``; a cancellation is ``METHOD:CANCEL`` with ``STATUS:CANCELLED``.
Times are written in UTC (``…Z``): every calendar converts them to its owner's zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from admissions.catalogue.models import Programme
from admissions.review.models import Interview, InterviewMode, InterviewSlot

Method = Literal["REQUEST", "CANCEL"]
FILENAME = "interview.ics"
MIMETYPE = "text/calendar"
PRODID = "-//Admissions//Interviews//EN"


def organizer_email(programme: Programme) -> str:
    """The programme's first contact address (its YAML ``contacts``), else the school's."""
    for contact in programme.contacts or []:
        if isinstance(contact, dict) and contact.get("email"):
            return str(contact["email"])
    return str(settings.DEFAULT_FROM_EMAIL)


def location_of(slot: InterviewSlot, language: str) -> str:
    """Where the interview happens, as the applicant reads it: the number to call, the
    video link or the room."""
    with translation.override(language):
        if slot.mode == InterviewMode.PHONE:
            return _("Phone: call %(number)s") % {"number": slot.phone_number}
        if slot.mode == InterviewMode.VIDEO:
            return _("Video call: %(link)s") % {"link": slot.video_url}
        return _("In person: %(room)s") % {"room": slot.room}


def ends_at(slot: InterviewSlot) -> dt.datetime:
    return slot.starts_at + dt.timedelta(minutes=slot.duration_minutes)


def ics_for(
    *,
    interview: Interview,
    slot: InterviewSlot,
    method: Method,
    now: dt.datetime,
    language: str,
) -> bytes:
    """The calendar file of ``interview`` at ``slot`` (the slot it is at, or for a
    cancellation the slot it was at)."""
    application = interview.application
    programme = application.programme
    applicant = application.applicant
    with translation.override(language):
        programme_name = (
            programme.name_fr if language == "fr" and programme.name_fr else (programme.name_en)
        )
        summary = _("Interview: %(programme)s") % {"programme": programme_name}
        description = _("Application %(reference)s. Details and changes: %(url)s") % {
            "reference": application.reference,
            "url": interview_url(application.reference),
        }
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", slot.starts_at.astimezone(dt.UTC))
    event.add("dtend", ends_at(slot).astimezone(dt.UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location_of(slot, language))
    if slot.mode == InterviewMode.VIDEO and slot.video_url:
        event.add("url", slot.video_url)
    organizer = vCalAddress(f"mailto:{organizer_email(programme)}")
    organizer.params["cn"] = vText(programme_name)
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{applicant.email}")
    attendee.params["cn"] = vText(applicant.get_full_name() or applicant.email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION" if method == "REQUEST" else "DECLINED")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    event.add("status", "CONFIRMED" if method == "REQUEST" else "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def interview_url(reference: str) -> str:
    """The applicant's interview page (absolute, for emails and calendars)."""
    path = reverse("portal:interview", kwargs={"reference": reference})
    return str(settings.SITE_URL or "").rstrip("/") + path
