"""The confirmation step before an applicant's personal data is erased."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm

WRONG_PASSWORD = _("This is not your password. Type the password you sign in with.")
MUST_UNDERSTAND = _("Tick the box to confirm that you understand what erasure does.")


class ErasureConfirmForm(AccessibleForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So that no one else can erase your account from a session you left open."),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account closes now and that my data is erased after the "
            "grace period, for good."
        ),
        error_messages={"required": MUST_UNDERSTAND},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password
