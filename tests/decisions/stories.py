"""The decisions' stories: a Post-Master's in AI with places, applications ready for its
panel, Hugo the programme head who decides, and the moments of round 1.

Round 1 of ``paris_calendar()`` closes on 3 February 2027 and releases its results on
3 March 2027 at 09:00, Paris time; classes start on 1 October 2027.
"""

from __future__ import annotations

from typing import Any

from admissions.applications.states import Status
from admissions.core.roles import Role
from tests.applicants.factories import UserFactory
from tests.applications.factories import ApplicationFactory
from tests.calendar import Calendar, paris, paris_calendar
from tests.people import make_user

PANEL_DAY = paris(2027, 2, 20, 14)
RESULTS = paris(2027, 3, 3, 9)


def calendar_with_places(places: int | None = 2, **settings: Any) -> Calendar:
    calendar = paris_calendar()
    calendar.intake.places = places
    calendar.intake.save()
    if settings:
        calendar.programme.settings = settings
        calendar.programme.save()
    return calendar


def head_of(calendar: Calendar, email: str = "hugo.head@example.org"):
    """Hugo, head of the programme: he records its decisions (two-factor on)."""
    return make_user(
        email, [(Role.PROGRAMME_HEAD, calendar.programme)], mfa=True, first_name="Hugo"
    )


def ready_for_panel(calendar: Calendar, *, applicant=None, number: int = 1, **fields: Any):
    """A round-``number`` application that reached the panel."""
    fields.setdefault("status", Status.READY_FOR_PANEL)
    return ApplicationFactory(
        intake=calendar.intake,
        programme=calendar.programme,
        entry_level=calendar.entry_level,
        applicant=applicant or UserFactory(),
        round=calendar.round(number),
        submitted_at=paris(2027, 1, 20),
        **fields,
    )
