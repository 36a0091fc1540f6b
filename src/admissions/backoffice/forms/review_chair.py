"""The chair's form on the ranked list: move an application in review on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.applications.states import Status, stage_allowed
from admissions.core.forms import AccessibleForm
from admissions.review.chair import REFUSAL_NEEDS_REASON

ADVANCE_CHOICES = (
    (Status.INTERVIEW.value, _("Invite to an interview")),
    (Status.READY_FOR_PANEL.value, _("Send to the panel")),
    (Status.REFUSED.value, _("Refuse (held until the decisions are released)")),
)


class AdvanceForm(AccessibleForm):
    """One per line of the ranked list (prefixed with the application's reference, so that
    every control has an id of its own). The interview is offered only where the
    programme's pipeline has one."""

    errors_first = True

    to = forms.ChoiceField(label=_("Next step"), choices=ADVANCE_CHOICES)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a refusal; kept on the file for staff and the panel."),
    )

    def __init__(self, *args: Any, pipeline: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["to"]
        assert isinstance(target, forms.ChoiceField)  # nosec B101  # narrows the type; the caller guarantees it
        target.choices = [
            (value, label)
            for value, label in ADVANCE_CHOICES
            if stage_allowed(value, pipeline or [])
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to") == Status.REFUSED and not (data.get("reason") or "").strip():
            self.add_error("reason", REFUSAL_NEEDS_REASON)
        return data
