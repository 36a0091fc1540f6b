"""API tokens: creating, finding, using and revoking them; service accounts.

A token is ``adm_`` followed by 43 URL-safe characters (256 random bits). Only its SHA-256
is stored: finding a token is a lookup of that hash (a unique index), so no secret is ever
compared character by character, and a leaked database gives no usable token. The first
twelve characters (``prefix``) are kept to name the token in lists; they cannot be used.

Who may do what:

- a staff member creates and revokes their own tokens (``backoffice.access``);
- an administrator (``service_accounts.manage``) creates service accounts, and creates,
  lists and revokes their tokens;
- a sensitive scope (``api_scopes.SENSITIVE_SCOPES``) needs the person creating the token to
  have confirmed who they are within ``REAUTHENTICATION_MINUTES``, and an expiry within
  ``SENSITIVE_MAX_DAYS`` days.

Every creation and revocation is written to the audit trail (``api_token.created``,
``api_token.revoked``, ``accounts.service_account_created``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admissions.accounts.api_scopes import MAX_DAYS, SCOPES, SENSITIVE_MAX_DAYS, SENSITIVE_SCOPES
from admissions.accounts.models import ApiToken, RoleAssignment, User
from admissions.accounts.services import grant_role
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import SYSTEM, check, has_permission, is_staff_member
from admissions.core.roles import STAFF_ROLES, Role

SECRET_START = "adm_"  # noqa: S105  # nosec B105  # the visible start of every token
PREFIX_LENGTH = 12
# Writing the last use on every call would make each call a write: once a minute is enough
# to tell whether a token is still used.
LAST_USE_PRECISION = dt.timedelta(minutes=1)

NAME_REQUIRED = _("Give the token a name that says what uses it, such as “SIS nightly import”.")
NO_SCOPE = _("Choose at least one scope: a token without one can do nothing.")
UNKNOWN_SCOPE = _("“%(scope)s” is not a scope. Choose among the scopes listed.")
EXPIRY_IN_PAST = _("The expiry date has passed. Choose a later date.")
EXPIRY_TOO_FAR = _("A token lives at most %(days)s days. Choose an earlier expiry date.")
SENSITIVE_NEEDS_CONFIRMATION = _(
    "Releasing decisions and exporting personal data need a fresh confirmation that it is "
    "you. Confirm with your authenticator code, then create the token again."
)
SENSITIVE_TOO_FAR = _(
    "A token that can release decisions or export personal data lives at most %(days)s days. "
    "Choose an earlier expiry date."
)
PROGRAMME_NOT_OWNERS = _(
    "The token can only be limited to programmes where its owner holds a staff role."
)
OWNER_NOT_STAFF = _("Only staff members and service accounts holding a staff role can hold tokens.")
NOT_A_SERVICE_ACCOUNT = _("Administrators create tokens for service accounts only.")
EMAIL_TAKEN = _("An account with this email address already exists.")
ROLE_NOT_STAFF = _("A service account holds staff roles only.")
TOKEN_NOT_FOUND = _("There is no such API token among those you manage.")


class TokenRefused(DomainError):
    """A token could not be created; nothing was recorded."""


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    # The only time the secret exists outside the caller's hands: show it once, keep it nowhere.
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def programme_ids_of(owner: User) -> set[int] | None:
    """The programmes where ``owner`` holds a staff role; ``None``: every programme."""
    ids: set[int] = set()
    for role, programme_id in RoleAssignment.objects.filter(user=owner).values_list(
        "role", "programme_id"
    ):
        if Role(role) not in STAFF_ROLES:
            continue
        if programme_id is None:
            return None
        ids.add(programme_id)
    return ids


def _may_act_for(actor: Any, owner: User) -> None:
    """The actor creates or revokes tokens of ``owner``: their own, or, for an
    administrator, a service account's. Anyone else is refused as not found."""
    if actor is SYSTEM:
        return
    if getattr(actor, "pk", None) == owner.pk and not owner.is_service_account:
        check(actor, "backoffice.access", any_programme=True)
        return
    check(actor, "service_accounts.manage")
    if not owner.is_service_account:
        raise TokenRefused(NOT_A_SERVICE_ACCOUNT, code="not_a_service_account")


def recently_confirmed(reauthenticated_at: dt.datetime | None, now: dt.datetime) -> bool:
    if reauthenticated_at is None:
        return False
    window = dt.timedelta(minutes=settings.REAUTHENTICATION_MINUTES)
    return dt.timedelta(0) <= now - reauthenticated_at < window


def _clean_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    if not chosen:
        raise TokenRefused(NO_SCOPE, field="scopes", code="no_scope")
    for scope in chosen:
        if scope not in SCOPES:
            raise TokenRefused(
                UNKNOWN_SCOPE % {"scope": scope[:40]}, field="scopes", code="unknown_scope"
            )
    return chosen


def create_token(
    *,
    owner: User,
    name: str,
    scopes: Iterable[str],
    expires_at: dt.datetime,
    actor: Any,
    programme_ids: Iterable[int] = (),
    reauthenticated_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> CreatedToken:
    """Create a token for ``owner`` and return it with its secret (shown once, stored as
    its SHA-256 only). ``reauthenticated_at`` is when the person creating it last confirmed
    who they are: a sensitive scope needs it within ``REAUTHENTICATION_MINUTES``."""
    now = now or clock.now()
    _may_act_for(actor, owner)
    if not is_staff_member(owner):
        raise TokenRefused(OWNER_NOT_STAFF, code="owner_not_staff")
    name = " ".join((name or "").split())[:100]
    if not name:
        raise TokenRefused(NAME_REQUIRED, field="name", code="name_required")
    chosen = _clean_scopes(scopes)
    sensitive = SENSITIVE_SCOPES.intersection(chosen)
    if expires_at <= now:
        raise TokenRefused(EXPIRY_IN_PAST, field="expires_on", code="expiry_in_past")
    if expires_at - now > dt.timedelta(days=MAX_DAYS):
        raise TokenRefused(
            EXPIRY_TOO_FAR % {"days": MAX_DAYS}, field="expires_on", code="expiry_too_far"
        )
    if sensitive:
        if not recently_confirmed(reauthenticated_at, now):
            raise TokenRefused(
                SENSITIVE_NEEDS_CONFIRMATION, field="scopes", code="reauthentication_required"
            )
        if expires_at - now > dt.timedelta(days=SENSITIVE_MAX_DAYS):
            raise TokenRefused(
                SENSITIVE_TOO_FAR % {"days": SENSITIVE_MAX_DAYS},
                field="expires_on",
                code="sensitive_expiry_too_far",
            )
    limited_to = sorted(set(programme_ids))
    allowed = programme_ids_of(owner)
    if allowed is not None and not set(limited_to) <= allowed:
        raise TokenRefused(PROGRAMME_NOT_OWNERS, field="programmes", code="programme_not_owners")
    secret = SECRET_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            owner=owner,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            token_hash=hash_secret(secret),
            scopes=chosen,
            created_at=now,
            reauthenticated_at=reauthenticated_at if sensitive else None,
            expires_at=expires_at,
        )
        if limited_to:
            token.programmes.set(limited_to)
        audit.record(
            action="api_token.created",
            actor=actor,
            object_type="api_token",
            object_ref=token.prefix,
            request=request,
            data={
                "owner": owner.email,
                "name": name,
                "scopes": chosen,
                "programmes": limited_to,
                "expires_at": expires_at.isoformat(),
                "sensitive": sorted(sensitive),
            },
        )
    return CreatedToken(token=token, secret=secret)


def revoke_token(
    *,
    token: ApiToken,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ApiToken:
    """Revoke ``token`` at once: its next call answers 401. Revoking a revoked token
    changes nothing."""
    now = now or clock.now()
    _may_act_for(actor, token.owner)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = now
        locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            action="api_token.revoked",
            actor=actor,
            object_type="api_token",
            object_ref=locked.prefix,
            request=request,
            data={"owner": token.owner.email, "name": locked.name},
        )
    return locked


def find_token(secret: str) -> ApiToken | None:
    """The token whose secret this is, usable or not; ``None`` for anything else."""
    if not secret.startswith(SECRET_START) or len(secret) > 200:
        return None
    digest = hash_secret(secret)
    token = (
        ApiToken.objects.select_related("owner")
        .prefetch_related("programmes")
        .filter(token_hash=digest)
        .first()
    )
    # The lookup already matched the hash; the comparison guards against a database
    # collation that would match differently.
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


def record_use(token: ApiToken, *, now: dt.datetime, address: str | None) -> None:
    if (
        token.last_used_at is not None
        and now - token.last_used_at < LAST_USE_PRECISION
        and token.last_used_ip == address
    ):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=address)
    token.last_used_at, token.last_used_ip = now, address


def tokens_of(owner: User) -> QuerySet[ApiToken]:
    """``owner``'s tokens, newest first, with what their list shows."""
    return ApiToken.objects.filter(owner=owner).prefetch_related("programmes")


def service_account_tokens(actor: Any) -> QuerySet[ApiToken]:
    """Every service account's tokens, for administrators."""
    check(actor, "service_accounts.manage")
    return (
        ApiToken.objects.filter(owner__is_service_account=True)
        .select_related("owner")
        .prefetch_related("programmes")
    )


def service_accounts(actor: Any) -> QuerySet[User]:
    check(actor, "service_accounts.manage")
    return User.objects.filter(is_service_account=True, is_active=True).order_by("email")


def create_service_account(
    *,
    email: str,
    name: str,
    roles: Iterable[tuple[Role, Any]],
    actor: Any,
    request: HttpRequest | None = None,
) -> User:
    """A service account: an active user without a password (it never signs in), flagged
    ``is_service_account``, holding ``roles`` (a role and a programme, or ``None`` for every
    programme), each grant audited."""
    check(actor, "service_accounts.manage")
    email = User.objects.normalize_email(email).strip().lower()
    roles = list(roles)
    if any(Role(role) not in STAFF_ROLES for role, _programme in roles):
        raise TokenRefused(ROLE_NOT_STAFF, field="roles", code="role_not_staff")
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise TokenRefused(EMAIL_TAKEN, field="email", code="email_taken")
        user = User.objects.create_user(
            email=email, password=None, first_name=name[:150], is_service_account=True
        )
        audit.record(
            action="accounts.service_account_created",
            actor=actor,
            object_type="account",
            object_ref=email[:120],
            request=request,
        )
        for role, programme in roles:
            grant_role(
                user=user, role=Role(role), programme=programme, actor=actor, request=request
            )
    return user


def may_manage_service_accounts(actor: Any) -> bool:
    return has_permission(actor, "service_accounts.manage")


def token_for(*, actor: Any, public_id: Any) -> ApiToken:
    """The token ``actor`` may manage (their own, or, for an administrator, a service
    account's); ``NotFound`` for any other, as for one that does not exist."""
    token = ApiToken.objects.select_related("owner").filter(public_id=public_id).first()
    if token is None:
        raise NotFound(TOKEN_NOT_FOUND)
    mine = getattr(actor, "pk", None) == token.owner_id and not token.owner.is_service_account
    if not mine and not (
        token.owner.is_service_account and has_permission(actor, "service_accounts.manage")
    ):
        raise NotFound(TOKEN_NOT_FOUND)
    return token
