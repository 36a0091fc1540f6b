"""A database that cannot be reached is answered with a 503 page and ``Retry-After``, not a 500.

When PostgreSQL restarts or a failover moves it, the requests of that moment fail to connect
(or lose their connection) with ``OperationalError`` or ``InterfaceError``. The application
recovers by itself a moment later (``CONN_HEALTH_CHECKS`` drops a dead persistent connection
before the next request uses it); in between, the honest answer is "unavailable, try again in
a few seconds", which browsers show as such, load balancers and monitoring count apart from
bugs, and API clients retry after ``Retry-After``.

Two doors lead here. ``DatabaseUnavailableMiddleware.process_exception`` catches what a view
raises. What a middleware raises before the view (the session, the signed-in user, the
staff's two-factor check all read the database) never reaches ``process_exception``: Django
turns it into the 500 handler's answer, so ``server_error`` (the project's ``handler500``)
looks at the exception being handled and answers the same 503.

The page is rendered without the request's context processors and without ``base.html``: both
read the database (the signed-in user, the navigation), which is what just failed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

# A database restart or failover takes a few seconds: ask clients to come back after this.
RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger.error(
        "Database unavailable: %s %s answered 503 (%s: %s)",
        request.method,
        request.path,
        type(error).__name__,
        error,
    )
    wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        response = HttpResponse(
            '{"detail": "The service is briefly unavailable. Try again in a few seconds."}',
            content_type="application/json",
            status=503,
        )
    else:
        html = render_to_string(
            "503.html",
            {"retry_after": RETRY_AFTER_SECONDS, "language": (get_language() or "en")[:2]},
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with ``Retry-After`` when a view fails to reach the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            return unavailable_response(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's ``handler500``: the 503 answer when the error is the database being out
    of reach (raised by a middleware before any view ran), Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        return unavailable_response(request, error)
    response = django_server_error(request)
    return response if isinstance(response, HttpResponse) else HttpResponseServerError()
