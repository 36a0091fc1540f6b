"""Recording a decision: a row held until its release (ARCHITECTURE.md, invariant 8).

``record_decision`` changes nothing the applicant sees: the application's status moves through
``transition()`` with no email and a timeline event staff alone see, and
``Application.decision_held_until`` keeps the applicant's pages, the API and the dashboard on
the status from before ("under consideration") until the release moment. The letter, the
offer and the waiting-list entry come with the release (``release.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from admissions.applications import selectors as application_selectors
from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import DocumentType, EntryLevel, Round
from admissions.core import audit, clock
from admissions.core.permissions import check
from admissions.decisions import errors
from admissions.decisions.config import settings_of
from admissions.decisions.models import (
    ADMISSIONS,
    Decision,
    DecisionCondition,
    Outcome,
    Via,
)
from admissions.decisions.services import places as places_service
from admissions.documents import selectors as document_selectors

MAX_TEXT = 2_000
MAX_ITEMS = 20

ConditionInput = str | Mapping[str, Any]
ReasonInput = str | Mapping[str, Any]


# --------------------------------------------------------------------------------------------
# Reading what the panel gave
# --------------------------------------------------------------------------------------------


def _outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        raise errors.DecisionInvalid(errors.UNKNOWN_OUTCOME, field="outcome") from None


def clean_reasons(programme: Any, reasons: Iterable[ReasonInput]) -> list[dict[str, str]]:
    """Codes of the programme's list (with their explanation as it reads today) or free text
    ``{"en": …, "fr": …}``."""
    known = settings_of(programme).refusal_reasons
    cleaned: list[dict[str, str]] = []
    for index, item in enumerate(list(reasons)[:MAX_ITEMS]):
        if isinstance(item, str):
            reason = known.get(item)
            if reason is None:
                raise errors.DecisionInvalid(
                    errors.UNKNOWN_REASON % {"code": item}, field=f"reasons[{index}]"
                )
            cleaned.append({"code": reason.code, "en": reason.text_en, "fr": reason.text_fr})
            continue
        code = str(item.get("code") or "")
        if code:
            cleaned.extend(clean_reasons(programme, [code]))
            continue
        english = str(item.get("en") or "").strip()[:MAX_TEXT]
        french = str(item.get("fr") or "").strip()[:MAX_TEXT]
        if english or french:
            cleaned.append({"code": "", "en": english or french, "fr": french})
    return cleaned


def clean_conditions(
    programme: Any, conditions: Iterable[ConditionInput], release_on: dt.date
) -> list[dict[str, Any]]:
    """Codes of the programme's list or free text (``en``, ``fr``), each with an optional
    evidence ``document_type`` and ``due_on``."""
    known = settings_of(programme).conditions
    cleaned: list[dict[str, Any]] = []
    for index, item in enumerate(list(conditions)[:MAX_ITEMS]):
        field = f"conditions[{index}]"
        given: Mapping[str, Any] = {"code": item} if isinstance(item, str) else item
        code = str(given.get("code") or "")
        english = str(given.get("en") or "").strip()[:MAX_TEXT]
        french = str(given.get("fr") or "").strip()[:MAX_TEXT]
        document_code = str(given.get("document_type") or "")
        due_on = given.get("due_on")
        if code:
            condition = known.get(code)
            if condition is None:
                raise errors.DecisionInvalid(
                    errors.UNKNOWN_CONDITION % {"code": code}, field=f"{field}.code"
                )
            english = english or condition.text_en
            french = french or condition.text_fr
            document_code = document_code or condition.document_type
            if due_on is None and condition.due_days:
                due_on = release_on + dt.timedelta(days=condition.due_days)
        elif not (english or french):
            raise errors.DecisionInvalid(errors.EMPTY_CONDITION, field=field)
        document_type = None
        if document_code:
            document_type = DocumentType.objects.filter(code=document_code).first()
            if document_type is None:
                raise errors.DecisionInvalid(
                    errors.UNKNOWN_DOCUMENT_TYPE % {"code": document_code},
                    field=f"{field}.document_type",
                )
        cleaned.append(
            {
                "code": code,
                "text_en": english or french,
                "text_fr": french,
                "document_type": document_type,
                "due_on": due_on,
            }
        )
    return cleaned


def documents_still_expected(application: Application) -> list[dict[str, Any]]:
    """Required documents that may come after submission and have not come yet (the MOOC
    certificate of the Post-Master's): each becomes a condition of an admission by itself."""
    found = []
    for item in document_selectors.checklist_items(application):
        if item.state == "expected_later" and item.required and item.asked is not False:
            document_type = item.requirement.document_type
            found.append(
                {
                    "code": f"document:{document_type.code}",
                    "text_en": f"Send your {document_type.name_en}.",
                    "text_fr": f"Envoyez : {document_type.name_fr or document_type.name_en}.",
                    "document_type": document_type,
                    "due_on": None,
                }
            )
    return found


def _entry_level(application: Application, entry_level: EntryLevel | str | None) -> EntryLevel:
    if entry_level is None:
        return application.entry_level
    code = entry_level if isinstance(entry_level, str) else entry_level.code
    found = EntryLevel.objects.filter(programme_id=application.programme_id, code=code).first()
    if found is None:
        raise errors.DecisionInvalid(errors.WRONG_ENTRY_LEVEL % {"code": code}, field="entry_level")
    return found


def release_moment(
    application: Application, session_closed_at: dt.datetime | None, now: dt.datetime
) -> dt.datetime:
    """The later of the round's results date and the close of the session that decided."""
    round_ = application.round
    moments = [round_.results_at if round_ is not None else now]
    if session_closed_at is not None:
        moments.append(session_closed_at)
    return max(moments)


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


def current_decision(application: Application) -> Decision | None:
    return Decision.objects.filter(application=application, current=True).first()


def record_decision(
    *,
    application: Application,
    outcome: str,
    actor: Any,
    conditions: Iterable[ConditionInput] = (),
    reasons: Iterable[ReasonInput] = (),
    note: str = "",
    entry_level: EntryLevel | str | None = None,
    now: dt.datetime | None = None,
    supersede: bool = False,
    session_closed_at: dt.datetime | None = None,
) -> Decision:
    """Record the panel's ``outcome`` for ``application``, held until its release.

    Needs ``application.decide`` on the programme (``NotFound`` otherwise). The application
    must be ``ready_for_panel``, or ``waitlisted`` (a promotion decided by staff). A decision
    already recorded and not yet released is replaced only with ``supersede=True``; otherwise
    (two officers deciding at once: the second waits for the first's row lock, then reads its
    decision) ``DecisionAlreadyRecorded``. An admission is counted against its level's places
    at once and refused (``PlacesFull``) past the cap. A document the applicant may still send
    after submission (a MOOC certificate) makes an admission conditional on it.

    When the release moment has already passed (a decision after the results date, a
    promotion), the decision is released in the same transaction.
    """
    now = now or clock.now()
    decided = _outcome(outcome)
    check(actor, "application.decide", programme_id=application.programme_id)
    level = _entry_level(application, entry_level)
    note = (note or "").strip()[:MAX_TEXT]
    release_at = release_moment(application, session_closed_at, now)
    release_on = clock.local(max(release_at, now), application.programme.time_zone).date()
    cleaned_reasons = clean_reasons(application.programme, reasons)
    cleaned_conditions = clean_conditions(application.programme, conditions, release_on)
    if decided in ADMISSIONS:
        expected = documents_still_expected(application)
        given = {c["code"] for c in cleaned_conditions}
        cleaned_conditions += [c for c in expected if c["code"] not in given]
        if cleaned_conditions:
            decided = Outcome.CONDITIONALLY_ADMITTED
        elif decided == Outcome.CONDITIONALLY_ADMITTED:
            raise errors.DecisionInvalid(errors.CONDITIONS_NEEDED, field="conditions")
    elif cleaned_conditions:
        raise errors.DecisionInvalid(errors.CONDITIONS_ONLY_FOR_ADMISSION, field="conditions")
    if decided in ADMISSIONS and cleaned_reasons:
        raise errors.DecisionInvalid(errors.REASONS_ONLY_FOR_REFUSAL, field="reasons")

    from admissions.decisions.services import release as release_service

    with transaction.atomic():
        row = None
        if decided in ADMISSIONS or decided == Outcome.WAITLISTED:
            row = places_service.places_for(application.intake, level)
            if decided in ADMISSIONS:
                row = places_service.lock(row)
        locked = application_services.lock(application)
        previous = current_decision(locked)
        status = Status(locked.status)
        shown_before = application_selectors.applicant_status(locked, now)
        if previous is not None and previous.released_at is None and previous.release_at > now:
            if not supersede:
                raise errors.DecisionAlreadyRecorded(errors.ALREADY_DECIDED)
            if shown_before != Status.READY_FOR_PANEL:
                raise errors.DecisionAlreadyRecorded(errors.CANNOT_SUPERSEDE)
            application_services.transition(
                application=locked,
                to=Status.READY_FOR_PANEL,
                actor=actor,
                reason="",
                now=now,
                notify=False,
                visible_to_applicant=False,
                data={"decision_superseded": previous.pk},
                updates={"decision_held_until": None, "status_before_decision": ""},
            )
            status = Status.READY_FOR_PANEL
        elif status not in (Status.READY_FOR_PANEL, Status.WAITLISTED) or (
            previous is not None
            and status == Status.READY_FOR_PANEL
            and previous.released_at is None
            and previous.release_at <= now
        ):
            raise errors.NotReadyForDecision(errors.NOT_READY % {"status": Status(status).label})
        if status == Status.WAITLISTED:
            shown_before = Status.WAITLISTED
        if decided in ADMISSIONS and row is not None:
            places_service.check_room_to_offer(row, now)
        decision = Decision.objects.create(
            application=locked,
            outcome=decided,
            via=Via.PROMOTION if status == Status.WAITLISTED else Via.PANEL,
            entry_level=level,
            places=row,
            reasons=cleaned_reasons,
            note=note,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
            decided_at=now,
            session_closed_at=session_closed_at,
            release_at=release_at,
            current=False,
        )
        if previous is not None:
            Decision.objects.filter(pk=previous.pk).update(
                current=False, superseded_by=decision, superseded_at=now
            )
        decision.current = True
        decision.save(update_fields=["current"])
        DecisionCondition.objects.bulk_create(
            DecisionCondition(decision=decision, **condition) for condition in cleaned_conditions
        )
        application_services.transition(
            application=locked,
            to=decided,
            actor=actor,
            reason=note,
            now=now,
            notify=False,
            visible_to_applicant=False,
            data={"decision": decision.pk},
            updates={"decision_held_until": release_at, "status_before_decision": shown_before},
        )
        audit.record(
            action="decision.recorded",
            actor=actor,
            object_type="application",
            object_ref=locked.reference,
            programme_id=locked.programme_id,
            data={
                "decision": decision.pk,
                "outcome": decided,
                "entry_level": level.code,
                "release_at": release_at.isoformat(),
                "superseded": previous.pk if previous is not None else None,
            },
        )
        if release_at <= now:
            release_service.release_decision(decision=decision, now=now)
    application_services.copy_state(locked, application)
    return decision


def carry_over_deferred(
    *, application: Application, round: Round, actor: Any, now: dt.datetime | None = None
) -> Application:
    """Bring a deferred application before a later round's panel (``ready_for_panel``
    with that round)."""
    now = now or clock.now()
    check(actor, "application.decide", programme_id=application.programme_id)
    if application.status != Status.DEFERRED:
        raise errors.NotReadyForDecision(errors.NOT_DEFERRED)
    current_round = application.round
    if round.intake_id != application.intake_id or (
        current_round is not None and round.number <= current_round.number
    ):
        raise errors.DecisionInvalid(errors.ROUND_NOT_LATER, field="round")
    with transaction.atomic():
        decision = current_decision(application)
        if decision is not None:
            Decision.objects.filter(pk=decision.pk).update(current=False, superseded_at=now)
        return application_services.transition(
            application=application,
            to=Status.READY_FOR_PANEL,
            actor=actor,
            now=now,
            notify=False,
            updates={"round": round, "decision_held_until": None, "status_before_decision": ""},
            data={"carried_over_to_round": round.number},
        )
