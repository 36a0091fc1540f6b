"""Every access decision of the platform, in one place.

Permissions are named actions, each granted to a set of roles and carrying the message a
person sees when it fails. Staff roles are held per programme (``programme_id``) or for every
programme (``programme_id`` is null). A check against an object the person may not see
is refused as not found: ``check``, the one check of services, selectors and views, raises
the domain ``NotFound``, which a page answers with the 404 page
(``core.middleware.DomainNotFoundMiddleware``) and the API with its JSON 404. From outside,
"forbidden" and "does not exist" look the same, so references cannot be probed.

Where no person acts (a scheduled task, a provider's webhook, the ledger's own bookkeeping),
the caller passes ``SYSTEM`` as the actor: every check passes for it, on every programme.
``None`` is not the system: it is nobody, and is refused like any stranger.

This module reads role assignments through ``user.role_assignments`` (accounts) and never
imports a domain app, so every app can use it.

What each role may do on each URL, in scope and out of it, is the permission matrix of
``docs/security.md``; ``tests/test_permission_matrix.py`` walks every URL pattern with every
kind of caller against it, so a change here that moves an answer shows there, and a new URL
pattern needs its row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import NotFound
from admissions.core.roles import STAFF_ROLES, Role

ALL_PROGRAMMES = None  # the scope of an assignment that is not tied to one programme


class SystemActor:
    """The platform itself, acting where no person does. Not a user: it holds no role, signs
    nothing in (``is_authenticated`` is false, so services record "no person" as the actor),
    and passes every permission check on every programme."""

    is_authenticated = False
    is_active = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


@dataclass(frozen=True)
class Permission:
    code: str
    roles: frozenset[Role]
    message: Any


def _perm(code: str, roles: Iterable[Role], message: Any) -> Permission:
    return Permission(code, frozenset(roles), message)


R = Role
PERMISSIONS: dict[str, Permission] = {
    p.code: p
    for p in [
        _perm("backoffice.access", STAFF_ROLES, _("Only staff members can open the staff pages.")),
        _perm(
            "programme.configure",
            {R.PROGRAMME_HEAD, R.ADMISSIONS_OFFICER, R.ADMINISTRATOR},
            _(
                "Only the programme head, an admissions officer or an administrator "
                "can change this programme's configuration."
            ),
        ),
        # Reviewers and interviewers do not read every file of their programme: a reviewer
        # reaches only the applications assigned to them (review.selectors), an
        # interviewer only the interviews they sit on.
        _perm(
            "application.view",
            {
                R.PROGRAMME_HEAD,
                R.ADMISSIONS_OFFICER,
                R.FINANCE_OFFICER,
                R.PANEL_MEMBER,
                R.ADMINISTRATOR,
            },
            _("You do not have access to this application."),
        ),
        _perm(
            "application.check",
            {R.ADMISSIONS_OFFICER, R.PROGRAMME_HEAD, R.ADMINISTRATOR},
            _(
                "Only an admissions officer or the programme head "
                "can check eligibility and completeness."
            ),
        ),
        # Committees and review (review app). Holding the role is not enough to read a file:
        # a reviewer reaches only the applications assigned to them, an interviewer only
        # the interviews they sit on (review.selectors checks the assignment).
        _perm(
            "committee.manage",
            {R.PROGRAMME_HEAD, R.ADMISSIONS_OFFICER, R.ADMINISTRATOR},
            _(
                "Only the programme head, an admissions officer or an administrator "
                "can set up this programme's committees."
            ),
        ),
        _perm(
            "application.assign_reviewers",
            {R.ADMISSIONS_OFFICER, R.PROGRAMME_HEAD, R.COMMITTEE_CHAIR},
            _(
                "Only the committee's chair, the programme head or an admissions officer "
                "can assign reviewers."
            ),
        ),
        _perm(
            "committee.chair",
            {R.COMMITTEE_CHAIR, R.PROGRAMME_HEAD},
            _("Only the committee's chair or the programme head can do this."),
        ),
        _perm(
            "application.review",
            {R.REVIEWER, R.COMMITTEE_CHAIR, R.EXTERNAL_REVIEWER, R.PROGRAMME_HEAD},
            _("Only an assigned reviewer can score this application."),
        ),
        _perm(
            "interview.manage",
            {R.PROGRAMME_HEAD, R.ADMISSIONS_OFFICER},
            _(
                "Only the programme head or an admissions officer can set interview slots "
                "and invite applicants."
            ),
        ),
        _perm(
            "application.interview",
            {R.INTERVIEWER, R.PROGRAMME_HEAD},
            _("Only an interviewer of this programme can record an interview."),
        ),
        _perm(
            "application.decide",
            {R.PANEL_MEMBER, R.PROGRAMME_HEAD},
            _("Only panel members and the programme head can record a decision."),
        ),
        _perm(
            "decisions.release",
            {R.ADMISSIONS_OFFICER, R.PROGRAMME_HEAD},
            _("Only an admissions officer or the programme head can release decisions."),
        ),
        # Finance: one action per thing a school delegates on its own (docs/finance.md).
        _perm(
            "finance.view",
            {R.FINANCE_OFFICER},
            _("Only a finance officer can open the finance pages."),
        ),
        _perm(
            "finance.payments",
            {R.FINANCE_OFFICER},
            _(
                "Only a finance officer of this programme can record payments "
                "and import bank statements."
            ),
        ),
        _perm(
            "finance.refund",
            {R.FINANCE_OFFICER},
            _("Only a finance officer of this programme can record a refund."),
        ),
        _perm(
            "finance.waivers",
            {R.FINANCE_OFFICER},
            _("Only a finance officer of this programme can decide waivers and defer fees."),
        ),
        _perm(
            "finance.quotes",
            {R.FINANCE_OFFICER},
            _("Only a finance officer of this programme can issue, revise and send quotes."),
        ),
        _perm(
            "reports.export",
            {R.ADMISSIONS_OFFICER, R.PROGRAMME_HEAD, R.FINANCE_OFFICER, R.ADMINISTRATOR},
            _("You cannot export this programme's data."),
        ),
        _perm(
            "audit.view",
            {R.ADMINISTRATOR},
            _("Only administrators can search and export the audit trail."),
        ),
        _perm(
            "service_accounts.manage",
            {R.ADMINISTRATOR},
            _("Only administrators can manage service accounts and their API tokens."),
        ),
        _perm(
            "admin.access",
            {R.ADMINISTRATOR},
            _("Only administrators can use the administration site."),
        ),
    ]
}


def _assignments(user: Any) -> list[tuple[Role, int | None]]:
    """(role, programme_id) pairs of an active user, cached on the user for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_role_assignment_cache", None)
    if cached is None:
        cached = [
            (Role(role), programme_id)
            for role, programme_id in user.role_assignments.values_list("role", "programme_id")
        ]
        user._role_assignment_cache = cached
    return cached


def is_staff_member(user: Any) -> bool:
    return any(role in STAFF_ROLES for role, _scope in _assignments(user))


def suspend_staff_roles(user: Any) -> None:
    """For the rest of this request, ``user`` holds no staff role: every check answers as it
    would for someone without one. Used while a staff session has not passed two-factor."""
    user._role_assignment_cache = [
        (role, scope) for role, scope in _assignments(user) if role not in STAFF_ROLES
    ]


def restrict_staff_roles_to_programmes(user: Any, programme_ids: Iterable[int]) -> None:
    """For the rest of this request, ``user``'s staff roles count only on ``programme_ids``:
    a role held on another programme is dropped, a role over every programme becomes that
    role on each of these. Used for an API token limited to some of its owner's programmes
    (``api.auth``): every check then answers as for someone who holds only that part, so a
    reference of another programme is not found, exactly as for a stranger."""
    allowed = sorted(set(programme_ids))
    restricted: list[tuple[Role, int | None]] = []
    for role, scope in _assignments(user):
        if role not in STAFF_ROLES:
            restricted.append((role, scope))
        elif scope is ALL_PROGRAMMES:
            restricted.extend((role, programme_id) for programme_id in allowed)
        elif scope in allowed:
            restricted.append((role, scope))
    user._role_assignment_cache = restricted


def has_permission(
    user: Any, code: str, *, programme_id: int | None = None, any_programme: bool = False
) -> bool:
    """Whether ``user`` may perform ``code`` on ``programme_id``.

    ``any_programme=True`` asks "somewhere at all" (to show a menu entry, say).
    """
    permission = PERMISSIONS[code]
    if user is SYSTEM:
        return True
    for role, scope in _assignments(user):
        if role not in permission.roles:
            continue
        if any_programme or scope is ALL_PROGRAMMES or scope == programme_id:
            return True
    return False


def programme_scope(user: Any, code: str) -> set[int] | None:
    """Programme ids where ``user`` may perform ``code``; ``None`` means every programme."""
    permission = PERMISSIONS[code]
    if user is SYSTEM:
        return None
    ids: set[int] = set()
    for role, scope in _assignments(user):
        if role in permission.roles:
            if scope is ALL_PROGRAMMES:
                return None
            ids.add(scope)
    return ids


def filter_by_scope(
    user: Any, code: str, queryset: Any, *, programme_field: str = "programme"
) -> Any:
    """Restrict ``queryset`` to the programmes where ``user`` may perform ``code``."""
    scope = programme_scope(user, code)
    if scope is None:
        return queryset
    return queryset.filter(**{f"{programme_field}__in": scope})


def check(
    actor: Any, code: str, *, programme_id: int | None = None, any_programme: bool = False
) -> None:
    """The one permission check of services, selectors and views: raise ``NotFound`` with the
    permission's message unless ``actor`` may perform ``code`` on the programme (or, with
    ``any_programme``, on at least one programme). ``SYSTEM`` always may; ``None`` never."""
    if not has_permission(actor, code, programme_id=programme_id, any_programme=any_programme):
        raise NotFound(PERMISSIONS[code].message)
