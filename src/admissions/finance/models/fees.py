from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeeStatus(models.TextChoices):
    DUE = "due", _("To pay")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")
    DEFERRED = "deferred", _("Deferred")
    REFUNDED = "refunded", _("Refunded")
    NOT_CHARGED = "not_charged", _("No fee")


# A fee in one of these states no longer stops a submission.
SETTLED = frozenset({FeeStatus.PAID, FeeStatus.WAIVED, FeeStatus.DEFERRED, FeeStatus.NOT_CHARGED})


class ApplicationFee(models.Model):
    """The application fee one application owes: the programme's fee less any reduction the
    applicant claimed, fixed when the fee is first set up so a later change of the
    programme's fee does not move an amount someone is paying."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="fee"
    )
    full_amount_cents = models.PositiveIntegerField()
    amount_cents = models.PositiveIntegerField(help_text=_("Due after any reduction."))
    currency = models.CharField(max_length=3)
    # A code of the programme's ``fee_reductions`` settings, e.g. ``partner_school``.
    reduction_code = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=FeeStatus.choices, default=FeeStatus.DUE)
    # What the applicant writes in the bank transfer's communication; unique, with a check
    # character so a mistyped reference matches nothing rather than someone else's fee.
    transfer_reference = models.CharField(max_length=32, unique=True)
    deferred_until = models.DateField(null=True, blank=True)
    deferral_reason = models.TextField(blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status"], name="fee_status_idx")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.status} {self.amount_cents} {self.currency}"

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CARD = "card", _("Card")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the payment provider")
    SUCCEEDED = "succeeded", pgettext_lazy("payment status", "Received")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Payment(models.Model):
    """Money received (or, for a card, being received) towards one fee. Never deleted: a
    refund is recorded next to it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fee = models.ForeignKey(ApplicationFee, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    # The card provider's name (``simulator``, …); empty for a bank transfer.
    provider = models.CharField(max_length=40, blank=True)
    # The provider's checkout session, or the bank's transaction reference.
    provider_reference = models.CharField(max_length=120, blank=True)
    checkout_url = models.URLField(max_length=500, blank=True)
    # Sent by the pay button's form: a double click returns the first checkout.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    received_on = models.DateField(null=True, blank=True, help_text=_("Booking date."))
    payer_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    statement_line = models.OneToOneField(
        "finance.BankStatementLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )
    failure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField()
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["fee", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="payment_provider_reference_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.amount_cents} {self.currency} {self.status}"


class Refund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.TextField()
    provider_reference = models.CharField(max_length=120, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField()

    class Meta:
        ordering = ["payment", "refunded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"refund {self.amount_cents} {self.currency} of {self.payment_id}"


class Receipt(models.Model):
    """A numbered receipt for one received payment, numbered without gaps per calendar year.

    What it says is stored when it is issued (payer, amount, what was paid for), so the PDF
    rendered years later says the same; it is rendered in ``language``, the applicant's."""

    number = models.CharField(max_length=32, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    issued_at = models.DateTimeField()
    language = models.CharField(max_length=8, default="en")
    payer_name = models.CharField(max_length=200)
    payer_email = models.EmailField()
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    description_en = models.TextField()
    description_fr = models.TextField()

    class Meta:
        ordering = ["year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="receipt_year_sequence")
        ]

    def __str__(self) -> str:
        return self.number


class WaiverStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for a decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def _proof_name(instance: FeeWaiver, filename: str) -> str:
    token = secrets.token_hex(16)
    return f"finance/waivers/{token[:2]}/{token}"


class FeeWaiver(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fee = models.ForeignKey(ApplicationFee, on_delete=models.PROTECT, related_name="waivers")
    status = models.CharField(
        max_length=20, choices=WaiverStatus.choices, default=WaiverStatus.REQUESTED
    )
    reason = models.TextField()
    # Stored under an unguessable name, read back only through a permission-checked view.
    proof = models.FileField(upload_to=_proof_name, blank=True, max_length=200)
    proof_filename = models.CharField(max_length=200, blank=True)
    proof_content_type = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["fee", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fee"],
                condition=Q(status="requested"),
                name="one_open_waiver_request_per_fee",
            )
        ]

    def __str__(self) -> str:
        return f"waiver {self.status} for {self.fee_id}"


class WebhookOutcome(models.TextChoices):
    PROCESSED = "processed", _("Processed")
    DUPLICATE = "duplicate", _("Already processed")
    IGNORED = "ignored", _("Ignored")
    REJECTED = "rejected", _("Rejected: bad signature")
    MISMATCH = "mismatch", _("Refused: amount or currency does not match")
    UNKNOWN_PAYMENT = "unknown_payment", _("No such payment")


class ProviderWebhook(models.Model):
    """Every webhook a payment provider sent, kept whatever its fate, so a disputed payment
    can be traced; verified events are unique per provider, which makes replays harmless."""

    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=120, blank=True)
    event_type = models.CharField(max_length=80, blank=True)
    signature_valid = models.BooleanField(default=False)
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=WebhookOutcome.choices)
    detail = models.TextField(blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="webhooks"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=Q(signature_valid=True) & ~Q(outcome="duplicate"),
                name="provider_webhook_event_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id} {self.outcome}"
