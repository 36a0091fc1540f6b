"""Uploaded documents, the reasons staff give when they reject one, and requests for items.

A ``Document`` row points at a blob in the storage backend (``stored_name``, an unguessable
path). Rows are never deleted by a normal action: removing sets ``removed_at`` and the blob
stays for the retention period. Reusing a document in another application makes a new row
pointing at the same blob (``reused_from``), at most one active copy per application.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, not reviewed yet")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class RejectionReason(models.Model):
    """A reason staff may give when they reject a document (configurable list)."""

    code = models.SlugField(max_length=40, unique=True)
    label_en = models.CharField(max_length=200)
    label_fr = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        if (get_language() or "en").startswith("fr") and self.label_fr:
            return self.label_fr
        return self.label_en


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="documents"
    )
    document_type = models.ForeignKey(
        "catalogue.DocumentType", on_delete=models.PROTECT, related_name="documents"
    )
    requirement = models.ForeignKey(
        "catalogue.DocumentRequirement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    stored_name = models.CharField(max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_documents",
    )
    uploaded_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.UPLOADED
    )
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_text = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_documents",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    reused_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reuses"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [
            models.Index(fields=["application", "document_type"], name="document_app_type_idx"),
        ]
        constraints = [
            # Reusing a file is idempotent: one active copy of a file per application, however
            # many times (or how many requests at once) the applicant clicks.
            models.UniqueConstraint(
                fields=["application", "reused_from"],
                condition=models.Q(removed_at__isnull=True, reused_from__isnull=False),
                name="document_one_active_reuse_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.document_type_id})"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    @property
    def inline_safe(self) -> bool:
        return self.content_type in {"application/pdf", "image/png", "image/jpeg"}


class DocumentRequest(models.Model):
    """Staff asked the applicant for items (missing or rejected documents) by a date."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="document_requests"
    )
    items = models.JSONField(default=list, help_text=_("Document type codes asked for."))
    reply_by = models.DateField()
    note = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {', '.join(self.items)}"


class Referee(models.Model):
    """Someone the applicant asked for a recommendation letter. They have no account: they
    answer through a link whose token is stored only as a SHA-256 hash."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="referees"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    relationship = models.CharField(_("relationship"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    token_expires_at = models.DateTimeField()
    invited_at = models.DateTimeField()
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    letter_received_at = models.DateTimeField(null=True, blank=True)
    # The referee said they cannot write the reference (their link then stops working); the
    # applicant is told and may invite someone else in their place.
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # The letter: a stored file, or the short form's text. Never shown to the applicant.
    letter_stored_name = models.CharField(max_length=255, blank=True)
    letter_original_name = models.CharField(max_length=255, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    letter_size = models.PositiveBigIntegerField(null=True, blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    letter_text = models.TextField(blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_active(self) -> bool:
        return self.replaced_at is None


class MergedFileStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class MergedFile(models.Model):
    """The whole application file as one PDF for staff: a cover page, then every document in
    checklist order. Large files are produced in the background."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="merged_files"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=MergedFileStatus.choices, default=MergedFileStatus.PENDING
    )
    stored_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Built for a blind reviewer: no identity on the cover, no identity documents. A blind
    # reader is only ever given a blind file, and staff who see the applicant a full one.
    blind = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.application_id} merged {self.status}"
