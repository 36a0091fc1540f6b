"""Reviewer assignment pages: the chair's preview of a committee's assignment (each
member's load against capacity, each application's reviewers, the report of applications
left short), a manual swap, publication after a confirmation; and a reviewer's forms to
decline an assignment or declare a conflict of interest.

The committee pages need ``application.assign_reviewers`` on the programme (and, for a
committee chair, the chair's seat on that committee); a reviewer's forms answer only the
reviewer the assignment belongs to. Anything else is not found (404).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from admissions.backoffice.forms.assignment import ConflictForm, DeclineForm, SwapForm
from admissions.core.errors import DomainError
from admissions.review.assignment import selectors, services
from admissions.review.assignment.services import DraftOutcome
from admissions.review.models import Assignment, AssignmentStatus, Committee, CommitteeMember

TEMPLATE = "backoffice/review/assignment.html"


def _here(committee: Committee) -> str:
    return reverse("staff:review-assignment", kwargs={"public_id": committee.public_id})


def _members(committee: Committee) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(committee=committee, active=True)
        .select_related("user")
        .order_by("user__last_name", "user__email")
    )


def _page(
    request: HttpRequest,
    committee: Committee,
    *,
    outcome: DraftOutcome | None = None,
    swap_form: SwapForm | None = None,
    status: int = 200,
) -> HttpResponse:
    data = selectors.preview(committee, page=request.GET.get("page") or 1)
    if swap_form is None:
        swap_form = SwapForm(members=_members(committee), prefix="swap")
    swap_form.mark_invalid()
    context = {
        "committee": committee,
        "programme": committee.intake.programme,
        "preview": data,
        "outcome": outcome,
        "swap_form": swap_form,
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET"])
def preview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    committee = selectors.committee_for_assignment(public_id=public_id, user=request.user)
    return _page(request, committee)


@login_required
@require_POST
def draft(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    committee = selectors.committee_for_assignment(public_id=public_id, user=request.user)
    outcome = services.draft_assignment(committee=committee, actor=request.user)
    if not outcome.feasible:
        # Nothing was saved: the page shows the report in place of a new draft.
        return _page(request, committee, outcome=outcome, status=409)
    messages.success(
        request,
        _(
            "Draft prepared: %(created)s new assignments, %(kept)s published ones kept. "
            "Reviewers see nothing until you publish."
        )
        % {"created": outcome.created, "kept": outcome.kept},
    )
    return HttpResponseRedirect(_here(committee))


@login_required
@require_POST
def swap(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    committee = selectors.committee_for_assignment(public_id=public_id, user=request.user)
    members = _members(committee)
    form = SwapForm(request.POST, members=members, prefix="swap")
    if form.is_valid():
        assignment = (
            Assignment.objects.select_related("committee__intake")
            .filter(
                committee=committee,
                application__reference=form.cleaned_data["application"],
                member_id=form.cleaned_data["current"],
                status=AssignmentStatus.DRAFT,
            )
            .first()
        )
        member = next(m for m in members if str(m.pk) == form.cleaned_data["replacement"])
        if assignment is None:
            form.add_error(
                "current",
                _("This member has no draft assignment on this application to swap."),
            )
        else:
            try:
                services.swap_assignment(assignment=assignment, member=member, actor=request.user)
            except DomainError as error:
                field = "replacement" if error.field == "member" else None
                form.add_error(field, str(error))
            else:
                messages.success(request, _("The reviewers were swapped in the draft."))
                return HttpResponseRedirect(_here(committee))
    return _page(request, committee, swap_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    committee = selectors.committee_for_assignment(public_id=public_id, user=request.user)
    if request.method == "POST":
        try:
            published = services.publish_assignment(committee=committee, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Published: %(count)s assignments; each reviewer has been told.")
                % {"count": len(published)},
            )
        return HttpResponseRedirect(_here(committee))
    data = selectors.preview(committee)
    return render(
        request,
        "backoffice/review/assignment_publish.html",
        {"committee": committee, "programme": committee.intake.programme, "preview": data},
    )


def _assignment_page(
    request: HttpRequest,
    assignment: Assignment,
    template: str,
    form: DeclineForm | ConflictForm,
    status: int = 200,
) -> HttpResponse:
    form.mark_invalid()
    return render(
        request,
        template,
        {"assignment": assignment, "committee": assignment.committee, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = selectors.assignment_of_member(public_id=public_id, user=request.user)
    template = "backoffice/review/assignment_decline.html"
    if request.method == "GET":
        return _assignment_page(request, assignment, template, DeclineForm())
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_assignment(
                assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error))
        else:
            messages.success(
                request,
                _("You declined %(reference)s: it goes to another member.")
                % {"reference": assignment.application.reference},
            )
            return HttpResponseRedirect(reverse("staff:home"))
    return _assignment_page(request, assignment, template, form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def conflict(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = selectors.assignment_of_member(public_id=public_id, user=request.user)
    template = "backoffice/review/assignment_conflict.html"
    if request.method == "GET":
        return _assignment_page(request, assignment, template, ConflictForm())
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(
                member=assignment.member,
                application=assignment.application,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("kind" if error.field == "kind" else None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your conflict of interest on %(reference)s is recorded: the application "
                    "goes to another member."
                )
                % {"reference": assignment.application.reference},
            )
            return HttpResponseRedirect(reverse("staff:home"))
    return _assignment_page(request, assignment, template, form, status=422)
