"""One error shape for the whole API.

Every error answers ``{"detail": "…", "code": "…", "errors": [{"field": …, "message": …}]}``:
``detail`` says what happened and what to do; ``code`` names the kind of error for a program
(``invalid``, ``not_found``, ``conflict``, ``nul_byte``, …); ``errors`` lists each field
concerned (``field`` is a path such as ``degrees[0].ended_on``, a missing item's code such as
``profile.date_of_birth``, or ``null`` when no single field is to blame), at most
``MAX_LISTED_ERRORS`` of them so that an answer stays small whatever was sent. Messages are
in the request's language.

Status codes: 400 (a rule refused the request; a NUL byte, a lone surrogate, JSON nested too
deep or not JSON), 401 (not signed in; for staff endpoints also an unknown, expired or revoked
API token, with ``WWW-Authenticate: Bearer``), 403 (CSRF; a staff session without two-factor;
a token without the endpoint's scope), 404 (not found, or not yours: the same
answer), 409 (conflict with the current state: the application exists, the status does not
allow it, the submission is refused, the page is stale), 413 (body too large), 415 (content
type not taken), 422 (input that does not validate, an unknown field, a value too long),
429 (too many requests, with ``Retry-After``). ``ApiRefusal`` is how the API's own layers
(``auth.py``, ``idempotency.py``) refuse a request with a status, a code and headers. The
400, 413 and 415 for a hostile body come from the request edge (``core/edge.py``), before the
API reads the body.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import partial
from itertools import islice
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from admissions.applicants.errors import ProfileInvalid
from admissions.applications.errors import (
    AnswersInvalid,
    ApplicationAlreadyExists,
    ApplicationReadOnly,
    NoIntakeOpen,
    StaleAnswers,
    TransitionNotAllowed,
)
from admissions.core.errors import DomainError, NotFound
from admissions.decisions.errors import DecisionConflict, DecisionInvalid
from admissions.review.scoring import (
    ReviewInvalid,
    ReviewNotSubmitted,
    ReviewSubmitted,
    StaleReview,
)
from admissions.workflows.submission import SubmissionRefused

NOT_SIGNED_IN = _("Sign in to use this part of the API (session authentication).")
NOT_FOUND = _("Nothing was found at this address.")
INVALID_INPUT = _("Some fields are not valid. Correct them and send the request again.")
CSRF_FAILED = _(
    "The CSRF check failed. Send the csrftoken cookie's value in the X-CSRFToken header."
)
TOO_MANY = _("Too many requests. Wait a minute, then try again.")
UNKNOWN_FIELD = _("This field is not known here. Check its name, then send the request again.")
TEXT_TOO_LONG = _("At most %(max)s characters.")
LIST_TOO_LONG = _("At most %(max)s items.")
MAX_LISTED_ERRORS = 50

# The error code of each status, where the error does not name its own.
CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
}

CONFLICTS: tuple[type[DomainError], ...] = (
    ApplicationAlreadyExists,
    TransitionNotAllowed,
    SubmissionRefused,
    StaleAnswers,
    ApplicationReadOnly,
    NoIntakeOpen,
    ReviewSubmitted,
    ReviewNotSubmitted,
    StaleReview,
    DecisionConflict,
)
UNPROCESSABLE: tuple[type[DomainError], ...] = (
    ProfileInvalid,
    AnswersInvalid,
    ReviewInvalid,
    DecisionInvalid,
)


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldErrorOut]


class ApiRefusal(Exception):
    """A refusal of the API itself (not of a domain rule): its status, code, message and any
    headers it must carry (``WWW-Authenticate``, ``Retry-After``)."""

    def __init__(
        self, status: int, code: str, detail: Any, *, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(str(detail))
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}


def too_many(wait: float | None) -> ApiRefusal:
    """429 with ``Retry-After``: whole seconds, at least one."""
    return ApiRefusal(
        429, CODES[429], TOO_MANY, headers={"Retry-After": str(max(1, math.ceil(wait or 1)))}
    )


def error_body(
    detail: Any, errors: Iterable[tuple[str | None, Any]] = (), *, code: str = "bad_request"
) -> dict[str, Any]:
    return {
        "detail": str(detail),
        "code": code,
        "errors": [
            {"field": field, "message": str(message)}
            for field, message in islice(errors, MAX_LISTED_ERRORS)
        ],
    }


def _path(loc: Sequence[Any]) -> str | None:
    # ninja's locations start with the source and the parameter's name: ("body", "payload",
    # "degrees", 0, "ended_on") is the field degrees[0].ended_on.
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if len(parts) > 1 and isinstance(parts[0], str) and parts[0] in ("payload", "data"):
            parts = parts[1:]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or None


def _message(item: dict[str, Any]) -> Any:
    """pydantic's message, in the request's language for the kinds a person meets most."""
    kind = item.get("type")
    context = item.get("ctx") or {}
    if kind == "extra_forbidden":
        return UNKNOWN_FIELD
    if kind == "string_too_long":
        return TEXT_TOO_LONG % {"max": context.get("max_length")}
    if kind == "too_long":
        return LIST_TOO_LONG % {"max": context.get("max_length")}
    return item.get("msg", "")


def _validation_error(
    request: HttpRequest, exc: NinjaValidationError, api: NinjaAPI
) -> HttpResponse:
    errors = [(_path(item.get("loc", ())), _message(item)) for item in exc.errors]
    return api.create_response(
        request, error_body(INVALID_INPUT, errors, code=CODES[422]), status=422
    )


def _domain_error(request: HttpRequest, exc: DomainError, api: NinjaAPI) -> HttpResponse:
    errors: list[tuple[str | None, Any]]
    if isinstance(exc, SubmissionRefused):
        errors = [(item.code, item.message()) for item in exc.items]
    elif isinstance(exc, ProfileInvalid):
        errors = [(error.field, error.message) for error in exc.errors]
    elif isinstance(exc, AnswersInvalid):
        errors = [(f"answers.{key}", message) for key, message in exc.errors.items()]
    elif isinstance(exc, ReviewInvalid):
        errors = list(exc.errors.items())
    elif isinstance(exc, StaleAnswers):
        errors = [(f"answers.{key}", exc.message) for key in exc.conflicts]
    else:
        errors = [(exc.field, exc.message)] if exc.field else []
    if isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, CONFLICTS):
        status = 409
    elif isinstance(exc, UNPROCESSABLE):
        status = 422
    else:
        status = 400
    body = error_body(exc.message, errors, code=CODES[status])
    if isinstance(exc, ApplicationAlreadyExists):
        body["reference"] = exc.reference
    return api.create_response(request, body, status=status)


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, error_body(NOT_FOUND, code=CODES[404]), status=404)


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    code = CODES.get(exc.status_code, "error")
    if isinstance(exc, AuthenticationError):
        detail: Any = NOT_SIGNED_IN
    elif isinstance(exc, Throttled):
        detail = TOO_MANY
    elif exc.status_code == 403 and "CSRF" in str(exc):
        detail, code = CSRF_FAILED, "csrf_failed"
    else:
        detail = str(exc)
    response = api.create_response(request, error_body(detail, code=code), status=exc.status_code)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


def _refusal(request: HttpRequest, exc: ApiRefusal, api: NinjaAPI) -> HttpResponse:
    response = api.create_response(
        request, error_body(exc.detail, code=exc.code), status=exc.status
    )
    for name, value in exc.headers.items():
        response[name] = value
    return response


def install(api: NinjaAPI) -> None:
    """Install the handlers that give every error the one shape."""
    api.add_exception_handler(ApiRefusal, partial(_refusal, api=api))
    api.add_exception_handler(NinjaValidationError, partial(_validation_error, api=api))
    api.add_exception_handler(DomainError, partial(_domain_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))


# What any endpoint may answer, whatever it does: the request edge refuses a hostile request
# (400), and a staff session that has not passed two-factor gets 403 mfa_required on every
# path of the API (accounts.middleware).
ANY_ENDPOINT = {400: ErrorOut, 403: ErrorOut}
# A public endpoint, throttled per address.
PUBLIC_ERRORS = {**ANY_ENDPOINT, 429: ErrorOut}
# A read for a signed-in person: 401 without a session, 404 for what is not theirs.
READ_ERRORS = {**ANY_ENDPOINT, 401: ErrorOut, 404: ErrorOut}
# Documented responses of every endpoint that changes something (the applicant's endpoints).
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
}

# Documented responses of every staff endpoint (``api/auth.py``): spread it into an
# operation's ``response``, ``response={200: ThingOut, **STAFF_ERRORS}``. Every code here can
# happen on any staff endpoint: 400 and 413/415 at the request edge, 401 without a valid token
# or session, 403 for a missing scope or two-factor, 404 outside the caller's programmes,
# 409 for a state conflict, 422 for invalid input or a reused Idempotency-Key, 429 past a
# rate limit.
STAFF_ERRORS = {**ERRORS, 429: ErrorOut}
