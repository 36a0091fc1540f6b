"""The one accessible form kit: Bootstrap classes on every control, and each field's help and
error tied to its control for screen readers (``aria-describedby``, ``aria-invalid``).

The ids match the one field template, ``templates/core/_field.html``: ``<html_name>-help`` and
``<html_name>-error``, so the fields of a prefixed form (``lines-1-amount``) keep ids of
their own. Forms only parse what was typed; ``add_domain_errors`` puts a domain service's
messages on the fields concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms


def help_id(form: forms.BaseForm, name: str) -> str:
    return f"{form.add_prefix(name)}-help"


def error_id(form: forms.BaseForm, name: str) -> str:
    return f"{form.add_prefix(name)}-error"


def style_fields(form: forms.BaseForm) -> None:
    """Bootstrap's class on every control, and its help text named by aria-describedby."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"
        if field.help_text:
            widget.attrs["aria-describedby"] = help_id(form, name)


def mark_invalid(form: forms.BaseForm) -> None:
    """aria-invalid and aria-describedby (help, then error; error first on a form whose
    ``errors_first`` is true) on every field with an error."""
    errors_first = getattr(form, "errors_first", False)
    for name in form.errors:
        if name not in form.fields:
            continue
        field = form.fields[name]
        described = [help_id(form, name)] if field.help_text else []
        if errors_first:
            described.insert(0, error_id(form, name))
        else:
            described.append(error_id(form, name))
        field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(described)})


def add_domain_errors(form: forms.BaseForm, errors: Iterable[Any]) -> None:
    """Put each ``FieldError`` (``field``, ``message``) of a domain error on its field; a
    path such as ``degrees[0].ended_on`` lands on ``ended_on``; others on the whole form."""
    for error in errors:
        name = str(error.field).rsplit(".", 1)[-1]
        form.add_error(name if name in form.fields else None, str(error.message))
    mark_invalid(form)


class AccessibleFormMixin:
    """Styles the fields when the form is made; ``mark_invalid()`` after validation ties the
    errors to their fields."""

    # A screen reader reads the error before the help (the self-check and the override
    # pages, where the help explains the rule the error names).
    errors_first = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)  # type: ignore[arg-type]

    def add_domain_errors(self, errors: Iterable[Any]) -> None:
        add_domain_errors(self, errors)  # type: ignore[arg-type]

    def mark_invalid(self) -> None:
        mark_invalid(self)  # type: ignore[arg-type]


class AccessibleForm(AccessibleFormMixin, forms.Form):
    """The base of every form of the site's pages."""


class AccessibleModelForm(AccessibleFormMixin, forms.ModelForm):
    """The base of the forms that edit one row."""
