"""Country and language choosers, rendered once per language and reused.

A country list is about 250 options and the language list 183. Rendered through Django's
widget templates, each option is a template include: the eligibility self-check paid about
1,700 includes per request for its three country lists. Here each list's ``<option>``s are
rendered once per process and language (``functools.cache``), and a form's select is that
fragment with the chosen values marked ``selected``: a string replacement, no template.

``country_field()`` and ``language_field()`` build the form fields: names in the reader's
language, the stored value the ISO code (ISO 3166 alpha-2 for countries, ISO 639-1 for
languages).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import countries

from admissions.core.languages import language_choices


def _country_choices() -> list[tuple[str, str]]:
    return [(str(country.code), str(country.name)) for country in countries]


LISTS: dict[str, Callable[[], list[tuple[str, str]]]] = {
    "countries": _country_choices,
    "languages": language_choices,
}


def _language() -> str:
    return (get_language() or "en")[:2]


@functools.cache
def options_html(kind: str, language: str) -> str:
    """Every ``<option>`` of a list in one language, rendered once per process."""
    with translation.override(language):
        pairs = LISTS[kind]()
        return "".join(format_html('<option value="{}">{}</option>', *pair) for pair in pairs)


@functools.cache
def _codes(kind: str) -> tuple[tuple[str, str], ...]:
    # The field validates codes, not names: one list for every language.
    return tuple((code, code) for code, _name in LISTS[kind]())


class _ChooserMixin:
    """``render`` for a ``forms.Select`` subclass (``build_attrs`` and ``format_value`` are
    the widget's)."""

    kind: str
    blank_label: Any

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        final["name"] = name
        if getattr(self, "allow_multiple_selected", False):
            final["multiple"] = True
        options = options_html(self.kind, _language())
        for code in self.format_value(value):  # type: ignore[attr-defined]
            if not code:
                continue
            plain = f'<option value="{escape(code)}">'
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        blank = ""
        if self.blank_label is not None and not final.get("multiple"):
            blank = format_html('<option value="">{}</option>', self.blank_label)
        # Safe: the options were built with format_html, the attributes by flatatt, and a
        # chosen value only ever selects an option already in the escaped fragment.
        html = f"<select{flatatt(final)}>{conditional_escape(blank)}{options}</select>"
        return mark_safe(html)  # nosec B308 B703  # escaped pieces, as said above


class ChooserSelect(_ChooserMixin, forms.Select):
    def __init__(self, kind: str, blank_label: Any = None, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs)
        self.kind = kind
        self.blank_label = blank_label


class ChooserSelectMultiple(_ChooserMixin, forms.SelectMultiple):
    def __init__(self, kind: str, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"size": 8, **(attrs or {})})
        self.kind = kind
        self.blank_label = None


def _field(
    kind: str, *, multiple: bool, blank_label: Any, **kwargs: Any
) -> forms.ChoiceField | forms.MultipleChoiceField:
    choices = functools.partial(_codes, kind)
    if multiple:
        return forms.MultipleChoiceField(
            choices=choices, widget=ChooserSelectMultiple(kind), **kwargs
        )
    return forms.ChoiceField(
        choices=functools.partial(_with_blank, kind),
        widget=ChooserSelect(kind, blank_label=blank_label),
        **kwargs,
    )


def _with_blank(kind: str) -> Iterable[tuple[str, str]]:
    return (("", ""), *_codes(kind))


def country_field(*, multiple: bool = False, blank_label: Any = None, **kwargs: Any) -> Any:
    """A country chooser (ISO 3166 alpha-2 codes, names in the reader's language)."""
    return _field("countries", multiple=multiple, blank_label=blank_label, **kwargs)


def language_field(*, multiple: bool = False, blank_label: Any = None, **kwargs: Any) -> Any:
    """A language chooser (ISO 639-1 codes, names in the reader's language)."""
    return _field("languages", multiple=multiple, blank_label=blank_label, **kwargs)
