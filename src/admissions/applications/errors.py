"""Errors of the application lifecycle. Each message says what happened and what to do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import DomainError

ALREADY_EXISTS = _(
    "You already have an application to %(programme)s at this entry level for %(year)s "
    "(%(reference)s). Continue that one from your dashboard."
)
NO_INTAKE_OPEN = _(
    "Applications to %(programme)s are closed: no round is open or planned. Check the "
    "programme's page for the next intake."
)
UNKNOWN_ENTRY_LEVEL = _("%(programme)s has no entry level “%(code)s”. Choose one from the list.")
TRANSITION_NOT_ALLOWED = _(
    "An application that is “%(current)s” cannot become “%(target)s”. Refresh the page to see "
    "its current status."
)
APPLICATION_CLOSED = _(
    "This application is closed (%(status)s): it can no longer be changed or withdrawn."
)
REASON_REQUIRED = _(
    "Say why this application moves from “%(current)s” to “%(target)s”: the reason is kept "
    "on its timeline."
)
STAGE_NOT_IN_PIPELINE = _(
    "%(programme)s does not use the “%(stage)s” stage: choose another next step."
)
READ_ONLY = _(
    "This application was submitted and can no longer be edited. Only items the programme "
    "accepts after submission can still be added."
)
STALE_ANSWERS = _(
    "These answers were changed in another tab or window since you opened this page: "
    "%(fields)s. Your text is kept below: compare, then save again."
)
ANSWERS_INVALID = _(
    "Some answers need your attention. Nothing was saved: correct them and save again."
)
UNKNOWN_QUESTION = _("“%(key)s” is not a question of this programme.")
ANSWER_TOO_LONG = _(
    "This answer is %(length)s characters long; the limit is %(limit)s. Shorten it."
)
ANSWER_NOT_TEXT = _("This answer must be text.")
UNKNOWN_TRACK = _("Choose a track from the list: %(tracks)s.")
UNKNOWN_FUNDING_ROUTE = _("“%(route)s” is not a way of funding we know. Choose among: %(routes)s.")
FUNDING_NOT_A_LIST = _("Funding intentions are a list of funding routes.")


class ApplicationAlreadyExists(DomainError):
    """One application per programme intake and entry level (HTTP 409 in the API)."""

    def __init__(self, message: Any, *, reference: str):
        super().__init__(message, code="application_exists")
        self.reference = reference


class NoIntakeOpen(DomainError):
    """The programme has no intake with a round open or to come."""


class TransitionNotAllowed(DomainError):
    """The allowed-transitions table (states.py) refuses this change of status."""


class ApplicationClosed(TransitionNotAllowed):
    """The application is in a final status."""


class ReasonRequired(TransitionNotAllowed):
    pass


class StageNotInPipeline(TransitionNotAllowed):
    pass


class ApplicationReadOnly(DomainError):
    """The application is past the point where the applicant may edit it."""


class AnswersInvalid(DomainError):
    """Answers to programme questions that cannot be stored; ``errors`` maps key → message."""

    def __init__(self, errors: Mapping[str, Any]):
        super().__init__(ANSWERS_INVALID, code="answers_invalid")
        self.errors = dict(errors)


class StaleAnswers(DomainError):
    """Autosave from a page older than the stored answers, on fields both changed.

    ``conflicts`` lists the keys; ``current`` holds the stored values and ``typed`` what the
    person sent, so the page shows both and nothing typed is lost.
    """

    def __init__(
        self,
        message: Any,
        *,
        conflicts: Sequence[str],
        current: Mapping[str, Any],
        typed: Mapping[str, Any],
        version: int,
    ):
        super().__init__(message, code="stale_answers")
        self.conflicts = list(conflicts)
        self.current = dict(current)
        self.typed = dict(typed)
        self.version = version
