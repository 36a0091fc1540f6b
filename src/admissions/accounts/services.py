"""Granting and revoking staff roles, each recorded in the audit trail.

The admin's user page is where administrators do this (``accounts.admin``); it calls these
so that every grant and revocation leaves the same audit event, whoever or whatever makes it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from admissions.accounts.models import RoleAssignment, User
from admissions.core import audit
from admissions.core.roles import Role


def _record(
    action: str, *, assignment: RoleAssignment, actor: Any, request: HttpRequest | None
) -> None:
    audit.record(
        action=action,
        actor=actor,
        object_type="account",
        object_ref=assignment.user.email[:120],
        programme_id=assignment.programme_id,
        request=request,
        data={
            "role": assignment.role,
            "programme": assignment.programme.slug if assignment.programme is not None else None,
        },
    )


def record_role_granted(
    *, assignment: RoleAssignment, actor: Any, request: HttpRequest | None = None
) -> None:
    _record("accounts.role_granted", assignment=assignment, actor=actor, request=request)


def record_role_revoked(
    *, assignment: RoleAssignment, actor: Any, request: HttpRequest | None = None
) -> None:
    _record("accounts.role_revoked", assignment=assignment, actor=actor, request=request)


def grant_role(
    *,
    user: User,
    role: Role,
    programme: Any = None,
    actor: Any,
    request: HttpRequest | None = None,
) -> RoleAssignment:
    """Give ``user`` ``role`` on ``programme`` (every programme with ``None``); granting a
    role already held changes nothing and records nothing."""
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, programme=programme
        )
        if created:
            record_role_granted(assignment=assignment, actor=actor, request=request)
    return assignment


def revoke_role(
    *, assignment: RoleAssignment, actor: Any, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        record_role_revoked(assignment=assignment, actor=actor, request=request)
        assignment.delete()
