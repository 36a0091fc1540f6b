from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm


class EmailTemplateForm(AccessibleForm):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
        strip=False,
        help_text=_(
            "Written in Markdown: the text version is sent as written, the HTML version is "
            "built from it. Write a link as <{{ action_url }}>; HTML tags show as typed."
        ),
    )
