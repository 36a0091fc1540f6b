"""Decisions, the places they count against, offers and the waiting list.

- ``Decision``: one panel's (or one promotion's) outcome for an application, held until
  ``release_at`` (ARCHITECTURE.md, invariant 8). A re-decision supersedes the current row
  (``current`` false, ``superseded_by`` set); nothing is deleted.
- ``DecisionCondition``: one condition of a conditional admission, with its evidence document
  type, due date and outcome.
- ``Places``: the capacity row of an intake (or of one entry level of it). Every admission,
  offer, acceptance and promotion locks it (``select_for_update``), so two of them never read
  the same count (invariant 3).
- ``Offer``: a place offered after release, with its deadline and its answer.
- ``WaitlistEntry``: a released waitlisted decision's place in the queue. ``rank`` only grows
  for new entries, so a later panel's waitlisted applicants join below the existing list and
  a live position (waiting entries ranked before + 1) only ever moves up.

Left for the panel sessions: ``Decision.session_closed_at`` is the close of the session that
took the decision; the session model will point here and fill it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    CONDITIONALLY_ADMITTED = "conditionally_admitted", _("Admitted on conditions")
    WAITLISTED = "waitlisted", _("Waiting list")
    REFUSED = "refused", _("Not admitted")
    DEFERRED = "deferred", _("Deferred to a later round")


ADMISSIONS = (Outcome.ADMITTED, Outcome.CONDITIONALLY_ADMITTED)


class Via(models.TextChoices):
    PANEL = "panel", _("Panel")
    PROMOTION = "promotion", _("Promotion from the waiting list")
    PLACES_TAKEN = "places_taken", _("Back on the waiting list: the last place was taken")


class Places(models.Model):
    """The places of an intake, or of one of its entry levels when the programme counts
    them per level (``settings.decisions.entry_level_places``). ``places`` empty: no cap
    (and no waiting list to promote from)."""

    intake = models.ForeignKey(
        "catalogue.Intake", on_delete=models.CASCADE, related_name="decision_places"
    )
    entry_level = models.ForeignKey(
        "catalogue.EntryLevel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decision_places",
    )
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    over_offer_ratio = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("places")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["intake"],
                condition=Q(entry_level__isnull=True),
                name="one_places_row_per_intake",
            ),
            models.UniqueConstraint(
                fields=["intake", "entry_level"],
                condition=Q(entry_level__isnull=False),
                name="one_places_row_per_intake_level",
            ),
        ]

    def __str__(self) -> str:
        level = f" {self.entry_level.code}" if self.entry_level_id else ""
        return f"{self.intake}{level}: {self.places if self.places is not None else '∞'}"


class Decision(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices)
    via = models.CharField(max_length=16, choices=Via.choices, default=Via.PANEL)
    # The level admitted at (the one applied for, or another), counted against its places.
    entry_level = models.ForeignKey(
        "catalogue.EntryLevel", on_delete=models.PROTECT, related_name="decisions"
    )
    places = models.ForeignKey(
        Places, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    # [{"code": "academic_level" | "", "en": "…", "fr": "…"}]: the programme's explanation
    # as it read when decided, or free text.
    reasons = models.JSONField(default=list, blank=True)
    note = models.TextField(_("note for staff"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField()
    # Filled by the panel session that decided (left empty by a decision taken outside one).
    session_closed_at = models.DateTimeField(null=True, blank=True)
    # The later of the round's results date and the session's close: visible from then.
    release_at = models.DateTimeField(db_index=True)
    released_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the release job sent the letter (and opened the offer or the waiting-list entry).
    released_at = models.DateTimeField(null=True, blank=True)
    current = models.BooleanField(default=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(current=True),
                name="one_current_decision_per_application",
            )
        ]
        indexes = [
            models.Index(fields=["current", "released_at", "release_at"], name="decision_due"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome}"

    @property
    def is_admission(self) -> bool:
        return self.outcome in ADMISSIONS

    def reason_texts(self, language: str) -> list[str]:
        key = "fr" if language.startswith("fr") else "en"
        return [item.get(key) or item.get("en", "") for item in self.reasons]


class ConditionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    LIFTED = "lifted", _("Met")
    RESCINDED = "rescinded", _("Not met: admission rescinded")


class DecisionCondition(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="conditions")
    # A code from the programme's list, or empty for free text.
    code = models.CharField(max_length=60, blank=True)
    text_en = models.TextField()
    text_fr = models.TextField(blank=True)
    document_type = models.ForeignKey(
        "catalogue.DocumentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ConditionStatus.choices, default=ConditionStatus.PENDING
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("condition")

    def __str__(self) -> str:
        return self.code or self.text_en[:40]

    def text(self, language: str) -> str:
        return self.text_fr if language.startswith("fr") and self.text_fr else self.text_en


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    RESCINDED = "rescinded", _("Rescinded")
    WITHDRAWN = "withdrawn", _("Withdrawn after accepting")


class Offer(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="offers"
    )
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="offer")
    places = models.ForeignKey(Places, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    opened_at = models.DateTimeField()
    # The last whole second the offer may be accepted, in the programme's time zone.
    deadline_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    reminder_3d_at = models.DateTimeField(null=True, blank=True)
    reminder_1d_at = models.DateTimeField(null=True, blank=True)
    # Why an offer was rescinded (an accept after the last place was taken, …).
    closing_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("offer")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["open", "accepted"]),
                name="one_live_offer_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.status}"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a place")
    LEFT = "left", _("Left the list")


class WaitlistEntry(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="waitlist_entries"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="waitlist_entries"
    )
    places = models.ForeignKey(Places, on_delete=models.PROTECT, related_name="waitlist")
    intake = models.ForeignKey("catalogue.Intake", on_delete=models.PROTECT, related_name="+")
    entry_level = models.ForeignKey(
        "catalogue.EntryLevel", on_delete=models.PROTECT, related_name="+"
    )
    # Taken under the Places lock: max + 1 to join at the bottom, min - 1 for the one case
    # that goes first (an accept that came after the last place was taken).
    rank = models.BigIntegerField()
    status = models.CharField(
        max_length=16, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["places", "rank"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        constraints = [
            models.UniqueConstraint(fields=["places", "rank"], name="unique_waitlist_rank"),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="waiting"),
                name="one_waiting_entry_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.rank} {self.status}"
