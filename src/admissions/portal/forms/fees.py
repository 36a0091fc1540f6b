"""Forms of the applicant's fee page: the pay button and the choice of a reduction."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm
from admissions.core.money import format_money
from admissions.finance.services.fees import Reduction


def new_idempotency_key() -> str:
    """Made when the page is shown: sending the same form twice pays once."""
    return secrets.token_urlsafe(24)


class PayByCardForm(AccessibleForm):
    idempotency_key = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,64}$",
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The payment form is incomplete. Reload the page and pay again."),
            "invalid": _("The payment form is incomplete. Reload the page and pay again."),
        },
    )


class ReductionForm(AccessibleForm):
    reduction = forms.ChoiceField(
        label=_("Fee reduction"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Choose the reduction that applies to you; you may be asked for a proof. Without "
            "one, the full fee applies."
        ),
    )

    def __init__(
        self,
        *args: Any,
        reductions: list[Reduction],
        full_amount_cents: int,
        currency: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [
            (
                "",
                _("No reduction: %(amount)s")
                % {"amount": format_money(full_amount_cents, currency)},
            )
        ]
        for reduction in reductions:
            label = f"{reduction.label()}: {format_money(reduction.amount_cents, currency)}"
            if reduction.proof_required:
                label += " " + str(_("(proof required)"))
            choices.append((reduction.code, label))
        field = self.fields["reduction"]
        assert isinstance(field, forms.ChoiceField)  # nosec B101  # narrows the type of a field declared above
        field.choices = choices
