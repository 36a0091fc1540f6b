"""The forms of the staff's documents pages: a document's review, a request for items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm
from admissions.documents.models import RejectionReason


class ReviewForm(AccessibleForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(label=_("Reason for rejecting"), required=False)
    text = forms.CharField(
        label=_("Comment for the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "—")] + [
            (reason.code, reason.label) for reason in RejectionReason.objects.filter(is_active=True)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", _("Choose the reason for rejecting this document."))
        return data


class RequestItemsForm(AccessibleForm):
    items = forms.MultipleChoiceField(
        label=_("Items to ask for"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one item to ask the applicant for.")},
    )
    reply_by = forms.DateField(
        label=_("Reply by"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    note = forms.CharField(
        label=_("Note for the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], today: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices
        self.today = today

    def clean_reply_by(self) -> dt.date:
        value = self.cleaned_data["reply_by"]
        if value <= self.today:
            raise forms.ValidationError(_("Choose a reply date after today."))
        return value
