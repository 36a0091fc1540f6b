"""Staff decisions through the API: ``POST /api/v1/staff/applications/{reference}/decision``.

A signed-in staff session that passed two-factor authentication (403 otherwise) and the
``application.decide`` permission on the application's programme (404 otherwise, exactly as
for a reference that does not exist). The body is strict: an unknown field is a 422 naming
it, as is an unknown outcome, reason or condition code. 409 when the application's state or
the places forbid the decision (the reason says which).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

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


@staff_router.post(
    "/applications/{reference}/decision",
    response={200: DecisionRecordedOut, **ERRORS},
    url_name="staff_record_decision",
)
def record_decision(request: HttpRequest, reference: str, payload: DecisionIn) -> dict[str, Any]:
    """Record a decision, held until its release: the later of the round's results date and
    the close of the panel session. Nothing changes for the applicant until then."""
    if not session_passed_two_factor(request):
        raise HttpError(403, str(MFA_REQUIRED))
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action="application.decide"
    )
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
