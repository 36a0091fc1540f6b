"""The forms of reviewer assignment: the chair's manual swap, a reviewer's decline and
declaration of a conflict of interest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm
from admissions.review.models import CommitteeMember, ConflictKind


def _member_choices(members: list[CommitteeMember]) -> list[tuple[str, str]]:
    return [
        (
            str(member.pk),
            f"{member.user.get_full_name() or member.user.email} ({member.user.email})",
        )
        for member in members
    ]


def _label(member: CommitteeMember) -> str:
    user = member.user
    return f"{user.get_full_name() or user.email} ({user.email})"


class SwapForm(AccessibleForm):
    application = forms.CharField(
        label=_("Application reference"),
        max_length=32,
        help_text=_("As shown in the table, for example CPS2-2027-00042."),
    )
    current = forms.ChoiceField(label=_("Reviewer to replace"))
    replacement = forms.ChoiceField(
        label=_("New reviewer"),
        help_text=_("Must have room, no conflict of interest and not already review it."),
    )

    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _member_choices(members)
        self.fields["current"].choices = choices
        self.fields["replacement"].choices = choices

    def clean_application(self) -> str:
        return self.cleaned_data["application"].strip().upper()


class DeclineForm(AccessibleForm):
    errors_first = True

    reason = forms.CharField(
        label=_("Why do you decline?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The chair reads it. The application goes to another member."),
        error_messages={
            "required": _("Say why you decline, so that the chair can find someone else.")
        },
    )


class ConflictForm(AccessibleForm):
    errors_first = True

    kind = forms.ChoiceField(
        label=_("What kind of conflict?"),
        choices=ConflictKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of conflict.")},
    )
    note = forms.CharField(
        label=_("Note for the chair (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "If you have already scored this application, your review is withdrawn (kept on "
            "record, not counted) and another member reviews it."
        ),
    )
