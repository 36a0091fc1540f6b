"""Staff decisions through the API: ``POST /api/v1/staff/applications/{reference}/decision``.

A signed-in staff session that passed two-factor authentication (403 otherwise) and the
``application.decide`` permission on the application's programme (404 otherwise, exactly as
for a reference that does not exist). The body is strict: an unknown field is a 422 naming
it, as is an unknown outcome, reason or condition code. 409 when the application's state or
the places forbid the decision (the reason says which).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from admissions.accounts.mfa import session_passed_two_factor
from admissions.api.errors import ERRORS
from admissions.api.finance import MFA_REQUIRED
from admissions.api.schemas import Code, In, items, text
from admissions.applications import selectors as application_selectors
from admissions.decisions.services import recording

staff_router = Router(tags=["staff decisions"])

MAX_TEXT = recording.MAX_TEXT
MAX_ITEMS = recording.MAX_ITEMS


class FreeTextIn(In):
    en: text(MAX_TEXT) = ""
    fr: text(MAX_TEXT) = ""


class ConditionIn(In):
    code: Code = ""
    en: text(MAX_TEXT) = ""
    fr: text(MAX_TEXT) = ""
    document_type: Code = ""
    due_on: dt.date | None = None


class DecisionIn(In):
    outcome: Literal["admitted", "conditionally_admitted", "waitlisted", "refused", "deferred"]
    conditions: items(Code | ConditionIn, MAX_ITEMS) = []
    reasons: items(Code | FreeTextIn, MAX_ITEMS) = []
    note: text(MAX_TEXT) = ""
    entry_level: Code | None = None
    # Replace a decision recorded and not yet released (otherwise 409).
    supersede: bool = False


class DecisionRecordedOut(Schema):
    reference: str
    outcome: str
    entry_level: str
    release_at: dt.datetime
    released: bool
    conditions: list[str]


def _payload(request: HttpRequest) -> DecisionIn:
    """The body, read only once the caller may decide here: someone out of scope learns
    nothing from a 422 about a reference they cannot see (404 first)."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise HttpError(400, "The body is not JSON.") from None
    try:
        return DecisionIn.model_validate(data)
    except PydanticValidationError as error:
        raise NinjaValidationError(
            [{**item, "loc": ("body", "payload", *item["loc"])} for item in error.errors()]
        ) from None


@staff_router.post(
    "/applications/{reference}/decision",
    response={200: DecisionRecordedOut, **ERRORS},
    url_name="staff_record_decision",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": DecisionIn.model_json_schema()}},
            "required": True,
        }
    },
)
def record_decision(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Record a decision, held until its release: the later of the round's results date and
    the close of the panel session. Nothing changes for the applicant until then. Body:
    ``{"outcome", "conditions", "reasons", "note"}`` (and ``entry_level``, ``supersede``)."""
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action="application.decide"
    )
    if not session_passed_two_factor(request):
        raise HttpError(403, str(MFA_REQUIRED))
    payload = _payload(request)
    decision = recording.record_decision(
        application=application,
        outcome=payload.outcome,
        actor=request.user,
        conditions=[
            item if isinstance(item, str) else item.model_dump() for item in payload.conditions
        ],
        reasons=[item if isinstance(item, str) else item.model_dump() for item in payload.reasons],
        note=payload.note,
        entry_level=payload.entry_level,
        supersede=payload.supersede,
    )
    return {
        "reference": application.reference,
        "outcome": decision.outcome,
        "entry_level": decision.entry_level.code,
        "release_at": decision.release_at,
        "released": decision.released_at is not None,
        "conditions": [condition.text_en for condition in decision.conditions.all()],
    }
