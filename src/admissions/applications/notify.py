"""The emails a change of status queues, and the context they are rendered with.

``transition()`` calls ``queue_status_message`` inside its transaction: the outbox row is
written with the change or not at all. A status with no email here still gets its timeline
event (``in_review``, ``interview``, ``ready_for_panel``, the decided statuses, ``accepted``,
``declined``, ``expired``, ``withdrawn``): the interview invitation, for instance, is sent by
the review app when a slot is booked, with its date, and a decision's letter by the decisions
app when it is released.

Some events need values only the caller knows (the documents asked for and their due date,
the date an offer must be accepted by): the caller passes them as ``message_context`` to
``transition()``; the outbox refuses a message whose context lacks a required key, so a
missing value fails in the caller's tests rather than in an applicant's mailbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from admissions.applications.models import Application, TimelineEvent
from admissions.applications.states import Status
from admissions.notifications import services as notifications

S = Status

STATUS_EVENTS: dict[Status, str] = {
    S.SUBMITTED: "application_submitted",
    S.INCOMPLETE: "documents_requested",
    S.ELIGIBLE: "eligibility_outcome",
    S.INELIGIBLE: "eligibility_outcome",
    # No decided status here (admitted, conditionally admitted, waitlisted, refused,
    # deferred): a decision is held until its release (ARCHITECTURE.md, invariant 8) and its
    # letter is queued by the decisions app at the release, never with the status change.
    S.REGISTERED: "registration_confirmed",
}


def application_url(reference: str) -> str:
    """The applicant's status page (absolute, for emails)."""
    path = reverse("portal:application", kwargs={"reference": reference})
    return settings.SITE_URL.rstrip("/") + path


def programme_name(application: Application, language: str) -> str:
    programme = application.programme
    if language.startswith("fr") and programme.name_fr:
        return programme.name_fr
    return programme.name_en


def base_context(application: Application, language: str) -> dict[str, Any]:
    user = application.applicant
    return {
        "recipient_name": user.get_full_name(),
        "programme_name": programme_name(application, language),
        "application_ref": application.reference,
        "action_url": application_url(application.reference),
    }


def _defaults(
    application: Application, target: Status, reason: str, now: dt.datetime
) -> dict[str, Any]:
    if target == S.SUBMITTED:
        return {"submitted_at": application.submitted_at or now}
    if target in (S.ELIGIBLE, S.INELIGIBLE):
        return {"eligible": target == S.ELIGIBLE, "reasons": [reason] if reason else []}
    if target == S.REGISTERED:
        return {"starts_on": application.intake.starts_on}
    return {}


def queue_status_message(
    *,
    application: Application,
    event: TimelineEvent,
    target: Status,
    reason: str,
    now: dt.datetime,
    extra: Mapping[str, Any] | None,
) -> Any:
    """Queue the email of ``target`` (if it has one) in the caller's transaction."""
    template = STATUS_EVENTS.get(target)
    if template is None:
        return None
    user = application.applicant
    language = user.preferred_language or settings.LANGUAGE_CODE
    context = {
        **base_context(application, language),
        **_defaults(application, target, reason, now),
        **(extra or {}),
    }
    return notifications.queue_message(
        recipient_email=user.email,
        template=template,
        context=context,
        language=language,
        idempotency_key=f"application:{application.reference}:status:{target}:{event.pk}",
        user=user,
    )


def emit_submitted(application: Application) -> None:
    """Tell integrations (webhooks) that an application was submitted."""
    notifications.emit_event(
        event="application.submitted",
        payload={
            "reference": application.reference,
            "programme": application.programme.slug,
            "entry_level": application.entry_level.code,
            "academic_year": application.intake.academic_year,
            "round": application.round.number if application.round else None,
            "submitted_at": application.submitted_at.isoformat()
            if application.submitted_at
            else None,
        },
    )
