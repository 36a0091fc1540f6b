"""Staff pages for review committees: creating one for an intake, and its settings page
(name, reviewers per application, blind review, days to review; members, invitations and
recorded conflicts). Both need ``committee.manage`` (the programme head, an admissions
officer, an administrator) on the committee's programme; anything else answers 404, like a
committee that does not exist.

And the page where someone invited by email accepts (``join``): reached from the emailed
link before the person has an account or a second factor, so the two-factor middleware lets
it through (``accounts.middleware.TWO_FACTOR_EXEMPT_PATHS``); it grants a seat, after which
every other staff page sends the new member to set up TOTP first.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from admissions.accounts.models import User
from admissions.applications.models import Application
from admissions.backoffice.forms.committees import (
    AddMemberForm,
    CommitteeSettingsForm,
    ConflictForm,
    InviteForm,
    JoinAccountForm,
    NewCommitteeForm,
)
from admissions.catalogue.models import Intake
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import check, filter_by_scope
from admissions.review import committees as services
from admissions.review.models import Committee, CommitteeMember, Conflict, MemberInvitation

MANAGE = services.MANAGE
ACTIONS = ("settings", "add_member", "leave", "invite", "revoke", "conflict")


def _committee(request: HttpRequest, public_id: Any) -> Committee:
    committee = (
        Committee.objects.select_related("intake__programme", "round", "entry_level")
        .filter(public_id=public_id)
        .first()
    )
    if committee is None:
        raise NotFound(services.COMMITTEE_NOT_FOUND)
    check(request.user, MANAGE, programme_id=committee.intake.programme_id)
    return committee


def _settings_url(committee: Committee) -> str:
    return reverse("staff:committee-settings", args=[committee.public_id])


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    check(request.user, MANAGE, any_programme=True)
    intakes = filter_by_scope(
        request.user, MANAGE, Intake.objects.all(), programme_field="programme"
    )
    form = NewCommitteeForm(request.POST or None, intakes=intakes)
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            try:
                committee = services.create_committee(
                    intake=form.cleaned_data["intake"],
                    round=form.cleaned_data["round"],
                    entry_level=form.cleaned_data["entry_level"],
                    name=form.cleaned_data["name"],
                    actor=request.user,
                    request=request,
                )
            except NotFound:
                raise
            except DomainError as exc:
                form.add_domain_errors([exc])
            else:
                messages.success(
                    request,
                    gettext("The committee %(name)s was created. Add its members below.")
                    % {"name": committee.name},
                )
                return HttpResponseRedirect(_settings_url(committee))
        form.mark_invalid()
        status = HTTPStatus.BAD_REQUEST
    existing = filter_by_scope(
        request.user, MANAGE, Committee.objects.all(), programme_field="intake__programme"
    ).select_related("intake__programme", "round", "entry_level")
    return render(
        request,
        "backoffice/review/committee_new.html",
        {
            "form": form,
            "committees": list(
                existing.order_by("intake__programme__slug", "-intake__academic_year", "name")
            ),
        },
        status=status,
    )


def _forms(committee: Committee, data: Any = None, action: str = "") -> dict[str, Any]:
    """Every form of the settings page; the one named by ``action`` bound to ``data``."""

    def bound(name: str) -> Any:
        return data if action == name else None

    members = committee.members.filter(active=True).select_related("user")
    seated = committee.members.filter(active=True).values("user_id")
    return {
        "settings_form": CommitteeSettingsForm(
            bound("settings"),
            initial={
                "name": committee.name,
                "reviewers_per_application": committee.reviewers_per_application,
                "blind": committee.blind,
                "review_days": committee.review_days,
            },
        ),
        "member_form": AddMemberForm(
            bound("add_member"),
            people=services.programme_staff(committee).exclude(pk__in=seated),
        ),
        "invite_form": InviteForm(
            bound("invite"),
            initial={"language": "fr" if (get_language() or "").startswith("fr") else "en"},
        ),
        "conflict_form": ConflictForm(bound("conflict"), members=members),
    }


def _settings_page(
    request: HttpRequest,
    committee: Committee,
    forms: dict[str, Any],
    status: int = HTTPStatus.OK,
    failed: str = "",
) -> HttpResponse:
    context = {
        "committee": committee,
        "programme": committee.intake.programme,
        "members": list(
            committee.members.select_related("user").order_by(
                "-active", "role", "user__last_name", "user__email"
            )
        ),
        "invitations": list(services.pending_invitations(committee).select_related("invited_by")),
        "conflicts": list(
            Conflict.objects.filter(member__committee=committee)
            .select_related("member__user", "application", "declared_by")
            .order_by("-declared_at")
        ),
        "failed": failed,
        **forms,
    }
    return render(request, "backoffice/review/committee_settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def committee_settings(request: HttpRequest, public_id: Any) -> HttpResponse:
    committee = _committee(request, public_id)
    if request.method == "GET":
        return _settings_page(request, committee, _forms(committee))
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, gettext("Choose what to change, then send the form again."))
        return _settings_page(request, committee, _forms(committee), HTTPStatus.BAD_REQUEST)
    forms = _forms(committee, request.POST, action)
    try:
        done = _act(request, committee, action, forms)
    except NotFound:
        raise
    except DomainError as exc:
        if action in ("leave", "revoke"):
            messages.error(request, str(exc))
            return HttpResponseRedirect(_settings_url(committee))
        form = forms[_FORM_OF[action]]
        form.add_domain_errors([exc])
        done = None
    if done is not None:
        messages.success(request, done)
        return HttpResponseRedirect(_settings_url(committee))
    failed = _FORM_OF.get(action, "")
    if failed:
        forms[failed].mark_invalid()
    return _settings_page(request, committee, forms, HTTPStatus.BAD_REQUEST, failed=failed)


_FORM_OF = {
    "settings": "settings_form",
    "add_member": "member_form",
    "invite": "invite_form",
    "conflict": "conflict_form",
}


def _act(request: HttpRequest, committee: Committee, action: str, forms: dict[str, Any]) -> Any:
    """Run ``action``; the success message, or ``None`` when its form is invalid."""
    actor = request.user
    if action == "leave":
        member = CommitteeMember.objects.filter(
            committee=committee, pk=_int(request.POST.get("member"))
        ).first()
        if member is None:
            raise NotFound(services.COMMITTEE_NOT_FOUND)
        services.deactivate_member(member=member, actor=actor, request=request)
        return gettext("%(person)s left the committee.") % {
            "person": member.user.get_full_name() or member.user.email
        }
    if action == "revoke":
        invitation = MemberInvitation.objects.filter(
            committee=committee, public_id=_uuid(request.POST.get("invitation"))
        ).first()
        if invitation is None:
            raise NotFound(services.COMMITTEE_NOT_FOUND)
        services.revoke_invitation(invitation=invitation, actor=actor, request=request)
        return gettext("The invitation to %(email)s was revoked: its link no longer works.") % {
            "email": invitation.email
        }
    form = forms[_FORM_OF[action]]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if action == "settings":
        services.update_committee(committee=committee, actor=actor, request=request, **data)
        return gettext("The committee's settings were saved.")
    if action == "add_member":
        member = services.add_member(committee=committee, actor=actor, request=request, **data)
        return gettext("%(person)s now sits on the committee.") % {
            "person": member.user.get_full_name() or member.user.email
        }
    if action == "invite":
        invitation, _token = services.invite_external_member(
            committee=committee, actor=actor, request=request, **data
        )
        return gettext("An invitation was sent to %(email)s. The link works once, for 7 days.") % {
            "email": invitation.email
        }
    application = Application.objects.filter(reference=data["application"].strip().upper()).first()
    if application is None:
        form.add_error(
            "application",
            gettext("No application has this reference. Check it on the application's page."),
        )
        return None
    services.record_conflict(
        member=data["member"],
        application=application,
        kind=data["kind"],
        note=data["note"],
        actor=actor,
        request=request,
    )
    return gettext("The conflict was recorded: %(person)s will not be assigned %(reference)s.") % {
        "person": data["member"].user.get_full_name() or data["member"].user.email,
        "reference": application.reference,
    }


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _uuid(value: Any) -> Any:
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- Accepting an invitation --------------------------------------------------------------------


def _too_many(request: HttpRequest) -> HttpResponse:
    seconds = 3600
    response = render(
        request, "429.html", {"wait_minutes": seconds // 60}, status=HTTPStatus.TOO_MANY_REQUESTS
    )
    response["Retry-After"] = str(seconds)
    return response


def _sign_in(request: HttpRequest, user: User) -> None:
    """Sign the new account in, recorded as a password sign-in: the two-factor set-up that
    follows asks for no password again."""
    from allauth.account.internal.flows.login import record_authentication

    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    record_authentication(request, user, "password", email=user.email)


def _accepted(request: HttpRequest, member: CommitteeMember) -> HttpResponse:
    messages.success(
        request,
        gettext(
            "Welcome to %(committee)s. Staff pages need two-factor authentication: set up an "
            "authenticator app to continue."
        )
        % {"committee": member.committee.name},
    )
    return HttpResponseRedirect(reverse("staff:home"))


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    # Every opening counts, GET included (allauth's own limits count only POSTs).
    if not ratelimit.consume(
        request, app="allauth.account", action="committee_join", limit_get=True
    ):
        return _too_many(request)
    found = services.check_invitation(token)
    if found.problem:
        return render(
            request,
            "backoffice/review/committee_join_problem.html",
            {"problem": found.problem, "message": services.INVITATION_PROBLEMS[found.problem]},
            status=HTTPStatus.NOT_FOUND if found.problem == "unknown" else HTTPStatus.GONE,
        )
    invitation = found.invitation
    assert invitation is not None  # nosec B101  # no problem means an invitation
    user = request.user
    existing = User.objects.filter(email__iexact=invitation.email).first()
    context: dict[str, Any] = {
        "invitation": invitation,
        "committee": invitation.committee,
        "programme": invitation.committee.intake.programme,
        "login_url": reverse("account_login") + "?next=" + request.path,
        "logout_url": reverse("account_logout"),
    }
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["wrong_account"] = services.WRONG_ACCOUNT % {
                "email": invitation.email,
                "signed_in": user.email,
            }
            return render(
                request,
                "backoffice/review/committee_join.html",
                context,
                status=HTTPStatus.CONFLICT,
            )
        if request.method == "POST":
            try:
                member = services.accept_invitation(token=token, user=user, request=request)
            except DomainError as exc:
                messages.error(request, str(exc))
                return HttpResponseRedirect(request.path)
            return _accepted(request, member)
        context["accept"] = True
        return render(request, "backoffice/review/committee_join.html", context)
    if existing is not None:
        # An account has this address: its owner signs in (with their second factor, if
        # they have one) and comes back here to accept.
        context["sign_in"] = True
        return render(request, "backoffice/review/committee_join.html", context)
    form = JoinAccountForm(
        request.POST or None,
        email=invitation.email,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email=invitation.email,
                        password=form.cleaned_data["password1"],
                        first_name=form.cleaned_data["first_name"].strip(),
                        last_name=form.cleaned_data["last_name"].strip(),
                        preferred_language="fr"
                        if (get_language() or "").startswith("fr")
                        else "en",
                    )
                    # The link reached this address: it is verified.
                    EmailAddress.objects.create(
                        user=user, email=user.email, verified=True, primary=True
                    )
                    member = services.accept_invitation(token=token, user=user, request=request)
            except DomainError as exc:
                messages.error(request, str(exc))
                return HttpResponseRedirect(request.path)
            except IntegrityError:
                # The address got an account meanwhile (a second tab): the page now offers
                # to sign in to it.
                return HttpResponseRedirect(request.path)
            _sign_in(request, user)
            return _accepted(request, member)
        form.mark_invalid()
        status = HTTPStatus.BAD_REQUEST
    context["form"] = form
    return render(request, "backoffice/review/committee_join.html", context, status=status)
