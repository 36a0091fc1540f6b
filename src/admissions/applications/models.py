"""The application, its timeline and the counters its references come from.

An application joins one applicant to one programme intake at one entry level. Its status
only changes through ``services.transition()``; every change and every other event the
applicant should know about is a ``TimelineEvent``, stored with its text in English and
French so the status page reads the same years later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.applications.states import Status


class ReferenceCounter(models.Model):
    """The last sequence number handed out for one programme intake.

    ``references.allocate`` locks this row (``select_for_update``) to take the next number,
    so two applications created at the same moment never share a reference.
    """

    intake = models.OneToOneField(
        "catalogue.Intake", on_delete=models.CASCADE, related_name="reference_counter"
    )
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.intake}: {self.last_number}"


class Application(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    # Denormalised from the intake: staff scopes and lists filter on the programme.
    programme = models.ForeignKey(
        "catalogue.Programme", on_delete=models.PROTECT, related_name="applications"
    )
    intake = models.ForeignKey(
        "catalogue.Intake", on_delete=models.PROTECT, related_name="applications"
    )
    entry_level = models.ForeignKey(
        "catalogue.EntryLevel", on_delete=models.PROTECT, related_name="applications"
    )
    # The round open when the application was submitted; empty for a draft.
    round = models.ForeignKey(
        "catalogue.Round",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.DRAFT
    )
    # Programme questions: career_plan, chosen_track, funding_intentions, and any question
    # the programme's settings declare. Stored as typed: pages escape on display.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # answer key -> the version that last wrote it; lets autosave merge by field.
    answer_versions = models.JSONField(default=dict, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)
    # The eligibility engine's result at its last evaluation (filled by the eligibility app).
    eligibility_snapshot = models.JSONField(null=True, blank=True)
    # Set when the personal data was erased (the applicant's request or the retention
    # period): the row stays for the payments that law requires the school to keep.
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A decision is held until its release (ARCHITECTURE.md, invariant 8): until
    # ``decision_held_until`` the applicant sees ``status_before_decision``, not ``status``.
    # Written by the decisions app with the status; read through
    # ``selectors.applicant_status``.
    decision_held_until = models.DateTimeField(null=True, blank=True, editable=False)
    status_before_decision = models.CharField(
        max_length=32, choices=Status.choices, blank=True, editable=False
    )
    # Bumped by every write; autosave and forms send the version they read.
    version = models.PositiveIntegerField(default=1)
    # Reference, applicant's names and email as staff search them: lowercase, no accents
    # (``core.text.searchable``), kept current by ``accounts.search.refresh_search_text``
    # whenever one of them changes. PostgreSQL indexes it with trigrams (migration 0005).
    search_text = models.CharField(max_length=600, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A withdrawn application stays on record but no longer counts: its applicant
            # may apply again to the same intake and entry level while a round is open.
            models.UniqueConstraint(
                fields=["applicant", "intake", "entry_level"],
                condition=~models.Q(status=Status.WITHDRAWN),
                name="one_live_application_per_intake_and_level",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"], name="application_programme_status"),
            models.Index(fields=["applicant", "-created_at"], name="application_applicant_idx"),
            # The staff list (reports.applications): its default order, per programme and
            # across the person's programmes, and the filters it offers most.
            models.Index(fields=["programme", "-submitted_at", "-id"], name="application_list_idx"),
            models.Index(fields=["-submitted_at", "-id"], name="application_submitted_idx"),
            models.Index(fields=["intake", "status"], name="application_intake_status"),
            models.Index(fields=["search_text"], name="application_search_idx"),
        ]
        verbose_name = _("application")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class EventKind(models.TextChoices):
    """Known kinds of timeline events. Other apps add their own kinds (the field is not
    limited to these): documents requested, interview booked, decision released, …"""

    CREATED = "created", _("Application started")
    STATUS_CHANGED = "status_changed", _("Status changed")
    NOTE = "note", _("Note")


class TimelineEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=40)
    from_status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=Status.choices, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_applicant = models.BooleanField(default=True)
    message_en = models.TextField(blank=True)
    message_fr = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("timeline event")

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def message(self) -> str:
        """The plain-words message in the current language (English as the fallback)."""
        if (get_language() or "en").startswith("fr") and self.message_fr:
            return self.message_fr
        return self.message_en
