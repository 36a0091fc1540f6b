"""Session-authenticated writes need the CSRF token; reads do not."""

from tests.api.conftest import Api


def test_a_write_without_the_csrf_token_is_refused_with_403(applicant, calendar):
    api = Api(applicant)
    response = api.post(
        "/applications", {"programme": "post-master-ai", "entry_level": "pm"}, csrf=False
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": (
            "The CSRF check failed. Send the csrftoken cookie's value in the X-CSRFToken header."
        ),
        "code": "csrf_failed",
        "errors": [],
    }


def test_the_same_write_with_the_token_goes_through(applicant, calendar):
    api = Api(applicant)
    response = api.post("/applications", {"programme": "post-master-ai", "entry_level": "pm"})
    assert response.status_code == 201


def test_a_patch_without_the_token_is_refused(applicant):
    assert Api(applicant).patch("/me/profile", {"given_names": "X"}, csrf=False).status_code == 403


def test_reads_need_no_token(applicant):
    assert Api(applicant).get("/me/profile").status_code == 200
