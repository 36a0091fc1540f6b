"""The OpenAPI document lists the applicant endpoints (the docs page has its own module:
test_docs_page_uses_the_sites_own_swagger_ui.py)."""


def test_the_openapi_document_lists_the_applicant_endpoints(anonymous):
    response = anonymous.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {(path, method) for path, operations in paths.items() for method in operations} >= {
        ("/api/v1/programmes", "get"),
        ("/api/v1/programmes/{slug}", "get"),
        ("/api/v1/me/profile", "get"),
        ("/api/v1/me/profile", "patch"),
        ("/api/v1/applications", "get"),
        ("/api/v1/applications", "post"),
        ("/api/v1/applications/{reference}", "get"),
        ("/api/v1/applications/{reference}/submit", "post"),
        ("/api/v1/applications/{reference}/withdraw", "post"),
    }
