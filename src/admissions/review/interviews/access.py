"""Who may do what with interviews, beyond the named permissions of ``core.permissions``.

- Slots and the intake's page: ``interview.manage`` (the programme head, admissions
  officers), and the people who select applicants.
- Selecting who is invited: the programme head, or a representative the head names
  (``InterviewRepresentative``); for a programme with a committee review (the MSc), its
  committee chair too. Admissions officers open slots but do not select.
- Recording an outcome: ``application.interview`` (interviewers, the programme head), and
  an interviewer only on interviews whose slot they sit on; the head on every interview of
  the programme. Anything else is not found.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from admissions.catalogue.models import Programme, Stage
from admissions.core.errors import NotFound
from admissions.core.permissions import SYSTEM, has_permission
from admissions.core.roles import Role
from admissions.review.interviews import errors
from admissions.review.models import Interview, InterviewRepresentative

MANAGE = "interview.manage"
RECORD = "application.interview"


def _signed_in(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def holds_role(actor: Any, role: Role, programme: Programme) -> bool:
    """Whether ``actor`` holds ``role`` on ``programme`` (or on every programme), and has
    not had their staff roles suspended for this request (no two-factor yet)."""
    if actor is SYSTEM:
        return True
    if not _signed_in(actor) or not has_permission(actor, "backoffice.access", any_programme=True):
        return False
    return (
        actor.role_assignments.filter(role=role)
        .filter(Q(programme=programme) | Q(programme__isnull=True))
        .exists()
    )


def is_head(actor: Any, programme: Programme) -> bool:
    return holds_role(actor, Role.PROGRAMME_HEAD, programme)


def is_representative(actor: Any, programme: Programme) -> bool:
    if not _signed_in(actor) or not has_permission(actor, "backoffice.access", any_programme=True):
        return False
    return InterviewRepresentative.objects.filter(
        programme=programme, user=actor, active=True
    ).exists()


def can_select(actor: Any, programme: Programme) -> bool:
    """Whether ``actor`` chooses who is invited to an interview of ``programme``."""
    if is_head(actor, programme) or is_representative(actor, programme):
        return True
    return Stage.COMMITTEE_REVIEW in (programme.pipeline or []) and holds_role(
        actor, Role.COMMITTEE_CHAIR, programme
    )


def can_manage(actor: Any, programme: Programme) -> bool:
    return has_permission(actor, MANAGE, programme_id=programme.pk)


def can_open_intake_page(actor: Any, programme: Programme) -> bool:
    return can_manage(actor, programme) or can_select(actor, programme)


def check_intake_page(actor: Any, programme: Programme) -> None:
    if not can_open_intake_page(actor, programme):
        raise NotFound(errors.NOT_SELECTABLE)


def check_select(actor: Any, programme: Programme) -> None:
    if not can_select(actor, programme):
        raise NotFound(errors.NOT_SELECTABLE)


def check_manage(actor: Any, programme: Programme) -> None:
    if not can_manage(actor, programme):
        raise NotFound(errors.NOT_SELECTABLE)


def can_record(actor: Any, interview: Interview) -> bool:
    """Whether ``actor`` may open and record ``interview``'s outcome sheet."""
    programme = interview.application.programme
    if actor is SYSTEM:
        return True
    if not has_permission(actor, RECORD, programme_id=programme.pk):
        return False
    if is_head(actor, programme):
        return True
    slot = interview.slot
    if slot is None:
        return False
    return slot.interviewers.filter(pk=actor.pk).exists()


def check_record(actor: Any, interview: Interview) -> None:
    if not can_record(actor, interview):
        raise NotFound(errors.INTERVIEW_NOT_FOUND)
