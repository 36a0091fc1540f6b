"""Assigning reviewers: drafting a committee's assignment with the solver, swapping by hand,
publishing, and what happens when a reviewer declines or declares a conflict later.

A draft is invisible to reviewers until the chair publishes it. Drafting replaces the
earlier unpublished draft (its rows become ``superseded``, kept) and keeps every published
(``active``) assignment; when the constraints cannot be met it saves no assignment at all
and returns the applications left short with their reasons. Every function that changes a
committee's assignments locks the committee row first: two chairs drafting or publishing at
once take turns, and the second sees what the first did (nothing left to publish).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from admissions.applicants.models import Degree
from admissions.applications import services as applications
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import PERMISSIONS, SYSTEM, check, has_permission
from admissions.notifications import services as notifications
from admissions.review.access import NOT_ASSIGNED
from admissions.review.assignment import solver
from admissions.review.assignment.conflicts import refresh_derived_conflicts
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    Committee,
    CommitteeMember,
    Conflict,
    ConflictKind,
    MemberRole,
    Review,
    ReviewStatus,
)

ASSIGN = "application.assign_reviewers"
IN_SCOPE_STATUSES = (Status.ELIGIBLE, Status.IN_REVIEW)
# A member who declined an application, or was withdrawn from it, is not asked again.
ONCE_ASSIGNED = (
    AssignmentStatus.ACTIVE,
    AssignmentStatus.DECLINED,
    AssignmentStatus.WITHDRAWN,
)
EVENT_REASSIGNED = "review_reassigned"

NOT_A_DRAFT = _(
    "Only a draft assignment can be swapped. A published one changes when its reviewer "
    "declines or declares a conflict."
)
NOT_ON_COMMITTEE = _("This person does not sit on this committee.")
MEMBER_CONFLICTED = _(
    "%(member)s has a conflict of interest with this application: choose another member."
)
MEMBER_ALREADY_ASSIGNED = _("%(member)s already reviews this application: choose another member.")
MEMBER_FULL = _(
    "%(member)s has no capacity left (%(capacity)s reviews at most): choose another member "
    "or raise their capacity."
)
NOTHING_TO_PUBLISH = _("There is no draft assignment to publish: prepare one first.")
NOT_ACTIVE = _("This assignment is not in progress any more: there is nothing to decline.")
ALREADY_SUBMITTED = _(
    "You have submitted your review of this application, so it can no longer be declined. "
    "If you have a conflict of interest, declare it instead."
)
REASON_REQUIRED = _("Say why you decline, so that the chair can find someone else.")
UNKNOWN_KIND = _("Choose the kind of conflict: declared by you, the institution or a personal tie.")
SHORT_CONFLICTS = _(
    "Only %(eligible)s members without a conflict of interest have room for it; it needs "
    "%(needed)s."
)
SHORT_CAPACITY = _(
    "%(eligible)s members could review it, but their capacity is taken by other applications."
)
CHAIR_SHORT_SUMMARY = _(
    "%(reference)s lost a reviewer and no other member of %(committee)s is free to replace "
    "them: add a member or raise a capacity."
)


class AssignmentError(DomainError):
    """An assignment change the constraints or the state refuse."""


# --------------------------------------------------------------------------------------------
# Outcomes


@dataclass(frozen=True)
class ShortApplication:
    application_id: int
    reference: str
    needed: int
    found: int
    reason: str  # solver.CONFLICTS or solver.CAPACITY
    eligible: int

    @property
    def explanation(self) -> str:
        message = SHORT_CONFLICTS if self.reason == solver.CONFLICTS else SHORT_CAPACITY
        return str(message) % {"eligible": self.eligible, "needed": self.needed}


@dataclass
class DraftOutcome:
    created: int = 0
    kept: int = 0
    superseded: int = 0
    short: list[ShortApplication] = field(default_factory=list)
    matches: int = 0
    mismatches: int = 0
    gap: float = 0.0
    conflicts_found: int = 0

    @property
    def feasible(self) -> bool:
        return not self.short


@dataclass
class Reassignment:
    """What a decline or a conflict changed: the assignment ended and its replacement, or
    ``None`` when nobody could take it (the chair is told)."""

    ended: Assignment | None
    replacement: Assignment | None
    review_withdrawn: bool = False
    conflict: Conflict | None = None


# --------------------------------------------------------------------------------------------
# Who may do what


def check_may_assign(actor: Any, committee: Committee) -> None:
    """The programme's head or admissions officers may assign on every committee of the
    programme; a committee chair only on the committee they chair."""
    programme_id = committee.intake.programme_id
    check(actor, ASSIGN, programme_id=programme_id)
    if actor is SYSTEM or has_permission(actor, "committee.manage", programme_id=programme_id):
        return
    chairs = CommitteeMember.objects.filter(
        committee=committee, user=actor, role=MemberRole.CHAIR, active=True
    )
    if not chairs.exists():
        raise NotFound(PERMISSIONS[ASSIGN].message)


def may_assign(actor: Any, committee: Committee) -> bool:
    try:
        check_may_assign(actor, committee)
    except NotFound:
        return False
    return True


def _check_member(actor: Any, member: CommitteeMember) -> None:
    if actor is SYSTEM:
        return
    if not member.active or getattr(actor, "pk", None) != member.user_id:
        raise NotFound(NOT_ASSIGNED)


# --------------------------------------------------------------------------------------------
# Reading what the solver needs


def applications_in_scope(committee: Committee) -> QuerySet[Application]:
    """The committee's applications that are eligible or already in review."""
    applications = Application.objects.filter(
        intake_id=committee.intake_id, status__in=IN_SCOPE_STATUSES
    )
    if committee.round_id is not None:
        applications = applications.filter(round_id=committee.round_id)
    if committee.entry_level_id is not None:
        applications = applications.filter(entry_level_id=committee.entry_level_id)
    return applications


def tags_of(applications: QuerySet[Application]) -> dict[int, frozenset[str]]:
    """Each application's expertise tags: the fields of study of its applicant's degrees and
    the track chosen in the form, if the programme asks for one."""
    by_user: dict[int, set[str]] = {}
    degrees = Degree.objects.filter(
        profile__user_id__in=applications.values("applicant_id")
    ).values_list("profile__user_id", "field")
    for user_id, field_of_study in degrees.iterator(chunk_size=5000):
        by_user.setdefault(user_id, set()).add(_tag(field_of_study))
    tags: dict[int, frozenset[str]] = {}
    for pk, user_id, answers in applications.values_list("pk", "applicant_id", "answers"):
        found = set(by_user.get(user_id, ()))
        track = (answers or {}).get("chosen_track")
        if isinstance(track, str) and track:
            found.add(_tag(track))
        tags[pk] = frozenset(found)
    return tags


def expertise_of(member: CommitteeMember) -> frozenset[str]:
    return frozenset(_tag(str(tag)) for tag in member.expertise or () if str(tag).strip())


def _tag(text: str) -> str:
    return text.strip().casefold().replace(" ", "_").replace("-", "_")


def _active_members(committee: Committee) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(committee=committee, active=True)
        .select_related("user")
        .order_by("pk")
    )


def _conflict_pairs(committee: Committee) -> set[tuple[int, int]]:
    return set(
        Conflict.objects.filter(member__committee=committee).values_list(
            "member_id", "application_id"
        )
    )


def _lock(committee: Committee) -> Committee:
    return (
        Committee.objects.select_for_update(of=("self",))
        .select_related("intake__programme")
        .get(pk=committee.pk)
    )


# --------------------------------------------------------------------------------------------
# Drafting


def draft_assignment(
    *, committee: Committee, actor: Any, now: dt.datetime | None = None
) -> DraftOutcome:
    """Prepare (or prepare again) the committee's assignment as a draft.

    The derived conflicts are refreshed first. Applications keep their published reviewers
    and get the ones they still need; members keep the reviews they already hold, which
    count toward their capacity. When every need can be met, the earlier unpublished draft
    is superseded and the new one saved, in one transaction; otherwise nothing changes and
    the outcome lists the applications left short and why."""
    now = now or clock.now()
    check_may_assign(actor, committee)
    with transaction.atomic():
        committee = _lock(committee)
        members = _active_members(committee)
        in_scope = applications_in_scope(committee)
        created_conflicts, _removed = refresh_derived_conflicts(
            members=members, applications=in_scope, now=now
        )
        references = dict(in_scope.values_list("pk", "reference"))
        active = list(
            Assignment.objects.filter(
                committee=committee, status=AssignmentStatus.ACTIVE
            ).values_list("member_id", "application_id")
        )
        # Every published review counts toward its member's capacity, including those of
        # applications that have moved on to the interview or the panel.
        held = Counter(member_id for member_id, _app in active)
        reviewed = Counter(application_id for _member, application_id in active)
        per_application = committee.reviewers_per_application
        needing = {
            pk: per_application - reviewed[pk]
            for pk in references
            if reviewed[pk] < per_application
        }
        tags = tags_of(in_scope) if needing else {}
        blocked = _conflict_pairs(committee) | _once_assigned(committee)
        solution = solver.solve(
            reviewers=[
                solver.Reviewer(
                    id=member.pk,
                    capacity=member.capacity,
                    expertise=expertise_of(member),
                    load=held[member.pk],
                )
                for member in members
            ],
            applications=[
                solver.Application(id=pk, tags=tags.get(pk, frozenset()), need=need)
                for pk, need in sorted(needing.items())
            ],
            conflicts=blocked,
            per_application=per_application,
        )
        outcome = DraftOutcome(
            kept=sum(reviewed[pk] for pk in references), conflicts_found=created_conflicts
        )
        if not solution.feasible:
            outcome.short = [
                ShortApplication(
                    application_id=cast(int, short.application),
                    reference=references[cast(int, short.application)],
                    needed=short.needed,
                    found=short.found,
                    reason=short.reason,
                    eligible=short.eligible,
                )
                for short in solution.short
            ]
            audit.record(
                action="review.assignment_short",
                actor=actor,
                object_type="committee",
                object_ref=str(committee.public_id),
                programme_id=committee.intake.programme_id,
                data={"short": [s.reference for s in outcome.short][:200]},
            )
            return outcome
        outcome.superseded = Assignment.objects.filter(
            committee=committee, status=AssignmentStatus.DRAFT
        ).update(
            status=AssignmentStatus.SUPERSEDED,
            ended_at=now,
            ended_reason="Replaced by a new draft.",
        )
        match = {
            (cast(int, member_pk), cast(int, app_pk))
            for app_pk, chosen in solution.assignments.items()
            for member_pk in chosen
        }
        expertise = {member.pk: expertise_of(member) for member in members}
        rows = [
            Assignment(
                committee=committee,
                member_id=member_pk,
                application_id=app_pk,
                status=AssignmentStatus.DRAFT,
                expertise_match=bool(expertise[member_pk] & tags.get(app_pk, frozenset())),
            )
            for member_pk, app_pk in sorted(match)
        ]
        Assignment.objects.bulk_create(rows, batch_size=2000)
        outcome.created = len(rows)
        outcome.matches = solution.matches
        outcome.mismatches = solution.mismatches
        outcome.gap = solution.gap
        audit.record(
            action="review.assignment_drafted",
            actor=actor,
            object_type="committee",
            object_ref=str(committee.public_id),
            programme_id=committee.intake.programme_id,
            data={
                "created": outcome.created,
                "kept": outcome.kept,
                "superseded": outcome.superseded,
                "expertise_matches": outcome.matches,
            },
        )
    return outcome


def _once_assigned(committee: Committee) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(committee=committee, status__in=ONCE_ASSIGNED).values_list(
            "member_id", "application_id"
        )
    )


# --------------------------------------------------------------------------------------------
# Swapping by hand


def swap_assignment(
    *,
    assignment: Assignment,
    member: CommitteeMember,
    actor: Any,
    now: dt.datetime | None = None,
) -> Assignment:
    """Give a draft assignment's application to ``member`` instead: the same hard
    constraints as the solver (no conflict, distinct reviewers, capacity) are checked.
    Returns the new draft; the old one is superseded."""
    now = now or clock.now()
    committee = assignment.committee
    check_may_assign(actor, committee)
    with transaction.atomic():
        committee = _lock(committee)
        current = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("member__user")
            .get(pk=assignment.pk)
        )
        if current.status != AssignmentStatus.DRAFT or current.committee_id != committee.pk:
            raise AssignmentError(NOT_A_DRAFT)
        seated = (
            CommitteeMember.objects.select_related("user")
            .filter(pk=member.pk, committee=committee, active=True)
            .first()
        )
        if seated is None:
            raise AssignmentError(NOT_ON_COMMITTEE, field="member")
        member = seated
        _check_may_take(member, current.application_id)
        current.status = AssignmentStatus.SUPERSEDED
        current.ended_at = now
        current.ended_reason = f"Swapped for {member.user.email}."
        current.save(update_fields=["status", "ended_at", "ended_reason"])
        tags = tags_of(Application.objects.filter(pk=current.application_id))
        replacement = Assignment.objects.create(
            committee=committee,
            member=member,
            application_id=current.application_id,
            status=AssignmentStatus.DRAFT,
            expertise_match=bool(expertise_of(member) & tags.get(current.application_id, set())),
        )
        audit.record(
            action="review.assignment_swapped",
            actor=actor,
            object_type="committee",
            object_ref=str(committee.public_id),
            programme_id=committee.intake.programme_id,
            data={
                "application": current.application_id,
                "from": current.member.user.email,
                "to": member.user.email,
            },
        )
    return replacement


def _check_may_take(member: CommitteeMember, application_id: int) -> None:
    name = member.user.get_full_name() or member.user.email
    if Conflict.objects.filter(member=member, application_id=application_id).exists():
        raise AssignmentError(MEMBER_CONFLICTED % {"member": name}, field="member")
    if Assignment.objects.filter(
        member=member,
        application_id=application_id,
        status__in=(AssignmentStatus.DRAFT, *ONCE_ASSIGNED),
    ).exists():
        raise AssignmentError(MEMBER_ALREADY_ASSIGNED % {"member": name}, field="member")
    load = Assignment.objects.filter(
        member=member, status__in=(AssignmentStatus.DRAFT, AssignmentStatus.ACTIVE)
    ).count()
    if load >= member.capacity:
        raise AssignmentError(
            MEMBER_FULL % {"member": name, "capacity": member.capacity}, field="member"
        )


# --------------------------------------------------------------------------------------------
# Publishing


def publish_assignment(
    *, committee: Committee, actor: Any, now: dt.datetime | None = None
) -> list[Assignment]:
    """Make the committee's draft the assignment reviewers see: each draft becomes active,
    due ``review_days`` from now; each application still ``eligible`` moves to
    ``in_review``; each reviewer gets one message listing how many applications are theirs.
    Drafts of applications that left review meanwhile (withdrawn, say) are superseded."""
    now = now or clock.now()
    check_may_assign(actor, committee)
    with transaction.atomic():
        committee = _lock(committee)
        drafts = list(
            Assignment.objects.select_for_update(of=("self",))
            .filter(committee=committee, status=AssignmentStatus.DRAFT)
            .select_related("member__user", "application")
            .order_by("pk")
        )
        if not drafts:
            raise AssignmentError(NOTHING_TO_PUBLISH)
        due_at = now + dt.timedelta(days=committee.review_days)
        published = [d for d in drafts if d.application.status in IN_SCOPE_STATUSES]
        left = [d for d in drafts if d.application.status not in IN_SCOPE_STATUSES]
        if left:
            Assignment.objects.filter(pk__in=[d.pk for d in left]).update(
                status=AssignmentStatus.SUPERSEDED,
                ended_at=now,
                ended_reason="The application left review before publication.",
            )
        Assignment.objects.filter(pk__in=[d.pk for d in published]).update(
            status=AssignmentStatus.ACTIVE, due_at=due_at
        )
        for draft in published:
            draft.status = AssignmentStatus.ACTIVE
            draft.due_at = due_at
        moved: set[int] = set()
        for draft in published:
            application = draft.application
            if application.status == Status.ELIGIBLE and application.pk not in moved:
                applications.transition(
                    application=application,
                    to=Status.IN_REVIEW,
                    actor=actor,
                    now=now,
                    data={"committee": str(committee.public_id)},
                )
                moved.add(application.pk)
        committee.published_at = now
        committee.published_by = actor if getattr(actor, "is_authenticated", False) else None
        committee.save(update_fields=["published_at", "published_by"])
        by_member: dict[int, list[Assignment]] = {}
        for draft in published:
            by_member.setdefault(draft.member_id, []).append(draft)
        for items in by_member.values():
            _tell_reviewer(committee, items, now)
        audit.record(
            action="review.assignment_published",
            actor=actor,
            object_type="committee",
            object_ref=str(committee.public_id),
            programme_id=committee.intake.programme_id,
            data={"assignments": len(published), "in_review": len(moved), "due_at": str(due_at)},
        )
    return published


def _site(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


def _tell_reviewer(committee: Committee, items: list[Assignment], now: dt.datetime) -> None:
    """One message per reviewer and publication: how many applications, due when."""
    member = items[0].member
    user = member.user
    programme = committee.intake.programme
    language = (getattr(user, "preferred_language", "") or "en")[:2]
    notifications.queue_message(
        recipient_email=user.email,
        template="review_assigned",
        context={
            "recipient_name": user.get_full_name() or user.email,
            "committee_name": committee.name,
            "programme_name": programme.name_fr
            if language == "fr" and programme.name_fr
            else programme.name_en,
            "count": len(items),
            "due_at": items[0].due_at,
            "action_url": _site(reverse("staff:home")),
        },
        language=language,
        idempotency_key=(f"review_assigned:{committee.public_id}:{member.pk}:{items[0].public_id}"),
        user=user,
    )


# --------------------------------------------------------------------------------------------
# A reviewer declines, or declares a conflict later


def decline_assignment(
    *, assignment: Assignment, actor: Any, reason: str, now: dt.datetime | None = None
) -> Reassignment:
    """The reviewer gives an application back (before submitting their review). The
    application goes to another member who is free, has no conflict and room; if nobody
    is, the chair is told."""
    now = now or clock.now()
    reason = (reason or "").strip()[:500]
    _check_member(actor, assignment.member)
    if not reason:
        raise AssignmentError(REASON_REQUIRED, field="reason")
    with transaction.atomic():
        committee = _lock(assignment.committee)
        current = _lock_assignment(assignment)
        if current.status != AssignmentStatus.ACTIVE:
            raise AssignmentError(NOT_ACTIVE)
        review = Review.objects.select_for_update(of=("self",)).filter(assignment=current).first()
        if review is not None and review.status == ReviewStatus.SUBMITTED:
            raise AssignmentError(ALREADY_SUBMITTED)
        withdrawn = False
        if review is not None and review.status == ReviewStatus.DRAFT:
            review.status = ReviewStatus.WITHDRAWN
            review.save(update_fields=["status", "updated_at"])
            withdrawn = True
        _end(current, AssignmentStatus.DECLINED, reason, now)
        replacement = _replace(committee=committee, ended=current, actor=actor, now=now)
        audit.record(
            action="review.assignment_declined",
            actor=actor,
            object_type="application",
            object_ref=current.application.reference,
            programme_id=committee.intake.programme_id,
            data={
                "reason": reason,
                "replacement": replacement.member.user.email if replacement else None,
            },
        )
    return Reassignment(ended=current, replacement=replacement, review_withdrawn=withdrawn)


def declare_conflict(
    *,
    member: CommitteeMember,
    application: Application,
    kind: str,
    note: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> Reassignment:
    """Record that ``member`` may not review ``application``. The member declares it, or
    whoever may assign on the committee records it. If the member was assigned, the
    assignment ends (``withdrawn`` once published, kept with its review, which is withdrawn
    too even when submitted) and another member takes the application."""
    now = now or clock.now()
    committee = member.committee
    is_member = getattr(actor, "pk", object()) == member.user_id and member.active
    if not is_member and not may_assign(actor, committee):
        raise NotFound(NOT_ASSIGNED)
    if kind not in ConflictKind.values:
        raise AssignmentError(UNKNOWN_KIND, field="kind")
    note = (note or "").strip()[:500]
    with transaction.atomic():
        committee = _lock(committee)
        conflict, _created = Conflict.objects.update_or_create(
            member=member,
            application=application,
            defaults={
                "kind": kind,
                "derived": False,
                "note": note,
                "declared_at": now,
                "declared_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        live = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("application", "member__user")
            .filter(
                member=member,
                application=application,
                status__in=(AssignmentStatus.DRAFT, AssignmentStatus.ACTIVE),
            )
            .first()
        )
        outcome = Reassignment(ended=None, replacement=None, conflict=conflict)
        if live is not None:
            was_draft = live.status == AssignmentStatus.DRAFT
            review = Review.objects.select_for_update(of=("self",)).filter(assignment=live).first()
            if review is not None and review.status != ReviewStatus.WITHDRAWN:
                review.status = ReviewStatus.WITHDRAWN
                review.save(update_fields=["status", "updated_at"])
                outcome.review_withdrawn = True
            _end(
                live,
                AssignmentStatus.SUPERSEDED if was_draft else AssignmentStatus.WITHDRAWN,
                f"Conflict of interest ({kind}).",
                now,
            )
            outcome.ended = live
            outcome.replacement = _replace(
                committee=committee,
                ended=live,
                actor=actor,
                now=now,
                status=AssignmentStatus.DRAFT if was_draft else AssignmentStatus.ACTIVE,
            )
        audit.record(
            action="review.conflict_declared",
            actor=actor,
            object_type="application",
            object_ref=application.reference,
            programme_id=committee.intake.programme_id,
            data={
                "member": member.user.email,
                "kind": kind,
                "ended": outcome.ended.status if outcome.ended else None,
                "review_withdrawn": outcome.review_withdrawn,
                "replacement": outcome.replacement.member.user.email
                if outcome.replacement
                else None,
            },
        )
    return outcome


def _lock_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application", "member__user", "committee")
        .get(pk=assignment.pk)
    )


def _end(assignment: Assignment, status: str, reason: str, now: dt.datetime) -> None:
    assignment.status = status
    assignment.ended_at = now
    assignment.ended_reason = reason
    assignment.save(update_fields=["status", "ended_at", "ended_reason"])


def _replace(
    *,
    committee: Committee,
    ended: Assignment,
    actor: Any,
    now: dt.datetime,
    status: str = AssignmentStatus.ACTIVE,
) -> Assignment | None:
    """Another member for ``ended``'s application, chosen by the solver among those free
    of conflicts with room (the least loaded for their capacity, a matching expertise
    preferred). Published: the new reviewer is told; nobody free: the chair is."""
    application = ended.application
    members = [m for m in _active_members(committee) if m.capacity > 0]
    loads = Counter(
        Assignment.objects.filter(
            member__in=members, status__in=(AssignmentStatus.DRAFT, AssignmentStatus.ACTIVE)
        ).values_list("member_id", flat=True)
    )
    blocked: set[tuple[Hashable, Hashable]] = set(
        Conflict.objects.filter(member__in=members, application=application).values_list(
            "member_id", "application_id"
        )
    )
    blocked |= set(
        Assignment.objects.filter(
            member__in=members,
            application=application,
            status__in=(AssignmentStatus.DRAFT, *ONCE_ASSIGNED),
        ).values_list("member_id", "application_id")
    )
    tags = tags_of(Application.objects.filter(pk=application.pk)).get(application.pk, frozenset())
    solution = solver.solve(
        reviewers=[
            solver.Reviewer(
                id=m.pk, capacity=m.capacity, expertise=expertise_of(m), load=loads[m.pk]
            )
            for m in members
        ],
        applications=[solver.Application(id=application.pk, tags=tags, need=1)],
        conflicts=blocked,
        per_application=1,
    )
    if not solution.feasible:
        _tell_chairs(committee, application, ended, now)
        return None
    [member_pk] = solution.assignments[application.pk]
    member = next(m for m in members if m.pk == member_pk)
    replacement = Assignment.objects.create(
        committee=committee,
        member=member,
        application=application,
        status=status,
        expertise_match=bool(expertise_of(member) & tags),
        due_at=now + dt.timedelta(days=committee.review_days)
        if status == AssignmentStatus.ACTIVE
        else None,
    )
    applications.record_event(
        application=application,
        kind=EVENT_REASSIGNED,
        actor=actor,
        message_en="A reviewer was replaced.",
        message_fr="Un évaluateur a été remplacé.",
        data={"committee": str(committee.public_id)},
        visible_to_applicant=False,
        now=now,
    )
    if status == AssignmentStatus.ACTIVE:
        _tell_reviewer(committee, [replacement], now)
    return replacement


def _tell_chairs(
    committee: Committee, application: Application, ended: Assignment, now: dt.datetime
) -> None:
    chairs = CommitteeMember.objects.filter(
        committee=committee, role=MemberRole.CHAIR, active=True
    ).select_related("user")
    path = reverse("staff:review-assignment", kwargs={"public_id": committee.public_id})
    for chair in chairs:
        user = chair.user
        language = (getattr(user, "preferred_language", "") or "en")[:2]
        with translation.override(language):
            summary = str(CHAIR_SHORT_SUMMARY) % {
                "reference": application.reference,
                "committee": committee.name,
            }
        notifications.queue_message(
            recipient_email=user.email,
            template="staff_work_item",
            context={
                "recipient_name": user.get_full_name() or user.email,
                "summary": summary,
                "action_url": _site(path),
            },
            language=language,
            idempotency_key=f"review_short:{ended.public_id}:{chair.pk}",
            user=user,
        )


def members_free_for(
    assignment: Assignment, members: Iterable[CommitteeMember]
) -> list[CommitteeMember]:
    """Members a draft could be swapped to (for the swap form's choices): active, with room,
    no conflict and not already on the application."""
    members = [m for m in members if m.active and m.pk != assignment.member_id]
    blocked = set(
        Conflict.objects.filter(application_id=assignment.application_id).values_list(
            "member_id", flat=True
        )
    ) | set(
        Assignment.objects.filter(
            application_id=assignment.application_id,
            status__in=(AssignmentStatus.DRAFT, *ONCE_ASSIGNED),
        ).values_list("member_id", flat=True)
    )
    loads = Counter(
        Assignment.objects.filter(
            member__in=members, status__in=(AssignmentStatus.DRAFT, AssignmentStatus.ACTIVE)
        ).values_list("member_id", flat=True)
    )
    return [m for m in members if m.pk not in blocked and loads[m.pk] < m.capacity]
