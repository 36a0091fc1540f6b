"""What the sign-up form adds to allauth's: the privacy notice, read and accepted.

allauth builds its sign-up form on this class (``settings.ACCOUNT_SIGNUP_FORM_CLASS``), so
this module must not import allauth's forms. The acceptance itself (the notice's version
and when) is written on the new account by the account adapter (``portal.adapter``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MUST_ACCEPT_PRIVACY_NOTICE = _(
    "Tick this box to confirm you have read the privacy notice: we cannot keep your "
    "application without it."
)


class SignupForm(forms.Form):
    accept_privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice"),
        required=True,
        error_messages={"required": MUST_ACCEPT_PRIVACY_NOTICE},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept_privacy_notice"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("portal:privacy"),
            gettext("Read the privacy notice (opens in a new tab)"),
        )

    def signup(self, request: Any, user: Any) -> None:
        """allauth's hook after the account is saved: the adapter already recorded the
        acceptance."""
