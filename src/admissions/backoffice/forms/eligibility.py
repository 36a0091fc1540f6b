"""The staff's eligibility override form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm
from admissions.eligibility.models import OverrideOutcome


class OverrideForm(AccessibleForm):
    errors_first = True

    outcome = forms.ChoiceField(
        label=_("New outcome"), choices=OverrideOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required. Kept on the application's timeline and in the audit trail; sent to the "
            "applicant as the reason if the application becomes not eligible."
        ),
        error_messages={
            "required": _("Give the reason for this override: it is kept on the timeline.")
        },
    )
