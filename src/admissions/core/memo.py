"""Reads remembered for the length of one page view, so a page reads each thing once.

A page about applications asks the same questions many times: the dashboard computes the next
step and the advice of every application, and each of those reads the applicant's profile
(five queries with its lists) and the rounds of the intake. Passing the profile through every
check (``workflows.submission.SUBMISSION_CHECKS`` are plain ``(application, now)`` functions
owned by five apps) would change every signature for one page's sake; instead the selectors
that read those things remember what they read in a scope that ``RequestMemoMiddleware``
opens for each GET or HEAD request, and that ends with the response.

Outside a scope (tasks, commands, services, the tests calling selectors directly, and every
POST) nothing is remembered and each call reads the database, as before. Within one, a write
that changes a remembered thing calls ``forget`` (the applicant services do for the profile):
a GET request may create an empty profile, and the next read must see it.

The scope is a context variable: each thread of a threaded server has its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_SCOPE: ContextVar[dict[Hashable, Any] | None] = ContextVar("admissions_memo", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """Remember reads until the block ends (nested scopes share the outer one)."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, once per scope for ``key``; every call reads outside a scope."""
    memo = _SCOPE.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]


def active() -> bool:
    """Whether reads are remembered here (a GET page view), so reading ahead pays."""
    return _SCOPE.get() is not None


def prime(key: Hashable, value: Any) -> None:
    """Remember ``value`` for ``key`` (read ahead with others, in one query); nothing outside
    a scope."""
    memo = _SCOPE.get()
    if memo is not None:
        memo[key] = value


def primed(key: Hashable, read: Callable[[], T]) -> T:
    """What ``prime`` stored for ``key``, else ``read()`` (not remembered: for reads that a
    page view may follow with a write, such as the fee a GET sets up on first visit)."""
    memo = _SCOPE.get()
    if memo is None or key not in memo:
        return read()
    return memo[key]  # type: ignore[no-any-return]


def forget(key: Hashable) -> None:
    """Drop what the scope remembers for ``key`` (after a write that changed it)."""
    memo = _SCOPE.get()
    if memo is not None:
        memo.pop(key, None)


SAFE_METHODS = frozenset({"GET", "HEAD"})


class RequestMemoMiddleware:
    """Opens a memo scope around each GET and HEAD request (the page is rendered inside it).

    Requests that change things (POST, PUT, PATCH, DELETE) get none: a service that writes
    and then reads again must see its own write.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        with scope():
            return self.get_response(request)
