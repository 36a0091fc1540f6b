"""The public pages: home, the catalogue of programmes and each programme's page.

Every page reads the clock once (``core.clock.now()``) and hands that moment to the
selectors, so a round's state is decided by the server at the time of the request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from admissions.catalogue import selectors as catalogue_selectors
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.core.permissions import is_staff_member
from admissions.portal import selectors
from admissions.portal.forms.catalogue import CatalogueFilterForm


def home(request: HttpRequest) -> HttpResponse:
    page = selectors.home_page(clock.now())
    return render(request, "portal/home.html", {"page": page, "now": page.now})


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
