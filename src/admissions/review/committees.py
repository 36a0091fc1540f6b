"""Committees and their members: creating a committee for an intake, seating staff of the
programme, inviting people from outside the school by email, and recording conflicts of
interest before assignment.

A seat gives its holder a programme-level role through ``accounts.services.grant_role``
(the chair ``committee_chair``, an internal member ``reviewer``, an external member
``external_reviewer``), so the staff two-factor rule applies to them like to any staff and
the grant is in the audit trail. Leaving a committee makes the seat inactive (it is never
deleted: reviews point at it) and takes the role back when the seat granted it and the person
holds no other active seat of that kind on the programme.

An invitation is a single-use link valid ``INVITATION_DAYS`` days. Only the SHA-256 of its
token is stored; the link in the email is removed from the outbox once the email has left
(``secret_context`` of the ``committee_invitation`` event).

A member's own conflict declarations and the re-assignment they cause belong to
``review.assignment``; here the programme's staff or the chair record a conflict they know of
(a personal tie, the applicant's institution) before assignment: the row and its audit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from admissions.accounts import services as account_services
from admissions.accounts.models import RoleAssignment, User
from admissions.applications.models import Application
from admissions.catalogue.models import EntryLevel, Intake, Round
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import check, has_permission
from admissions.core.roles import STAFF_ROLES, Role
from admissions.notifications import services as notifications
from admissions.review.models import (
    Committee,
    CommitteeMember,
    Conflict,
    ConflictKind,
    MemberInvitation,
    MemberRole,
)
from admissions.review.rubric import rubric_of

INVITATION_DAYS = 7
MANAGE = "committee.manage"

ROLE_OF_SEAT: dict[str, Role] = {
    MemberRole.CHAIR: Role.COMMITTEE_CHAIR,
    MemberRole.INTERNAL: Role.REVIEWER,
    MemberRole.EXTERNAL: Role.EXTERNAL_REVIEWER,
}

COMMITTEE_NOT_FOUND = _("This committee does not exist or is not one you manage.")
ROUND_OF_ANOTHER_INTAKE = _("This round belongs to another intake: pick one of this intake's.")
LEVEL_OF_ANOTHER_PROGRAMME = _(
    "This entry level belongs to another programme: pick one of this programme's."
)
SCOPE_TAKEN = _(
    "This intake already has a committee for this round and entry level. Open it instead, or "
    "pick another round or entry level."
)
NAME_REQUIRED = _("Give the committee a name, for example “Academic committee 2027”.")
AT_LEAST_ONE_REVIEWER = _("A committee needs at least one reviewer per application.")
AT_LEAST_ONE_DAY = _("Give reviewers at least one day to review.")
REVIEWERS_FIXED_ONCE_PUBLISHED = _(
    "The assignment is published: the number of reviewers per application can no longer "
    "change. Add reviewers to the applications concerned instead."
)
ALREADY_A_MEMBER = _("%(person)s already sits on this committee.")
NOT_PROGRAMME_STAFF = _(
    "%(person)s is not on this programme's staff. Add staff of the programme as internal "
    "members or chair; invite anyone else by email as an external member."
)
INACTIVE_ACCOUNT = _("%(person)s's account is deactivated: it cannot take a seat.")
CAPACITY_AT_LEAST_ONE = _("A member's capacity is the most reviews they take: at least 1.")
ALREADY_INACTIVE = _("This member already left the committee.")
ALREADY_INVITED = _(
    "%(email)s already has a pending invitation to this committee. Revoke it first to send "
    "a new one."
)
EMAIL_ALREADY_MEMBER = _("The person with the address %(email)s already sits on this committee.")
INVITATION_ALREADY_USED = _("This invitation was accepted: it can no longer be revoked.")
INVITATION_ALREADY_REVOKED = _("This invitation was already revoked.")
INVITATION_UNKNOWN = _(
    "This invitation link is not valid. Check that you copied the whole link, or ask the "
    "person who invited you for a new one."
)
INVITATION_EXPIRED = _(
    "This invitation expired: links are valid for 7 days. Ask the person who invited you for "
    "a new one."
)
INVITATION_USED = _("This invitation was already accepted. Sign in to reach your committee.")
INVITATION_REVOKED = _(
    "This invitation was withdrawn. Ask the person who invited you if you think this is a mistake."
)
WRONG_ACCOUNT = _(
    "This invitation is for %(email)s, and you are signed in as %(signed_in)s. Sign out, "
    "then open the link again."
)
CONFLICT_APPLICATION_ELSEWHERE = _("This application is not one this committee reviews.")
CONFLICT_ALREADY_RECORDED = _(
    "A conflict between this member and this application is already recorded."
)
CONFLICT_KIND_NOT_RECORDED_BY_STAFF = _(
    "A declared conflict is the member's own: record a personal tie or the applicant's "
    "institution instead."
)
CONFLICT_MEMBER_INACTIVE = _("This member left the committee: there is nothing to record.")

INVITATION_PROBLEMS = {
    "unknown": INVITATION_UNKNOWN,
    "expired": INVITATION_EXPIRED,
    "used": INVITATION_USED,
    "revoked": INVITATION_REVOKED,
}


class CommitteeRefused(DomainError):
    pass


class InvitationRefused(CommitteeRefused):
    """The invitation link cannot be used; ``problem`` says why (unknown, expired, used,
    revoked)."""

    def __init__(self, problem: str):
        super().__init__(INVITATION_PROBLEMS[problem], code=f"invitation_{problem}")
        self.problem = problem


# --- Committees --------------------------------------------------------------------------------


def programme_id_of(committee: Committee) -> int:
    return committee.intake.programme_id


def _check_manage(actor: Any, committee: Committee) -> None:
    check(actor, MANAGE, programme_id=programme_id_of(committee))


def _who(user: Any) -> str:
    return user.get_full_name() or user.email


def _committee_audit(
    action: str,
    *,
    committee: Committee,
    actor: Any,
    request: HttpRequest | None,
    data: dict[str, Any],
) -> None:
    audit.record(
        action=action,
        actor=actor,
        object_type="committee",
        object_ref=str(committee.public_id),
        programme_id=programme_id_of(committee),
        request=request,
        data={"committee": committee.name, **data},
    )


def create_committee(
    *,
    intake: Intake,
    round: Round | None = None,
    entry_level: EntryLevel | None = None,
    name: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Committee:
    """A committee for ``intake`` (optionally one round, one entry level), its settings
    starting from the programme's YAML (``rubric_of``)."""
    programme = intake.programme
    check(actor, MANAGE, programme_id=programme.pk)
    if round is not None and round.intake_id != intake.pk:
        raise CommitteeRefused(ROUND_OF_ANOTHER_INTAKE, field="round")
    if entry_level is not None and entry_level.programme_id != programme.pk:
        raise CommitteeRefused(LEVEL_OF_ANOTHER_PROGRAMME, field="entry_level")
    name = (name or "").strip()
    if not name:
        raise CommitteeRefused(NAME_REQUIRED, field="name")
    rubric = rubric_of(programme)
    # The unique constraint treats empty round and level as equal on PostgreSQL only: ask
    # first, and let the constraint settle a race there.
    if Committee.objects.filter(intake=intake, round=round, entry_level=entry_level).exists():
        raise CommitteeRefused(SCOPE_TAKEN, field="round")
    try:
        with transaction.atomic():
            committee = Committee.objects.create(
                intake=intake,
                round=round,
                entry_level=entry_level,
                name=name,
                reviewers_per_application=max(1, rubric.reviewers_per_application),
                blind=rubric.blind,
                review_days=max(1, rubric.review_days),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            _committee_audit(
                "review.committee_created",
                committee=committee,
                actor=actor,
                request=request,
                data={
                    "intake": intake.academic_year,
                    "round": round.number if round else None,
                    "entry_level": entry_level.code if entry_level else None,
                    "reviewers_per_application": committee.reviewers_per_application,
                    "blind": committee.blind,
                    "review_days": committee.review_days,
                },
            )
    except IntegrityError:
        raise CommitteeRefused(SCOPE_TAKEN, field="round") from None
    return committee


def update_committee(
    *,
    committee: Committee,
    name: str,
    reviewers_per_application: int,
    blind: bool,
    review_days: int,
    actor: Any,
    request: HttpRequest | None = None,
) -> Committee:
    """Change a committee's name and review settings; the audit keeps what changed."""
    _check_manage(actor, committee)
    name = (name or "").strip()
    if not name:
        raise CommitteeRefused(NAME_REQUIRED, field="name")
    if reviewers_per_application < 1:
        raise CommitteeRefused(AT_LEAST_ONE_REVIEWER, field="reviewers_per_application")
    if review_days < 1:
        raise CommitteeRefused(AT_LEAST_ONE_DAY, field="review_days")
    if (
        committee.published_at is not None
        and reviewers_per_application != committee.reviewers_per_application
    ):
        raise CommitteeRefused(REVIEWERS_FIXED_ONCE_PUBLISHED, field="reviewers_per_application")
    new = {
        "name": name,
        "reviewers_per_application": reviewers_per_application,
        "blind": bool(blind),
        "review_days": review_days,
    }
    changes = {
        field: [getattr(committee, field), value]
        for field, value in new.items()
        if getattr(committee, field) != value
    }
    if not changes:
        return committee
    with transaction.atomic():
        for field, value in new.items():
            setattr(committee, field, value)
        committee.save(update_fields=list(changes))
        _committee_audit(
            "review.committee_updated",
            committee=committee,
            actor=actor,
            request=request,
            data={"changes": changes},
        )
    return committee


# --- Members -----------------------------------------------------------------------------------


def clean_expertise(tags: Any) -> list[str]:
    """Expertise tags as a list of distinct lowercase words, in the order given; a string is
    split on commas."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: dict[str, None] = {}
    for tag in tags or ():
        cleaned = " ".join(str(tag).split()).lower()[:60]
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def programme_staff(committee: Committee) -> Any:
    """The people who may sit on ``committee`` as chair or internal member: active accounts
    holding a staff role (other than external member) on its programme or on every one."""
    roles = [role for role in STAFF_ROLES if role != Role.EXTERNAL_REVIEWER]
    holders = RoleAssignment.objects.filter(role__in=roles).filter(
        programme_id__in=[programme_id_of(committee)]
    ) | RoleAssignment.objects.filter(role__in=roles, programme__isnull=True)
    return (
        User.objects.filter(is_active=True, pk__in=holders.values("user_id"))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _holds_role(user: User, role: Role, programme_id: int) -> bool:
    return (
        RoleAssignment.objects.filter(user=user, role=role, programme_id=programme_id).exists()
        or RoleAssignment.objects.filter(user=user, role=role, programme__isnull=True).exists()
    )


def _seat(
    *,
    committee: Committee,
    user: User,
    role: str,
    capacity: int,
    expertise: Any,
    institution: str,
    actor: Any,
    request: HttpRequest | None,
) -> CommitteeMember:
    """Seat ``user`` (or seat again a member who left) and grant the seat's role. The caller
    has checked who may do this and holds a transaction."""
    if role not in MemberRole.values:
        raise CommitteeRefused(_("Choose the member's role."), field="role")
    if capacity is None or capacity < 1:
        raise CommitteeRefused(CAPACITY_AT_LEAST_ONE, field="capacity")
    if not user.is_active:
        raise CommitteeRefused(INACTIVE_ACCOUNT % {"person": _who(user)}, field="user")
    programme_id = programme_id_of(committee)
    seat_role = ROLE_OF_SEAT[role]
    member = (
        CommitteeMember.objects.select_for_update(of=("self",))
        .filter(committee=committee, user=user)
        .first()
    )
    if member is not None and member.active:
        raise CommitteeRefused(ALREADY_A_MEMBER % {"person": _who(user)}, field="user")
    already_held = _holds_role(user, seat_role, programme_id)
    fields = {
        "role": role,
        "capacity": capacity,
        "expertise": clean_expertise(expertise),
        "institution": " ".join((institution or "").split())[:200],
        "active": True,
        "granted_role": not already_held,
    }
    if member is None:
        member = CommitteeMember.objects.create(committee=committee, user=user, **fields)
    else:
        for field, value in fields.items():
            setattr(member, field, value)
        member.save(update_fields=list(fields))
    if not already_held:
        account_services.grant_role(
            user=user,
            role=seat_role,
            programme=committee.intake.programme,
            actor=actor,
            request=request,
        )
    _committee_audit(
        "review.member_added",
        committee=committee,
        actor=actor,
        request=request,
        data={
            "member": user.email,
            "role": role,
            "capacity": member.capacity,
            "expertise": member.expertise,
            "institution": member.institution,
        },
    )
    return member


def add_member(
    *,
    committee: Committee,
    user: User,
    role: str,
    capacity: int,
    expertise: Any = (),
    institution: str = "",
    actor: Any,
    request: HttpRequest | None = None,
) -> CommitteeMember:
    """Seat a member of the programme's staff as chair or internal member (or, for someone
    with an account already, as external member) and grant the seat's role."""
    _check_manage(actor, committee)
    if role != MemberRole.EXTERNAL and not programme_staff(committee).filter(pk=user.pk).exists():
        raise CommitteeRefused(NOT_PROGRAMME_STAFF % {"person": _who(user)}, field="user")
    with transaction.atomic():
        return _seat(
            committee=committee,
            user=user,
            role=role,
            capacity=capacity,
            expertise=expertise,
            institution=institution,
            actor=actor,
            request=request,
        )


def deactivate_member(
    *, member: CommitteeMember, actor: Any, request: HttpRequest | None = None
) -> CommitteeMember:
    """The member leaves the committee: the seat stays (with its reviews) but is inactive.
    The programme-level role goes too when this seat granted it and the person holds no other
    active seat that needs it on the programme."""
    committee = member.committee
    _check_manage(actor, committee)
    with transaction.atomic():
        member = CommitteeMember.objects.select_for_update(of=("self",)).get(pk=member.pk)
        if not member.active:
            raise CommitteeRefused(ALREADY_INACTIVE)
        member.active = False
        member.save(update_fields=["active"])
        revoked = _revoke_seat_role(member=member, actor=actor, request=request)
        _committee_audit(
            "review.member_deactivated",
            committee=committee,
            actor=actor,
            request=request,
            data={"member": member.user.email, "role": member.role, "role_revoked": revoked},
        )
    return member


def _revoke_seat_role(*, member: CommitteeMember, actor: Any, request: HttpRequest | None) -> bool:
    if not member.granted_role:
        return False
    programme_id = programme_id_of(member.committee)
    seat_role = ROLE_OF_SEAT[member.role]
    other_seats = CommitteeMember.objects.filter(
        user=member.user,
        active=True,
        role=member.role,
        committee__intake__programme_id=programme_id,
    ).exclude(pk=member.pk)
    if other_seats.exists():
        # Another seat needs the role: it now carries the grant, so that leaving that seat
        # later takes the role back.
        other_seats.filter(pk=other_seats.first().pk).update(granted_role=True)
        return False
    assignment = RoleAssignment.objects.filter(
        user=member.user, role=seat_role, programme_id=programme_id
    ).first()
    if assignment is None:
        return False
    account_services.revoke_role(assignment=assignment, actor=actor, request=request)
    return True


# --- Invitations -------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def join_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("staff:committee-join", args=[token])


def pending_invitations(committee: Committee, now: dt.datetime | None = None) -> Any:
    now = now or clock.now()
    return committee.invitations.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).order_by("-created_at")


def invite_external_member(
    *,
    committee: Committee,
    email: str,
    first_name: str = "",
    last_name: str = "",
    capacity: int,
    expertise: Any = (),
    institution: str = "",
    language: str = "en",
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> tuple[MemberInvitation, str]:
    """Invite someone from outside the school: an email with a single-use link valid
    ``INVITATION_DAYS`` days. Returns the invitation and the token (for tests; only its hash
    is stored)."""
    now = now or clock.now()
    _check_manage(actor, committee)
    email = (email or "").strip().lower()
    if capacity is None or capacity < 1:
        raise CommitteeRefused(CAPACITY_AT_LEAST_ONE, field="capacity")
    if CommitteeMember.objects.filter(
        committee=committee, active=True, user__email__iexact=email
    ).exists():
        raise CommitteeRefused(EMAIL_ALREADY_MEMBER % {"email": email}, field="email")
    token = secrets.token_urlsafe(32)
    language = "fr" if (language or "").startswith("fr") else "en"
    with transaction.atomic():
        # One pending invitation per address and committee: two requests at once both see
        # none, so the committee row is the lock.
        Committee.objects.select_for_update(of=("self",)).filter(pk=committee.pk).first()
        if pending_invitations(committee, now).filter(email__iexact=email).exists():
            raise CommitteeRefused(ALREADY_INVITED % {"email": email}, field="email")
        invitation = MemberInvitation.objects.create(
            committee=committee,
            email=email,
            first_name=" ".join((first_name or "").split())[:150],
            last_name=" ".join((last_name or "").split())[:150],
            role=MemberRole.EXTERNAL,
            capacity=capacity,
            expertise=clean_expertise(expertise),
            institution=" ".join((institution or "").split())[:200],
            token_hash=hash_token(token),
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
            invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        programme = committee.intake.programme
        notifications.queue_message(
            recipient_email=email,
            template="committee_invitation",
            context={
                "recipient_name": f"{invitation.first_name} {invitation.last_name}".strip()
                or email,
                "committee_name": committee.name,
                "programme_name": programme.name_fr
                if language == "fr" and programme.name_fr
                else programme.name_en,
                "inviter_name": _who(actor) if getattr(actor, "is_authenticated", False) else "",
                "expires_on": clock.local(invitation.expires_at, programme.time_zone).date(),
                "action_url": join_link(token),
            },
            language=language,
            idempotency_key=f"committee-invitation:{invitation.public_id}",
        )
        _committee_audit(
            "review.member_invited",
            committee=committee,
            actor=actor,
            request=request,
            data={
                "email": email,
                "capacity": capacity,
                "institution": invitation.institution,
                "expires_at": invitation.expires_at.isoformat(),
            },
        )
    return invitation, token


def revoke_invitation(
    *,
    invitation: MemberInvitation,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> MemberInvitation:
    """Withdraw a pending invitation: its link stops working at once."""
    now = now or clock.now()
    _check_manage(actor, invitation.committee)
    with transaction.atomic():
        invitation = MemberInvitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise CommitteeRefused(INVITATION_ALREADY_USED)
        if invitation.revoked_at is not None:
            raise CommitteeRefused(INVITATION_ALREADY_REVOKED)
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
        _committee_audit(
            "review.invitation_revoked",
            committee=invitation.committee,
            actor=actor,
            request=request,
            data={"email": invitation.email},
        )
    return invitation


@dataclass(frozen=True)
class InvitationCheck:
    invitation: MemberInvitation | None
    problem: str  # "", "unknown", "expired", "used", "revoked"


def _problem(invitation: MemberInvitation | None, now: dt.datetime) -> str:
    if invitation is None:
        return "unknown"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.used_at is not None:
        return "used"
    if now >= invitation.expires_at:
        return "expired"
    return ""


def check_invitation(token: str, now: dt.datetime | None = None) -> InvitationCheck:
    """What the link ``token`` opens: compared by its hash, never by the token itself."""
    now = now or clock.now()
    invitation = (
        MemberInvitation.objects.filter(token_hash=hash_token(token))
        .select_related("committee__intake__programme", "invited_by")
        .first()
    )
    return InvitationCheck(invitation, _problem(invitation, now))


def accept_invitation(
    *,
    token: str,
    user: User,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> CommitteeMember:
    """``user`` (whose address is the invited one) takes the seat the link offers; the link
    is used up. The seat's role is granted, so the staff two-factor rule applies at once."""
    now = now or clock.now()
    with transaction.atomic():
        invitation = (
            MemberInvitation.objects.select_for_update(of=("self",))
            .filter(token_hash=hash_token(token))
            .select_related("committee__intake__programme")
            .first()
        )
        problem = _problem(invitation, now)
        if problem:
            raise InvitationRefused(problem)
        assert invitation is not None  # nosec B101  # _problem says "unknown" otherwise
        if user.email.lower() != invitation.email.lower():
            raise CommitteeRefused(
                WRONG_ACCOUNT % {"email": invitation.email, "signed_in": user.email}
            )
        member = _seat(
            committee=invitation.committee,
            user=user,
            role=invitation.role,
            capacity=invitation.capacity,
            expertise=invitation.expertise,
            institution=invitation.institution,
            actor=user,
            request=request,
        )
        invitation.used_at = now
        invitation.member = member
        invitation.save(update_fields=["used_at", "member"])
        _committee_audit(
            "review.invitation_accepted",
            committee=invitation.committee,
            actor=user,
            request=request,
            data={
                "email": invitation.email,
                "invited_by": getattr(invitation.invited_by, "email", None),
            },
        )
    return member


# --- Conflicts ---------------------------------------------------------------------------------


def may_record_conflicts(actor: Any, committee: Committee) -> bool:
    """The programme's committee managers, and the committee's own chair."""
    programme_id = programme_id_of(committee)
    if has_permission(actor, MANAGE, programme_id=programme_id):
        return True
    return has_permission(actor, "committee.chair", programme_id=programme_id) and (
        CommitteeMember.objects.filter(
            committee=committee, user=actor, role=MemberRole.CHAIR, active=True
        ).exists()
    )


def committee_applications(committee: Committee) -> Any:
    """The applications ``committee`` reviews: its intake's, narrowed to its round and entry
    level when it has them."""
    applications = Application.objects.filter(intake=committee.intake)
    if committee.round_id is not None:
        applications = applications.filter(round_id=committee.round_id)
    if committee.entry_level_id is not None:
        applications = applications.filter(entry_level_id=committee.entry_level_id)
    return applications


def record_conflict(
    *,
    member: CommitteeMember,
    application: Application,
    kind: str,
    note: str = "",
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Conflict:
    """Record that ``member`` may not review ``application`` (a personal tie, the
    applicant's institution). Assignment treats it as a hard constraint; a live assignment of
    the pair is the business of ``review.assignment``'s re-assignment."""
    now = now or clock.now()
    committee = member.committee
    if not may_record_conflicts(actor, committee):
        raise NotFound(COMMITTEE_NOT_FOUND)
    if kind not in (ConflictKind.PERSONAL, ConflictKind.INSTITUTION):
        raise CommitteeRefused(CONFLICT_KIND_NOT_RECORDED_BY_STAFF, field="kind")
    if not member.active:
        raise CommitteeRefused(CONFLICT_MEMBER_INACTIVE, field="member")
    if not committee_applications(committee).filter(pk=application.pk).exists():
        raise CommitteeRefused(CONFLICT_APPLICATION_ELSEWHERE, field="application")
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                member=member,
                application=application,
                kind=kind,
                derived=False,
                note=" ".join((note or "").split())[:500],
                declared_at=now,
                declared_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            _committee_audit(
                "review.conflict_recorded",
                committee=committee,
                actor=actor,
                request=request,
                data={
                    "member": member.user.email,
                    "application": application.reference,
                    "kind": kind,
                },
            )
    except IntegrityError:
        raise CommitteeRefused(CONFLICT_ALREADY_RECORDED, field="application") from None
    return conflict
