"""The applicant's interview pages: the free times shown in their own time zone, booking,
moving and cancelling with a confirmation, and the calendar file.

An applicant reaches only the interview of their own application (404 otherwise, as for
an application without an interview). The time zone is the one the applicant chose on the
page (remembered in the session), else the one of their country of residence, else the
programme's; the booking stores it so emails and reminders use it too.
"""

from __future__ import annotations

import functools
import uuid
from importlib import resources

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from admissions.applicants import selectors as applicant_selectors
from admissions.applications.states import Status
from admissions.core import clock
from admissions.core.errors import DomainError
from admissions.portal.forms.interviews import TimeZoneForm, is_time_zone
from admissions.review.interviews import booking, calendar, mail, selectors
from admissions.review.models import Interview, InterviewStatus

SESSION_KEY = "interview_time_zone"
MOVED = gettext_lazy(
    "Your interview is moved. A calendar file that updates it is on its way by email."
)
BOOKED = gettext_lazy(
    "Your interview is booked. A confirmation with a calendar file is on its way by email."
)


@functools.cache
def _zones_of_countries() -> dict[str, str]:
    """Each country's first zone in the tz database's ``zone.tab`` (its main one)."""
    zones: dict[str, str] = {}
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return zones
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0].upper(), parts[2])
    return zones


def time_zone_for(request: HttpRequest, interview: Interview) -> str:
    chosen = request.session.get(SESSION_KEY, "")
    if chosen and is_time_zone(chosen):
        return str(chosen)
    if interview.time_zone:
        return interview.time_zone
    profile = applicant_selectors.profile_of(request.user)
    country = (getattr(profile, "residence_country", "") or "").upper()
    zone = _zones_of_countries().get(country)
    if zone and is_time_zone(zone):
        return zone
    return str(interview.application.programme.time_zone)


def _remember_time_zone(request: HttpRequest) -> None:
    chosen = request.GET.get("tz", "")
    if chosen and is_time_zone(chosen):
        request.session[SESSION_KEY] = chosen


def _page_url(interview: Interview) -> str:
    return reverse("portal:interview", args=[interview.application.reference])


@login_required
@require_http_methods(["GET"])
def interview_page(request: HttpRequest, reference: str) -> HttpResponse:
    interview = selectors.interview_of_applicant(reference=reference, user=request.user)
    _remember_time_zone(request)
    now = clock.now()
    tz = time_zone_for(request, interview)
    open_ = (
        interview.status in (InterviewStatus.INVITED, InterviewStatus.BOOKED)
        and interview.application.status == Status.INTERVIEW
    )
    free = selectors.free_slots(interview, now) if open_ else []
    slot = interview.slot if open_ and interview.status == InterviewStatus.BOOKED else None
    language = mail.language_of(interview)
    context = {
        "application": interview.application,
        "interview": interview,
        "slot": slot,
        "location": calendar.location_of(slot, request.LANGUAGE_CODE) if slot else "",
        "cutoff": booking.cutoff_of(slot) if slot else None,
        "can_change": slot is not None and booking.is_open(slot, now),
        "free": [
            {
                "slot": free_slot,
                "cutoff": booking.cutoff_of(free_slot),
                "location": calendar.location_of(free_slot, request.LANGUAGE_CODE),
            }
            for free_slot in free
        ],
        "tz": tz,
        "form": TimeZoneForm(initial={"tz": tz}),
        "cutoff_hours": booking.interview_settings_of(
            interview.application.programme
        ).booking_cutoff_hours,
        "language": language,
    }
    return render(request, "portal/interviews/interview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, reference: str, slot: uuid.UUID) -> HttpResponse:
    """Confirm, then book (or move to) the time ``slot``."""
    interview = selectors.interview_of_applicant(reference=reference, user=request.user)
    target = selectors.slot_of(slot)
    if target.intake_id != interview.application.intake_id:
        raise Http404(_("No such interview time."))
    tz = time_zone_for(request, interview)
    moving = interview.status == InterviewStatus.BOOKED
    if request.method == "POST":
        try:
            if moving:
                booking.move(interview=interview, slot=target, actor=request.user, time_zone=tz)
            else:
                booking.book(interview=interview, slot=target, actor=request.user, time_zone=tz)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(MOVED if moving else BOOKED))
        return redirect(_page_url(interview))
    return render(
        request,
        "portal/interviews/confirm.html",
        {
            "application": interview.application,
            "interview": interview,
            "target": target,
            "location": calendar.location_of(target, request.LANGUAGE_CODE),
            "cutoff": booking.cutoff_of(target),
            "moving": moving,
            "tz": tz,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm, then cancel the booked time (the invitation stays)."""
    interview = selectors.interview_of_applicant(reference=reference, user=request.user)
    if interview.status != InterviewStatus.BOOKED or interview.slot is None:
        messages.error(request, _("Your interview is not booked: there is nothing to cancel."))
        return redirect(_page_url(interview))
    if request.method == "POST":
        try:
            booking.cancel(interview=interview, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your interview time is cancelled. Choose another time when you can.")
            )
        return redirect(_page_url(interview))
    return render(
        request,
        "portal/interviews/cancel.html",
        {
            "application": interview.application,
            "interview": interview,
            "slot": interview.slot,
            "location": calendar.location_of(interview.slot, request.LANGUAGE_CODE),
            "tz": time_zone_for(request, interview),
        },
    )


@login_required
@require_http_methods(["GET"])
def ics(request: HttpRequest, reference: str) -> HttpResponse:
    """The booked interview as a calendar file (404 when no time is booked)."""
    interview = selectors.interview_of_applicant(reference=reference, user=request.user)
    if interview.status != InterviewStatus.BOOKED or interview.slot is None:
        raise Http404(_("Your interview has no time booked yet."))
    content = calendar.ics_for(
        interview=interview,
        slot=interview.slot,
        method="REQUEST",
        now=clock.now(),
        language=mail.language_of(interview),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.FILENAME}"'
    return response
