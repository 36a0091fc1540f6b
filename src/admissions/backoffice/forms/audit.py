"""The audit trail's search form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm

PERIOD_BACKWARDS = _("The first day comes after the last day. Swap them and search again.")


class AuditSearchForm(AccessibleForm):
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=254,
        help_text=_("Part of the email address of the person who acted or tried to sign in."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_("An action or its beginning: “account.” finds every sign-in event."),
    )
    reference = forms.CharField(
        label=_("Application or applicant reference"),
        required=False,
        max_length=120,
    )
    from_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    to_on = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, data: Any = None, *, actions: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.actions = list(actions or [])
        self.fields["action"].widget.attrs["list"] = "audit-actions"
        if self.is_bound:
            self.mark_invalid()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, last = cleaned.get("from_on"), cleaned.get("to_on")
        if first and last and first > last:
            self.add_error("to_on", PERIOD_BACKWARDS)
        return cleaned

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "actor": data.get("actor", "").strip(),
            "action": data.get("action", "").strip(),
            "reference": data.get("reference", "").strip(),
            "from_on": data.get("from_on"),
            "to_on": data.get("to_on"),
        }
