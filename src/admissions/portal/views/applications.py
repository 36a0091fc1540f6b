"""The applicant's pages: dashboard, profile, applying, the stepped form, submission, status.

Views parse input with the forms of ``portal.forms.applications``, call one domain service
or selector and render. Every page about an application goes through
``application_selectors.application_of_applicant``: a reference that is not the person's
raises ``NotFound``, which ``core.middleware`` answers with the 404 page, exactly as for one
that does not exist.

Autosave: the stepped form posts to its own URL. ``static/js/autosave.js`` posts in the
background with ``X-Autosave: 1`` and gets JSON back; without JavaScript the same POST saves
and moves to the next step. A POST from a signed-out person (the session expired) is
redirected to the login page with ``next`` set to the step: what autosave stored is in the
database, and what was typed since is kept in the browser's localStorage by the script.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from admissions.applicants import selectors as applicant_selectors
from admissions.applicants import services as applicant_services
from admissions.applicants.errors import ProfileInvalid
from admissions.applications import selectors as application_selectors
from admissions.applications import services as application_services
from admissions.applications.errors import (
    AnswersInvalid,
    ApplicationAlreadyExists,
    ApplicationReadOnly,
    NoIntakeOpen,
    StaleAnswers,
    TransitionNotAllowed,
)
from admissions.applications.models import Application
from admissions.applications.states import EDITABLE, Status, is_final
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.core.errors import NotFound
from admissions.decisions import selectors as decision_selectors
from admissions.decisions.services import offers
from admissions.portal import receipt
from admissions.portal.forms import applications as forms
from admissions.workflows import submission
from admissions.workflows.submission import Step

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _profile(request: HttpRequest) -> Any:
    return applicant_services.get_or_create_profile(user=request.user)


# --------------------------------------------------------------------------------------------
# Steps of the form
# --------------------------------------------------------------------------------------------

STEP_TITLES = {
    Step.PROGRAMME: gettext_lazy("Programme and entry level"),
    Step.PROFILE: gettext_lazy("Profile check"),
    Step.ETUDES_EN_FRANCE: gettext_lazy("Études en France"),
    Step.QUESTIONS: gettext_lazy("Programme questions"),
    Step.DOCUMENTS: gettext_lazy("Documents"),
    Step.REFEREES: gettext_lazy("Referees"),
    Step.FUNDING: gettext_lazy("Funding intentions"),
    Step.FEE: gettext_lazy("Application fee"),
    Step.REVIEW: gettext_lazy("Review and submit"),
}
OWN_STEPS = (
    Step.PROGRAMME,
    Step.PROFILE,
    Step.ETUDES_EN_FRANCE,
    Step.QUESTIONS,
    Step.FUNDING,
    Step.FEE,
    Step.REVIEW,
)
EXTERNAL_STEPS = {Step.DOCUMENTS: "portal:documents", Step.REFEREES: "portal:referees"}
ORDER = (
    Step.PROGRAMME,
    Step.PROFILE,
    Step.ETUDES_EN_FRANCE,
    Step.QUESTIONS,
    Step.DOCUMENTS,
    Step.REFEREES,
    Step.FUNDING,
    Step.FEE,
    Step.REVIEW,
)


@dataclass(frozen=True)
class StepLink:
    code: str
    title: str
    url: str
    current: bool
    number: int


def _eef_applies(application: Application) -> bool:
    profile = applicant_selectors.profile_of(application.applicant)
    return profile is not None and applicant_selectors.etudes_en_france(profile).applies


def step_links(application: Application, current: str | None = None) -> list[StepLink]:
    """The steps this application shows, in order (Études en France only where it applies;
    documents and referees only once their pages exist)."""
    links = []
    for code in ORDER:
        if code == Step.ETUDES_EN_FRANCE and not _eef_applies(application):
            continue
        if code in EXTERNAL_STEPS:
            url = reverse(EXTERNAL_STEPS[code], args=[application.reference])
        else:
            url = reverse("portal:step", args=[application.reference, code])
        links.append(StepLink(code, str(STEP_TITLES[code]), url, code == current, len(links) + 1))
    return links


def step_url(application: Application, step: str | None) -> str | None:
    """The page of a step of the form (ours, or the documents and referees pages)."""
    if step in EXTERNAL_STEPS:
        return reverse(EXTERNAL_STEPS[step], args=[application.reference])
    if step in OWN_STEPS:
        return reverse("portal:step", args=[application.reference, step])
    if step == submission.INTERVIEW_STEP:
        return reverse("portal:interview", args=[application.reference])
    return None


def fix_url(application: Application, item: submission.MissingItem) -> str | None:
    """Where the applicant fixes a missing item."""
    if item.fix_url_name:
        return reverse(item.fix_url_name, args=[application.reference])
    if item.step == Step.PROFILE:
        section = _PROFILE_FIELD_SECTIONS.get(item.field or "", "identity")
        return reverse("portal:profile-section", args=[section])
    if item.step in EXTERNAL_STEPS:
        return reverse(EXTERNAL_STEPS[item.step], args=[application.reference])
    if item.step in OWN_STEPS:
        return reverse("portal:step", args=[application.reference, item.step])
    return None


_PROFILE_FIELD_SECTIONS = {
    "native_languages": "languages",
    "instruction_languages": "languages",
    "degrees": "education",
    "eef_file_number": "etudes-en-france",
    "special_needs": "special-needs",
}


# --------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    language = _language()
    rows = []
    applications = list(application_selectors.applications_of(request.user))
    submission.read_ahead(applications)
    for application in applications:
        step = submission.next_step(application, now)
        warnings = submission.advice_for(application, now) if application.is_draft else []
        rows.append(
            {
                "application": application,
                "status_label": application_selectors.applicant_status(application, now).label,
                "next_step": step.message(language) if step else "",
                "next_url": step_url(application, step.step) if step else None,
                "warnings": [w for w in warnings if w.severity == "warning"],
            }
        )
    profile = applicant_selectors.profile_of(request.user)
    gaps = applicant_selectors.profile_gaps(profile)
    return render(
        request,
        "portal/applicant/dashboard.html",
        {
            "rows": rows,
            "gaps": [gap.message_fr if language == "fr" else gap.message_en for gap in gaps],
        },
    )


# --------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------

SECTIONS: dict[str, tuple[type[forms.AccessibleForm], Any]] = {
    "identity": (forms.IdentityForm, gettext_lazy("Identity and contact")),
    "languages": (forms.LanguagesForm, gettext_lazy("Languages")),
    "special-needs": (forms.SpecialNeedsForm, gettext_lazy("Special needs for interviews")),
    "etudes-en-france": (forms.EtudesEnFranceForm, gettext_lazy("Études en France")),
}


def _initial(profile: Any, section: str) -> dict[str, Any]:
    if section == "identity":
        return {
            "given_names": profile.given_names,
            "family_name": profile.family_name,
            "date_of_birth": profile.date_of_birth,
            "nationalities": profile.nationalities,
            "residence_country": profile.residence_country,
            "phone": profile.phone,
            "address": profile.address,
            "preferred_language": getattr(profile.user, "preferred_language", "") or "en",
        }
    if section == "languages":
        return {
            "native_languages": list(profile.native_languages),
            "instruction_languages": list(profile.instruction_languages),
        }
    if section == "special-needs":
        return {"special_needs": profile.special_needs}
    return {"eef_file_number": profile.eef_file_number}


@login_required
def profile_overview(request: HttpRequest) -> HttpResponse:
    profile = applicant_selectors.profile_queryset().filter(user=request.user).first()
    if profile is None:
        profile = _profile(request)
    language = _language()
    eef = applicant_selectors.etudes_en_france(profile)
    gaps = applicant_selectors.profile_gaps(profile)
    return render(
        request,
        "portal/applicant/profile.html",
        {
            "profile": profile,
            "eef": eef,
            "eef_reason": eef.reason(language),
            "gaps": [gap.message_fr if language == "fr" else gap.message_en for gap in gaps],
            "months": applicant_selectors.experience_months(profile),
            "row_kinds": [(kind, title) for kind, (_n, _f, title) in forms.ROW_KINDS.items()],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    form_class, title = SECTIONS[section]
    profile = _profile(request)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            language = data.pop("preferred_language", None)
            try:
                applicant_services.update_profile(
                    profile=profile, data=data, actor=request.user, preferred_language=language
                )
            except ProfileInvalid as error:
                form.add_domain_errors(error.errors)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect(_safe_next(request) or reverse("portal:profile"))
        form.mark_invalid()
    else:
        form = form_class(initial=_initial(profile, section))
    eef = applicant_selectors.etudes_en_france(profile) if section == "etudes-en-france" else None
    return render(
        request,
        "portal/applicant/profile_section.html",
        {
            "form": form,
            "title": title,
            "section": section,
            "eef": eef,
            "eef_reason": eef.reason(_language()) if eef else "",
            "next": _safe_next(request) or "",
        },
        status=422 if form.errors else 200,
    )


def profile_page(request: HttpRequest, section: str) -> HttpResponse:
    if section in forms.ROW_KINDS:
        return profile_rows(request, kind=section)
    return profile_section(request, section=section)


def _row_kind(kind: str) -> tuple[str, type[forms.RowForm], Any]:
    if kind not in forms.ROW_KINDS:
        raise Http404
    return forms.ROW_KINDS[kind]


@login_required
@require_http_methods(["GET", "POST"])
def profile_rows(request: HttpRequest, kind: str) -> HttpResponse:
    name, _form_class, title = _row_kind(kind)
    profile = _profile(request)
    flag_form = None
    if kind == "experience":
        if request.method == "POST":
            flag_form = forms.ExperienceFlagForm(request.POST)
            if flag_form.is_valid():
                applicant_services.update_profile(
                    profile=profile, data=flag_form.cleaned_data, actor=request.user
                )
                messages.success(request, _("Your profile is saved."))
                return redirect("portal:profile-section", section=kind)
        flag_form = forms.ExperienceFlagForm(
            initial={"no_professional_experience": profile.no_professional_experience}
        )
    rows = list(getattr(profile, name).all())
    return render(
        request,
        "portal/applicant/profile_rows.html",
        {
            "kind": kind,
            "title": title,
            "rows": rows,
            "flag_form": flag_form,
            "months": applicant_selectors.experience_months(profile)
            if kind == "experience"
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_row_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    name, form_class, title = _row_kind(kind)
    profile = _profile(request)
    row = get_object_or_404(getattr(profile, name), pk=pk) if pk is not None else None
    if request.method == "POST":
        form = form_class(request.POST, instance=None)
        if form.is_valid():
            try:
                if row is None:
                    applicant_services.add_row(profile=profile, kind=name, values=form.values())
                else:
                    applicant_services.update_row(row=row, values=form.values())
            except ProfileInvalid as error:
                forms.add_domain_errors(form, error.errors)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("portal:profile-section", section=kind)
        forms.mark_invalid(form)
    else:
        form = form_class(instance=row)
    return render(
        request,
        "portal/applicant/profile_row_form.html",
        {"form": form, "kind": kind, "title": title, "row": row},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_row_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    name, _form_class, title = _row_kind(kind)
    profile = _profile(request)
    row = get_object_or_404(getattr(profile, name), pk=pk)
    if request.method == "POST":
        applicant_services.remove_row(row=row)
        messages.success(request, _("Removed from your profile."))
        return redirect("portal:profile-section", section=kind)
    return render(
        request,
        "portal/applicant/profile_row_remove.html",
        {"row": row, "kind": kind, "title": title},
    )


# --------------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug, is_published=True)
    levels = list(programme.entry_levels.all())
    form = forms.ApplyForm(request.POST or None, levels=levels)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            application = application_services.create_application(
                applicant=request.user,
                programme=programme,
                entry_level=form.cleaned_data["entry_level"],
                now=clock.now(),
            )
        except ApplicationAlreadyExists as error:
            messages.info(request, str(error))
            return redirect("portal:application", reference=error.reference)
        except (NoIntakeOpen, NotFound) as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(
                request,
                _("Your application %(reference)s is started. Fill in each step at your pace.")
                % {"reference": application.reference},
            )
            return redirect("portal:step", reference=application.reference, step=Step.PROFILE)
    form.mark_invalid()
    return render(
        request,
        "portal/applicant/apply.html",
        {"programme": programme, "form": form},
        status=status if not form.errors or status != 200 else 422,
    )


# --------------------------------------------------------------------------------------------
# The stepped form
# --------------------------------------------------------------------------------------------


def _answers_form(
    step: str, application: Application, data: Any = None
) -> forms.QuestionsForm | forms.FundingForm:
    answers = application.answers or {}
    if step == Step.QUESTIONS:
        initial = {**answers, "version": application.version}
        return forms.QuestionsForm(data, programme=application.programme, initial=initial)
    initial = {
        "funding_intentions": answers.get("funding_intentions") or [],
        "version": application.version,
    }
    return forms.FundingForm(data, initial=initial)


def _saved_label(application: Application) -> str:
    local = timezone.localtime(application.updated_at)
    return _("Saved at %(time)s") % {"time": local.strftime("%H:%M")}


def _save_step(request: HttpRequest, application: Application, step: str) -> HttpResponse | Any:
    """Save a posted step; returns a response, or the bound form to show again."""
    autosave = request.headers.get("X-Autosave") == "1"
    form = _answers_form(step, application, request.POST)
    conflict = None
    if form.is_valid():
        try:
            saved = application_services.save_answers(
                application=application,
                answers=form.answers(),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                now=clock.now(),
            )
        except AnswersInvalid as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, str(message))
        except StaleAnswers as error:
            conflict = error
            form.add_error(None, str(error))
        except ApplicationReadOnly as error:
            if autosave:
                return JsonResponse({"detail": str(error)}, status=409)
            messages.error(request, str(error))
            return redirect("portal:application", reference=application.reference)
        else:
            if autosave:
                return JsonResponse(
                    {"version": saved.version, "saved": _saved_label(saved)}, status=200
                )
            messages.success(request, _saved_label(saved))
            links = step_links(application)
            codes = [link.code for link in links]
            following = links[codes.index(step) + 1] if step in codes[:-1] else None
            return redirect(following.url if following else request.path)
    if autosave:
        payload: dict[str, Any] = {
            "detail": " ".join(str(e) for e in form.non_field_errors()) or _("Not saved."),
            "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
        }
        if conflict is not None:
            payload.update(
                {"current": conflict.current, "typed": conflict.typed, "version": conflict.version}
            )
        return JsonResponse(payload, status=409 if conflict else 422)
    forms.mark_invalid(form)
    return form, conflict


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, reference: str, step: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    if step not in OWN_STEPS:
        raise Http404
    now = clock.now()
    editable = application.status in EDITABLE
    context: dict[str, Any] = {"application": application, "step": step, "editable": editable}
    status = 200
    if step in (Step.QUESTIONS, Step.FUNDING):
        conflict = None
        if request.method == "POST" and editable:
            result = _save_step(request, application, step)
            if isinstance(result, HttpResponse):
                return result
            form, conflict = result
            status = 409 if conflict else 422
            if conflict is not None:
                # Show the stored values next to what was typed, and carry the new version
                # so saving again keeps the typed text.
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = _answers_form(step, application, data)
                form.is_valid()
                context["conflict"] = [
                    {
                        "field": form[key].label if key in form.fields else key,
                        "current": conflict.current.get(key),
                        "typed": conflict.typed.get(key),
                    }
                    for key in conflict.conflicts
                ]
        else:
            form = _answers_form(step, application)
        if not editable:
            for field in form.fields.values():
                field.disabled = True
        context["form"] = form
    elif request.method == "POST":
        return redirect(request.path)
    if step == Step.PROFILE:
        profile = applicant_selectors.profile_of(application.applicant)
        context["profile"] = profile
        context["profile_items"] = _fixes(
            application, submission.profile_is_complete(application, now)
        )
    if step == Step.ETUDES_EN_FRANCE:
        profile = _profile(request)
        eef = applicant_selectors.etudes_en_france(profile)
        context.update({"profile": profile, "eef": eef, "eef_reason": eef.reason(_language())})
    if step == Step.PROGRAMME:
        context["round"] = application_selectors.round_of(application, now)
        context["rounds"] = application_selectors.rounds_of(application.intake)
    if step == Step.REVIEW:
        context.update(_review_context(application, now))
    context["steps"] = step_links(application, step)
    context["now"] = now
    codes = [link.code for link in context["steps"]]
    if step in codes:
        index = codes.index(step)
        context["previous_step"] = context["steps"][index - 1] if index else None
        context["next_step"] = context["steps"][index + 1] if index + 1 < len(codes) else None
    return render(request, f"portal/applicant/step_{step}.html", context, status=status)


def _fixes(application: Application, items: list[submission.MissingItem]) -> list[dict[str, Any]]:
    language = _language()
    return [
        {"code": item.code, "message": item.message(language), "url": fix_url(application, item)}
        for item in items
    ]


def checklist_rows(application: Application, now: Any) -> list[dict[str, Any]]:
    """The checklist's lines (documents, eligibility, fee) in one shape for pages."""
    language = _language()
    return [
        {
            "name": item.label(language) or item.code,
            "state": item.state_text(language),
            "files": item.files,
        }
        for item in submission.checklist(application, now)
    ]


def _review_context(application: Application, now: Any) -> dict[str, Any]:
    review = submission.review(application, now)
    language = _language()
    return {
        "review": review,
        "missing": _fixes(application, review.missing),
        "warnings": [{"severity": w.severity, "text": w.text(language)} for w in review.warnings],
        "checklist": checklist_rows(application, now),
        "funding": [
            str(forms.FUNDING_LABELS.get(route, route))
            for route in (application.answers or {}).get("funding_intentions") or []
        ],
    }


@login_required
@require_POST
def submit(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    now = clock.now()
    try:
        submitted = submission.submit_application(
            application=application, actor=request.user, now=now
        )
    except submission.SubmissionRefused as refused:
        context: dict[str, Any] = {
            "application": application,
            "step": Step.REVIEW,
            "editable": application.status in EDITABLE,
            "refused": str(refused),
            "steps": step_links(application, Step.REVIEW),
            "now": now,
        }
        context.update(_review_context(application, now))
        context["missing"] = _fixes(application, refused.items)
        return render(request, "portal/applicant/step_review.html", context, status=409)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("portal:application", reference=reference)
    return redirect("portal:submitted", reference=submitted.reference)


@login_required
def submitted(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    if application.submitted_at is None:
        return redirect("portal:step", reference=reference, step=Step.REVIEW)
    return render(request, "portal/applicant/submitted.html", {"application": application})


@login_required
def receipt_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    if application.submitted_at is None:
        raise Http404(_("The receipt exists once the application is submitted."))
    pdf = receipt.render_receipt(application, language=_language(), now=clock.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.reference}.pdf"'
    return response


# --------------------------------------------------------------------------------------------
# Status and withdrawal
# --------------------------------------------------------------------------------------------


@login_required
def application_status(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    now = clock.now()
    language = _language()
    step = submission.next_step(application, now)
    shown = application_selectors.applicant_status(application, now)
    return render(
        request,
        "portal/applicant/application.html",
        {
            "application": application,
            "status_label": shown.label,
            "seen": decision_selectors.for_applicant(application, now, language),
            "timeline": application_selectors.timeline_for_applicant(application),
            "round": application_selectors.round_of(application, now),
            "next_step": step.message(language) if step else "",
            "next_url": (
                step_url(application, step.step)
                if step
                and (application.status in EDITABLE or step.step == submission.INTERVIEW_STEP)
                else None
            ),
            "has_interview": application.interviews.exists(),
            "can_withdraw": not is_final(shown),
            "editable": application.status in EDITABLE,
            "first_step": reverse("portal:step", args=[reference, Step.PROGRAMME]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_of_applicant(
        reference=reference, user=request.user
    )
    shown = application_selectors.applicant_status(application, clock.now())
    if is_final(shown) and shown != Status.WITHDRAWN:
        messages.error(request, _("This application is closed: it can no longer be withdrawn."))
        return redirect("portal:application", reference=reference)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offers.withdraw(
                application=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                now=clock.now(),
            )
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("portal:application", reference=reference)
    return render(
        request, "portal/applicant/withdraw.html", {"application": application, "form": form}
    )
