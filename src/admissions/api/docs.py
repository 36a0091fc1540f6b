"""The API's documentation page (Swagger UI) under the site's Content Security Policy.

Swagger UI comes from its CDN; the page's one inline script carries the request's CSP nonce,
and only this page's policy is widened (``docs_decorator`` in ``api.py``) to load it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from csp.constants import NONCE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.template import engines
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

CDN = "https://cdn.jsdelivr.net"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script type="application/json" id="swagger-settings">{{ settings|safe }}</script>
<script nonce="{{ request.csp_nonce }}">
const config = JSON.parse(document.getElementById("swagger-settings").textContent);
config.dom_id = "#swagger-ui";
config.presets = [SwaggerUIBundle.presets.apis];
config.requestInterceptor = (req) => {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (match) { req.headers["X-CSRFToken"] = decodeURIComponent(match[1]); }
  return req;
};
SwaggerUIBundle(config);
</script>
</body>
</html>
"""

docs_policy = csp_update(
    {
        "script-src": [NONCE, CDN],
        "style-src": [CDN, "'unsafe-inline'"],
        "img-src": [CDN, "data:"],
    }
)


class Docs(Swagger):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # The settings sit in a JSON script element: "</" must not end it early.
        settings = json.dumps(self.settings).replace("</", "<\\/")
        template = engines["django"].from_string(_PAGE)
        html = template.render({"title": api.title, "settings": settings}, request)
        return HttpResponse(html)
