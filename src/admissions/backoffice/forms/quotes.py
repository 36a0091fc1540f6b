"""The finance office's quote forms: the lines of a quote (the tuition prefilled, plus any
other line), its validity and note, and the filters of the list.

Amounts are typed in the currency's main unit (18500 or 18500.00) and handed to the services
in cents; the services decide what is valid and their messages are put on the fields.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.catalogue.models import Programme
from admissions.core.forms import AccessibleForm, mark_invalid
from admissions.finance.models import QuoteStatus


def to_cents(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((amount * 100).to_integral_value())


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class QuoteLineForm(AccessibleForm):
    label_en = forms.CharField(label=_("Label in English"), required=False, max_length=200)
    label_fr = forms.CharField(
        label=_("Label in French"),
        required=False,
        max_length=200,
    )
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=Decimal("0"), max_digits=10, decimal_places=2
    )

    def line(self) -> dict[str, Any] | None:
        """The line as ``issue_quote`` takes it; ``None`` for a row left blank."""
        data = self.cleaned_data
        if not (data.get("label_en") or data.get("label_fr") or data.get("amount") is not None):
            return None
        amount = to_cents(data.get("amount"))
        return {
            "label_en": data.get("label_en") or "",
            "label_fr": data.get("label_fr") or "",
            "amount_cents": amount if amount is not None else -1,
        }


LineFormSet = forms.formset_factory(QuoteLineForm, extra=2)


def line_formset(
    data: Any = None, *, lines: list[dict[str, Any]] | None = None
) -> forms.BaseFormSet:
    initial = [
        {
            "label_en": line["label_en"],
            "label_fr": line["label_fr"],
            "amount": euros(line["amount_cents"]),
        }
        for line in lines or []
    ]
    return LineFormSet(data, initial=initial, prefix="lines")


class IssueQuoteForm(AccessibleForm):
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    staff_note = forms.CharField(
        label=_("Note printed on the quote"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the payment schedule, or what the price includes."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].widget.attrs["aria-describedby"] = "valid_until-help"


def add_service_errors(
    form: IssueQuoteForm, formset: forms.BaseFormSet, problems: list[tuple[str, Any]]
) -> None:
    """``lines[1].label_en`` → that row's field; ``valid_until`` and ``staff_note`` → the
    form's; anything else (``lines``) → the form as a whole."""
    pattern = re.compile(r"^lines\[(\d+)\]\.(\w+)$")
    rows = [row for row in formset.forms if row.is_valid() and row.line() is not None]
    for path, message in problems:
        match = pattern.match(path)
        if match and int(match.group(1)) < len(rows):
            row = rows[int(match.group(1))]
            name = "amount" if match.group(2) == "amount_cents" else match.group(2)
            row.add_error(name if name in row.fields else None, str(message))
            mark_invalid(row)
        elif path in form.fields:
            form.add_error(path, str(message))
        else:
            form.add_error(None, str(message))
    mark_invalid(form)


class QuoteFilterForm(AccessibleForm):
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, programmes: list[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programmes = {programme.slug: programme for programme in programmes}
        cast(forms.ChoiceField, self.fields["programme"]).choices = [
            ("", _("All my programmes")),
            *((programme.slug, programme.t("name")) for programme in programmes),
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Current versions")),
            *QuoteStatus.choices,
        ]

    def chosen_programme_id(self) -> int | None:
        slug = self.cleaned_data.get("programme") if self.is_valid() else None
        return self.programmes[slug].pk if slug else None

    def chosen_status(self) -> str | None:
        return (self.cleaned_data.get("status") or None) if self.is_valid() else None
