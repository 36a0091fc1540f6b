"""What the decisions app refuses, in words a person reads (translated lazily).

``DecisionConflict`` and its subclasses are refusals by the current state (the API answers
409); ``DecisionInvalid`` names a bad field (422).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import DomainError

ALREADY_DECIDED = _(
    "A decision on this application was recorded a moment ago by someone else. Reload the "
    "page to see it; replace it only on purpose."
)
NOT_READY = _(
    "This application cannot be decided now: it is %(status)s. Only an application ready for "
    "the panel, or on the waiting list, is decided."
)
CANNOT_SUPERSEDE = _(
    "The decision on this application is already released: it cannot be replaced here."
)
PLACES_FULL = _(
    "No place is left for this admission: %(places)s places, %(taken)s already admitted, "
    "offered or accepted (with the over-offer allowed, at most %(cap)s). Waitlist the "
    "applicant instead, or free a place first."
)
UNKNOWN_OUTCOME = _(
    "Choose one of: admitted, conditionally admitted, waitlisted, refused, deferred."
)
UNKNOWN_REASON = _("'%(code)s' is not one of this programme's reasons for a refusal.")
UNKNOWN_CONDITION = _("'%(code)s' is not one of this programme's conditions.")
EMPTY_CONDITION = _("A condition needs a code from the programme's list or a text.")
UNKNOWN_DOCUMENT_TYPE = _("'%(code)s' is not a known document type.")
CONDITIONS_NEEDED = _("An admission on conditions needs at least one condition.")
CONDITIONS_ONLY_FOR_ADMISSION = _("Only an admission may carry conditions.")
REASONS_ONLY_FOR_REFUSAL = _("Reasons are given for a refusal, a waiting list or a deferral.")
WRONG_ENTRY_LEVEL = _("This programme has no entry level '%(code)s'.")
NO_OPEN_OFFER = _("There is no open offer on this application.")
OFFER_CLOSED = _("This offer is no longer open: it was %(status)s.")
OFFER_EXPIRED = _(
    "The deadline to accept this offer passed on %(deadline)s. The offer has expired."
)
PLACES_TAKEN = _(
    "Sorry: the last place was taken before your answer arrived. You are now first on the "
    "waiting list and will be offered the next place that becomes free."
)
NOT_DEFERRED = _("Only a deferred application moves to a later round.")
ROUND_NOT_LATER = _("Choose a later round of the same intake.")
NOTHING_TO_RELEASE = _("Round %(number)s has no decision waiting for release.")
REASON_NEEDED = _("Say why the decisions are released early.")
EXTENSION_NOT_LATER = _("The new deadline must be later than the current one.")
EXTENSION_PAST_CLASSES = _("An offer cannot run past the day before classes start.")
EXTENSION_REASON_NEEDED = _("Say why this offer's deadline is extended.")
NO_ONE_WAITING = _("Nobody is waiting for a place, or no place is free to offer.")


class DecisionConflict(DomainError):
    """The current state forbids it (409)."""


class DecisionAlreadyRecorded(DecisionConflict):
    pass


class NotReadyForDecision(DecisionConflict):
    pass


class PlacesFull(DecisionConflict):
    pass


class NoOpenOffer(DecisionConflict):
    pass


class OfferExpired(DecisionConflict):
    pass


class PlacesTaken(DecisionConflict):
    pass


class DecisionInvalid(DomainError):
    """A field of the decision is not valid (422, naming it)."""
