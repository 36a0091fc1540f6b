"""What an API token may be used for: its scopes, each with what it lets a program do.

A token's permissions are the intersection of three things: the roles its owner holds
(``core.permissions``, checked by every service as for a page), the programmes the token is
limited to (none chosen: all of the owner's), and the scopes below, which an endpoint asks
for with ``api.auth.require_scope``. A scope never grants anything the owner's roles do not.

Two scopes are *sensitive*: releasing decisions and exporting personal data. They are given
only to a token created within minutes of the person confirming who they are
(``accounts.reauthentication``), such a token lives at most ``SENSITIVE_MAX_DAYS`` days,
and every call that uses one of them is written to the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# The longest a token may live, and the longest one holding a sensitive scope may.
MAX_DAYS = 365
SENSITIVE_MAX_DAYS = 90
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Scope:
    code: str
    description: Any
    sensitive: bool = False


SCOPES: dict[str, Scope] = {
    scope.code: scope
    for scope in [
        Scope(
            "applications:read",
            _("Read applications, their files and timelines, within the owner's programmes."),
        ),
        Scope(
            "applications:write",
            _("Change applications: eligibility and completeness checks, status changes."),
        ),
        Scope("documents:read", _("Download the documents applicants uploaded.")),
        Scope("reviews:read", _("Read committees, reviewer assignments and reviews.")),
        Scope("reviews:write", _("Assign reviewers and record reviews.")),
        Scope("interviews:write", _("Set interview slots, invite applicants, record interviews.")),
        Scope("decisions:write", _("Record panel decisions (not release them).")),
        Scope(
            "decisions:release",
            _("Release decisions to applicants. Sensitive: needs a fresh confirmation."),
            sensitive=True,
        ),
        Scope("finance:read", _("Read fees, payments, quotes and the finance figures.")),
        Scope("finance:write", _("Record payments received (bank transfers).")),
        Scope(
            "exports:read",
            _("Export personal data in bulk. Sensitive: needs a fresh confirmation."),
            sensitive=True,
        ),
        Scope("webhooks:write", _("Set up and change webhook subscriptions.")),
    ]
}

SENSITIVE_SCOPES = frozenset(code for code, scope in SCOPES.items() if scope.sensitive)


def describe(code: str) -> str:
    scope = SCOPES.get(code)
    return str(scope.description) if scope else code
