from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm


class EmailTemplateForm(AccessibleForm):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body_text = forms.CharField(
        label=_("Text version"),
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
        strip=False,
    )
    body_html = forms.CharField(
        label=_("HTML version"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Leave empty to send the text version only."),
    )
