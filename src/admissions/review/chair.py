"""What the chair of a committee does: remind reviewers whose reviews are overdue, and move
applications on from the ranked list.

**Reminders.** A published assignment past its due date whose review is not submitted is
overdue. ``send_overdue_reminders`` (run by ``manage.py tick`` every hour, registered as the
``review.overdue_reminders`` job) sends each reviewer one ``review_overdue`` message listing
all their overdue reviews in the committee, through the outbox, at most once a day: a
reviewer reminded less than 24 hours ago (by the job or by the chair) is skipped, and the
outbox key (reviewer, day) makes a second run on the same day queue nothing.
``remind_reviewer`` is the chair's "send a reminder now" for one reviewer; it keeps the same
once-a-day rule and says when the next reminder may go.

**Advancing.** From the ranked list the chair (``committee.chair``: the committee's chair or
the programme head) moves an application that is ``in_review`` on to ``interview`` (the
MSc's optional interview), ``ready_for_panel``, or ``refused`` with a reason, through the one
transition function. A refusal is a decision held until release (the decisions issue): the
applicant is not told now, so it is recorded with ``notify=False`` (no email, no inbox
message) and ``visible_to_applicant=False`` (the timeline entry is for staff only).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import PERMISSIONS, SYSTEM
from admissions.core.schedule import register
from admissions.notifications.models import OutboxMessage
from admissions.notifications.services import send_once
from admissions.review import chair_selectors
from admissions.review.models import Assignment, AssignmentStatus, Committee, CommitteeMember

REVIEW_OVERDUE = "review_overdue"
REMINDER_INTERVAL = dt.timedelta(days=1)
ADVANCE_TARGETS = (Status.INTERVIEW, Status.READY_FOR_PANEL, Status.REFUSED)

NOTHING_OVERDUE = _("%(name)s has no overdue review: there is nothing to remind them of.")
REMINDED_RECENTLY = _(
    "%(name)s was reminded less than a day ago. The next reminder can be sent after %(next)s."
)
NOT_IN_REVIEW = _(
    "Only an application in review can be moved on from the ranked list; %(reference)s is "
    "“%(status)s”."
)
UNKNOWN_TARGET = _(
    "An application in review can move on to the interview, to the panel, or be refused."
)
REFUSAL_NEEDS_REASON = _(
    "Say why the application is refused: the panel and the applicant's file keep the reason."
)
NOT_THE_CHAIR = PERMISSIONS["committee.chair"].message


class NothingOverdue(DomainError):
    pass


class ReminderTooSoon(DomainError):
    pass


class CannotAdvance(DomainError):
    pass


# --------------------------------------------------------------------------------------------
# Reminders
# --------------------------------------------------------------------------------------------


def _reviewer_url() -> str:
    return str(settings.SITE_URL or "").rstrip("/") + reverse("staff:home")


def _name(member: CommitteeMember) -> str:
    user = member.user
    return user.get_full_name() or user.email


def _programme_name(committee: Committee, language: str) -> str:
    programme = committee.intake.programme
    if language.startswith("fr") and programme.name_fr:
        return programme.name_fr
    return programme.name_en


def _last_reminded(member_ids: list[int]) -> dict[int, dt.datetime]:
    """When each reviewer was last reminded, over all their live assignments: a review
    submitted since still counts, so a review falling overdue the next hour does not bring
    a second message the same day."""
    return {
        member_id: last
        for member_id, last in Assignment.objects.filter(
            member_id__in=member_ids, status=AssignmentStatus.ACTIVE
        )
        .order_by()
        .values_list("member_id")
        .annotate(last=Max("reminded_at"))
        .values_list("member_id", "last")
        if last is not None
    }


def _queue_reminder(
    *, member: CommitteeMember, assignments: list[Assignment], now: dt.datetime
) -> tuple[OutboxMessage, bool]:
    """One message to the reviewer listing ``assignments``, keyed by reviewer and day; marks
    the assignments reminded."""
    committee = member.committee
    programme = committee.intake.programme
    user = member.user
    language = user.preferred_language or "en"
    day = clock.local(now, programme.time_zone).date()
    message, queued = send_once(
        key=f"review_overdue:{member.pk}:{day.isoformat()}",
        recipient_email=user.email,
        template=REVIEW_OVERDUE,
        context={
            "recipient_name": _name(member),
            "committee_name": committee.name,
            "programme_name": _programme_name(committee, language),
            "reviews": [
                {
                    "reference": item.application.reference,
                    "due_on": clock.local(item.due_at, programme.time_zone).date()
                    if item.due_at
                    else None,
                }
                for item in assignments
            ],
            "action_url": _reviewer_url(),
        },
        language=language,
        user=user,
    )
    if queued:
        Assignment.objects.filter(pk__in=[item.pk for item in assignments]).update(reminded_at=now)
    return message, queued


def _locked_overdue(*, now: dt.datetime, committee: Committee | None = None) -> list[Assignment]:
    # The rows are locked so that the job and a chair's "remind now" at the same moment
    # cannot both see "not reminded today" and both send.
    return list(
        chair_selectors.overdue_assignments(now=now, committee=committee)
        .select_for_update(of=("self",))
        .select_related("member__user", "committee__intake__programme", "application")
        .order_by("member_id", "due_at", "pk")
    )


def send_overdue_reminders(*, now: dt.datetime) -> int:
    """Remind every reviewer with overdue reviews, at most once a day; returns how many
    messages were queued."""
    queued = 0
    with transaction.atomic():
        by_member: dict[int, list[Assignment]] = defaultdict(list)
        for assignment in _locked_overdue(now=now):
            by_member[assignment.member_id].append(assignment)
        reminded = _last_reminded(list(by_member))
        for member_id, assignments in by_member.items():
            last = reminded.get(member_id)
            if last is not None and now - last < REMINDER_INTERVAL:
                continue
            member = assignments[0].member
            # A savepoint per reviewer: one unusable address does not stop the others.
            try:
                with transaction.atomic():
                    _message, created = _queue_reminder(
                        member=member, assignments=assignments, now=now
                    )
            except DomainError:
                continue
            queued += int(created)
    return queued


@register("review.overdue_reminders", every=dt.timedelta(hours=1))
def overdue_reminders_job(now: dt.datetime) -> str:
    return f"{send_overdue_reminders(now=now)} overdue-review reminders queued"


def remind_reviewer(
    *,
    committee: Committee,
    member: CommitteeMember,
    actor: Any,
    now: dt.datetime | None = None,
) -> OutboxMessage:
    """The chair's "send a reminder now" to one reviewer of ``committee`` about all their
    overdue reviews there. Refused when nothing is overdue or when the reviewer was
    reminded less than a day ago."""
    now = now or clock.now()
    _check_chair(actor, committee)
    if member.committee_id != committee.pk:
        raise NotFound(chair_selectors.MEMBER_NOT_FOUND)
    with transaction.atomic():
        assignments = [
            item
            for item in _locked_overdue(now=now, committee=committee)
            if item.member_id == member.pk
        ]
        if not assignments:
            raise NothingOverdue(NOTHING_OVERDUE % {"name": _name(member)})
        last = _last_reminded([member.pk]).get(member.pk)
        if last is not None and now - last < REMINDER_INTERVAL:
            next_at = clock.local(last + REMINDER_INTERVAL, committee.intake.programme.time_zone)
            raise ReminderTooSoon(
                REMINDED_RECENTLY
                % {"name": _name(member), "next": next_at.strftime("%Y-%m-%d %H:%M")}
            )
        message, _queued = _queue_reminder(
            member=assignments[0].member, assignments=assignments, now=now
        )
        audit.record(
            action="review.reminder_sent",
            actor=actor,
            object_type="committee",
            object_ref=str(committee.public_id),
            programme_id=committee.intake.programme_id,
            data={
                "member": member.pk,
                "applications": [item.application.reference for item in assignments],
            },
        )
    return message


# --------------------------------------------------------------------------------------------
# Advancing applications from the ranked list
# --------------------------------------------------------------------------------------------


def _check_chair(actor: Any, committee: Committee) -> None:
    if actor is SYSTEM:
        return
    if not chair_selectors.may_chair(actor, committee):
        raise NotFound(NOT_THE_CHAIR)


def _committees_of(application: Application) -> list[Committee]:
    return list(
        Committee.objects.filter(
            assignments__application=application,
            assignments__status=AssignmentStatus.ACTIVE,
        )
        .select_related("intake__programme")
        .distinct()
    )


def advance_application(
    *,
    application: Application,
    to: str,
    actor: Any,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """Move an application in review on to ``interview``, ``ready_for_panel`` or
    ``refused`` (with a reason). The actor must be able to chair a committee reviewing it.
    A refusal is held until the decisions are released: no email and a timeline entry the
    applicant does not see."""
    now = now or clock.now()
    committees = _committees_of(application)
    if actor is not SYSTEM and not any(
        chair_selectors.may_chair(actor, committee) for committee in committees
    ):
        raise NotFound(NOT_THE_CHAIR)
    if to not in ADVANCE_TARGETS:
        raise CannotAdvance(UNKNOWN_TARGET, field="to")
    if application.status != Status.IN_REVIEW:
        raise CannotAdvance(
            NOT_IN_REVIEW
            % {"reference": application.reference, "status": Status(application.status).label}
        )
    reason = (reason or "").strip()
    refusal = to == Status.REFUSED
    if refusal and not reason:
        raise CannotAdvance(REFUSAL_NEEDS_REASON, field="reason")
    with transaction.atomic():
        moved = application_services.transition(
            application=application,
            to=to,
            actor=actor,
            reason=reason,
            now=now,
            data={
                "by": "committee_chair",
                "committees": [str(committee.public_id) for committee in committees],
                "held_until_release": refusal,
            },
            notify=not refusal,
            visible_to_applicant=not refusal,
        )
        audit.record(
            action="review.application_advanced",
            actor=actor,
            object_type="application",
            object_ref=application.reference,
            programme_id=application.programme_id,
            data={"to": to, "reason": reason, "held_until_release": refusal},
        )
    return moved
