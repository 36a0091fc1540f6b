"""Middleware of the kernel: the 404 page for a domain ``NotFound``, ``?lang=``, and the
``Permissions-Policy`` header on every response.

``DomainNotFoundMiddleware`` is the one place where a page turns a domain ``NotFound`` into the
site's 404 page. Selectors and services raise ``admissions.core.errors.NotFound`` for what is
missing or not visible to the person; page views let it through, and this middleware answers
the 404 page exactly as for ``Http404`` (with the refusal's message). The API never reaches
it: its own handler (``admissions.api.errors``) answers ``NotFound`` as a JSON 404 first.

``LanguageFromQueryMiddleware`` lets a link choose the language: the site has no ``/fr/``
prefix (addresses never change, and emails carry them), so a French link is shared as
``https://…/programmes/post-master-ai/?lang=fr``. The page answers in French and the language
cookie is set, as the language switch would, so the next pages stay French.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from admissions.core.errors import NotFound


class DomainNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFound):
            # Django's handler turns this Http404 into the 404 page, as for any view.
            raise Http404(str(exception)) from exception
        return None


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``) to every response.

    Listed before WhiteNoise so static files carry it too. The site asks for no camera,
    microphone, location, payment request, USB or motion sensor: a script that got in through
    another hole still cannot use them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response


LANGUAGE_PARAMETER = "lang"


class LanguageFromQueryMiddleware:
    """``?lang=fr`` (or ``en``) answers in that language and keeps it in the language cookie.

    It sits before ``LocaleMiddleware``, which then reads the chosen language from the cookie
    as for anyone who used the switch; an unknown value is ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.GET.get(LANGUAGE_PARAMETER, "").strip().lower()[:8]
        if chosen not in self.languages:
            return self.get_response(request)
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = chosen
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
