"""What the eligibility app stores beside the pure engine.

The engine's result for a submitted application lives on the application itself
(``Application.eligibility_snapshot``, written by ``services.snapshot_on_submission`` and by an
intake re-run). A person's judgement that replaces that result is an ``EligibilityOverride``:
never edited, never deleted; the latest one for an application is the one that counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """The engine's outcomes (``engine.Outcome``) with the words pages show."""

    ELIGIBLE = "eligible", _("Eligible")
    NEEDS_REVIEW = "needs_review", _("To be judged by the admissions committee")
    INCOMPLETE = "incomplete", _("Information missing")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class CriterionStatus(models.TextChoices):
    """The engine's criterion statuses (``engine.Status``) with the words pages show."""

    MET = "met", _("Met")
    UNMET = "unmet", _("Not met")
    UNKNOWN = "unknown", _("Information missing")
    PENDING = "pending", _("Result awaited")
    REVIEW = "review", _("To be judged")


class OverrideOutcome(models.TextChoices):
    """What a person may decide. Only the two final answers: "needs review" and "incomplete"
    are the engine's way of saying a person must decide, so a person's answer is one of
    these."""

    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class EligibilityOverride(models.Model):
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="eligibility_overrides",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=OverrideOutcome.choices)
    # The engine's outcome the person overrode (from the snapshot, or evaluated then), kept so
    # the history reads "needs_review → eligible" years later.
    previous_outcome = models.CharField(max_length=20, blank=True)
    rules_version = models.CharField(max_length=64, blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["application", "-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="eligibility_override_has_reason"),
            models.CheckConstraint(
                condition=Q(outcome__in=OverrideOutcome.values),
                name="eligibility_override_outcome_known",
            ),
        ]
        indexes = [
            models.Index(fields=["application", "-at"], name="eligibility_override_latest"),
        ]
        verbose_name = _("eligibility override")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome} ({self.at:%Y-%m-%d %H:%M})"
