"""Everything that changes an application.

``transition()`` is the one function every change of status goes through (ARCHITECTURE.md,
invariant 2). The others: ``create_application``, ``save_answers`` (autosave),
``withdraw_application`` and ``record_event`` (timeline events that are not status changes,
for the apps above this one). Submission spans several apps and lives in
``workflows.submission``; it ends with ``transition(to="submitted")``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from admissions.accounts.search import search_text_for
from admissions.applications import errors, messages, questions, references
from admissions.applications import notify as status_mail
from admissions.applications import selectors as application_selectors
from admissions.applications.errors import (
    ApplicationAlreadyExists,
    ApplicationClosed,
    ApplicationReadOnly,
    NoIntakeOpen,
    ReasonRequired,
    StageNotInPipeline,
    StaleAnswers,
    TransitionNotAllowed,
)
from admissions.applications.models import Application, EventKind, TimelineEvent
from admissions.applications.states import (
    EDITABLE,
    REASON_REQUIRED,
    STAGE_OF,
    Status,
    can_transition,
    is_final,
    stage_allowed,
)
from admissions.catalogue.models import EntryLevel, Programme
from admissions.core import audit, clock
from admissions.core.errors import NotFound
from admissions.core.permissions import has_permission

__all__ = [
    "copy_state",
    "create_application",
    "hold_decision_until",
    "lock",
    "record_event",
    "save_answers",
    "save_draft_answers",
    "transition",
    "withdraw_application",
]

MAX_REASON = 2_000

_UPDATABLE_ON_TRANSITION = frozenset(
    {
        "round",
        "submitted_at",
        "withdrawn_at",
        "withdrawal_reason",
        "eligibility_snapshot",
        "decision_held_until",
        "status_before_decision",
    }
)


# --------------------------------------------------------------------------------------------
# The one transition function
# --------------------------------------------------------------------------------------------


def lock(application: Application) -> Application:
    """Re-read ``application`` with its row locked until the transaction ends.

    Only the application row is locked (``of=("self",)``), not the programme or intake rows
    joined for reading: locking those would serialise every application of a programme.
    """
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("programme", "intake", "entry_level", "round", "applicant")
        .get(pk=application.pk)
    )


def _label(status: str) -> str:
    return str(Status(status).label)


def transition(
    *,
    application: Application,
    to: str,
    actor: Any,
    reason: str = "",
    now: dt.datetime | None = None,
    data: Mapping[str, Any] | None = None,
    notify: bool = True,
    updates: Mapping[str, Any] | None = None,
    message_context: Mapping[str, Any] | None = None,
    visible_to_applicant: bool = True,
) -> Application:
    """Move ``application`` to status ``to`` and return it (the passed instance is updated
    too).

    In one transaction: lock the row and read the status again (two concurrent callers
    cannot both move it), check the allowed-transitions table and the programme's pipeline,
    write the status (and ``updates``: ``round``, ``submitted_at``, ``withdrawn_at``,
    ``withdrawal_reason``, ``eligibility_snapshot``, ``decision_held_until``,
    ``status_before_decision``), bump ``version``, write a
    ``TimelineEvent`` (actor, reason, ``data``, the message in English and French), queue the
    status's email in the outbox (unless ``notify`` is False; ``message_context`` adds what
    that email needs beyond the defaults) and audit.

    Raises ``TransitionNotAllowed`` (or its subclasses ``ApplicationClosed``,
    ``ReasonRequired``, ``StageNotInPipeline``) with a message a person can read.
    """
    now = now or clock.now()
    try:
        target = Status(to)
    except ValueError:
        raise TransitionNotAllowed(
            errors.TRANSITION_NOT_ALLOWED % {"current": application.status, "target": to}
        ) from None
    unknown = set(updates or {}) - _UPDATABLE_ON_TRANSITION
    if unknown:
        raise TypeError(f"transition() cannot update {', '.join(sorted(unknown))}")
    reason = (reason or "").strip()[:MAX_REASON]
    with transaction.atomic():
        locked = lock(application)
        current = Status(locked.status)
        _check_allowed(locked, current, target, reason)
        locked.status = target
        for field, value in (updates or {}).items():
            setattr(locked, field, value)
        locked.version += 1
        locked.updated_at = now
        locked.save(update_fields=["status", "version", "updated_at", *(updates or {}).keys()])
        by_applicant = actor is not None and getattr(actor, "pk", None) == locked.applicant_id
        message_en, message_fr = messages.status_message(
            current=current,
            target=target,
            programme_en=locked.programme.name_en,
            programme_fr=locked.programme.name_fr,
            reference=locked.reference,
            by_applicant=by_applicant,
        )
        event = TimelineEvent.objects.create(
            application=locked,
            at=now,
            actor=_person(actor),
            kind=EventKind.STATUS_CHANGED,
            from_status=current,
            to_status=target,
            reason=reason,
            data=dict(data or {}),
            visible_to_applicant=visible_to_applicant,
            message_en=message_en,
            message_fr=message_fr,
        )
        if notify:
            status_mail.queue_status_message(
                application=locked,
                event=event,
                target=target,
                reason=reason,
                now=now,
                extra=message_context,
            )
        audit.record(
            action="application.status_changed",
            actor=actor,
            object_type="application",
            object_ref=locked.reference,
            programme_id=locked.programme_id,
            data={"from": current, "to": target, "reason": reason, "event": event.pk},
        )
    copy_state(locked, application)
    return locked


def _check_allowed(application: Application, current: Status, target: Status, reason: str) -> None:
    params = {"current": _label(current), "target": _label(target)}
    if is_final(current) and not can_transition(current, target):
        raise ApplicationClosed(errors.APPLICATION_CLOSED % {"status": _label(current)})
    if not can_transition(current, target):
        raise TransitionNotAllowed(errors.TRANSITION_NOT_ALLOWED % params)
    if (current, target) in REASON_REQUIRED and not reason:
        raise ReasonRequired(errors.REASON_REQUIRED % params)
    if not stage_allowed(target, application.programme.pipeline):
        raise StageNotInPipeline(
            errors.STAGE_NOT_IN_PIPELINE
            % {"programme": application.programme.name_en, "stage": STAGE_OF[target]}
        )


def _person(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def copy_state(source: Application, target: Application) -> None:
    if source is target:
        return
    for field in (
        "status",
        "version",
        "updated_at",
        "round_id",
        "submitted_at",
        "withdrawn_at",
        "withdrawal_reason",
        "eligibility_snapshot",
        "decision_held_until",
        "status_before_decision",
        "answers",
        "answer_versions",
    ):
        setattr(target, field, getattr(source, field))
    if source.round_id is not None:
        target.round = source.round


def record_event(
    *,
    application: Application,
    kind: str,
    actor: Any = None,
    message_en: str = "",
    message_fr: str = "",
    data: Mapping[str, Any] | None = None,
    visible_to_applicant: bool = True,
    now: dt.datetime | None = None,
) -> TimelineEvent:
    """Add an event that is not a change of status (documents requested, interview booked,
    decision released, offer deadline…) to the application's timeline."""
    return TimelineEvent.objects.create(
        application=application,
        at=now or clock.now(),
        actor=_person(actor),
        kind=kind,
        data=dict(data or {}),
        visible_to_applicant=visible_to_applicant,
        message_en=message_en,
        message_fr=message_fr,
    )


# --------------------------------------------------------------------------------------------
# Creating, editing, withdrawing
# --------------------------------------------------------------------------------------------


def _entry_level_of(programme: Programme, entry_level: EntryLevel | str) -> EntryLevel:
    code = entry_level if isinstance(entry_level, str) else entry_level.code
    if isinstance(entry_level, EntryLevel) and entry_level.programme_id == programme.pk:
        return entry_level
    found = EntryLevel.objects.filter(programme=programme, code=code).first()
    if found is None:
        raise NotFound(errors.UNKNOWN_ENTRY_LEVEL % {"programme": programme.name_en, "code": code})
    return found


def create_application(
    *,
    applicant: Any,
    programme: Programme,
    entry_level: EntryLevel | str,
    now: dt.datetime | None = None,
) -> Application:
    """Start a draft for ``applicant`` at ``entry_level`` (an instance or its code) of the
    programme's intake still recruiting at ``now``.

    Raises ``NotFound`` (unknown entry level), ``NoIntakeOpen`` (no round open or to come),
    ``ApplicationAlreadyExists`` (one per intake and entry level; its ``reference`` names it).
    """
    now = now or clock.now()
    level = _entry_level_of(programme, entry_level)
    intake = application_selectors.intake_for_new_application(programme, now)
    if intake is None:
        raise NoIntakeOpen(errors.NO_INTAKE_OPEN % {"programme": programme.name_en})
    existing = (
        Application.objects.filter(applicant=applicant, intake=intake, entry_level=level)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if existing is not None:
        raise _already_exists(existing, programme, intake.academic_year)
    try:
        with transaction.atomic():
            reference = references.allocate(intake)
            application = Application.objects.create(
                reference=reference,
                applicant=applicant,
                programme=programme,
                intake=intake,
                entry_level=level,
                status=Status.DRAFT,
                search_text=search_text_for(reference=reference, user=applicant),
                created_at=now,
                updated_at=now,
            )
            english, french = messages.CREATED
            TimelineEvent.objects.create(
                application=application,
                at=now,
                actor=_person(applicant),
                kind=EventKind.CREATED,
                to_status=Status.DRAFT,
                message_en=english.format(programme=programme.name_en),
                message_fr=french.format(programme=programme.name_fr or programme.name_en),
            )
            audit.record(
                action="application.created",
                actor=applicant,
                object_type="application",
                object_ref=reference,
                programme_id=programme.pk,
            )
    except IntegrityError:
        # The same person created it a moment ago (two tabs, a double click).
        existing = (
            Application.objects.filter(applicant=applicant, intake=intake, entry_level=level)
            .exclude(status=Status.WITHDRAWN)
            .first()
        )
        if existing is None:
            raise
        raise _already_exists(existing, programme, intake.academic_year) from None
    return application


def _already_exists(
    existing: Application, programme: Programme, year: int
) -> ApplicationAlreadyExists:
    return ApplicationAlreadyExists(
        errors.ALREADY_EXISTS
        % {
            "programme": programme.name_en,
            "year": f"{year}-{year + 1}",
            "reference": existing.reference,
        },
        reference=existing.reference,
    )


def _check_may_act(application: Application, actor: Any) -> None:
    """The applicant, or staff who check this programme's applications; anyone else is told
    the application does not exist."""
    if actor is None:
        return
    if getattr(actor, "pk", None) == application.applicant_id:
        return
    if has_permission(actor, "application.check", programme_id=application.programme_id):
        return
    raise NotFound(application_selectors.APPLICATION_NOT_FOUND)


def save_answers(
    *,
    application: Application,
    answers: Mapping[str, Any],
    expected_version: int,
    actor: Any = None,
    now: dt.datetime | None = None,
) -> Application:
    """Autosave: merge ``answers`` (only the questions sent; ``None`` clears one) into the
    stored answers and return the application with its new ``version``.

    Concurrency, field by field: each answer remembers the version that last wrote it. A save
    made from an older page (``expected_version`` below the current version) still goes
    through when the fields it sends were not changed since that page was loaded, or were
    changed to the same text. Only when another tab changed one of the same fields to
    something else is it refused, with ``StaleAnswers`` carrying the stored and the typed
    values of those fields, so the page shows both and nothing typed is lost.

    Editable while the application is a draft, or ``incomplete`` (answering staff requests).
    """
    now = now or clock.now()
    cleaned = questions.clean_answers(application.programme, answers)
    with transaction.atomic():
        locked = lock(application)
        _check_may_act(locked, actor)
        if locked.status not in EDITABLE:
            raise ApplicationReadOnly(errors.READ_ONLY)
        stored = dict(locked.answers or {})
        written = dict(locked.answer_versions or {})
        if expected_version != locked.version:
            conflicts = [
                key
                for key, value in cleaned.items()
                if int(written.get(key, 0)) > expected_version and stored.get(key) != value
            ]
            if conflicts:
                raise StaleAnswers(
                    errors.STALE_ANSWERS % {"fields": ", ".join(conflicts)},
                    conflicts=conflicts,
                    current={key: stored.get(key) for key in conflicts},
                    typed={key: cleaned[key] for key in conflicts},
                    version=locked.version,
                )
        changed = {key: value for key, value in cleaned.items() if stored.get(key) != value}
        if not changed:
            copy_state(locked, application)
            return locked
        locked.version += 1
        for key, value in changed.items():
            if value is None:
                stored.pop(key, None)
            else:
                stored[key] = value
            written[key] = locked.version
        locked.answers = stored
        locked.answer_versions = written
        locked.updated_at = now
        locked.save(update_fields=["answers", "answer_versions", "version", "updated_at"])
    copy_state(locked, application)
    return locked


def withdraw_application(
    *,
    application: Application,
    actor: Any,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Application:
    """Withdraw from any status that is not final; the application is kept, marked
    withdrawn, with the reason for staff. Withdrawing twice returns the application as it
    is; a closed application (refused, registered…) raises ``ApplicationClosed``."""
    now = now or clock.now()
    reason = (reason or "").strip()[:MAX_REASON]
    with transaction.atomic():
        locked = lock(application)
        _check_may_act(locked, actor)
        if locked.status == Status.WITHDRAWN:
            copy_state(locked, application)
            return locked
        return transition(
            application=application,
            to=Status.WITHDRAWN,
            actor=actor,
            reason=reason,
            now=now,
            updates={"withdrawn_at": now, "withdrawal_reason": reason},
        )


def hold_decision_until(
    *, application: Application, until: dt.datetime | None, now: dt.datetime | None = None
) -> None:
    """Move the moment a held decision becomes visible to the applicant (an early release
    brings it forward; ``None`` shows the status as it is). The caller holds the row lock."""
    Application.objects.filter(pk=application.pk).update(
        decision_held_until=until, updated_at=now or clock.now()
    )
    application.decision_held_until = until


# The name the stepped form's autosave calls it by.
save_draft_answers = save_answers
