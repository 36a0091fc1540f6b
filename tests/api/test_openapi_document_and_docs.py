"""The OpenAPI document lists the applicant endpoints; the docs page loads under CSP."""


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


def test_the_docs_page_allows_only_its_own_script(anonymous):
    response = anonymous.get("/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "https://cdn.jsdelivr.net" in policy
    assert "'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
