from typing import Any

from django.conf import settings
from django.http import HttpRequest

from admissions.core.middleware import LANGUAGE_PARAMETER
from admissions.core.permissions import is_staff_member


def _path_without_language(request: HttpRequest) -> str:
    """The page's address without ``?lang=``: where the language switch sends people back,
    so that switching away from a shared French link does not land on French again."""
    if LANGUAGE_PARAMETER not in request.GET:
        return request.get_full_path()
    query = request.GET.copy()
    del query[LANGUAGE_PARAMETER]
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "SCHOOL_NAME": settings.SCHOOL_NAME,
        "SCHOOL_LOGO": settings.SCHOOL_LOGO,
        "is_staff_member": bool(user and is_staff_member(user)),
        "path_without_language": _path_without_language(request),
    }
