"""While the database cannot be reached (a restart, a failover), pages answer 503 with
``Retry-After`` and a short page saying to try again, not a 500; a bug is still a 500.

The outage is real for the code under test: every attempt to open a cursor on the connection
fails as psycopg does when the server is down (``OperationalError``), whether the first query
comes from a middleware (the signed-in person's session) or from the view.
"""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from admissions.core.outage import RETRY_AFTER_SECONDS


def refuse():
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


@pytest.fixture
def database_down():
    """Call it to cut the database off; it is back before the test's transaction is rolled
    back."""
    outage = []

    def cut(failure=refuse):
        outage.append(failure)
        connection.ensure_connection = failure

    yield cut
    if outage:
        del connection.ensure_connection  # the class's own method again


@pytest.fixture
def browser():
    # The test client re-raises what reaches the 500 handler; a browser gets the answer.
    return Client(raise_request_exception=False)


def test_a_public_page_answers_503_with_retry_after(browser, db, database_down):
    database_down()

    response = browser.get("/programmes/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert "Briefly unavailable" in response.content.decode()


def test_a_signed_in_page_fails_in_a_middleware_and_still_answers_503(
    browser, applicant, database_down
):
    browser.force_login(applicant)
    database_down()

    response = browser.get("/me/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_the_page_is_in_french_for_a_french_visitor(browser, db, database_down):
    database_down()
    browser.cookies["django_language"] = "fr"

    response = browser.get("/programmes/")

    assert response.status_code == 503
    assert '<html lang="fr">' in response.content.decode()
    assert "Brièvement indisponible" in response.content.decode()


def test_the_api_gets_json(browser, db, database_down):
    database_down()

    response = browser.get("/api/v1/programmes", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_a_lost_connection_is_a_503_too(browser, db, database_down):
    def lost():
        raise InterfaceError("connection already closed")

    database_down(lost)

    assert browser.get("/programmes/").status_code == 503


def test_a_bug_is_still_a_500(browser, db, monkeypatch):
    from admissions.portal.views import catalogue

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(catalogue.catalogue_selectors, "published_programmes", broken)

    assert browser.get("/programmes/").status_code == 500


def test_the_health_of_connections_is_checked_before_use_on_postgresql():
    from django.conf import settings

    if connection.vendor == "postgresql":
        assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    else:
        # SQLite opens its file for each request (CONN_MAX_AGE=0): nothing goes stale.
        assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
