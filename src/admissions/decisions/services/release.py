"""Releasing decisions: what the applicant is told, and what each outcome opens.

A decision is visible to its applicant from ``release_at``, to the second, by the server's
clock (``applications.selectors.applicant_status``) whether or not this job has run. The job
(``release_due``, run by ``manage.py tick``) only sends: the letter by email and in the
portal's inbox, in the applicant's language, a timeline event, and then what the outcome
opens: an offer for an admission (its deadline from ``offers.offer_deadline``), a place at the
bottom of the waiting list for a waitlisted applicant.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from admissions.applications import messages as status_messages
from admissions.applications import notify
from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import Round
from admissions.core import audit, clock
from admissions.core.permissions import check
from admissions.decisions import errors
from admissions.decisions.models import Decision, Outcome
from admissions.decisions.services import places as places_service
from admissions.notifications import services as notifications

logger = logging.getLogger(__name__)

RELEASED_EVENT = "decision_released"

LETTERS = {
    Outcome.ADMITTED: "decision_admitted",
    Outcome.CONDITIONALLY_ADMITTED: "decision_conditionally_admitted",
    Outcome.WAITLISTED: "decision_waitlisted",
    Outcome.REFUSED: "decision_refused",
    Outcome.DEFERRED: "decision_deferred",
}


def language_of(application: Application) -> str:
    return application.applicant.preferred_language or settings.LANGUAGE_CODE


def letter_context(
    application: Application,
    decision: Decision,
    language: str,
    *,
    accept_by: dt.datetime | None = None,
    position: int | None = None,
) -> dict[str, Any]:
    context = {
        **notify.base_context(application, language),
        "time_zone": application.programme.time_zone,
    }
    if decision.outcome in (Outcome.ADMITTED, Outcome.CONDITIONALLY_ADMITTED):
        context["accept_by"] = accept_by
    if decision.outcome == Outcome.CONDITIONALLY_ADMITTED:
        context["conditions"] = [c.text(language) for c in decision.conditions.all()]
    if decision.outcome in (Outcome.REFUSED, Outcome.DEFERRED, Outcome.WAITLISTED):
        context["reasons"] = decision.reason_texts(language)
    if decision.outcome == Outcome.WAITLISTED:
        context["waitlist_position"] = position
    return context


def release_decision(*, decision: Decision, now: dt.datetime) -> Decision:
    """Send ``decision`` (once) and open what it opens, under the places lock then the
    application's. Returns the decision; one already sent is returned as it is."""
    from admissions.decisions.services import offers as offer_service
    from admissions.decisions.services import waitlist

    with transaction.atomic():
        row = places_service.lock(decision.places) if decision.places is not None else None
        application = application_services.lock(decision.application)
        decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
        if decision.released_at is not None or not decision.current:
            return decision
        if application.status == Status.WITHDRAWN:
            Decision.objects.filter(pk=decision.pk).update(current=False, superseded_at=now)
            return decision
        decision.released_at = now
        decision.save(update_fields=["released_at"])
        language = language_of(application)
        accept_by = None
        position = None
        if decision.is_admission and row is not None:
            offer = offer_service.open_offer(
                application=application, decision=decision, row=row, now=now
            )
            accept_by = offer.deadline_at
        elif decision.outcome == Outcome.WAITLISTED and row is not None:
            entry = waitlist.join(application=application, decision=decision, row=row, now=now)
            position = waitlist.position(entry)
        english, french = status_messages.status_message(
            current=Status(application.status_before_decision or Status.READY_FOR_PANEL),
            target=Status(decision.outcome),
            programme_en=application.programme.name_en,
            programme_fr=application.programme.name_fr,
            reference=application.reference,
            by_applicant=False,
        )
        application_services.record_event(
            application=application,
            kind=RELEASED_EVENT,
            message_en=english,
            message_fr=french,
            data={"decision": decision.pk, "outcome": decision.outcome},
            # Dated when it became visible, even if the job ran a little later.
            now=min(decision.release_at, now),
        )
        notifications.queue_message(
            recipient_email=application.applicant.email,
            template=LETTERS[Outcome(decision.outcome)],
            context=letter_context(
                application, decision, language, accept_by=accept_by, position=position
            ),
            language=language,
            idempotency_key=f"decision:{decision.pk}:released",
            user=application.applicant,
        )
        audit.record(
            action="decision.released",
            actor=None,
            object_type="application",
            object_ref=application.reference,
            programme_id=application.programme_id,
            data={"decision": decision.pk, "outcome": decision.outcome},
        )
    return decision


def due_decisions(now: dt.datetime) -> list[int]:
    return list(
        Decision.objects.filter(current=True, released_at__isnull=True, release_at__lte=now)
        .order_by("release_at", "decided_at", "pk")
        .values_list("pk", flat=True)
    )


def release_due(*, now: dt.datetime | None = None) -> str:
    """Send every decision whose release moment has come. Idempotent: a decision is sent
    once, however often the job runs; one that fails does not stop the others."""
    now = now or clock.now()
    sent = 0
    failed = 0
    for pk in due_decisions(now):
        decision = Decision.objects.select_related("application").get(pk=pk)
        try:
            released = release_decision(decision=decision, now=now)
        except Exception:  # one bad decision must not hold back the others; retried next tick
            logger.exception("Releasing decision %s failed", pk)
            failed += 1
            continue
        if released.released_at == now:
            sent += 1
    return f"{sent} released" + (f", {failed} failed" if failed else "")


def release_round_early(
    *, round: Round, actor: Any, reason: str, now: dt.datetime | None = None
) -> int:
    """Release the held decisions of ``round`` now, before its results date, on purpose:
    ``decisions.release`` on the programme, a reason, an audit record. Returns how many."""
    now = now or clock.now()
    programme = round.intake.programme
    check(actor, "decisions.release", programme_id=programme.pk)
    reason = (reason or "").strip()
    if not reason:
        raise errors.DecisionInvalid(errors.REASON_NEEDED, field="reason")
    held = Decision.objects.filter(
        Q(application__round=round),
        current=True,
        released_at__isnull=True,
        release_at__gt=now,
    ).select_related("application")
    pks = list(held.values_list("pk", flat=True))
    if not pks:
        raise errors.DecisionConflict(errors.NOTHING_TO_RELEASE % {"number": round.number})
    with transaction.atomic():
        for decision in Decision.objects.filter(pk__in=pks).select_related("application"):
            application = application_services.lock(decision.application)
            Decision.objects.filter(pk=decision.pk).update(release_at=now, released_early_by=actor)
            application_services.hold_decision_until(application=application, until=now, now=now)
        audit.record(
            action="decision.released_early",
            actor=actor,
            object_type="round",
            object_ref=f"{round.intake}:{round.number}",
            programme_id=programme.pk,
            data={"decisions": pks, "reason": reason, "results_at": round.results_at.isoformat()},
        )
    for pk in pks:
        release_decision(decision=Decision.objects.get(pk=pk), now=now)
    return len(pks)
