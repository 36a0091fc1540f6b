from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BankStatement(models.Model):
    """A bank statement (CSV) a finance officer imported: first previewed, then applied."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not applied")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"


class LineOutcome(models.TextChoices):
    MATCHED = "matched", _("Matches a fee: will be recorded as paid")
    PARTIAL = "partial", _("Less than the fee: recorded, the rest stays due")
    OVERPAID = "overpaid", _("More than the fee: recorded, the excess to refund")
    ALREADY_PAID = "already_paid", _("The fee is already paid: to refund or check")
    UNKNOWN_REFERENCE = "unknown_reference", _("No fee has this reference")
    CURRENCY_MISMATCH = "currency_mismatch", _("Another currency than the fee's")
    DUPLICATE = "duplicate", _("Already imported from an earlier statement")
    NOT_A_CREDIT = "not_a_credit", _("Not an incoming payment")


# Outcomes that record a payment when the statement is applied.
RECORDED_OUTCOMES = frozenset({LineOutcome.MATCHED, LineOutcome.PARTIAL, LineOutcome.OVERPAID})


class BankStatementLine(models.Model):
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField()
    booked_on = models.DateField()
    amount_cents = models.BigIntegerField()  # negative for a debit
    currency = models.CharField(max_length=3)
    label = models.TextField(blank=True, help_text=_("The transfer's communication."))
    payer_name = models.CharField(max_length=200, blank=True)
    # The bank's own transaction id: the same transfer in two statements is imported once.
    bank_reference = models.CharField(max_length=120, blank=True)
    fee = models.ForeignKey(
        "finance.ApplicationFee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statement_lines",
    )
    outcome = models.CharField(max_length=20, choices=LineOutcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["statement", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "row_number"], name="statement_line_row_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["bank_reference"],
                condition=~Q(bank_reference=""),
                name="statement_line_bank_ref",
            )
        ]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.amount_cents} {self.currency} {self.outcome}"
