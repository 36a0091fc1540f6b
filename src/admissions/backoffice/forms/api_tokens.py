"""The form that creates an API token (``/staff/api-tokens/new/``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from admissions.accounts.api_scopes import DEFAULT_DAYS, SCOPES, SENSITIVE_SCOPES
from admissions.accounts.models import User
from admissions.catalogue.models import Programme
from admissions.core.forms import AccessibleForm

MYSELF = "me"


class ApiTokenForm(AccessibleForm):
    owner = forms.ChoiceField(
        label=_("For"),
        help_text=_(
            "Yourself, or a service account (a program such as the student information system)."
        ),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_(
            "What uses the token, so that you recognise it in the list: “SIS nightly import”."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may do"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what the program needs. The token never does more than its owner's roles allow."
        ),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every programme of the owner's roles."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The token stops working at the start of this day: at most a year, and 90 days for "
            "a token that can release decisions or export personal data."
        ),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        service_accounts: list[User],
        programmes: Any,
        sensitive_allowed: bool,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            data, initial={"expires_on": today + dt.timedelta(days=DEFAULT_DAYS)}, **kwargs
        )
        owners = [(MYSELF, _("Myself"))]
        self.accounts = {f"service-{account.pk}": account for account in service_accounts}
        owners += [(key, account.get_full_name()) for key, account in self.accounts.items()]
        self.fields["owner"].choices = owners
        if not service_accounts:
            self.fields["owner"].widget = forms.HiddenInput()
            self.fields["owner"].initial = MYSELF
        self.fields["scopes"].choices = [
            (code, f"{code} — {scope.description}")
            for code, scope in SCOPES.items()
            if sensitive_allowed or code not in SENSITIVE_SCOPES
        ]
        self.fields["programmes"].queryset = programmes
        self.fields["programmes"].label_from_instance = lambda programme: programme.t("name")
        if self.is_bound:
            self.mark_invalid()

    def owner_or(self, me: User) -> User:
        chosen = self.cleaned_data.get("owner") or MYSELF
        return self.accounts.get(chosen, me)

    def expires_at(self) -> dt.datetime:
        day = self.cleaned_data["expires_on"]
        return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
