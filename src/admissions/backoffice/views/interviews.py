"""Staff pages for interviews.

- ``/staff/interviews/<programme>/<year>/``: an intake's slots with their bookings, the form
  to open a slot and the button to cancel one (``interview.manage``: the programme head and
  admissions officers); the applicants who may be invited (the head, a representative the
  head names, the MSc's chair); the representatives (named by the head).
- ``/staff/interviews/day/``: an interviewer's day, today or on a chosen date.
- ``/staff/interviews/<public_id>/``: the outcome sheet, for an interviewer sitting on the
  interview's slot or the programme's head; 404 for anyone else.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.backoffice.forms.interviews import (
    InviteForm,
    OutcomeForm,
    RepresentativeForm,
    SlotForm,
)
from admissions.catalogue.models import Intake
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import check
from admissions.review.interviews import access, calendar, selection, selectors, slots
from admissions.review.interviews.outcomes import SheetErrors, record_outcome
from admissions.review.models import InterviewRepresentative, InterviewStatus
from admissions.review.rubric import interview_settings_of, rubric_of


def _intake(request: HttpRequest, programme: str, year: int) -> Intake:
    intake = selectors.intake_of(programme, year)
    access.check_intake_page(request.user, intake.programme)
    return intake


def _intake_url(intake: Intake) -> str:
    return reverse("staff:interviews", args=[intake.programme.slug, intake.academic_year])


def _staff_of(programme: Any) -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(role_assignments__programme=programme) | Q(role_assignments__programme__isnull=True)
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _slot_form(intake: Intake, data: Any = None) -> SlotForm:
    programme = intake.programme
    return SlotForm(
        data,
        people=slots.interviewers_of(programme),
        modes=slots.modes_of(programme),
        time_zone=programme.time_zone,
    )


def _intake_page(
    request: HttpRequest,
    intake: Intake,
    *,
    slot_form: SlotForm | None = None,
    representative_form: RepresentativeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = intake.programme
    user = request.user
    can_manage = access.can_manage(user, programme)
    can_select = access.can_select(user, programme)
    is_head = access.is_head(user, programme)
    now = clock.now()
    if slot_form is None and can_manage:
        slot_form = _slot_form(intake)
    if slot_form is not None:
        slot_form.mark_invalid()
    if representative_form is None and is_head:
        representative_form = RepresentativeForm(people=_staff_of(programme))
    if representative_form is not None:
        representative_form.mark_invalid()
    context = {
        "intake": intake,
        "programme": programme,
        "tz": programme.time_zone,
        "now": now,
        "slots": selectors.slots_of(intake),
        "interviews": selectors.interviews_of(intake),
        "invitable": selectors.invitable(intake) if can_select else [],
        "representatives": selectors.representatives_of(programme),
        "can_manage": can_manage,
        "can_select": can_select,
        "is_head": is_head,
        "slot_form": slot_form,
        "representative_form": representative_form,
        "settings": interview_settings_of(programme),
    }
    return render(request, "backoffice/interviews/intake.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def intake_page(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    return _intake_page(request, _intake(request, programme, year))


@login_required
@require_POST
def create_slot(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    intake = _intake(request, programme, year)
    access.check_manage(request.user, intake.programme)
    form = _slot_form(intake, request.POST)
    if form.is_valid():
        try:
            slots.create_slot(
                intake=intake,
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                mode=form.cleaned_data["mode"],
                phone_number=form.cleaned_data["phone_number"],
                video_url=form.cleaned_data["video_url"],
                room=form.cleaned_data["room"],
                places=form.cleaned_data["places"],
                interviewers=list(form.cleaned_data["interviewers"]),
                actor=request.user,
            )
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            if error.field == "starts_at":
                field = "starts_on"
            form.add_error(field, str(error))
        else:
            messages.success(request, _("The slot is open for booking."))
            return HttpResponseRedirect(_intake_url(intake))
    return _intake_page(request, intake, slot_form=form)


@login_required
@require_POST
def cancel_slot(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    slot = selectors.slot_of(public_id)
    intake = slot.intake
    access.check_manage(request.user, intake.programme)
    try:
        freed = slots.cancel_slot(slot=slot, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The slot is cancelled; applicants told to choose another time: %(count)s.")
            % {"count": len(freed)},
        )
    return HttpResponseRedirect(_intake_url(intake))


@login_required
@require_POST
def invite(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    intake = _intake(request, programme, year)
    access.check_select(request.user, intake.programme)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the application to invite."))
        return HttpResponseRedirect(_intake_url(intake))
    application = (
        Application.objects.filter(intake=intake, reference=form.cleaned_data["reference"])
        .select_related("programme", "intake", "applicant")
        .first()
    )
    if application is None:
        messages.error(request, _("No such application in this intake."))
        return HttpResponseRedirect(_intake_url(intake))
    try:
        selection.invite(application=application, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(reference)s is invited; the applicant is asked to book a time.")
            % {"reference": application.reference},
        )
    return HttpResponseRedirect(_intake_url(intake))


@login_required
@require_POST
def representatives(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    intake = _intake(request, programme, year)
    programme_row = intake.programme
    if not access.is_head(request.user, programme_row):
        raise NotFound(_("Only the head of the programme can name or remove representatives."))
    revoke = request.POST.get("revoke", "")
    if revoke:
        representative = InterviewRepresentative.objects.filter(
            programme=programme_row, user__email=revoke, active=True
        ).first()
        if representative is not None:
            selection.revoke_representative(representative=representative, actor=request.user)
            messages.success(request, _("The representative was removed."))
        return HttpResponseRedirect(_intake_url(intake))
    form = RepresentativeForm(request.POST, people=_staff_of(programme_row))
    if form.is_valid():
        try:
            selection.name_representative(
                programme=programme_row, user=form.cleaned_data["user"], actor=request.user
            )
        except DomainError as error:
            form.add_error("user", str(error))
        else:
            messages.success(request, _("The representative now selects applicants with you."))
            return HttpResponseRedirect(_intake_url(intake))
    return _intake_page(request, intake, representative_form=form)


# --------------------------------------------------------------------------------------------
# The interviewer's day and the outcome sheet
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def day(request: HttpRequest) -> HttpResponse:
    check(request.user, access.RECORD, any_programme=True)
    tz = timezone.get_current_timezone_name()
    today = clock.local(clock.now(), tz).date()
    try:
        chosen = (
            dt.date.fromisoformat(request.GET.get("date", "")) if request.GET.get("date") else today
        )
    except ValueError:
        chosen = today
        messages.error(request, _("Give the date as YYYY-MM-DD; today is shown."))
    interviews = selectors.day_of(request.user, chosen, tz)
    rows = [
        {
            "interview": interview,
            "location": calendar.location_of(interview.slot, request.LANGUAGE_CODE),
            "status_label": InterviewStatus(interview.status).label,
            "tz": interview.application.programme.time_zone,
        }
        for interview in interviews
    ]
    return render(
        request,
        "backoffice/interviews/day.html",
        {
            "rows": rows,
            "day": chosen,
            "previous": chosen - dt.timedelta(days=1),
            "next": chosen + dt.timedelta(days=1),
            "today": today,
        },
    )


def _outcome_form(interview: Any, data: Any = None) -> OutcomeForm:
    programme = interview.application.programme
    initial: dict[str, Any] = {
        "version": interview.version,
        "outcome": interview.outcome or None,
        "notes": interview.notes,
    }
    for code, value in (interview.scores or {}).items():
        initial[f"score_{code}"] = value
    for code, value in (interview.prerequisites or {}).items():
        initial[f"prerequisite_{code}"] = value
    return OutcomeForm(
        data,
        initial=initial,
        rubric=rubric_of(programme),
        prerequisites=interview_settings_of(programme).prerequisites,
    )


def _outcome_page(
    request: HttpRequest, interview: Any, form: OutcomeForm, status: int = 200
) -> HttpResponse:
    application = interview.application
    form.mark_invalid()
    audit.record(
        action="application.interview_viewed",
        actor=request.user,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        request=request,
    )
    profile = getattr(application.applicant, "applicant_profile", None)
    recordable = (
        interview.status
        in (
            InterviewStatus.BOOKED,
            InterviewStatus.COMPLETED,
        )
        and interview.outcome != "pass"
    )
    return render(
        request,
        "backoffice/interviews/outcome.html",
        {
            "interview": interview,
            "application": application,
            "status_label": Status(application.status).label,
            "interview_status_label": InterviewStatus(interview.status).label,
            "location": calendar.location_of(interview.slot, request.LANGUAGE_CODE)
            if interview.slot
            else "",
            "tz": application.programme.time_zone,
            "special_needs": getattr(profile, "special_needs", ""),
            "form": form,
            "recordable": recordable,
            "earlier": list(application.interviews.exclude(pk=interview.pk).order_by("attempt")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    interview = selectors.interview_for_staff(public_id=public_id, user=request.user)
    if request.method == "GET":
        return _outcome_page(request, interview, _outcome_form(interview))
    form = _outcome_form(interview, request.POST)
    if form.is_valid():
        try:
            record_outcome(
                interview=interview,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                scores=form.scores(),
                prerequisites=form.prerequisites(),
                outcome=form.cleaned_data.get("outcome") or "",
                notes=form.cleaned_data.get("notes") or "",
                no_show=form.cleaned_data.get("no_show") or False,
            )
        except SheetErrors as errors:
            for field, message in errors.errors:
                form.add_error(field if field in form.fields else None, str(message))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The interview is recorded."))
            return HttpResponseRedirect(reverse("staff:interview", args=[interview.public_id]))
    return _outcome_page(request, interview, form)
