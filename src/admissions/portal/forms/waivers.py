"""The applicant's fee waiver request form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from admissions.core.forms import AccessibleForm
from admissions.documents.validation import (
    format_size,
)
from admissions.finance.services import waivers

MAX_PROOF_BYTES = 10 * 1024 * 1024


class WaiverRequestForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why should the fee be waived?"),
        max_length=waivers.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example: you are registered as a job-seeker, or you hold a scholarship that "
            "covers application fees."
        ),
        error_messages={"required": _("Explain why you ask for the fee to be waived.")},
    )
    proof = forms.FileField(
        label=_("Proof"),
        allow_empty_file=True,  # the validator refuses an empty file with its own message
        help_text=_("A PDF, JPEG or PNG file of %(size)s at most."),
        error_messages={
            "required": _(
                "Add a proof of your situation (a PDF, JPEG or PNG file), such as a "
                "job-seeker's certificate or a scholarship letter."
            )
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        self.fields["proof"].help_text = gettext("A PDF, JPEG or PNG file of %(size)s at most.") % {
            "size": format_size(MAX_PROOF_BYTES, "fr" if language.startswith("fr") else "en")
        }
