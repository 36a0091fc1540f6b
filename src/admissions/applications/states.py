"""The application lifecycle: its statuses and the transitions allowed between them.

::

    draft ──▶ submitted ──▶ eligible ──▶ in_review ──▶ interview ──▶ ready_for_panel
                 │  ▲           │  ▲            (stages a programme does not use are skipped)
                 ▼  │           ▼  │                                         │
              incomplete     ineligible (staff may                decided: admitted,
                             override to eligible)                conditionally_admitted,
                                                                  waitlisted, refused,
                                                                  deferred (→ a later round)
                                                                          │ held until release
                                              offer: accepted ─▶ registered | declined | expired

    withdraw: from every status that is not final.

Decisions made here:

- **Final statuses** (nothing moves on, withdrawal included): ``refused``, ``declined``,
  ``expired``, ``registered``, ``withdrawn`` and ``ineligible``. ``ineligible`` is final for
  the applicant (there is nothing left to withdraw from), but staff may correct an eligibility
  outcome: ``ineligible → eligible`` is allowed and needs a reason (an appeal, a mistaken
  reading of a diploma).
- ``submitted ↔ incomplete``: staff ask for missing items, the applicant completes and submits
  again (the round stays the one of the first submission).
- ``eligible`` goes to the first stage its programme's pipeline uses: ``in_review``
  (committee review), ``interview`` or ``ready_for_panel`` (awaiting the decision).
  ``transition()`` refuses ``in_review`` or ``interview`` when the programme's pipeline does
  not have that stage (``STAGE_OF``).
- A committee or an interview may end an application early: ``in_review → refused`` and
  ``interview → refused`` (the Post-Master's: "applicants who successfully complete the
  interview stage ... are presented to a panel").
- The waiting list: ``waitlisted → admitted | conditionally_admitted`` (promotion) or
  ``refused`` (the list closes). ``conditionally_admitted → admitted`` when the conditions are
  met.
- ``accepted`` is not final: the applicant may still withdraw before registering.
- ``deferred`` (a decision like the others, held until released): the panel puts the file off
  to a later round; staff bring it back to ``eligible`` or ``ready_for_panel`` with that
  round (``decisions.services.recording.carry_over_deferred``).
- A decision recorded but not yet released may be superseded: the decided status goes back
  to ``ready_for_panel`` (the ``refused → ready_for_panel`` step exists for that alone; the
  applicant never saw the refusal) before the new outcome. ``admitted`` or
  ``conditionally_admitted → waitlisted``: an accept that came after the last place was taken
  (an over-offer) puts the applicant first on the waiting list. ``waitlisted →
  ready_for_panel``: a waitlisted decision superseded before release.
- The decided statuses are *held* (ARCHITECTURE.md, invariant 8): ``Application.
  decision_held_until`` and ``status_before_decision`` say what the applicant sees until the
  release moment; read it with ``selectors.applicant_status``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INCOMPLETE = "incomplete", _("Incomplete: items requested")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    IN_REVIEW = "in_review", _("In review")
    INTERVIEW = "interview", _("Interview")
    READY_FOR_PANEL = "ready_for_panel", _("Ready for the panel")
    ADMITTED = "admitted", _("Admitted")
    CONDITIONALLY_ADMITTED = "conditionally_admitted", _("Admitted on conditions")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REFUSED = "refused", _("Not admitted")
    DEFERRED = "deferred", _("Deferred to a later round")
    ACCEPTED = "accepted", _("Offer accepted")
    DECLINED = "declined", _("Offer declined")
    EXPIRED = "expired", _("Offer expired")
    REGISTERED = "registered", _("Registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = Status

FINAL: frozenset[Status] = frozenset(
    {S.REFUSED, S.DECLINED, S.EXPIRED, S.REGISTERED, S.WITHDRAWN, S.INELIGIBLE}
)

# from -> the statuses it may move to (withdrawal is added below for every non-final status)
_FORWARD: dict[Status, frozenset[Status]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.INCOMPLETE, S.ELIGIBLE, S.INELIGIBLE}),
    S.INCOMPLETE: frozenset({S.SUBMITTED, S.INELIGIBLE}),
    S.ELIGIBLE: frozenset({S.IN_REVIEW, S.INTERVIEW, S.READY_FOR_PANEL}),
    S.INELIGIBLE: frozenset({S.ELIGIBLE}),
    S.IN_REVIEW: frozenset({S.INTERVIEW, S.READY_FOR_PANEL, S.REFUSED}),
    S.INTERVIEW: frozenset({S.READY_FOR_PANEL, S.REFUSED}),
    S.READY_FOR_PANEL: frozenset(
        {S.ADMITTED, S.CONDITIONALLY_ADMITTED, S.WAITLISTED, S.REFUSED, S.DEFERRED}
    ),
    S.WAITLISTED: frozenset(
        {S.ADMITTED, S.CONDITIONALLY_ADMITTED, S.REFUSED, S.DEFERRED, S.READY_FOR_PANEL}
    ),
    S.ADMITTED: frozenset({S.ACCEPTED, S.DECLINED, S.EXPIRED, S.WAITLISTED, S.READY_FOR_PANEL}),
    S.CONDITIONALLY_ADMITTED: frozenset(
        {S.ADMITTED, S.ACCEPTED, S.DECLINED, S.EXPIRED, S.WAITLISTED, S.READY_FOR_PANEL}
    ),
    S.DEFERRED: frozenset({S.ELIGIBLE, S.READY_FOR_PANEL}),
    S.ACCEPTED: frozenset({S.REGISTERED}),
    S.REFUSED: frozenset({S.READY_FOR_PANEL}),
    S.DECLINED: frozenset(),
    S.EXPIRED: frozenset(),
    S.REGISTERED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

ALLOWED: dict[Status, frozenset[Status]] = {
    status: targets | (frozenset() if status in FINAL else frozenset({S.WITHDRAWN}))
    for status, targets in _FORWARD.items()
}

# Transitions that must say why (the reason is stored on the timeline and shown to staff).
REASON_REQUIRED: frozenset[tuple[Status, Status]] = frozenset({(S.INELIGIBLE, S.ELIGIBLE)})

# The pipeline stage (catalogue.Stage) a status belongs to; a programme whose pipeline lacks
# that stage never enters the status. ``ready_for_panel`` ("awaiting the decision") is not
# gated: every programme decides, by a panel (Post-Master's) or for the round (MSc).
STAGE_OF: dict[Status, str] = {
    S.IN_REVIEW: "committee_review",
    S.INTERVIEW: "interview",
}

# Statuses after a submission (the application is read-only for the applicant, except what
# the programme allows later).
SUBMITTED_STATUSES: frozenset[Status] = frozenset(Status) - {S.DRAFT}
# Where the applicant may still edit answers: a draft, or items requested by staff.
EDITABLE: frozenset[Status] = frozenset({S.DRAFT, S.INCOMPLETE})
DECIDED: frozenset[Status] = frozenset(
    {S.ADMITTED, S.CONDITIONALLY_ADMITTED, S.WAITLISTED, S.REFUSED, S.DEFERRED}
)


def is_final(status: str) -> bool:
    return Status(status) in FINAL


def can_transition(current: str, target: str) -> bool:
    return Status(target) in ALLOWED[Status(current)]


def allowed_targets(current: str) -> list[Status]:
    """The statuses ``current`` may move to, in the lifecycle's order."""
    targets = ALLOWED[Status(current)]
    return [status for status in Status if status in targets]


def stage_allowed(target: str, pipeline: Iterable[str]) -> bool:
    """Whether a programme with ``pipeline`` uses the stage of ``target`` (an empty pipeline
    is not configured yet: every stage is allowed)."""
    stages = list(pipeline)
    stage = STAGE_OF.get(Status(target))
    return not stages or stage is None or stage in stages
