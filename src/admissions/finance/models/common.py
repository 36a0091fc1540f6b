from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FinanceCounter(models.Model):
    """The last number handed out for one kind of document (``receipt``, ``quote``) in one
    calendar year. Services lock the row (``select_for_update``) in the transaction that uses
    the number, so numbers have no gaps and no duplicates: a rolled-back payment gives its
    number back with the rest of the transaction."""

    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="finance_counter_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class FinanceEventKind(models.TextChoices):
    FEE_CREATED = "fee_created", _("Application fee set")
    REDUCTION_CLAIMED = "reduction_claimed", _("Fee reduction claimed")
    REDUCTION_REVOKED = "reduction_revoked", _("Fee reduction revoked")
    PAYMENT_STARTED = "payment_started", _("Card payment started")
    PAYMENT_SUCCEEDED = "payment_succeeded", _("Payment received")
    PAYMENT_FAILED = "payment_failed", _("Card payment failed")
    PAYMENT_MISMATCH = "payment_mismatch", _("Payment does not match the fee")
    TRANSFER_RECONCILED = "transfer_reconciled", _("Bank transfer reconciled")
    RECEIPT_ISSUED = "receipt_issued", _("Receipt issued")
    WAIVER_REQUESTED = "waiver_requested", _("Fee waiver requested")
    WAIVER_GRANTED = "waiver_granted", _("Fee waiver granted")
    WAIVER_REFUSED = "waiver_refused", _("Fee waiver refused")
    WAIVER_WITHDRAWN = "waiver_withdrawn", _("Fee waiver request withdrawn")
    FEE_DEFERRED = "fee_deferred", _("Fee deferred")
    DEFERRAL_ENDED = "deferral_ended", _("Fee deferral ended")
    REFUND_RECORDED = "refund_recorded", _("Refund recorded")
    QUOTE_REQUESTED = "quote_requested", _("Quote requested")
    QUOTE_ISSUED = "quote_issued", _("Quote issued")
    QUOTE_REVISED = "quote_revised", _("Quote revised")
    QUOTE_ACCEPTED = "quote_accepted", _("Quote accepted")
    QUOTE_DECLINED = "quote_declined", _("Quote declined")
    QUOTE_CANCELLED = "quote_cancelled", _("Quote request cancelled")
    QUOTE_SENT_TO_PAYER = "quote_sent_to_payer", _("Quote sent to the payer")


class FinanceEvent(models.Model):
    """Every money change, with its actor: the ledger staff read when something is disputed."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="finance_events"
    )
    kind = models.CharField(max_length=40, choices=FinanceEventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    amount_cents = models.IntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        indexes = [models.Index(fields=["kind", "at"], name="finance_event_kind_at")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"
