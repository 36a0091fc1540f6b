"""The chair's pages: the committees a person chairs or manages, and a committee's
dashboard (progress per reviewer, overdue reviews with a reminder button, applications
with too few reviews, disagreements, and the ranked list with calibrated and raw scores
side by side, from which the chair moves applications on).

The dashboard needs ``committee.chair`` on the committee's programme and the chair's seat on
that committee (or the programme's management: the programme head); anything else answers
404, like a committee that does not exist. Opening it is audited: it shows applicants'
names and scores.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from admissions.applications.states import Status
from admissions.backoffice.forms.review_chair import AdvanceForm
from admissions.core import audit, clock
from admissions.core.errors import DomainError
from admissions.core.permissions import has_permission
from admissions.review import aggregation, chair, chair_selectors
from admissions.review.models import Committee


@login_required
@require_GET
def committees(request: HttpRequest) -> HttpResponse:
    rows = chair_selectors.committees_for(request.user)
    return render(
        request,
        "backoffice/review/chair_committees.html",
        {
            "rows": rows,
            "can_create": has_permission(request.user, "committee.manage", any_programme=True),
        },
    )


def _dashboard_url(committee: Committee) -> str:
    return reverse("staff:review-committee", kwargs={"public_id": committee.public_id})


def _dashboard(
    request: HttpRequest, committee: Committee, *, bound: AdvanceForm | None = None
) -> HttpResponse:
    now = clock.now()
    view = chair_selectors.chair_view(committee)
    pipeline = list(committee.intake.programme.pipeline or [])
    rows = []
    for line in view.ranked:
        reference = line.application.reference
        form = None
        if line.can_advance:
            form = (
                bound
                if bound is not None and bound.prefix == reference
                else AdvanceForm(prefix=reference, pipeline=pipeline)
            )
        rows.append({"line": line, "form": form})
    audit.record(
        action="review.chair_dashboard_viewed",
        actor=request.user,
        object_type="committee",
        object_ref=str(committee.public_id),
        programme_id=committee.intake.programme_id,
        request=request,
    )
    context: dict[str, Any] = {
        "committee": committee,
        "programme": committee.intake.programme,
        "progress": chair_selectors.reviewer_progress(committee, now=now),
        "overdue": chair_selectors.overdue_reviews(committee, now=now),
        "view": view,
        "rows": rows,
        "bound": bound,
        "min_reviews": aggregation.MIN_REVIEWS_TO_CALIBRATE,
        "reasons": {
            aggregation.TOO_FEW_REVIEWS: gettext("fewer than %(n)s reviews")
            % {"n": aggregation.MIN_REVIEWS_TO_CALIBRATE},
            aggregation.NO_VARIANCE: gettext("every score the same"),
        },
    }
    return render(
        request, "backoffice/review/chair.html", context, status=400 if bound is not None else 200
    )


@login_required
@require_GET
def dashboard(request: HttpRequest, public_id: UUID) -> HttpResponse:
    committee = chair_selectors.committee_for_chair(public_id=public_id, user=request.user)
    return _dashboard(request, committee)


@login_required
@require_POST
def remind(request: HttpRequest, public_id: UUID) -> HttpResponse:
    committee = chair_selectors.committee_for_chair(public_id=public_id, user=request.user)
    if not request.POST.get("member"):
        messages.error(request, gettext("Choose the reviewer to remind."))
        return HttpResponseRedirect(_dashboard_url(committee) + "#overdue-heading")
    member = chair_selectors.member_of(committee=committee, member_id=request.POST.get("member"))
    try:
        chair.remind_reviewer(committee=committee, member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("A reminder is on its way to %(name)s.")
            % {"name": member.user.get_full_name() or member.user.email},
        )
    return HttpResponseRedirect(_dashboard_url(committee) + "#overdue-heading")


@login_required
@require_POST
def advance(request: HttpRequest, public_id: UUID) -> HttpResponse:
    committee = chair_selectors.committee_for_chair(public_id=public_id, user=request.user)
    if not request.POST.get("reference"):
        messages.error(request, gettext("Choose the application to move on."))
        return HttpResponseRedirect(_dashboard_url(committee) + "#ranked-heading")
    application = chair_selectors.application_in_committee(
        committee=committee, reference=request.POST["reference"]
    )
    form = AdvanceForm(
        request.POST,
        prefix=application.reference,
        pipeline=list(application.programme.pipeline or []),
    )
    if form.is_valid():
        try:
            chair.advance_application(
                application=application,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                gettext("%(reference)s is now “%(status)s”.")
                % {"reference": application.reference, "status": Status(application.status).label},
            )
            return HttpResponseRedirect(_dashboard_url(committee) + "#ranked-heading")
    form.mark_invalid()
    return _dashboard(request, committee, bound=form)
