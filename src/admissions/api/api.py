"""The REST API for applicants' clients, under ``/api/v1/``.

Session authentication with CSRF (``django_auth``): a signed-in browser session, the CSRF
token in the ``X-CSRFToken`` header for writes. Staff endpoints (``/staff/…``, ``/finance/…``)
also take an API token, ``Authorization: Bearer adm_…`` (``auth.py``; docs/api.md). The
public catalogue needs no sign-in and is throttled per address. Every error has one shape
(``errors.py``). OpenAPI document at ``/api/v1/openapi.json``, documentation at
``/api/v1/docs``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser
from ninja.security import django_auth

from admissions.api import applications, errors, profile, programmes
from admissions.api.docs import Docs


class JsonParser(Parser):
    """A blank body is an empty object: an endpoint whose fields are all optional (a
    withdrawal's reason) takes a request without a body, and one with required fields names
    them (422) rather than answering that the body cannot be parsed."""

    def parse_body(self, request: HttpRequest) -> Any:
        if not request.body.strip():
            return {}
        return super().parse_body(request)


api = NinjaAPI(
    title="Admissions API",
    version="1",
    description=(
        "Programmes, the applicant's profile and applications, and the staff endpoints. "
        "Applicants use their signed-in session (CSRF token in X-CSRFToken for writes); staff "
        "programs send an API token, Authorization: Bearer adm_…, created on "
        "/staff/api-tokens/, with the scopes each endpoint names. POSTs that change state "
        "take an Idempotency-Key. Errors: "
        '{"detail": "…", "code": "…", "errors": [{"field": …, "message": …}]}.'
    ),
    parser=JsonParser(),
    urls_namespace="api",
    auth=django_auth,
    docs=Docs(),
)
errors.install(api)
api.add_router("/programmes", programmes.router)
api.add_router("/me", profile.router)
api.add_router("/applications", applications.router)
api.add_router("/eligibility", "admissions.api.eligibility.router")
api.add_router("/applications", "admissions.api.documents.router")
api.add_router("/applications", "admissions.api.finance.applicant_router")
api.add_router("/finance", "admissions.api.finance.staff_router")
api.add_router("/staff/reviews", "admissions.api.reviews.router")
api.add_router("/staff/finance", "admissions.api.finance.staff_finance_router")
api.add_router("/staff", "admissions.api.decisions.staff_router")
