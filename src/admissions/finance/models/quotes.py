from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FundingRoute(models.TextChoices):
    """How the tuition is paid; the same codes as the funding intentions of the
    application form (``catalogue.funding_routes.FUNDING_ROUTES``)."""

    SELF_FUNDED = "self_funded", _("Personal funds")
    EMPLOYER = "employer", _("Employer")
    CPF = "cpf", _("CPF (personal training account)")
    TRANSITIONAL_CPF = "transitional_cpf", _("Transitional CPF (Fongecif)")
    POLE_EMPLOI = "pole_emploi", _("France Travail (ex-Pôle emploi)")
    BANK_LOAN = "bank_loan", _("Bank loan")
    SCHOLARSHIP = "scholarship", _("Scholarship")


class QuoteStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Replaced by a newer version")
    CANCELLED = "cancelled", _("Cancelled")


def _pdf_name(instance: Quote, filename: str) -> str:
    token = secrets.token_hex(16)
    return f"finance/quotes/{token[:2]}/{token}.pdf"


class Quote(models.Model):
    """One version of a tuition quote for one application.

    Requested by the applicant (or the registration step), issued by a finance officer with a
    number (``DEV-2027-0001``), a date, a validity and its lines; revising an issued quote
    creates version n+1 with the same number and marks version n ``superseded``: the old one
    is kept, as sent. The issued PDF is stored, so what the payer received can be shown."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="quotes"
    )
    number = models.CharField(max_length=32, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.REQUESTED
    )
    currency = models.CharField(max_length=3)
    total_cents = models.PositiveIntegerField(default=0)
    applicant_note = models.TextField(blank=True)
    staff_note = models.TextField(blank=True, help_text=_("Printed on the quote."))
    language = models.CharField(max_length=8, default="en")
    # The programme's dates and hours as printed on the quote.
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    hours = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_on = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=_pdf_name, blank=True, max_length=200)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )

    class Meta:
        ordering = ["application", "-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "version"],
                condition=~Q(number=""),
                name="quote_number_version_unique",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="quote_status_idx")]

    def __str__(self) -> str:
        return f"{self.number or 'quote request'} v{self.version}"


class PayerKind(models.TextChoices):
    APPLICANT = "applicant", _("The applicant")
    EMPLOYER = "employer", _("Employer")
    FUNDING_BODY = "funding_body", _("Funding body")
    BANK = "bank", _("Bank")
    OTHER = "other", _("Other")


class Payer(models.Model):
    """Who pays a share of the tuition, with the contact and billing details a third party
    (employer, funding body, bank) needs on the quote and its invoice."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="payers")
    kind = models.CharField(max_length=20, choices=PayerKind.choices)
    organisation = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    billing_address = models.TextField(blank=True)
    registration_number = models.CharField(
        max_length=40, blank=True, help_text=_("SIRET or VAT number.")
    )
    purchase_order = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["quote", "pk"]

    def __str__(self) -> str:
        return self.organisation or self.contact_name or self.kind


class QuoteFunding(models.Model):
    """One funding route of a quote and the amount it should cover (empty: the rest)."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="funding")
    route = models.CharField(max_length=20, choices=FundingRoute.choices)
    amount_cents = models.PositiveIntegerField(null=True, blank=True)
    payer = models.ForeignKey(
        Payer, null=True, blank=True, on_delete=models.SET_NULL, related_name="routes"
    )
    # Route details: the partner bank chosen, the France Travail counsellor, the CPF file…
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["quote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "route"], name="quote_route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.route} {self.amount_cents}"


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    label_en = models.CharField(max_length=200)
    label_fr = models.CharField(max_length=200)
    amount_cents = models.PositiveIntegerField()

    class Meta:
        ordering = ["quote", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label_en}: {self.amount_cents}"
