"""The request edge: a bad request is answered before anything reads its body.

One answer for each kind of bad request (the table is in docs/security.md):

- ``413`` a body larger than the limit, read from ``Content-Length`` before anything parses
  it: ``REQUEST_BODY_MAX_BYTES`` (256 kB) for JSON and form bodies, the larger
  ``UPLOAD_BODY_MAX_BYTES`` for the multipart bodies of the views that take files;
- ``415`` a content type the endpoint does not take (the API and the webhooks take JSON, the
  API's upload endpoints multipart, pages their forms), or a malformed one (multipart without
  a valid boundary, JSON in another charset than UTF-8);
- ``400`` a NUL byte in the path, the query string, a form or a JSON body; a lone surrogate in
  a JSON string; JSON nested deeper than ``MAX_JSON_DEPTH`` levels; and, on the API, a body
  that is not JSON at all.

Machine endpoints (the API under ``/api/`` and the payment providers' webhooks) answer in the
API's one JSON error shape, ``{"detail": …, "code": …, "errors": []}``; pages answer an HTML
page in the person's language. Why here and not in each view: Django and django-ninja parse a
body lazily, in places that turn a malformed multipart header or a NUL byte into a 500 on
PostgreSQL, and a recursive walk of a deep payload into a ``RecursionError``; checked once
at the edge, no view ever sees such a request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _

MAX_JSON_DEPTH = 32

# Paths whose callers are programs: they get the JSON error shape, and their bodies are JSON.
JSON_PATH_PREFIXES = ("/api/", "/payments/webhooks/")
API_PATH_PREFIX = "/api/"

JSON = "application/json"
MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"

BODY_TOO_LARGE = _(
    "The request is larger than %(size)s, the most this address accepts. Send less, or split "
    "it into several requests."
)
UNSUPPORTED_MEDIA_TYPE = _(
    "This address does not take a body of type “%(type)s”. Send %(expected)s."
)
MALFORMED_MULTIPART = _(
    "The multipart body has no valid boundary in its Content-Type header. Let your HTTP client "
    "build the header, then send it again."
)
NOT_UTF8_JSON = _("JSON is read in UTF-8 only. Encode the body in UTF-8, then send it again.")
NUL_BYTE = _(
    "The request contains a NUL character (code 0), which no field accepts. Remove it, then "
    "send the request again."
)
LONE_SURROGATE = _(
    "The JSON body contains a lone surrogate (such as U+D800), which is not a character. "
    "Send valid Unicode text."
)
TOO_DEEP = _(
    "The JSON body is nested deeper than %(depth)s levels. No request needs that much: "
    "flatten it, then send it again."
)
NOT_JSON = _("The body is not valid JSON. Check its syntax, then send it again.")
PAGE_TITLES = {
    400: _("This request cannot be read"),
    413: _("This request is too large"),
    415: _("This request has the wrong format"),
}

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
_QUERY_NUL = re.compile(r"%00|\x00", re.IGNORECASE)


class Refusal(Exception):
    def __init__(self, status: int, code: str, detail: Any) -> None:
        super().__init__(str(detail))
        self.status = status
        self.code = code
        self.detail = detail


def takes_uploads(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose form carries files: its multipart body may reach
    ``UPLOAD_BODY_MAX_BYTES`` instead of ``REQUEST_BODY_MAX_BYTES``."""
    view.takes_uploads = True  # type: ignore[attr-defined]
    return view


def _format_size(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return f"{size // 1024} kB"


def _json_depth_exceeds(text: str, limit: int) -> bool:
    depth = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _bad_character_in(value: Any) -> str | None:
    """The first bad character found in the strings (keys included) of a parsed JSON value;
    its depth is already bounded, so the recursion is."""
    if isinstance(value, str):
        found = _BAD_CHARACTER.search(value)
        return found.group() if found else None
    if isinstance(value, dict):
        for key, item in value.items():
            bad = _bad_character_in(key) or _bad_character_in(item)
            if bad:
                return bad
    elif isinstance(value, list):
        for item in value:
            bad = _bad_character_in(item)
            if bad:
                return bad
    return None


class RequestEdgeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self._check(request)
        except Refusal as refusal:
            return self._answer(request, refusal)
        return self.get_response(request)

    # --- What is refused -------------------------------------------------------------------

    def _check(self, request: HttpRequest) -> None:
        if "\x00" in request.path_info or _QUERY_NUL.search(request.META.get("QUERY_STRING", "")):
            raise Refusal(400, "nul_byte", NUL_BYTE)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= 0:
            return
        media_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
        media_type = media_type.lower()
        takes_uploads = self._takes_uploads(request)
        uploads = media_type == MULTIPART and takes_uploads
        limit = settings.UPLOAD_BODY_MAX_BYTES if uploads else settings.REQUEST_BODY_MAX_BYTES
        if length > limit:
            raise Refusal(413, "body_too_large", BODY_TOO_LARGE % {"size": _format_size(limit)})
        accepted = self._accepted_types(request, takes_uploads)
        if media_type not in accepted:
            raise Refusal(
                415,
                "unsupported_media_type",
                UNSUPPORTED_MEDIA_TYPE
                % {"type": media_type[:100] or "—", "expected": ", ".join(accepted)},
            )
        if media_type == MULTIPART:
            from django.http.multipartparser import MultiPartParser

            boundary = params.get("boundary", "")
            if not boundary or not MultiPartParser.boundary_re.fullmatch(boundary):
                raise Refusal(415, "unsupported_media_type", MALFORMED_MULTIPART)
        elif media_type == URLENCODED:
            if _QUERY_NUL.search(request.body.decode("latin-1")):
                raise Refusal(400, "nul_byte", NUL_BYTE)
        elif media_type == JSON:
            charset = params.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise Refusal(415, "unsupported_media_type", NOT_UTF8_JSON)
            self._check_json(request)

    def _check_json(self, request: HttpRequest) -> None:
        # A webhook's body is the provider's to sign: what does not parse is left to the view,
        # which records it. The API refuses it here, in its own shape.
        lenient = not request.path_info.startswith(API_PATH_PREFIX)
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            if lenient:
                return
            raise Refusal(400, "invalid_json", NOT_UTF8_JSON) from None
        if not text.strip():
            return  # no body: the endpoint decides whether it needs one
        if _json_depth_exceeds(text, MAX_JSON_DEPTH):
            raise Refusal(400, "too_deep", TOO_DEEP % {"depth": MAX_JSON_DEPTH})
        try:
            data = json.loads(text)
        except ValueError:
            if lenient:
                return
            raise Refusal(400, "invalid_json", NOT_JSON) from None
        bad = _bad_character_in(data)
        if bad == "\x00":
            raise Refusal(400, "nul_byte", NUL_BYTE)
        if bad is not None:
            raise Refusal(400, "lone_surrogate", LONE_SURROGATE)

    def _accepted_types(self, request: HttpRequest, takes_uploads: bool) -> tuple[str, ...]:
        if request.path_info.startswith(API_PATH_PREFIX):
            return (MULTIPART,) if takes_uploads else (JSON,)
        if request.path_info.startswith(JSON_PATH_PREFIXES):
            return (JSON,)
        return (URLENCODED, MULTIPART)

    def _takes_uploads(self, request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        # The admin's forms carry files too; it is for signed-in staff only.
        return bool(getattr(match.func, "takes_uploads", False)) or match.app_name == "admin"

    # --- How it is answered ----------------------------------------------------------------

    def _answer(self, request: HttpRequest, refusal: Refusal) -> HttpResponse:
        if request.path_info.startswith(JSON_PATH_PREFIXES):
            return JsonResponse(
                {"detail": str(refusal.detail), "code": refusal.code, "errors": []},
                status=refusal.status,
            )
        html = render_to_string(
            "core/request_refused.html",
            {"title": PAGE_TITLES[refusal.status], "message": refusal.detail},
            request=request,
        )
        return HttpResponse(html, status=refusal.status)
