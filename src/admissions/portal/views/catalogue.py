"""The public pages: home, the catalogue of programmes and each programme's page.

Every page reads the clock once (``core.clock.now()``) and hands that moment to the
selectors, so a round's state is decided by the server at the time of the request.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.catalogue import public_cache
from admissions.catalogue import selectors as catalogue_selectors
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.core.permissions import is_staff_member
from admissions.portal import selectors
from admissions.portal.forms.catalogue import CatalogueFilterForm


def _language() -> str:
    return (get_language() or "en")[:2]


def home(request: HttpRequest) -> HttpResponse:
    now = clock.now()

    def content() -> dict[str, str]:
        page = selectors.home_page(now)
        return {
            "content": render_to_string(
                "portal/_home_content.html", {"page": page, "now": now}, request
            )
        }

    parts = public_cache.fragments("home", now=now, language=_language(), render=content)
    return render(request, "portal/home.html", parts)


def catalogue(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    # htmx asks for the results only, to swap them in place; the full page otherwise.
    partial = bool(getattr(request, "htmx", False))

    def content() -> dict[str, str]:
        form = CatalogueFilterForm(
            request.GET or None, languages=catalogue_selectors.instruction_languages()
        )
        filters = form.filters()
        programmes = list(
            catalogue_selectors.published_programmes(
                now=now, kind=filters.kind, language=filters.language, open_now=filters.open_now
            )
        )
        context = {
            "form": form,
            "programmes": programmes,
            "is_filtered": filters.active,
            "now": now,
            "partial": partial,
        }
        template = "portal/_catalogue_results.html" if partial else "portal/_catalogue_content.html"
        return {"content": render_to_string(template, context, request)}

    # The unfiltered catalogue is the same for everyone; a filtered one is rendered each time
    # (its addresses are whatever a visitor types: they would fill the cache).
    if not request.GET:
        parts = public_cache.fragments(
            "catalogue", now=now, language=_language(), vary_on=(partial,), render=content
        )
    else:
        parts = content()
    if partial:
        response = HttpResponse(parts["content"])
    else:
        response = render(request, "portal/catalogue.html", parts)
    patch_vary_headers(response, ("HX-Request",))
    return response


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    now = clock.now()

    def content() -> dict[str, str]:
        try:
            page = selectors.programme_page(slug, now)
        except Programme.DoesNotExist:
            raise Http404(_("No programme is published at this address.")) from None
        context = {"page": page, "programme": page.programme, "now": now}
        return {
            "title": escape(page.programme.t("name")),
            "meta_description": render_to_string("portal/_programme_meta.html", context, request),
            "content": render_to_string("portal/_programme_content.html", context, request),
        }

    # The "Apply" button leads a signed-in visitor to the form, anyone else to sign up.
    signed_in = bool(request.user.is_authenticated)
    parts = public_cache.fragments(
        "programme", now=now, language=_language(), vary_on=(slug, signed_in), render=content
    )
    return render(request, "portal/programme.html", parts)


def after_login(request: HttpRequest) -> HttpResponse:
    # A staff member still owing the second step goes to the staff pages, which ask for it.
    if getattr(request, "staff_two_factor_pending", False) or is_staff_member(request.user):
        return redirect("staff:home")
    return redirect("portal:dashboard")
