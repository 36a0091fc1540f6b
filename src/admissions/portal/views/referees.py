"""Referees pages: the applicant's list (add, remind, replace) and the referee's page
reached through the emailed link (no account)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from admissions.applications import selectors as application_selectors
from admissions.core.edge import takes_uploads
from admissions.core.errors import DomainError
from admissions.documents import referees
from admissions.documents.models import Referee
from admissions.portal.forms.documents import DeclineForm, LetterForm, RefereeForm


def _referees_page(
    request: HttpRequest, application: Any, form: RefereeForm, status: int = 200, **extra: Any
) -> HttpResponse:
    rows = list(application.referees.filter(replaced_at__isnull=True))
    context = {
        "application": application,
        "referees": rows,
        "form": form,
        "blank_form": RefereeForm(),
        "can_add": len(rows) < referees.max_referees(application),
        **extra,
    }
    return render(request, "portal/documents/referees.html", context, status=status)


def _invitation_refused(response: HttpResponse, exc: referees.RefereeRefused) -> HttpResponse:
    """The invitation limits answer like every other "too many requests" (429 with
    Retry-After) or, once the application's allowance is used up for good, 409."""
    if isinstance(exc, referees.TooManyInvitationsToday):
        response.status_code = 429
        response["Retry-After"] = str(exc.retry_after_seconds)
    return response


INVITATION_LIMITS = (referees.TooManyInvitationsToday, referees.InvitationsUsedUp)


@login_required
@require_http_methods(["GET", "POST"])
def referee_list(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    if request.method == "GET":
        return _referees_page(request, application, RefereeForm())
    form = RefereeForm(request.POST)
    if form.is_valid():
        try:
            referees.add_referee(application=application, actor=request.user, **form.cleaned_data)
        except INVITATION_LIMITS as exc:
            form.add_error(None, str(exc))
            return _invitation_refused(_referees_page(request, application, form, 409), exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                gettext("%(name)s was sent a link to upload the letter.")
                % {"name": form.cleaned_data["name"]},
            )
            return HttpResponseRedirect(reverse("portal:referees", args=[reference]))
    return _referees_page(request, application, form, status=400)


def _own_referee(request: HttpRequest, reference: str, public_id: Any) -> Referee:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user, timeline=False
    )
    referee = application.referees.filter(public_id=public_id, replaced_at__isnull=True).first()
    if referee is None:
        raise Http404
    return referee


@login_required
@require_POST
def remind(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    referee = _own_referee(request, reference, public_id)
    try:
        referees.send_reminder(referee=referee, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, gettext("A reminder was sent to %(name)s.") % {"name": referee.name}
        )
    return HttpResponseRedirect(reverse("portal:referees", args=[reference]))


@login_required
@require_POST
def replace(request: HttpRequest, reference: str, public_id: Any) -> HttpResponse:
    referee = _own_referee(request, reference, public_id)
    form = RefereeForm(request.POST)
    if form.is_valid():
        try:
            referees.replace_referee(referee=referee, actor=request.user, **form.cleaned_data)
        except INVITATION_LIMITS as exc:
            messages.error(request, str(exc))
            page = _referees_page(request, referee.application, RefereeForm(), 409)
            return _invitation_refused(page, exc)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                gettext("%(old)s was replaced by %(new)s.")
                % {"old": referee.name, "new": form.cleaned_data["name"]},
            )
        return HttpResponseRedirect(reverse("portal:referees", args=[reference]))
    return _referees_page(
        request,
        referee.application,
        RefereeForm(),
        status=400,
        replace_form=form,
        replacing=referee,
    )


def _link_problem(request: HttpRequest, check: referees.LinkCheck) -> HttpResponse:
    contacts = check.referee.application.programme.contacts if check.referee else []
    status = 404 if check.problem == "unknown" else 410
    return render(
        request,
        "portal/documents/reference_link_problem.html",
        {"problem": check.problem, "contacts": contacts, "referee": check.referee},
        status=status,
    )


@takes_uploads
@never_cache
@require_http_methods(["GET", "POST"])
def reference_letter(request: HttpRequest, token: str) -> HttpResponse:
    check = referees.check_link(token)
    if check.problem:
        return _link_problem(request, check)
    referee = check.referee
    form = LetterForm()
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES)
        if form.is_valid():
            letter = form.cleaned_data.get("letter")
            try:
                referees.submit_letter(
                    referee=referee,
                    fileobj=letter,
                    filename=letter.name if letter else "",
                    text=form.cleaned_data.get("text", ""),
                )
            except DomainError as exc:
                form.add_error("letter", str(exc))
            else:
                return render(
                    request, "portal/documents/reference_thanks.html", {"referee": referee}
                )
        status = 400
    return render(
        request,
        "portal/documents/reference_letter.html",
        {
            "referee": referee,
            "application": referee.application,
            "form": form,
            "decline_form": DeclineForm(),
            "token": token,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, token: str) -> HttpResponse:
    """The referee cannot write the reference: an optional reason, then the applicant is told."""
    check = referees.check_link(token)
    if check.problem:
        return _link_problem(request, check)
    referee = check.referee
    form = DeclineForm(request.POST) if request.method == "POST" else DeclineForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                referees.decline_reference(referee=referee, reason=form.cleaned_data["reason"])
            except DomainError:
                return _link_problem(request, referees.check_link(token))
            return render(request, "portal/documents/reference_declined.html", {"referee": referee})
        status = 400
    return render(
        request,
        "portal/documents/reference_decline.html",
        {"referee": referee, "application": referee.application, "form": form, "token": token},
        status=status,
    )
