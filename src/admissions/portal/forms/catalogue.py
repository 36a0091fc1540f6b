"""The catalogue's filter form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from admissions.catalogue.models import ProgrammeKind
from admissions.core.forms import AccessibleForm
from admissions.core.templatetags.admissions_tags import language_name


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str | None = None
    language: str | None = None
    open_now: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kind or self.language or self.open_now)


class CatalogueFilterForm(AccessibleForm):
    """The catalogue's filters, read from the query string (a GET form: works without
    JavaScript, and a filtered list has its own URL to share or bookmark)."""

    kind = forms.ChoiceField(label=_("Kind of programme"), required=False)
    language = forms.ChoiceField(label=_("Language of instruction"), required=False)
    open_now = forms.BooleanField(
        label=_("Only programmes open for applications now"), required=False
    )

    def __init__(self, data: QueryDict | None, *, languages: Sequence[str]) -> None:
        super().__init__(data)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", _("Any kind")), *ProgrammeKind.choices]
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [
            ("", _("Any language")),
            *((code, language_name(code)) for code in languages),
        ]

    def filters(self) -> CatalogueFilters:
        """The valid filters; a value that is not a valid choice is ignored (and reported
        next to its field). An unbound form (no query string) filters nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        self.mark_invalid()
        return CatalogueFilters(
            kind=data.get("kind") or None,
            language=data.get("language") or None,
            open_now=bool(data.get("open_now")),
        )
