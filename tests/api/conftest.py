"""Calling the API as a browser would: a session, JSON bodies, the CSRF token in a header."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.crypto import get_random_string

from admissions.core import clock
from tests.applicants.factories import ProfileFactory, UserFactory
from tests.calendar import IN_ROUND_1, paris_calendar


class Api:
    """A test client that enforces CSRF like a real browser session; writes send the token
    in ``X-CSRFToken`` unless ``csrf=False``."""

    def __init__(self, user: Any = None, language: str = "en"):
        self.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
        if user is not None:
            self.client.force_login(user)
        self.token = get_random_string(32)
        self.client.cookies["csrftoken"] = self.token

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}")

    def _write(self, method: str, path: str, data: Any, csrf: bool) -> Any:
        headers = {"HTTP_X_CSRFTOKEN": self.token} if csrf else {}
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(
            f"/api/v1{path}", body, content_type="application/json", **headers
        )

    def post(self, path: str, data: Any = None, *, csrf: bool = True) -> Any:
        return self._write("post", path, data, csrf)

    def patch(self, path: str, data: Any = None, *, csrf: bool = True) -> Any:
        return self._write("patch", path, data, csrf)

    def put(self, path: str, data: Any = None, *, csrf: bool = True) -> Any:
        return self._write("put", path, data, csrf)


@pytest.fixture(autouse=True)
def no_language_left_behind():
    """LocaleMiddleware activates the request's language in this thread and leaves it there:
    later tests must not start in French because one of these asked for it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def in_round_1():
    with clock.frozen(IN_ROUND_1):
        yield IN_ROUND_1


@pytest.fixture
def calendar(db):
    return paris_calendar()


@pytest.fixture
def applicant(db):
    user = UserFactory(email="ada@example.org", first_name="Ada", last_name="Lovelace")
    ProfileFactory(user=user)
    return user


@pytest.fixture
def other_applicant(db):
    user = UserFactory(email="otto@example.org", first_name="Otto")
    ProfileFactory(user=user)
    return user


@pytest.fixture
def api(applicant):
    return Api(applicant)


@pytest.fixture
def other_api(other_applicant):
    return Api(other_applicant)


@pytest.fixture
def anonymous():
    return Api()
