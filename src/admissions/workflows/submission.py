"""Submitting an application: what stops it, what to show before it, and the submission itself.

Every rule that can block a submission is listed, in order, in ``SUBMISSION_CHECKS`` below;
each is a plain function ``(application, now) -> list[MissingItem]`` defined in the app that
owns its data. The review page, the dashboard's next step and the API's 409 show their items
in this order. Every line of the checklist (documents, eligibility, fee) comes from
``CHECKLISTS`` the same way. To add a rule, write the function where its data lives and add
it to the tuple: nothing is registered or discovered.

What happens when an application is submitted (``submit_application``), step by step:

1. An interface calls it: the portal's "Submit my application" button
   (``portal.applicant_views.submit``), the API's ``POST /api/v1/applications/{reference}/
   submit``, or the demo data. ``now`` is the server's clock at the request unless given.
2. In one transaction, the application's row is locked (``applications.services.lock``), so
   two tabs or a double click make one submission.
3. Only the applicant may submit: anyone else gets ``NotFound`` (a 404, like a reference that
   does not exist).
4. An application already submitted (or further on) is returned unchanged; a closed one
   (withdrawn, refused…) is refused with ``ApplicationClosed``. Only a draft, or an
   incomplete application whose documents staff asked for, goes on.
5. Every check of ``SUBMISSION_CHECKS`` runs, in order: the round is open (a draft only;
   to the second, in the programme's time zone), the profile is complete, the programme's
   questions are answered, the documents due at submission are there, the application fee
   is settled. If any lists an item, ``SubmissionRefused`` carries them all and nothing
   changes.
6. A first submission joins the round open at ``now`` and records ``submitted_at``; a
   resubmission after a request for documents keeps its round.
7. The eligibility outcome is evaluated and stored with the application
   (``eligibility_snapshot``), so later rule edits do not rewrite history. It never blocks.
8. ``applications.services.transition()`` moves the status to ``submitted``: it writes the
   timeline event and queues the acknowledgement email (``application_submitted``) in the
   same transaction.
9. A first submission also tells integrations through the ``application.submitted`` webhook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.applicants import selectors as applicant_selectors
from admissions.applications import errors as application_errors
from admissions.applications import notify
from admissions.applications import selectors as application_selectors
from admissions.applications import services as application_services
from admissions.applications.checks import (
    ChecklistItem,
    MissingItem,
    Step,
    answers_are_complete,
    moment_text,
    profile_is_complete,
    round_is_open,
)
from admissions.applications.models import Application
from admissions.applications.selectors import APPLICATION_NOT_FOUND
from admissions.applications.states import Status, is_final
from admissions.catalogue import selectors as catalogue_selectors
from admissions.catalogue.models import AdviceTrigger, Round
from admissions.core import clock
from admissions.core.errors import DomainError, NotFound
from admissions.documents import selectors as document_selectors
from admissions.documents.submission_checks import documents_are_complete, documents_checklist
from admissions.eligibility import services as eligibility_services
from admissions.eligibility.submission_checks import eligibility_checklist
from admissions.finance.submission_checks import fee_checklist, fee_is_settled, read_fees_ahead
from admissions.review.interviews import selectors as interview_selectors

__all__ = [
    "CHECKLISTS",
    "SUBMISSION_CHECKS",
    "AdviceWarning",
    "ChecklistItem",
    "MissingItem",
    "NextStep",
    "Step",
    "SubmissionRefused",
    "SubmissionReview",
    "advice_for",
    "checklist",
    "missing_items",
    "next_step",
    "profile_is_complete",
    "read_ahead",
    "review",
    "submit_application",
]

Check = Callable[[Application, dt.datetime], list[MissingItem]]
Checklist = Callable[[Application, dt.datetime], list[ChecklistItem]]

# Every rule that can stop a submission, in the order their items are shown (the order of
# the stepped form: the round, then the profile, the questions, the documents, the fee).
# Eligibility is not here on purpose: it never blocks (the committee judges equivalences).
SUBMISSION_CHECKS: tuple[Check, ...] = (
    round_is_open,
    profile_is_complete,
    answers_are_complete,
    documents_are_complete,
    fee_is_settled,
)

# The lines of the checklist the review page, the receipt and the API show, in this order.
CHECKLISTS: tuple[Checklist, ...] = (
    documents_checklist,
    eligibility_checklist,
    fee_checklist,
)

SUBMISSION_REFUSED = _(
    "Your application cannot be submitted yet: %(count)s items need your attention."
)
SUBMISSION_REFUSED_ONE = _("Your application cannot be submitted yet: %(message)s")
NOT_YOURS = APPLICATION_NOT_FOUND  # the one refusal of another person's application


class SubmissionRefused(DomainError):
    """The application cannot be submitted now; ``items`` lists every reason."""

    def __init__(self, items: Iterable[MissingItem]):
        self.items = list(items)
        if len(self.items) == 1:
            message: Any = SUBMISSION_REFUSED_ONE % {"message": self.items[0].message()}
        else:
            message = SUBMISSION_REFUSED % {"count": len(self.items)}
        super().__init__(message, code="submission_refused")


def missing_items(application: Application, now: dt.datetime) -> list[MissingItem]:
    """Everything that stops ``application`` from being submitted at ``now``: the items of
    every check of ``SUBMISSION_CHECKS``, in its order."""
    return [item for check in SUBMISSION_CHECKS for item in check(application, now)]


def read_ahead(applications: Sequence[Application]) -> None:
    """Within a page view (``core.memo``), read what the checks and the advice of several
    applications need in a few queries, whatever their number: the dashboard's next steps
    then read nothing more (the profile is read once by the first check that asks)."""
    application_selectors.read_rounds_ahead({a.intake_id for a in applications})
    # Only drafts and applications sent back for missing items run the checks and the advice.
    open_ones = [a for a in applications if a.status in (Status.DRAFT, Status.INCOMPLETE)]
    if open_ones:
        catalogue_selectors.read_advice_ahead({a.programme_id for a in open_ones})
        document_selectors.read_checklists_ahead(open_ones)
        read_fees_ahead(open_ones)


def checklist(application: Application, now: dt.datetime) -> list[ChecklistItem]:
    """The application's checklist (documents, eligibility, fee), from ``CHECKLISTS``."""
    return [item for provider in CHECKLISTS for item in provider(application, now)]


# --------------------------------------------------------------------------------------------
# Submitting
# --------------------------------------------------------------------------------------------


def submit_application(
    *, application: Application, actor: Any, now: dt.datetime | None = None
) -> Application:
    """Submit ``application`` at ``now`` (default: the server clock at this moment).

    Refuses with ``SubmissionRefused`` listing every missing item (the round rule included).
    On success the application joins the round open at ``now``, ``submitted_at`` is set and
    the status moves draft → submitted through ``transition()``, which queues the
    acknowledgement email (``application_submitted``); integrations get the
    ``application.submitted`` webhook. After staff asked for missing items (``incomplete``),
    the same call submits again (same round, no deadline check).

    A double submit is harmless: the row is locked, and a call on an application already
    submitted (or further on) returns it unchanged, so two tabs or a double click make one
    submission event.
    """
    now = now or clock.now()
    with transaction.atomic():
        locked = application_services.lock(application)
        if actor is None or getattr(actor, "pk", None) != locked.applicant_id:
            raise NotFound(NOT_YOURS)
        status = Status(locked.status)
        if status not in (Status.DRAFT, Status.INCOMPLETE):
            if is_final(status):
                raise application_errors.ApplicationClosed(
                    application_errors.APPLICATION_CLOSED % {"status": status.label}
                )
            application_services.copy_state(locked, application)
            return locked
        items = missing_items(locked, now)
        if items:
            raise SubmissionRefused(items)
        first_submission = status == Status.DRAFT
        updates: dict[str, Any] = {}
        if first_submission:
            updates = {
                "round": application_selectors.round_open_at(locked.intake, now),
                "submitted_at": now,
            }
        # The eligibility outcome is stored with what was submitted, so later rule edits do
        # not rewrite history; a resubmission after a request for documents takes a new one.
        updates["eligibility_snapshot"] = eligibility_services.submission_snapshot(locked, now)
        submitted = application_services.transition(
            application=locked, to=Status.SUBMITTED, actor=actor, now=now, updates=updates
        )
        if first_submission:
            notify.emit_submitted(submitted)
    application_services.copy_state(submitted, application)
    return submitted


# --------------------------------------------------------------------------------------------
# Advice and the review page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceWarning:
    """A piece of the programme's advice that concerns this application now."""

    code: str
    trigger: str
    severity: str  # "warning" (act on it) or "info"
    text_en: str
    text_fr: str

    def text(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.text_fr if language.startswith("fr") and self.text_fr else self.text_en


def advice_for(application: Application, now: dt.datetime) -> list[AdviceWarning]:
    """The programme's advice (``catalogue.Advice``) that applies to ``application`` at
    ``now``, in the programme's order:

    - ``international_after_round``: an international applicant (not EEA/Swiss, or under
      the Études en France procedure) in a round after ``max_round`` — visa time may be short;
    - ``funding_after_round``: funding intentions include one of ``funding_routes``; a
      warning in a round after ``max_round``, a reminder (info) before;
    - ``early_round``: a draft while round 1 is open — apply now, places are limited;
    - ``always``: shown as information.

    The round is the application's (once submitted) or the one open at ``now`` for a draft.
    """
    programme = application.programme
    round_ = application_selectors.round_of(application, now)
    number = round_.number if round_ is not None else None
    profile = applicant_selectors.profile_of(application.applicant)
    facts = applicant_selectors.profile_facts(profile) if profile is not None else {}
    international = bool(facts.get("is_international") or facts.get("etudes_en_france"))
    funding = set((application.answers or {}).get("funding_intentions") or [])
    warnings = []
    for advice in catalogue_selectors.advice_of(programme):
        severity = _advice_severity(advice, application, now, number, international, funding)
        if severity is not None:
            warnings.append(
                AdviceWarning(
                    code=advice.code,
                    trigger=advice.trigger,
                    severity=severity,
                    text_en=advice.text_en,
                    text_fr=advice.text_fr,
                )
            )
    return warnings


def _late(number: int | None, max_round: int | None) -> bool:
    return number is not None and max_round is not None and number > max_round


def _advice_severity(
    advice: Any,
    application: Application,
    now: dt.datetime,
    number: int | None,
    international: bool,
    funding: set[str],
) -> str | None:
    trigger = advice.trigger
    if trigger == AdviceTrigger.ALWAYS:
        return "info"
    if trigger == AdviceTrigger.INTERNATIONAL_AFTER_ROUND:
        return "warning" if international and _late(number, advice.max_round) else None
    if trigger == AdviceTrigger.FUNDING_AFTER_ROUND:
        if not funding & set(advice.funding_routes or []):
            return None
        return "warning" if _late(number, advice.max_round) else "info"
    if trigger == AdviceTrigger.EARLY_ROUND:
        if application.status != Status.DRAFT:
            return None
        first = next(
            (r for r in application_selectors.rounds_of(application.intake) if r.number == 1),
            None,
        )
        return "info" if first is not None and first.is_open(now) else None
    return None


@dataclass(frozen=True)
class SubmissionReview:
    """What the review step shows: the round, what is missing, the advice."""

    application: Application
    round: Round | None
    missing: list[MissingItem]
    warnings: list[AdviceWarning]

    @property
    def can_submit(self) -> bool:
        return not self.missing


def review(application: Application, now: dt.datetime) -> SubmissionReview:
    return SubmissionReview(
        application=application,
        round=application_selectors.round_of(application, now),
        missing=missing_items(application, now),
        warnings=advice_for(application, now),
    )


@dataclass(frozen=True)
class NextStep:
    """What the dashboard says the applicant should do next with one application."""

    code: str
    message_en: str
    message_fr: str
    step: str | None = None

    def message(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.message_fr if language.startswith("fr") and self.message_fr else self.message_en


# The step of the applicant's interview page (``portal:interview``), not a step of the form.
INTERVIEW_STEP = "interview"


def next_step(application: Application, now: dt.datetime) -> NextStep | None:
    """The next thing to do for the dashboard: the first missing item of a draft, "review
    and submit" when nothing is missing, the items staff asked for, or the date results come
    out. ``None`` when the applicant has nothing left to do (a closed application)."""
    # What the applicant sees: a decision held until its release reads as before it.
    status = application_selectors.applicant_status(application, now)
    tz = application.programme.time_zone
    if status == Status.DRAFT:
        missing = missing_items(application, now)
        if missing:
            first = missing[0]
            return NextStep(first.code, first.message_en, first.message_fr, first.step)
        round_ = application_selectors.round_open_at(application.intake, now)
        deadline_en = moment_text(round_.deadline_at, tz, "en") if round_ else ""
        deadline_fr = moment_text(round_.deadline_at, tz, "fr") if round_ else ""
        return NextStep(
            "submit",
            f"Everything is in: review your application and submit it before {deadline_en}.",
            f"Tout y est : relisez votre candidature et envoyez-la avant le {deadline_fr}.",
            Step.REVIEW,
        )
    if status == Status.INCOMPLETE:
        return NextStep(
            "send_missing_items",
            "The admissions team asked for missing items: add them, then submit again.",
            "L'équipe des admissions demande des éléments manquants : ajoutez-les, puis "
            "envoyez à nouveau votre candidature.",
            Step.DOCUMENTS,
        )
    if status in (Status.ADMITTED, Status.CONDITIONALLY_ADMITTED):
        return NextStep(
            "answer_offer",
            "You are admitted: accept or decline the offer before its deadline.",
            "Vous êtes admis(e) : acceptez ou déclinez la proposition avant sa date limite.",
        )
    if is_final(status) or status in (Status.ACCEPTED, Status.WAITLISTED):
        return None
    if status == Status.INTERVIEW:
        interview = interview_selectors.open_interview_of(application)
        if interview is not None and interview.slot is None:
            return NextStep(
                "book_interview",
                "You are invited to an interview: book your interview time.",
                "Vous êtes invité(e) à un entretien : réservez l'horaire de votre entretien.",
                INTERVIEW_STEP,
            )
        if interview is not None and interview.slot is not None:
            return NextStep(
                "attend_interview",
                f"Your interview is on {moment_text(interview.slot.starts_at, tz, 'en')}: "
                "see the details, move or cancel it.",
                f"Votre entretien a lieu le {moment_text(interview.slot.starts_at, tz, 'fr')} : "
                "voir les détails, le déplacer ou l'annuler.",
                INTERVIEW_STEP,
            )
    round_ = application.round
    if round_ is None or now >= round_.results_at:
        return NextStep(
            "wait",
            "Nothing to do for now: the admissions team is on it.",
            "Rien à faire pour l'instant : l'équipe des admissions s'en occupe.",
        )
    return NextStep(
        "wait_for_results",
        f"Nothing to do for now: results of round {round_.number} come out on "
        f"{moment_text(round_.results_at, tz, 'en')}.",
        f"Rien à faire pour l'instant : les résultats de la session {round_.number} seront "
        f"publiés le {moment_text(round_.results_at, tz, 'fr')}.",
    )
