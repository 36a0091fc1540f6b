"""One error shape for the whole API.

Every error answers ``{"detail": "…", "errors": [{"field": …, "message": …}]}``: ``detail``
says what happened and what to do; ``errors`` lists each field concerned (``field`` is a
path such as ``degrees[0].ended_on``, a missing item's code such as ``profile.date_of_birth``,
or ``null`` when no single field is to blame). Messages are in the request's language.

Status codes: 400 (a rule refused the request), 401 (not signed in), 403 (CSRF), 404 (not
found, or not yours: the same answer), 409 (conflict with the current state: the application
exists, the status does not allow it, the submission is refused, the page is stale), 422
(input that does not validate), 429 (too many requests).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
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
from admissions.workflows.submission import SubmissionRefused

NOT_SIGNED_IN = _("Sign in to use this part of the API (session authentication).")
NOT_FOUND = _("Nothing was found at this address.")
INVALID_INPUT = _("Some fields are not valid. Correct them and send the request again.")
CSRF_FAILED = _(
    "The CSRF check failed. Send the csrftoken cookie's value in the X-CSRFToken header."
)
TOO_MANY = _("Too many requests. Wait a minute, then try again.")

CONFLICTS: tuple[type[DomainError], ...] = (
    ApplicationAlreadyExists,
    TransitionNotAllowed,
    SubmissionRefused,
    StaleAnswers,
    ApplicationReadOnly,
    NoIntakeOpen,
)
UNPROCESSABLE: tuple[type[DomainError], ...] = (ProfileInvalid, AnswersInvalid)


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


def error_body(detail: Any, errors: Iterable[tuple[str | None, Any]] = ()) -> dict[str, Any]:
    return {
        "detail": str(detail),
        "errors": [{"field": field, "message": str(message)} for field, message in errors],
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


def _validation_error(
    request: HttpRequest, exc: NinjaValidationError, api: NinjaAPI
) -> HttpResponse:
    errors = [(_path(item.get("loc", ())), item.get("msg", "")) for item in exc.errors]
    return api.create_response(request, error_body(INVALID_INPUT, errors), status=422)


def _domain_error(request: HttpRequest, exc: DomainError, api: NinjaAPI) -> HttpResponse:
    errors: list[tuple[str | None, Any]]
    if isinstance(exc, SubmissionRefused):
        errors = [(item.code, item.message()) for item in exc.items]
    elif isinstance(exc, ProfileInvalid):
        errors = [(error.field, error.message) for error in exc.errors]
    elif isinstance(exc, AnswersInvalid):
        errors = [(f"answers.{key}", message) for key, message in exc.errors.items()]
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
    body = error_body(exc.message, errors)
    if isinstance(exc, ApplicationAlreadyExists):
        body["reference"] = exc.reference
    return api.create_response(request, body, status=status)


def _not_found(request: HttpRequest, exc: Http404, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, error_body(NOT_FOUND), status=404)


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        detail: Any = NOT_SIGNED_IN
    elif isinstance(exc, Throttled):
        detail = TOO_MANY
    elif exc.status_code == 403 and "CSRF" in str(exc):
        detail = CSRF_FAILED
    else:
        detail = str(exc)
    response = api.create_response(request, error_body(detail), status=exc.status_code)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


def install(api: NinjaAPI) -> None:
    """Install the handlers that give every error the one shape."""
    api.add_exception_handler(NinjaValidationError, partial(_validation_error, api=api))
    api.add_exception_handler(DomainError, partial(_domain_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))


# Documented responses of every endpoint that may fail.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
