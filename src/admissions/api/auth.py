"""How staff endpoints know who calls: an API token or a staff session, with scopes.

Every staff endpoint (``/api/v1/staff/…`` and the older ``/api/v1/finance/…``) takes either

- ``Authorization: Bearer adm_…``, a personal or service account's API token
  (``accounts/tokens.py``), declared in the OpenAPI document as the ``StaffToken`` HTTP
  bearer scheme; or
- the signed-in staff session of the pages, which must have passed two-factor
  (``accounts.middleware``) and sends the CSRF token for writes.

Use it in a router::

    from admissions.api.auth import STAFF_AUTH, require_scope

    router = Router(tags=["reviews"], auth=STAFF_AUTH)

    @router.post("/reviews/{reference}", response={200: ReviewOut, **STAFF_ERRORS})
    @idempotent
    def record_review(request, reference: str, payload: ReviewIn):
        require_scope(request, "reviews:write")
        ...  # the same selectors and services as the page, with request.user

A token acts as its owner: ``request.user`` is the owner, whose staff roles count only on
the token's programmes (``core.permissions.restrict_staff_roles_to_programmes``), so the
services' own ``check`` answers 404 for a reference of another programme, exactly as for a
stranger. ``require_scope`` is the one extra question: a session passes it (the person's
roles decide), a token must hold the scope, else ``403 insufficient_scope`` (the endpoint is
public knowledge; no reference has been looked at yet). A call that uses a sensitive scope
is written to the audit trail.

Answers (the one error shape of ``api/errors.py``):

- ``401`` ``not_signed_in``: no token and no session; ``invalid_token``: a token that is
  unknown, expired, revoked, or whose owner was deactivated. Both with
  ``WWW-Authenticate: Bearer``.
- ``403`` ``insufficient_scope``: the token lacks the endpoint's scope.
- ``404``: a reference outside the token's programmes or the owner's roles.
- ``429`` with ``Retry-After``: more than ``API_TOKEN_RATE`` calls with one token, more than
  ``API_ADDRESS_RATE`` token calls from one address, or more than ``API_TOKEN_FAILURE_RATE``
  unknown tokens from one address (so secrets cannot be guessed), counted in the shared
  cache like the sign-in limits.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from admissions.accounts.api_scopes import SCOPES, SENSITIVE_SCOPES
from admissions.accounts.limits import client_address
from admissions.accounts.models import ApiToken
from admissions.accounts.tokens import find_token, record_use
from admissions.api.errors import ApiRefusal, too_many
from admissions.core import audit, clock
from admissions.core.permissions import restrict_staff_roles_to_programmes

BEARER_CHALLENGE = 'Bearer realm="admissions"'

NO_CREDENTIALS = _(
    "Send an API token in the Authorization header (Authorization: Bearer adm_…), or sign "
    "in to the staff pages and use that session."
)
TOKEN_UNKNOWN = _(
    "This API token is not recognised. Check that it was copied whole, or create a new one "
    "on the API tokens page."
)
TOKEN_EXPIRED = _("This API token expired on %(date)s. Create a new one on the API tokens page.")
TOKEN_REVOKED = _("This API token was revoked. Create a new one on the API tokens page.")
OWNER_INACTIVE = _("The account this API token belongs to is deactivated.")
INSUFFICIENT_SCOPE = _(
    "This API token does not have the “%(scope)s” scope this endpoint needs. Create a token "
    "with it."
)


def _invalid(detail: Any, description: str) -> ApiRefusal:
    return ApiRefusal(
        401,
        "invalid_token",
        detail,
        headers={
            "WWW-Authenticate": f'{BEARER_CHALLENGE}, error="invalid_token", '
            f'error_description="{description}"'
        },
    )


class _Counter(SimpleRateThrottle):
    """ninja's sliding-window throttle on a key we choose, in the shared cache."""

    def __init__(self, name: str, ident: str, rate: str) -> None:
        self.name, self.ident = name, ident
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str:
        return f"throttle_{self.name}_{self.ident}"

    def exhausted(self, request: HttpRequest) -> bool:
        self.key = self.get_cache_key(request)
        self.now = self.timer()  # type: ignore[misc]  (ninja's class attribute, time.time)
        self.history = [
            at for at in self.cache.get(self.key, []) if at > self.now - (self.duration or 0)
        ]
        return len(self.history) >= (self.num_requests or 0)

    def count(self) -> None:
        self.throttle_success()


class StaffToken(HttpBearer):
    """``Authorization: Bearer <token>``: an API token of a staff member or service account."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header) or ""
        scheme, _space, secret = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None  # not a token: the session may still sign the request
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        address = client_address(request)
        failures = _Counter("api-token-failure", address, settings.API_TOKEN_FAILURE_RATE)
        if failures.exhausted(request):
            raise too_many(failures.wait())
        found = find_token(token)
        now = clock.now()
        refusal = None
        if found is None:
            refusal = _invalid(TOKEN_UNKNOWN, "unknown token")
        elif found.revoked_at is not None:
            refusal = _invalid(TOKEN_REVOKED, "revoked")
        elif found.expires_at <= now:
            day = formats.date_format(timezone.localtime(found.expires_at), "j F Y")
            refusal = _invalid(TOKEN_EXPIRED % {"date": day}, "expired")
        elif not found.owner.is_active:
            refusal = _invalid(OWNER_INACTIVE, "owner deactivated")
        if refusal is not None or found is None:
            failures.count()
            raise refusal or _invalid(TOKEN_UNKNOWN, "unknown token")
        for counter in (
            _Counter("api-token", str(found.pk), settings.API_TOKEN_RATE),
            _Counter("api-address", address, settings.API_ADDRESS_RATE),
        ):
            if not counter.allow_request(request):
                raise too_many(counter.wait())
        record_use(found, now=now, address=address)
        owner = found.owner
        limited_to = [programme.pk for programme in found.programmes.all()]
        if limited_to:
            restrict_staff_roles_to_programmes(owner, limited_to)
        request.user = owner
        request.api_token = found  # type: ignore[attr-defined]
        return found


class StaffSession(SessionAuth):
    """The staff pages' session (two-factor enforced by ``accounts.middleware``). CSRF is
    checked for a signed-in session only: a call with no credentials at all is told to
    authenticate (401), not that its CSRF token is missing."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        raise ApiRefusal(
            401, "not_signed_in", NO_CREDENTIALS, headers={"WWW-Authenticate": BEARER_CHALLENGE}
        )


# The auth list of every staff router or operation: a token first, then the session.
STAFF_AUTH = [StaffToken(), StaffSession()]


def token_of(request: HttpRequest) -> ApiToken | None:
    """The API token that signed this request; ``None`` for a session."""
    return getattr(request, "api_token", None)


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403 ``insufficient_scope``) a token without ``scope``; a session passes, its
    person's roles deciding. A call made with a sensitive scope is audited."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown API scope {scope!r}: add it to accounts/api_scopes.py.")
    token = token_of(request)
    if token is None:
        return
    if scope not in token.scopes:
        raise ApiRefusal(
            403,
            "insufficient_scope",
            INSUFFICIENT_SCOPE % {"scope": scope},
            headers={
                "WWW-Authenticate": f'{BEARER_CHALLENGE}, error="insufficient_scope", '
                f'scope="{scope}"'
            },
        )
    if scope in SENSITIVE_SCOPES:
        audit.record(
            action="api_token.sensitive_call",
            actor=token.owner,
            object_type="api_token",
            object_ref=token.prefix,
            request=request,
            data={"scope": scope, "method": request.method, "path": request.path[:300]},
        )
