"""Staff pages for eligibility: an application's outcome and reasons, the override form
(mandatory reason), the eligible / ineligible step, and an intake's re-run (preview, then
apply).

Every page needs the ``application.check`` permission on the programme concerned; anything
else answers 404, like an application that does not exist. Staff pages sit under
``/staff/``, where the MFA middleware applies. Reading an applicant's file is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application, TimelineEvent
from admissions.applications.states import Status
from admissions.backoffice.forms.eligibility import OverrideForm
from admissions.catalogue.models import Intake, Stage
from admissions.core import audit, clock
from admissions.core.errors import DomainError
from admissions.core.permissions import check
from admissions.eligibility import reruns, selectors, services
from admissions.eligibility.models import CriterionStatus, Outcome
from admissions.rules import eligibility as engine
from admissions.rules.eligibility import messages as sentences

PERMISSION = "application.check"
ELIGIBILITY_EVENTS = (services.EVENT_OVERRIDDEN, reruns.EVENT_RERUN)


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


_ROUTES = {"application": "staff:eligibility", "rerun": "staff:eligibility-rerun"}


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(_ROUTES[name], kwargs=kwargs)


def _about_the_applicant(item: dict[str, Any], language: str) -> str:
    """A stored criterion's sentence for staff: rendered again from its key and params in the
    staff voice; the stored (applicant's) sentence only if it cannot be."""
    if item.get("key") and item.get("params") is not None:
        try:
            return sentences.render(item["key"], item["params"], language, sentences.STAFF)
        except (KeyError, TypeError, ValueError):
            pass
    key = "message_fr" if language == "fr" else "message_en"
    return str(item.get(key) or item.get("message_en") or "")


def _snapshot_message(snapshot: dict[str, Any], language: str) -> str:
    key = str(snapshot.get("outcome") or "")
    if snapshot.get("status") == "pending":
        key = "incomplete.pending"
    if key in sentences.OUTCOMES_STAFF:
        return sentences.outcome_message(key, language, sentences.STAFF)
    return str(snapshot.get(f"message_{language}") or snapshot.get("message_en") or "")


def _snapshot_criteria(snapshot: dict[str, Any], language: str) -> list[dict[str, Any]]:
    return selectors.nest(
        [
            {
                "code": item.get("code"),
                "status": item.get("status"),
                "status_label": _status_label(item.get("status")),
                "message": _about_the_applicant(item, language),
                "depth": item.get("depth") or 0,
            }
            for item in snapshot.get("criteria") or []
        ]
    )


def _result_criteria(result: engine.Result, language: str) -> list[dict[str, Any]]:
    return selectors.nest(
        [
            {
                "code": criterion.code,
                "status": str(criterion.status),
                "status_label": _status_label(str(criterion.status)),
                "message": criterion.message(language, sentences.STAFF),
                "depth": criterion.depth,
            }
            for criterion in result.criteria
        ]
    )


def _status_label(status: str | None) -> str:
    return str(CriterionStatus(status).label) if status in CriterionStatus.values else "—"


def outcome_label(outcome: str | None) -> str:
    return (
        str(Outcome(outcome).label) if outcome in Outcome.values else gettext("Not evaluated yet")
    )


def _page(
    request: HttpRequest, application: Application, form: OverrideForm | None = None
) -> HttpResponse:
    language = _language()
    now = clock.now()
    snapshot = application.eligibility_snapshot or {}
    effective = selectors.effective_outcome(application)
    current: engine.Result | None = None
    current_error = ""
    try:
        current = reruns.result_under_current_rules(application, now)
    except (DomainError, engine.ProfileError) as error:
        current_error = str(error)
    rules_changed = bool(
        snapshot and current is not None and current.rules_version != snapshot.get("rules_version")
    )
    pipeline = application.programme.pipeline or []
    can_decide = (
        Stage.ELIGIBILITY in pipeline
        and application.status == Status.SUBMITTED
        and effective.outcome in (Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE)
    )
    if form is None:
        form = OverrideForm()
    form.mark_invalid()
    events = list(
        TimelineEvent.objects.filter(application=application)
        .filter(
            Q(kind__in=ELIGIBILITY_EVENTS) | Q(to_status__in=[Status.ELIGIBLE, Status.INELIGIBLE])
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    audit.record(
        action="application.eligibility_viewed",
        actor=request.user,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        request=request,
    )
    context = {
        "application": application,
        "status_label": Status(application.status).label,
        "snapshot": snapshot,
        "snapshot_criteria": _snapshot_criteria(snapshot, language) if snapshot else [],
        "snapshot_message": _snapshot_message(snapshot, language) if snapshot else "",
        "snapshot_outcome_label": outcome_label(snapshot.get("outcome")),
        "effective": effective,
        "effective_label": outcome_label(effective.outcome),
        "overrides": selectors.overrides_of(application),
        "current": current,
        "current_label": outcome_label(str(current.outcome)) if current else "",
        "current_criteria": _result_criteria(current, language) if current else [],
        "current_error": current_error,
        "rules_changed": rules_changed,
        "can_decide": can_decide,
        "form": form,
        "events": events,
        "rerun_url": _url(
            request,
            "rerun",
            programme=application.programme.slug,
            year=application.intake.academic_year,
        ),
    }
    return render(request, "backoffice/eligibility/application.html", context)


@login_required
@require_http_methods(["GET"])
def application_page(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(
        request,
        application_selectors.application_for_staff(
            reference=reference, user=request.user, action=PERMISSION
        ),
    )


@login_required
@require_POST
def override(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.override_eligibility(
                application=application,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, gettext("The eligibility outcome was overridden."))
            return HttpResponseRedirect(_url(request, "application", reference=reference))
    return _page(request, application, form)


@login_required
@require_POST
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    try:
        services.decide_eligibility(application=application, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext("The application is now “%(status)s”.")
            % {"status": Status(application.status).label},
        )
    return HttpResponseRedirect(_url(request, "application", reference=reference))


def _intake(request: HttpRequest, programme: str, year: int) -> Intake:
    intake = selectors.intake_of(programme, year)
    check(request.user, PERMISSION, programme_id=intake.programme_id)
    return intake


@login_required
@require_http_methods(["GET", "POST"])
def rerun(request: HttpRequest, programme: str, year: int) -> HttpResponse:
    intake = _intake(request, programme, year)
    here = _url(request, "rerun", programme=programme, year=year)
    if request.method == "POST":
        expected = {
            key.removeprefix("rules-"): value
            for key, value in request.POST.items()
            if key.startswith("rules-")
        }
        try:
            changes = reruns.apply_rerun(intake=intake, actor=request.user, expected_rules=expected)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("The rules were re-run: %(count)s outcomes changed.")
                % {"count": len(changes)},
            )
        return HttpResponseRedirect(here)
    changes = reruns.preview_rerun(intake=intake)
    rows = [
        {
            "change": change,
            "status_label": Status(change.status).label,
            "old_label": outcome_label(change.old_outcome),
            "new_label": outcome_label(change.new_outcome),
            "override_label": outcome_label(change.overridden_outcome)
            if change.overridden_outcome
            else "",
        }
        for change in changes
    ]
    context = {
        "intake": intake,
        "programme": intake.programme,
        "rows": rows,
        "evaluated": selectors.rerun_count(intake),
        "rules": services.rules_versions(intake),
        "action": here,
    }
    return render(request, "backoffice/eligibility/rerun.html", context)
