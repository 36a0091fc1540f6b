"""The public pages: home, the catalogue of programmes and each programme's page.

Every page reads the clock once (``core.clock.now()``) and hands that moment to the
selectors, so a round's state is decided by the server at the time of the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from admissions.catalogue import selectors as catalogue_selectors
from admissions.catalogue.models import Programme, ProgrammeKind
from admissions.core import clock
from admissions.core.permissions import is_staff_member
from admissions.core.templatetags.admissions_tags import language_name
from admissions.portal import selectors


def home(request: HttpRequest) -> HttpResponse:
    page = selectors.home_page(clock.now())
    return render(request, "portal/home.html", {"page": page, "now": page.now})


class CatalogueFilterForm(forms.Form):
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
        kind.widget.attrs["class"] = language.widget.attrs["class"] = "form-select"
        self.fields["open_now"].widget.attrs["class"] = "form-check-input"

    def filters(self) -> CatalogueFilters:
        """The valid filters; a value that is not a valid choice is ignored (and reported
        next to its field). An unbound form (no query string) filters nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name in self.errors:
            # Tie each message to its field for screen readers (the template prints it
            # with this id).
            self.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{name}-error"}
            )
        return CatalogueFilters(
            kind=data.get("kind") or None,
            language=data.get("language") or None,
            open_now=bool(data.get("open_now")),
        )


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str | None = None
    language: str | None = None
    open_now: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kind or self.language or self.open_now)


def catalogue(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    form = CatalogueFilterForm(
        request.GET or None, languages=catalogue_selectors.instruction_languages()
    )
    filters = form.filters()
    programmes = list(
        catalogue_selectors.published_programmes(
            now=now, kind=filters.kind, language=filters.language, open_now=filters.open_now
        )
    )
    # htmx asks for the results only, to swap them in place; the full page otherwise.
    partial = bool(getattr(request, "htmx", False))
    context = {
        "form": form,
        "programmes": programmes,
        "is_filtered": filters.active,
        "now": now,
        "partial": partial,
    }
    template = "portal/_catalogue_results.html" if partial else "portal/catalogue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.programme_page(slug, clock.now())
    except Programme.DoesNotExist:
        raise Http404(_("No programme is published at this address.")) from None
    return render(
        request,
        "portal/programme.html",
        {"page": page, "programme": page.programme, "now": page.now},
    )


def after_login(request: HttpRequest) -> HttpResponse:
    # A staff member still owing the second step goes to the staff pages, which ask for it.
    if getattr(request, "staff_two_factor_pending", False) or is_staff_member(request.user):
        return redirect("staff:home")
    return redirect("portal:dashboard")
