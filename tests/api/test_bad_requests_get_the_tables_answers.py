"""Each kind of bad request gets the one answer of the table in docs/security.md, on every
public and applicant endpoint of the API, on the payment webhook, and on the public
eligibility check and the profile pages:

| request                                          | answer                     |
|--------------------------------------------------|----------------------------|
| body larger than the limit                       | 413                        |
| content type not taken, or malformed             | 415                        |
| NUL byte, lone surrogate, nesting deeper than 32 | 400                        |
| unknown field                                    | 422 naming it (API)        |

The API and the webhook answer in the one JSON shape ``{"detail", "code", "errors"}``; pages
answer an HTML page in the person's language. These requests reach no view (the request edge
answers first), so they hold on PostgreSQL too, where a NUL byte reaching a query is a 500.
"""

from __future__ import annotations

import json
import uuid

import pytest

from tests.api.conftest import Api

REFERENCE = "PMAI-2027-00001"
DOCUMENT = str(uuid.UUID(int=1))  # fixed: each test worker must collect the same ids

# (method, path, what its body is, whether it needs a signed-in applicant)
GETS = [
    ("get", "/api/v1/programmes", None, False),
    ("get", "/api/v1/programmes/post-master-ai", None, False),
    ("get", "/api/v1/me/profile", None, True),
    ("get", "/api/v1/applications", None, True),
    ("get", f"/api/v1/applications/{REFERENCE}", None, True),
    ("get", f"/api/v1/applications/{REFERENCE}/fee", None, True),
    ("get", f"/api/v1/applications/{REFERENCE}/quotes", None, True),
]
JSON_WRITES = [
    ("post", "/api/v1/eligibility/check", "json", False),
    ("patch", "/api/v1/me/profile", "json", True),
    ("post", "/api/v1/applications", "json", True),
    ("post", f"/api/v1/applications/{REFERENCE}/submit", "json", True),
    ("post", f"/api/v1/applications/{REFERENCE}/withdraw", "json", True),
    ("delete", f"/api/v1/applications/{REFERENCE}/documents/{DOCUMENT}", "json", True),
]
UPLOADS = [("post", f"/api/v1/applications/{REFERENCE}/documents", "upload", True)]
WEBHOOKS = [("post", "/payments/webhooks/simulator/", "json", False)]
API = GETS + JSON_WRITES + UPLOADS
BODIES = JSON_WRITES + UPLOADS + WEBHOOKS
ALL = API + WEBHOOKS


def _id(endpoint):
    method, path, _body, _signed_in = endpoint
    return f"{method.upper()} {path}"


def _client(applicant, signed_in, language="en"):
    return Api(applicant if signed_in else None, language=language)


def _send(api, method, path, body=b"", content_type="application/json", **extra):
    return api.client.generic(
        method.upper(),
        path,
        body,
        content_type=content_type,
        HTTP_X_CSRFTOKEN=api.token,
        **extra,
    )


def _assert_api_answer(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert (body["code"], body["errors"]) == (code, [])
    assert body["detail"]


def _with_nul_in_path(path):
    return path.replace(REFERENCE, REFERENCE + "%00").replace("post-master-ai", "a%00b") + (
        "" if REFERENCE in path or "post-master-ai" in path else "%00"
    )


def _nested(depth):
    return "[" * depth + "]" * depth


# --- NUL bytes, anywhere ----------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ALL, ids=_id)
def test_a_nul_byte_in_the_path_is_400(applicant, endpoint):
    method, path, _body, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, _with_nul_in_path(path))
    _assert_api_answer(response, 400, "nul_byte")


@pytest.mark.parametrize("endpoint", ALL, ids=_id)
@pytest.mark.parametrize("query", ["q=a%00b", "%00=1"])
def test_a_nul_byte_in_the_query_string_is_400(applicant, endpoint, query):
    method, path, _body, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, f"{path}?{query}")
    _assert_api_answer(response, 400, "nul_byte")


@pytest.mark.parametrize("endpoint", JSON_WRITES + WEBHOOKS, ids=_id)
@pytest.mark.parametrize(
    "body",
    [
        '{"given_names": "a\\u0000b"}',
        '{"programme": "\\u0000"}',
        '{"a\\u0000": 1}',
        '{"profile": {"nationalities": ["F\\u0000R"]}}',
    ],
    ids=["in-a-value", "alone", "in-a-key", "deep-inside"],
)
def test_a_nul_byte_in_a_json_string_is_400(applicant, endpoint, body):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, body)
    _assert_api_answer(response, 400, "nul_byte")


@pytest.mark.parametrize("endpoint", JSON_WRITES + WEBHOOKS, ids=_id)
@pytest.mark.parametrize(
    "body",
    ['{"given_names": "\\ud800"}', '{"reason": "a\\udfffb"}', '["\\udbff"]', '{"\\ud800": 1}'],
    ids=["high", "low", "in-a-list", "in-a-key"],
)
def test_a_lone_surrogate_in_a_json_string_is_400(applicant, endpoint, body):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, body)
    _assert_api_answer(response, 400, "lone_surrogate")


# --- Nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", JSON_WRITES + WEBHOOKS, ids=_id)
@pytest.mark.parametrize(
    "body",
    [
        _nested(33),
        '{"a":' * 33 + "1" + "}" * 33,
        '{"profile": ' + _nested(600) + "}",
        "[" * 100_000,
    ],
    ids=["33-lists", "33-objects", "600-deep", "unclosed"],
)
def test_json_nested_deeper_than_32_levels_is_400(applicant, endpoint, body):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, body)
    _assert_api_answer(response, 400, "too_deep")


@pytest.mark.parametrize("endpoint", JSON_WRITES, ids=_id)
def test_32_levels_and_brackets_inside_strings_are_not_nesting(applicant, endpoint):
    method, path, _kind, signed_in = endpoint
    body = json.dumps({"deep": json.loads(_nested(31)), "text": "[" * 100})
    response = _send(_client(applicant, signed_in), method, path, body)
    assert response.status_code not in (400, 413, 415, 500)


# --- Size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", JSON_WRITES + WEBHOOKS, ids=_id)
def test_a_json_body_larger_than_256_kb_is_413(applicant, endpoint):
    method, path, _kind, signed_in = endpoint
    body = json.dumps({"address": "x" * 3_000_000})
    response = _send(_client(applicant, signed_in), method, path, body)
    _assert_api_answer(response, 413, "body_too_large")


@pytest.mark.parametrize("endpoint", JSON_WRITES + WEBHOOKS, ids=_id)
def test_the_size_is_judged_from_the_declared_length_before_reading(applicant, endpoint):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, "{}", CONTENT_LENGTH="300000")
    _assert_api_answer(response, 413, "body_too_large")


def _multipart_file(size):
    return (
        b"--BoUnDaRy\r\n"
        b'Content-Disposition: form-data; name="document_type"\r\n\r\ncv\r\n'
        b"--BoUnDaRy\r\n"
        b'Content-Disposition: form-data; name="file"; filename="cv.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + b"%" * size + b"\r\n--BoUnDaRy--\r\n"
    )


MULTIPART = "multipart/form-data; boundary=BoUnDaRy"


def test_an_upload_may_be_larger_than_a_json_body_but_not_than_the_upload_limit(
    applicant, settings
):
    settings.REQUEST_BODY_MAX_BYTES = 1024
    api = _client(applicant, True)
    path = UPLOADS[0][1]
    # Past the JSON limit, the upload reaches the endpoint, which finds no such application.
    response = _send(api, "post", path, _multipart_file(5000), MULTIPART)
    assert response.status_code == 404
    response = _send(
        api, "post", path, b"", MULTIPART, CONTENT_LENGTH=str(settings.UPLOAD_BODY_MAX_BYTES + 1)
    )
    _assert_api_answer(response, 413, "body_too_large")


# --- Content types ----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", BODIES, ids=_id)
@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "x" * 300,
    ],
    ids=["no-boundary", "empty-boundary", "too-long-boundary"],
)
def test_multipart_without_a_valid_boundary_is_415(applicant, endpoint, content_type):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, b"--x\r\n", content_type)
    _assert_api_answer(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("endpoint", BODIES, ids=_id)
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml", ""],
)
def test_a_content_type_the_endpoint_does_not_take_is_415(applicant, endpoint, content_type):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, b"a=1", content_type)
    _assert_api_answer(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("endpoint", JSON_WRITES + WEBHOOKS, ids=_id)
def test_multipart_to_a_json_endpoint_is_415(applicant, endpoint):
    method, path, _kind, signed_in = endpoint
    body = b'--BoUnDaRy\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--BoUnDaRy--\r\n'
    response = _send(
        _client(applicant, signed_in),
        method,
        path,
        body,
        "multipart/form-data; boundary=BoUnDaRy",
    )
    _assert_api_answer(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("endpoint", UPLOADS, ids=_id)
def test_json_to_the_upload_endpoint_is_415(applicant, endpoint):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, '{"document_type": "cv"}')
    _assert_api_answer(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("endpoint", JSON_WRITES, ids=_id)
def test_a_body_that_is_not_json_is_400_on_the_api(applicant, endpoint):
    method, path, _kind, signed_in = endpoint
    response = _send(_client(applicant, signed_in), method, path, "{not json")
    _assert_api_answer(response, 400, "invalid_json")


def test_json_in_another_charset_is_415(applicant):
    response = _send(
        _client(applicant, True),
        "patch",
        "/api/v1/me/profile",
        '{"given_names": "Ada"}'.encode("utf-16"),
        "application/json; charset=utf-16",
    )
    _assert_api_answer(response, 415, "unsupported_media_type")


# --- Unknown fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "signed_in"),
    [
        ("post", "/api/v1/eligibility/check", {"programme": "x", "entry_level": "y"}, False),
        ("patch", "/api/v1/me/profile", {}, True),
        ("post", "/api/v1/applications", {"programme": "x", "entry_level": "y"}, True),
        ("post", f"/api/v1/applications/{REFERENCE}/submit", {}, True),
        ("post", f"/api/v1/applications/{REFERENCE}/withdraw", {}, True),
    ],
    ids=["eligibility", "profile", "create", "submit", "withdraw"],
)
def test_an_unknown_field_is_422_naming_it(applicant, method, path, body, signed_in):
    response = _send(
        _client(applicant, signed_in), method, path, json.dumps({**body, "given_name": "Ada"})
    )
    assert response.status_code == 422
    payload = response.json()
    assert (set(payload), payload["code"]) == ({"detail", "code", "errors"}, "invalid")
    assert [error["field"] for error in payload["errors"]] == ["given_name"]


def test_an_unknown_field_in_an_upload_is_422_naming_it(applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = _client(applicant, True)
    response = api.client.post(
        UPLOADS[0][1],
        {
            "document_type": "cv",
            "file": SimpleUploadedFile("cv.pdf", b"%PDF-1.4"),
            "replaces": "x",
        },
        HTTP_X_CSRFTOKEN=api.token,
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["replaces"]


# --- The messages are in the caller's language ------------------------------------------------


def test_the_api_answers_in_french_to_a_french_client(applicant):
    response = _send(_client(applicant, True, "fr"), "get", "/api/v1/programmes/a%00b")
    _assert_api_answer(response, 400, "nul_byte")
    assert response.json()["detail"].startswith("La requête contient un caractère NUL")


# --- Pages: the public eligibility check and the profile forms --------------------------------

PAGES = [
    ("get", "/eligibility/", False),
    ("post", "/eligibility/", False),
    ("get", "/me/profile/identity/", True),
    ("post", "/me/profile/identity/", True),
    ("post", "/me/profile/languages/", True),
    ("post", "/me/profile/special-needs/", True),
    ("get", f"/applications/{REFERENCE}/", True),
]


def _page_id(page):
    return f"{page[0].upper()} {page[1]}"


def _page(client_language, applicant, signed_in, method, path, body=b"", content_type="", **extra):
    api = _client(applicant, signed_in, client_language)
    return api.client.generic(
        method.upper(), path, body, content_type=content_type, HTTP_X_CSRFTOKEN=api.token, **extra
    )


def _assert_page(response, status, title):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert response["Content-Security-Policy"]
    return page


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_a_page_answers_a_nul_byte_in_its_path_or_query_with_a_400_page(applicant, page):
    method, path, signed_in = page
    broken = path.replace(REFERENCE, "PMAI%00").rstrip("/") + "%00/"
    for target in (broken, f"{path}?next=%00"):
        response = _page("en", applicant, signed_in, method, target)
        _assert_page(response, 400, "This request cannot be read")


@pytest.mark.parametrize("page", [p for p in PAGES if p[0] == "post"], ids=_page_id)
def test_a_page_answers_a_nul_byte_in_its_form_with_a_400_page(applicant, page):
    method, path, signed_in = page
    response = _page(
        "en",
        applicant,
        signed_in,
        method,
        path,
        b"given_names=a%00b&special_needs=x",
        "application/x-www-form-urlencoded",
    )
    _assert_page(response, 400, "This request cannot be read")


@pytest.mark.parametrize("page", [p for p in PAGES if p[0] == "post"], ids=_page_id)
def test_a_page_answers_a_form_over_256_kb_with_a_413_page(applicant, page):
    method, path, signed_in = page
    body = b"special_needs=" + b"x" * 3_000_000
    response = _page(
        "en", applicant, signed_in, method, path, body, "application/x-www-form-urlencoded"
    )
    _assert_page(response, 413, "This request is too large")


@pytest.mark.parametrize("page", [p for p in PAGES if p[0] == "post"], ids=_page_id)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--x\r\n", "multipart/form-data"),
        (b'{"special_needs": "x"}', "application/json"),
        (b"special_needs=x", "text/plain"),
    ],
    ids=["multipart-without-boundary", "json", "text"],
)
def test_a_page_answers_a_body_it_does_not_take_with_a_415_page(
    applicant, page, body, content_type
):
    method, path, signed_in = page
    response = _page("en", applicant, signed_in, method, path, body, content_type)
    _assert_page(response, 415, "This request has the wrong format")


def test_the_page_speaks_the_persons_language(applicant):
    response = _page("fr", applicant, False, "get", "/eligibility/?q=%00")
    page = _assert_page(response, 400, "Cette requête ne peut pas être lue")
    assert '<html lang="fr">' in page
    assert "La requête contient un caractère NUL" in page


@pytest.mark.parametrize("page", [p for p in PAGES if p[0] == "post"], ids=_page_id)
def test_a_valid_form_still_reaches_its_page(applicant, page):
    method, path, signed_in = page
    response = _page(
        "en",
        applicant,
        signed_in,
        method,
        path,
        b"special_needs=A+quiet+room",
        "application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302, 422)


def test_an_upload_page_takes_a_multipart_body_larger_than_a_form(applicant, settings):
    # Past the form limit, the documents page's upload reaches the page itself (which finds no
    # such application), while a profile page refuses the same body at the edge.
    settings.REQUEST_BODY_MAX_BYTES = 1024
    upload = f"/applications/{REFERENCE}/documents/upload/"
    response = _page("en", applicant, True, "post", upload, _multipart_file(5000), MULTIPART)
    assert response.status_code == 404
    response = _page(
        "en", applicant, True, "post", "/me/profile/identity/", _multipart_file(5000), MULTIPART
    )
    _assert_page(response, 413, "This request is too large")
