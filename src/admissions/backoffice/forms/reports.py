"""The finance dashboard's filter form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.catalogue.models import Programme
from admissions.core.forms import AccessibleForm


class ReportFilterForm(AccessibleForm):
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    year = forms.TypedChoiceField(
        label=_("Academic year"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self, data: Any, *, programmes: list[Programme], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.programmes = {programme.slug: programme for programme in programmes}
        cast(forms.ChoiceField, self.fields["programme"]).choices = [
            ("", _("All your programmes"))
        ] + [(programme.slug, programme.t("name")) for programme in programmes]
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", _("All years"))] + [
            (str(year), f"{year}-{year + 1}") for year in years
        ]
        if self.is_bound:
            self.mark_invalid()

    def selected_programme(self) -> Programme | None:
        return self.programmes.get(self.cleaned_data.get("programme") or "")
