"""``Idempotency-Key`` on the API's state-changing ``POST`` endpoints.

A client that did not get an answer (a timeout, a dropped connection) sends the same request
again with the same ``Idempotency-Key`` header; the platform then answers what it answered the
first time instead of doing the work twice. Keys are remembered 24 hours
(``accounts.idempotency.KEEP_FOR``), per API token, or per person for a signed-in session.

- The first request with a key runs; its answer, if successful (2xx), is kept with the key.
- The same key with the same request (method, path and SHA-256 of the body) answers the kept
  answer again, byte for byte, with ``Idempotent-Replayed: true``.
- The same key with a different request answers ``422`` ``idempotency_key_reused``, and
  nothing runs.
- Two requests with one key at the same moment run once: the record is inserted *before* the
  work, in the work's own transaction, so the second insert waits on the unique constraint
  until the first commits, then replays its answer.
- A refused request (4xx, 5xx) keeps nothing (and, the transaction being rolled back, changes
  nothing): the same key may be sent again once the request is corrected.
- Without the header, nothing changes.

Use it below the route decorator; it also documents the header in the OpenAPI document::

    @router.post("/transfers", response={201: PaymentOut, **STAFF_ERRORS})
    @idempotent
    def record_transfer(request, payload: TransferIn): ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.decorators import decorate_view
from ninja.utils import check_csrf, contribute_operation_callback

from admissions.accounts.idempotency import expired_before
from admissions.accounts.models import ApiToken, IdempotencyRecord
from admissions.accounts.tokens import find_token
from admissions.api.errors import error_body
from admissions.core import clock

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
REPLAYED_HEADER = "Idempotent-Replayed"

KEY_REUSED = _(
    "This Idempotency-Key was already used for a different request in the last 24 hours. "
    "Use a new key for a new request."
)
KEY_INVALID = _(
    "An Idempotency-Key is 1 to 255 visible ASCII characters, such as a UUID. Send a valid "
    "key, or none."
)

HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "A key of your choice (a UUID) that makes a retry safe: within 24 hours, the same key "
        "with the same request replays the first answer; with a different request it answers "
        "422 idempotency_key_reused."
    ),
}

F = TypeVar("F", bound=Callable[..., Any])


class _NotKept(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _valid(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all(33 <= ord(ch) <= 126 for ch in key)


def _fingerprint(request: HttpRequest) -> str:
    body = hashlib.sha256(request.body).hexdigest()
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def _credential(request: HttpRequest) -> tuple[Any, ApiToken | None] | None:
    """Whose key this is: the token's (its owner acting), or the signed-in person's;
    ``None`` when the request will be refused as unauthenticated anyway."""
    scheme, _space, secret = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() == "bearer":
        token = find_token(secret.strip())
        if token is None or not token.is_usable(clock.now()):
            return None
        return token.owner, token
    # A session's key is honoured only on a request that passes the CSRF check, as the
    # endpoint itself would require: a forged request never reaches a kept answer.
    if request.user.is_authenticated and check_csrf(request) is None:
        return request.user, None
    return None


def _refuse(status: int, code: str, detail: Any) -> JsonResponse:
    return JsonResponse(error_body(detail, code=code), status=status)


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        record.body, status=record.status_code, content_type=record.content_type or None
    )
    response[REPLAYED_HEADER] = "true"
    return response


def _once(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(run)
    def run_once(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST":
            return run(request, **kwargs)
        if not _valid(key):
            return _refuse(422, "idempotency_key_invalid", KEY_INVALID)
        credential = _credential(request)
        if credential is None:
            return run(request, **kwargs)
        user, token = credential
        mine: dict[str, Any] = {"token": token}
        if token is None:
            mine["user"] = user
        fingerprint = _fingerprint(request)
        now = clock.now()
        IdempotencyRecord.objects.filter(
            **mine, key=key, created_at__lte=expired_before(now)
        ).delete()
        try:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        record = IdempotencyRecord.objects.create(
                            user=user, token=token, key=key, fingerprint=fingerprint, created_at=now
                        )
                except IntegrityError:
                    record = None
                if record is not None:
                    response = run(request, **kwargs)
                    if not 200 <= response.status_code < 300 or response.streaming:
                        raise _NotKept(response)
                    record.status_code = response.status_code
                    record.content_type = response.get("Content-Type", "")[:100]
                    record.body = response.content.decode("utf-8")
                    record.save(update_fields=["status_code", "content_type", "body"])
                    return response
        except _NotKept as refused:
            return refused.response
        # Used before, or by a request that has just committed while this one waited.
        first = IdempotencyRecord.objects.filter(**mine, key=key).first()
        if first is None:  # the other request failed and kept nothing: this one runs
            return run_once(request, **kwargs)
        if first.fingerprint != fingerprint:
            return _refuse(422, "idempotency_key_reused", KEY_REUSED)
        return _replay(first)

    return run_once


def _document(operation: Any) -> None:
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), HEADER_PARAMETER]
    operation.openapi_extra = extra


def idempotent(func: F) -> F:
    """Make a ninja ``POST`` operation honour ``Idempotency-Key`` (see the module)."""
    contribute_operation_callback(func, _document)
    return decorate_view(_once)(func)
