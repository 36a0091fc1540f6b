"""The signed-in applicant's applications.

``GET /applications``, ``POST /applications``, ``GET /applications/{reference}``,
``POST /applications/{reference}/submit``, ``POST /applications/{reference}/withdraw``,
``POST /applications/{reference}/offer/accept`` and ``…/offer/decline``.
Another person's reference answers 404, exactly like one that does not exist. The
``POST``s take an ``Idempotency-Key`` (``api/idempotency.py``): a client that lost the answer
sends the request again with the same key and gets the first answer.

What the applicant sees of a decision is held until its release (ARCHITECTURE.md, invariant
8): ``status`` is read through ``applications.selectors.applicant_status`` and ``decision``,
``offer`` and ``waitlist_position`` through ``decisions.selectors.for_applicant``, both by the
server's clock at the moment of the request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as WithStatus

from admissions.api.errors import ERRORS, READ_ERRORS
from admissions.api.idempotency import idempotent
from admissions.api.schemas import Code, In, text
from admissions.applications import selectors, services
from admissions.applications.models import Application
from admissions.applications.states import EDITABLE
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.decisions import selectors as decision_selectors
from admissions.decisions.services import offers
from admissions.workflows import submission

router = Router(tags=["applications"])

# As on the withdrawal page's form.
MAX_WITHDRAWAL_REASON = 2000


class ApplicationIn(In):
    programme: Code
    entry_level: Code


class SubmitIn(In):
    """Submitting takes nothing: a body, if any, is an empty object."""


class WithdrawIn(In):
    reason: text(MAX_WITHDRAWAL_REASON) = ""


class NamedOut(Schema):
    code: str
    name_en: str
    name_fr: str


class ApplicationRoundOut(Schema):
    number: int
    opens_at: dt.datetime
    deadline_at: dt.datetime
    results_at: dt.datetime
    state: str
    # True for a draft: the round it would join if submitted now.
    provisional: bool


class TimelineItemOut(Schema):
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str
    message: str
    message_en: str
    message_fr: str


class MissingItemOut(Schema):
    code: str
    message: str
    step: str | None
    field: str | None


class AdviceWarningOut(Schema):
    code: str
    severity: str
    text: str


class ApplicationSummaryOut(Schema):
    reference: str
    status: str
    status_label: str
    programme: NamedOut
    entry_level: NamedOut
    academic_year: int
    round_number: int | None
    submitted_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ApplicationOut(ApplicationSummaryOut):
    round: ApplicationRoundOut | None
    answers: dict[str, Any]
    version: int
    withdrawn_at: dt.datetime | None
    checklist: list[dict[str, Any]]
    eligibility: dict[str, Any] | None
    timeline: list[TimelineItemOut]
    missing: list[MissingItemOut]
    advice: list[AdviceWarningOut]


class DecisionConditionOut(Schema):
    code: str
    text: str
    document_type: str | None
    due_on: dt.date | None
    status: str


class DecisionReasonOut(Schema):
    code: str
    text: str


class DecisionOut(Schema):
    outcome: str
    released_at: dt.datetime
    conditions: list[DecisionConditionOut]
    reasons: list[DecisionReasonOut]


class OfferOut(Schema):
    status: str
    deadline: dt.datetime


class ApplicationWithDecisionOut(ApplicationOut):
    decision: DecisionOut | None
    offer: OfferOut | None
    waitlist_position: int | None


class StatusOut(Schema):
    reference: str
    status: str


def _language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "en") or "en"


def _summary(application: Application, now: dt.datetime | None = None) -> dict[str, Any]:
    programme = application.programme
    level = application.entry_level
    status = selectors.applicant_status(application, now or clock.now())
    return {
        "reference": application.reference,
        "status": str(status),
        "status_label": str(status.label),
        "programme": {
            "code": programme.slug,
            "name_en": programme.name_en,
            "name_fr": programme.name_fr,
        },
        "entry_level": {"code": level.code, "name_en": level.name_en, "name_fr": level.name_fr},
        "academic_year": application.intake.academic_year,
        "round_number": application.round.number if application.round else None,
        "submitted_at": application.submitted_at,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
    }


def application_out(application: Application, request: HttpRequest) -> dict[str, Any]:
    now = clock.now()
    language = _language(request)
    round_ = selectors.round_of(application, now)
    editable = application.status in EDITABLE
    data = _summary(application, now)
    seen = decision_selectors.for_applicant(application, now, language)
    data.update(
        decision=None
        if seen.decision is None
        else {
            "outcome": seen.decision.outcome,
            "released_at": seen.decision.release_at,
            "conditions": seen.conditions,
            "reasons": seen.reasons,
        },
        offer=None
        if seen.offer is None
        else {"status": seen.offer_status, "deadline": seen.offer.deadline_at},
        waitlist_position=seen.waitlist_position,
    )
    data.update(
        round=None
        if round_ is None
        else {
            "number": round_.number,
            "opens_at": round_.opens_at,
            "deadline_at": round_.deadline_at,
            "results_at": round_.results_at,
            "state": str(round_.state(now)),
            "provisional": application.round_id is None,
        },
        answers=application.answers or {},
        version=application.version,
        withdrawn_at=application.withdrawn_at,
        checklist=[dict(item.record) for item in submission.checklist(application, now)],
        eligibility=application.eligibility_snapshot,
        timeline=[
            {
                "at": event.at,
                "kind": event.kind,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "message": event.message_fr
                if language.startswith("fr") and event.message_fr
                else event.message_en,
                "message_en": event.message_en,
                "message_fr": event.message_fr,
            }
            for event in selectors.timeline_for_applicant(application)
        ],
        missing=[
            {
                "code": item.code,
                "message": item.message(language),
                "step": item.step,
                "field": item.field,
            }
            for item in (submission.missing_items(application, now) if editable else [])
        ],
        advice=[
            {"code": warning.code, "severity": warning.severity, "text": warning.text(language)}
            for warning in submission.advice_for(application, now)
        ],
    )
    return data


@router.get("", response={200: list[ApplicationSummaryOut], **READ_ERRORS})
def list_applications(request: HttpRequest) -> list[dict[str, Any]]:
    """The signed-in person's applications, the most recent first."""
    return [_summary(application) for application in selectors.applications_of(request.user)]


@router.post("", response={201: ApplicationWithDecisionOut, **ERRORS})
@idempotent
def create_application(request: HttpRequest, payload: ApplicationIn) -> WithStatus[dict[str, Any]]:
    """Start a draft. 409 (with the existing ``reference``) if one exists for that intake
    and entry level; 404 for an unknown programme or entry level."""
    programme = Programme.objects.filter(slug=payload.programme, is_published=True).first()
    if programme is None:
        raise Http404
    application = services.create_application(
        applicant=request.user, programme=programme, entry_level=payload.entry_level
    )
    created = selectors.application_of_applicant(reference=application.reference, user=request.user)
    return WithStatus(201, application_out(created, request))


@router.get("/{reference}", response={200: ApplicationWithDecisionOut, **READ_ERRORS})
def get_application(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Status, round, checklist, eligibility outcome, timeline, what is missing, advice;
    once released, the decision (``null`` before), the offer (``null`` or its status and
    deadline) and the live waiting-list position (``null`` or 1 = next)."""
    return application_out(
        selectors.application_of_applicant(reference=reference, user=request.user), request
    )


@router.post("/{reference}/submit", response={200: StatusOut, **ERRORS})
@idempotent
def submit(request: HttpRequest, reference: str, payload: SubmitIn | None = None) -> dict[str, Any]:
    """Submit now (server time). 409 lists each missing item, the round rule included, with
    the item's code as ``field``. Submitting again is harmless."""
    application = selectors.application_of_applicant(reference=reference, user=request.user)
    application = submission.submit_application(application=application, actor=request.user)
    return {
        "reference": application.reference,
        "status": str(selectors.applicant_status(application)),
    }


@router.post("/{reference}/withdraw", response={200: StatusOut, **ERRORS})
@idempotent
def withdraw(
    request: HttpRequest, reference: str, payload: WithdrawIn | None = None
) -> dict[str, Any]:
    """Withdraw, with an optional reason staff will see. The application is kept."""
    application = selectors.application_of_applicant(reference=reference, user=request.user)
    application = offers.withdraw(
        application=application, actor=request.user, reason=payload.reason if payload else ""
    )
    return {"reference": application.reference, "status": application.status}


class OfferAnswerIn(In):
    """Answering an offer takes nothing: a body, if any, is an empty object."""


@router.post("/{reference}/offer/accept", response={200: StatusOut, **ERRORS})
def accept_offer(
    request: HttpRequest, reference: str, payload: OfferAnswerIn | None = None
) -> dict[str, Any]:
    """Accept the open offer (server time, to the second). 409 with the reason when there is
    no open offer, the deadline has passed, or the last place was taken (you are then first
    on the waiting list). Repeating an accept that succeeded answers 200."""
    application = selectors.application_of_applicant(reference=reference, user=request.user)
    offers.accept_offer(application=application, actor=request.user)
    return {
        "reference": application.reference,
        "status": str(selectors.applicant_status(application)),
    }


@router.post("/{reference}/offer/decline", response={200: StatusOut, **ERRORS})
def decline_offer(
    request: HttpRequest, reference: str, payload: OfferAnswerIn | None = None
) -> dict[str, Any]:
    """Decline the open offer; the place goes to the waiting list. 409 with the reason when
    there is no open offer or the deadline has passed."""
    application = selectors.application_of_applicant(reference=reference, user=request.user)
    offers.decline_offer(application=application, actor=request.user)
    return {
        "reference": application.reference,
        "status": str(selectors.applicant_status(application)),
    }
