"""Errors of the eligibility services. Each message says what happened and what to do."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import ConfigurationError, DomainError, NotFound

UNKNOWN_PROGRAMME = _("No published programme has the code “%(programme)s”.")
UNKNOWN_ENTRY_LEVEL = _(
    "%(programme)s has no entry level “%(entry_level)s”. Choose one of: %(known)s."
)
INTAKE_NOT_FOUND = _("This programme has no intake for that academic year.")
RULES_UNAVAILABLE = _(
    "The eligibility rules of %(entry_level)s cannot be read (%(problem)s). An administrator "
    "must correct them in the programme's configuration."
)
REASON_REQUIRED = _(
    "Say why you override the eligibility outcome: the reason is kept on the application's "
    "timeline and in the audit trail."
)
UNKNOWN_OVERRIDE_OUTCOME = _("Choose “eligible” or “not eligible”.")
DRAFT_NOT_CHECKED = _(
    "This application is still a draft: its eligibility is checked when it is submitted."
)
NO_ELIGIBILITY_STAGE = _(
    "%(programme)s has no eligibility stage in its pipeline: its applications go straight to "
    "the next stage."
)
NOT_AWAITING_ELIGIBILITY = _(
    "Only a submitted application waits for its eligibility decision; this one is “%(status)s”."
)
NEEDS_A_PERSON = _(
    "The rules cannot decide this application alone (%(outcome)s): a person must judge it. "
    "Override the outcome with your reason, or ask the applicant for what is missing."
)
RERUN_OUTDATED = _(
    "The rules changed since you previewed this re-run. Look at the new preview, then apply it."
)


class RulesUnavailable(ConfigurationError):
    """An entry level's rules tree does not compile (edited by hand, not through the loader)."""


class OverrideRefused(DomainError):
    """An override without a reason, with an unknown outcome, or on a draft."""


class EligibilityStepRefused(DomainError):
    """``decide_eligibility`` cannot move this application."""


class RerunOutdated(DomainError):
    """The rules changed between the preview of a re-run and its application."""


__all__ = [
    "EligibilityStepRefused",
    "NotFound",
    "OverrideRefused",
    "RerunOutdated",
    "RulesUnavailable",
]
