"""API tokens, for every staff member: ``/staff/api-tokens/`` lists one's own tokens (and,
for administrators, the service accounts' tokens) with a button to revoke each;
``/staff/api-tokens/new/`` creates one, whose secret the next page shows once.

The secret crosses from the form to the next page sealed: the session holds it XORed with a
random pad of its length, and the pad travels in a short-lived cookie (HttpOnly, SameSite
Strict, only under ``/staff/api-tokens/``), so neither the session table nor the browser
alone holds it in plain text. Both are removed when the page shows it: a reload shows the
token without its secret, and nothing but its SHA-256 is stored (``accounts/tokens.py``).

The scopes that release decisions or export personal data are offered only to someone who
confirmed who they are within the last ``REAUTHENTICATION_MINUTES``; others get a link to do
so.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.views.decorators.http import require_http_methods, require_POST

from admissions.accounts import tokens
from admissions.accounts.api_scopes import SCOPES, SENSITIVE_SCOPES
from admissions.accounts.models import ApiToken
from admissions.accounts.reauthentication import recently_reauthenticated
from admissions.backoffice.forms.api_tokens import ApiTokenForm
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.core.permissions import check

NEW_TOKEN_SESSION_KEY = "admissions_new_api_token"  # noqa: S105  # nosec B105  # a key's name


PAD_COOKIE = "admissions_token_pad"
PAD_PATH = "/staff/api-tokens/"
PAD_SECONDS = 600


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _seal(secret: str) -> tuple[str, str]:
    """(sealed secret, pad): each alone says nothing of the secret (a one-time pad)."""
    raw = secret.encode("ascii")
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(_xor(raw, pad)).decode(), base64.urlsafe_b64encode(pad).decode()


def _open(sealed: str, pad: str) -> str | None:
    try:
        raw = _xor(base64.urlsafe_b64decode(sealed), base64.urlsafe_b64decode(pad))
        return raw.decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _programmes(owner_ids: set[int] | None) -> QuerySet[Programme]:
    programmes = Programme.objects.order_by("name_en")
    return programmes if owner_ids is None else programmes.filter(pk__in=owner_ids)


def _rows(queryset: Iterable[ApiToken]) -> list[dict[str, object]]:
    now = clock.now()
    return [
        {
            "token": token,
            "scopes": [
                (code, SCOPES[code].sensitive if code in SCOPES else False) for code in token.scopes
            ],
            "programmes": list(token.programmes.all()),
            "usable": token.is_usable(now),
        }
        for token in queryset
    ]


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    check(request.user, "backoffice.access", any_programme=True)
    manages = tokens.may_manage_service_accounts(request.user)
    return _no_store(
        render(
            request,
            "backoffice/api_tokens/list.html",
            {
                "rows": _rows(tokens.tokens_of(request.user)),
                "service_rows": _rows(tokens.service_account_tokens(request.user))
                if manages
                else None,
            },
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    check(request.user, "backoffice.access", any_programme=True)
    confirmed = recently_reauthenticated(request)
    accounts = (
        list(tokens.service_accounts(request.user))
        if tokens.may_manage_service_accounts(request.user)
        else []
    )
    owner_ids = tokens.programme_ids_of(request.user)
    for account in accounts:
        theirs = tokens.programme_ids_of(account)
        owner_ids = None if owner_ids is None or theirs is None else owner_ids | theirs
    form = ApiTokenForm(
        request.POST or None,
        service_accounts=accounts,
        programmes=_programmes(owner_ids),
        sensitive_allowed=confirmed,
        today=timezone.localdate(clock.now()),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            now = clock.now()
            try:
                created = tokens.create_token(
                    owner=form.owner_or(request.user),
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    programme_ids=[p.pk for p in form.cleaned_data["programmes"]],
                    expires_at=form.expires_at(),
                    actor=request.user,
                    reauthenticated_at=now if confirmed else None,
                    now=now,
                    request=request,
                )
            except tokens.TokenRefused as refused:
                form.add_domain_errors([refused])
            else:
                sealed, pad = _seal(created.secret)
                request.session[NEW_TOKEN_SESSION_KEY] = {
                    "token": str(created.token.public_id),
                    "sealed": sealed,
                }
                response = redirect("staff:api-token-created", public_id=created.token.public_id)
                response.set_cookie(
                    PAD_COOKIE,
                    pad,
                    max_age=PAD_SECONDS,
                    path=PAD_PATH,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Strict",
                )
                return response
        status = 400
    step = reverse("mfa_reauthenticate")
    return _no_store(
        render(
            request,
            "backoffice/api_tokens/new.html",
            {
                "form": form,
                "confirmed": confirmed,
                "sensitive": [SCOPES[code] for code in sorted(SENSITIVE_SCOPES)],
                "confirm_url": f"{step}?{urlencode({'next': request.path})}",
            },
            status=status,
        )
    )


@login_required
def token_created(request: HttpRequest, public_id: str) -> HttpResponse:
    check(request.user, "backoffice.access", any_programme=True)
    token = tokens.token_for(actor=request.user, public_id=public_id)
    pending = request.session.get(NEW_TOKEN_SESSION_KEY) or {}
    secret = None
    if pending.get("token") == str(token.public_id):
        secret = _open(pending.get("sealed", ""), request.COOKIES.get(PAD_COOKIE, ""))
        # Shown once: gone from the session and the browser the moment the page is built.
        del request.session[NEW_TOKEN_SESSION_KEY]
    response = render(
        request,
        "backoffice/api_tokens/created.html",
        {"token": token, "secret": secret, "row_list": _rows([token])},
    )
    response.delete_cookie(PAD_COOKIE, path=PAD_PATH, samesite="Strict")
    return _no_store(response)


@login_required
@require_POST
def token_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    check(request.user, "backoffice.access", any_programme=True)
    token = tokens.token_for(actor=request.user, public_id=public_id)
    tokens.revoke_token(token=token, actor=request.user, request=request)
    messages.success(
        request,
        _t("The token “%(name)s” (%(prefix)s…) is revoked: it no longer works.")
        % {"name": token.name, "prefix": token.prefix},
    )
    return redirect("staff:api-tokens")
