"""What the interview pages read: an intake's slots and bookings, who can be invited, an
interviewer's day, one interview for staff or for its applicant, and the free times."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from admissions.applications.models import Application
from admissions.applications.selectors import application_of_applicant
from admissions.applications.states import FINAL, Status
from admissions.catalogue.models import Intake, Programme, Stage
from admissions.core.errors import NotFound
from admissions.core.roles import Role
from admissions.review.interviews import access, booking
from admissions.review.interviews.errors import INTERVIEW_NOT_FOUND, SLOT_NOT_FOUND
from admissions.review.models import (
    Interview,
    InterviewRepresentative,
    InterviewSlot,
    InterviewStatus,
)

OPEN = (InterviewStatus.INVITED, InterviewStatus.BOOKED)
INTAKE_NOT_FOUND = "No such intake."


def intake_of(programme_slug: str, year: int) -> Intake:
    intake = (
        Intake.objects.select_related("programme")
        .filter(programme__slug=programme_slug, academic_year=year)
        .first()
    )
    if intake is None:
        raise NotFound(INTAKE_NOT_FOUND)
    return intake


def _interview_joins(queryset: QuerySet[Interview]) -> QuerySet[Interview]:
    return queryset.select_related(
        "application__applicant",
        "application__programme",
        "application__intake",
        "application__entry_level",
        "slot__intake__programme",
    )


def slots_of(intake: Intake) -> list[InterviewSlot]:
    """The intake's slots in time order, with their interviewers and the interviews booked
    or held on them (``slot.bookings``)."""
    held = (InterviewStatus.BOOKED, InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW)
    return list(
        InterviewSlot.objects.filter(intake=intake)
        .prefetch_related(
            "interviewers",
            Prefetch(
                "interviews",
                queryset=Interview.objects.filter(status__in=held)
                .select_related("application__applicant")
                .order_by("application__reference"),
                to_attr="bookings",
            ),
        )
        .order_by("starts_at", "pk")
    )


def slot_of(public_id: Any) -> InterviewSlot:
    slot = (
        InterviewSlot.objects.select_related("intake__programme")
        .filter(public_id=public_id)
        .first()
    )
    if slot is None:
        raise NotFound(SLOT_NOT_FOUND)
    return slot


def interviews_of(intake: Intake) -> list[Interview]:
    """Every interview of the intake, latest attempts first within each application."""
    return list(
        _interview_joins(Interview.objects.filter(application__intake=intake)).order_by(
            "application__reference", "-attempt"
        )
    )


def invitable(intake: Intake) -> list[Application]:
    """Applications the head (or representative, or the MSc's chair) may invite: eligible
    ones (a programme without committee review), those in review (with one), and those
    whose last interview was a no-show."""
    programme = intake.programme
    first_time = (
        Status.IN_REVIEW
        if Stage.COMMITTEE_REVIEW in (programme.pipeline or [])
        else Status.ELIGIBLE
    )
    open_interview = Interview.objects.filter(application=OuterRef("pk"), status__in=OPEN)
    held = Interview.objects.filter(application=OuterRef("pk"), status=InterviewStatus.COMPLETED)
    no_show = Interview.objects.filter(application=OuterRef("pk"), status=InterviewStatus.NO_SHOW)
    return list(
        Application.objects.filter(intake=intake)
        .filter(Q(status=first_time) | Q(Exists(no_show), status=Status.INTERVIEW))
        .exclude(Exists(open_interview))
        .exclude(Exists(held), status=Status.INTERVIEW)
        .select_related("applicant", "entry_level")
        .order_by("submitted_at", "reference")
    )


def representatives_of(programme: Programme) -> list[InterviewRepresentative]:
    return list(
        InterviewRepresentative.objects.filter(programme=programme, active=True)
        .select_related("user", "named_by")
        .order_by("user__last_name", "user__email")
    )


def day_of(user: Any, day: dt.date, time_zone: str) -> list[Interview]:
    """``user``'s interviews starting on ``day`` in ``time_zone``: on slots they sit on,
    and every interview of the programmes they head."""
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=ZoneInfo(time_zone))
    end = start + dt.timedelta(days=1)
    headed = Q(
        application__programme__role_assignments__user=user,
        application__programme__role_assignments__role=Role.PROGRAMME_HEAD,
    )
    everything = user.role_assignments.filter(
        role=Role.PROGRAMME_HEAD, programme__isnull=True
    ).exists()
    mine = Q(slot__interviewers=user) | headed
    interviews = Interview.objects.filter(
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
        status__in=(InterviewStatus.BOOKED, InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW),
    )
    if not everything:
        interviews = interviews.filter(mine)
    return list(
        _interview_joins(interviews)
        .prefetch_related("slot__interviewers")
        .distinct()
        .order_by("slot__starts_at", "application__reference")
    )


def interview_for_staff(*, public_id: Any, user: Any) -> Interview:
    """One interview for its outcome sheet, if ``user`` may record it (404 otherwise)."""
    interview = (
        _interview_joins(Interview.objects.filter(public_id=public_id))
        .prefetch_related("slot__interviewers")
        .first()
    )
    if interview is None:
        raise NotFound(INTERVIEW_NOT_FOUND)
    access.check_record(user, interview)
    return interview


def interview_of_applicant(*, reference: str, user: Any) -> Interview:
    """The latest interview of the applicant's own application (404 when the application
    is not theirs or has no interview)."""
    application = application_of_applicant(reference=reference, user=user, timeline=False)
    interview = (
        _interview_joins(Interview.objects.filter(application=application))
        .order_by("-attempt")
        .first()
    )
    if interview is None:
        raise NotFound(INTERVIEW_NOT_FOUND)
    return interview


def open_interview_of(application: Application) -> Interview | None:
    """The application's interview under way (invited or booked), for the status page."""
    return (
        Interview.objects.filter(application=application, status__in=OPEN)
        .select_related("slot")
        .first()
    )


def free_slots(interview: Interview, now: dt.datetime) -> list[InterviewSlot]:
    """The times the applicant may still book or move to: the intake's slots not
    cancelled, before their cut-off, with a place left (the applicant's own excluded)."""
    slots = (
        InterviewSlot.objects.filter(
            intake_id=interview.application.intake_id,
            cancelled_at__isnull=True,
            starts_at__gt=now,
        )
        .annotate(
            booked=Count(
                "interviews",
                filter=Q(interviews__status=InterviewStatus.BOOKED)
                & ~Q(interviews__application__status__in=FINAL),
            )
        )
        .select_related("intake__programme")
        .order_by("starts_at", "pk")
    )
    if interview.slot_id is not None:
        slots = slots.exclude(pk=interview.slot_id)
    return [slot for slot in slots if slot.booked < slot.places and booking.is_open(slot, now)]
