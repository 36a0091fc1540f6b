"""The reviewer's pages: their assignments (``/staff/review/``) and the reviewer's screen of
one (``/staff/review/<assignment>/``): the application file, its documents, the eligibility
outcome with its reasons, the rubric form and, once their own review is submitted, the other
reviews.

Only the reviewer of an active assignment opens its screen; anyone else gets the 404 of a
page that does not exist. Every opening of the screen is recorded in the audit trail. The
form saves as the reviewer types (``static/js/autosave.js`` posts it with ``X-Autosave`` and
reads a JSON answer); without JavaScript, "Save draft" does the same. Submitting asks for
confirmation first, then locks the review.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from admissions.backoffice.forms.reviews import ReviewForm
from admissions.backoffice.views.eligibility import (
    _language,
    _snapshot_criteria,
    _snapshot_message,
    outcome_label,
)
from admissions.core import audit, clock
from admissions.review import scoring, selectors
from admissions.review.scoring import ReviewInvalid, ReviewSubmitted, StaleReview


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_review(request.user):
        raise Http404
    rows = selectors.assignments_of(request.user)
    following = selectors.next_assignment(request.user)
    return render(
        request,
        "backoffice/review/list.html",
        {"rows": rows, "next": following},
    )


def _eligibility(screen: selectors.ReviewScreen) -> dict[str, Any]:
    language = _language()
    snapshot = screen.application.eligibility_snapshot or {}
    return {
        "label": outcome_label(screen.eligibility.outcome),
        "overridden": screen.eligibility.source == "override",
        "override": screen.eligibility.override,
        "message": _snapshot_message(snapshot, language) if snapshot else "",
        "criteria": _snapshot_criteria(snapshot, language) if snapshot else [],
    }


def _render(
    request: HttpRequest,
    screen: selectors.ReviewScreen,
    form: ReviewForm | None,
    *,
    confirming: bool = False,
    status: int = 200,
) -> HttpResponse:
    criteria = [
        {
            "criterion": criterion,
            "label": criterion.label(),
            "score": (screen.review.scores or {}).get(criterion.code) if screen.review else None,
        }
        for criterion in screen.rubric.criteria
    ]
    others = [
        {
            "review": other,
            "rows": [
                (criterion.label(), other.scores.get(criterion.code))
                for criterion in screen.rubric.criteria
            ],
        }
        for other in screen.others
    ]
    return render(
        request,
        "backoffice/review/screen.html",
        {
            "screen": screen,
            "application": screen.application,
            "form": form,
            "criteria": criteria,
            "others": others,
            "levels": [(level.score, level.text()) for level in screen.rubric.levels],
            "eligibility": _eligibility(screen),
            "confirming": confirming,
            "tz": screen.application.programme.time_zone,
        },
        status=status,
    )


def _autosave_answer(review: Any) -> JsonResponse:
    at = clock.local(clock.now(), review.assignment.application.programme.time_zone)
    return JsonResponse(
        {
            "version": review.version,
            "status": selectors.state_of(review.assignment),
            "saved": gettext("Draft saved at %(time)s.") % {"time": at.strftime("%H:%M")},
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_screen(request: HttpRequest, public_id: Any) -> HttpResponse:
    screen = selectors.review_screen(request.user, public_id)
    if request.method == "GET":
        audit.record(
            action="application.file_viewed",
            actor=request.user,
            object_type="application",
            object_ref=screen.application.reference,
            programme_id=screen.application.programme_id,
            request=request,
            data={"via": "review", "assignment": str(screen.assignment.public_id)},
        )
        form = None
        if not screen.submitted:
            form = ReviewForm(rubric=screen.rubric, initial=ReviewForm.initial_of(screen.review))
        return _render(request, screen, form)
    return _save(request, screen)


def _save(request: HttpRequest, screen: selectors.ReviewScreen) -> HttpResponse:
    autosave = request.headers.get("X-Autosave") == "1"
    action = request.POST.get("action", "save")
    form = ReviewForm(request.POST, rubric=screen.rubric)
    if not form.is_valid():
        if autosave:
            first = next(iter(form.errors.values()))[0]
            return JsonResponse({"detail": str(first)}, status=422)
        form.mark_invalid()
        return _render(request, screen, form, status=400)
    version = form.cleaned_data.get("version")
    submit = action == "submit" and not autosave
    try:
        review = scoring.save_review(
            assignment=screen.assignment,
            actor=request.user,
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            comment=form.cleaned_data["comment"],
            submit=submit,
            expected_version=version,
        )
    except ReviewInvalid as exc:
        if autosave:
            return JsonResponse({"detail": str(exc.message)}, status=422)
        form.add_review_errors(exc.errors)
        return _render(request, screen, form, status=400)
    except (ReviewSubmitted, StaleReview) as exc:
        if autosave:
            current = screen.review.version if screen.review else 0
            return JsonResponse({"detail": str(exc), "current": current}, status=409)
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("staff:review", args=[screen.assignment.public_id]))
    if autosave:
        return _autosave_answer(review)
    if action == "confirm":
        # The draft is saved; before locking it, show what is still missing or ask to confirm.
        _, errors = scoring.validate_review(
            rubric=screen.rubric,
            scores=review.scores,
            recommendation=review.recommendation,
            comment=review.comment,
            submit=True,
        )
        screen = selectors.review_screen(request.user, screen.assignment.public_id)
        form = ReviewForm(rubric=screen.rubric, initial=ReviewForm.initial_of(review))
        if errors:
            form = ReviewForm(
                {**ReviewForm.initial_of(review), "version": review.version},
                rubric=screen.rubric,
            )
            form.is_valid()
            form.add_review_errors(errors)
            return _render(request, screen, form, status=400)
        return _render(request, screen, form, confirming=True)
    if submit:
        messages.success(request, gettext("Your review was submitted. It is now locked."))
    else:
        messages.success(request, gettext("Your draft was saved."))
    return HttpResponseRedirect(reverse("staff:review", args=[screen.assignment.public_id]))
