"""The API documentation page runs Swagger UI from the site's own static files (the copy
django-ninja ships), under the site's strict Content Security Policy: no CDN, no inline
script, no nonce needed."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def scripts_of(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_the_docs_page_loads_nothing_from_another_site(anonymous):
    response = anonymous.get("/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)


def test_the_docs_page_has_no_inline_script_and_the_strict_policy(anonymous):
    response = anonymous.get("/docs")
    html = response.content.decode()
    for tag in scripts_of(html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"


def test_the_swagger_ui_files_the_page_names_are_served_from_static(anonymous):
    html = anonymous.get("/docs").content.decode()
    sources = re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html)
    assert {"ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css"} <= set(sources)
    for source in sources:
        assert finders.find(source), source


def test_the_page_still_points_swagger_ui_at_the_openapi_document(anonymous):
    html = anonymous.get("/docs").content.decode()
    settings = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>', html, re.S
    )
    assert settings is not None
    assert '"/api/v1/openapi.json"' in settings.group(1)
