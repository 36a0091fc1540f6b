"""The API's documentation page (Swagger UI) under the site's strict Content Security Policy.

Swagger UI is the copy django-ninja ships as static files (``ninja`` is an installed app, so
``collectstatic`` and WhiteNoise serve it from our own origin, at the version pinned with
django-ninja): nothing is loaded from a CDN, and the page has no inline script. Ninja's own
``swagger-ui-init.js`` reads the settings from a JSON data block and sends the CSRF token
from the ``<body>``'s data attributes, so the page runs under ``script-src 'self'``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class Docs(Swagger):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # The settings sit in a JSON script element: "</" must not end it early.
        settings = json.dumps(self.settings).replace("</", "<\\/")
        return render(request, self.template, {"title": api.title, "settings": settings})
