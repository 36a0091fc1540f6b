"""The forms of the applicant's documents and referees pages, and of the referee's letter page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm


class UploadForm(AccessibleForm):
    document_type = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the validator refuses empty files with its own message
        error_messages={"required": _("Choose a file to upload.")},
    )
    replace = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ReuseForm(AccessibleForm):
    source = forms.UUIDField(widget=forms.HiddenInput)


class RefereeForm(AccessibleForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    relationship = forms.CharField(
        label=_("Relationship"), max_length=200, help_text=_("For example: thesis supervisor.")
    )
    institution = forms.CharField(label=_("Institution"), max_length=200)


class LetterForm(AccessibleForm):
    letter = forms.FileField(
        label=_("Your letter (PDF, JPEG or PNG)"), required=False, allow_empty_file=True
    )
    text = forms.CharField(
        label=_("Or write your recommendation here"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("letter") and not (data.get("text") or "").strip():
            raise forms.ValidationError(
                _("Upload your letter or write it in the form, then send it.")
            )
        return data


class DeclineForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why you cannot write it (optional)"),
        help_text=_("The applicant will read this."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
