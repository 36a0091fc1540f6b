"""Forms of the finance officer's pages: a transfer recorded by hand, a waiver decision, a
deferral, a refund, a bank statement to import.

Amounts are typed the way people write them ("150", "150,00", "1 234.56") and become integer
cents; every field carries its label, help and error for screen readers (``core.forms``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm, mark_invalid
from admissions.finance.services.statement_files import parse_amount

NOT_AN_AMOUNT = _("Type an amount such as 150 or 150.00 (two decimals at most).")


class AmountField(forms.CharField):
    """An amount of money typed by a person, as integer cents (positive)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        decimal_comma = (get_language() or "en").startswith("fr")
        cents = parse_amount(text, decimal_comma=decimal_comma)
        if cents is None or cents <= 0:
            raise forms.ValidationError(NOT_AN_AMOUNT, code="invalid")
        return cents


class FinanceForm(AccessibleForm):
    """Errors are tied to their fields as soon as the form is validated, and again when a
    service's message is added to a field."""

    def full_clean(self) -> None:
        super().full_clean()
        mark_invalid(self)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        mark_invalid(self)


class ReconcileForm(FinanceForm):
    amount = AmountField(
        label=_("Amount received"),
        error_messages={"required": _("Type the amount the bank received.")},
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        min_length=3,
        help_text=_("Three letters, as on the statement (EUR)."),
    )
    received_on = forms.DateField(
        label=_("Booking date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the date the bank booked the transfer.")},
    )
    payer_name = forms.CharField(label=_("Payer's name"), max_length=200, required=False)
    bank_reference = forms.CharField(
        label=_("Bank's reference of the transaction"),
        max_length=120,
        help_text=_(
            "As printed on the bank statement: the same transaction is never recorded twice."
        ),
        error_messages={"required": _("Give the bank's reference of the transaction.")},
    )


class WaiverDecisionForm(FinanceForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant: nothing to pay")), ("refuse", _("Refuse: the fee stays due"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to grant or to refuse the request.")},
    )
    note = forms.CharField(
        label=_("Note for the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing: the applicant reads it on their application."),
    )


class DeferForm(FinanceForm):
    until = forms.DateField(
        label=_("Deferred until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to defer until further notice."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for deferring the fee.")},
    )


class EndDeferralForm(FinanceForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefundForm(FinanceForm):
    payment = forms.ChoiceField(
        label=_("Payment to refund"),
        error_messages={"required": _("Choose the payment to refund.")},
    )
    amount = AmountField(
        label=_("Amount to refund"),
        error_messages={"required": _("Type the amount to refund.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the payment is refunded.")},
    )

    def __init__(self, *args: Any, payments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["payment"]
        assert isinstance(field, forms.ChoiceField)  # nosec B101  # narrows the type of a field declared above
        field.choices = payments


class StatementUploadForm(FinanceForm):
    file = forms.FileField(
        label=_("Bank statement (CSV)"),
        allow_empty_file=True,  # the import refuses an empty file with its own message
        help_text=_(
            "The CSV export of the bank account: Date;Libellé;Montant;Devise;Référence (French "
            "banks) or Date,Description,Amount,Currency,Reference. 5 MB and 10,000 rows at most."
        ),
        error_messages={"required": _("Choose the statement file to import.")},
    )
