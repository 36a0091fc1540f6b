from typing import Any

from django.conf import settings
from django.http import HttpRequest

from admissions.core.permissions import is_staff_member


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "SCHOOL_NAME": settings.SCHOOL_NAME,
        "SCHOOL_LOGO": settings.SCHOOL_LOGO,
        "is_staff_member": bool(user and is_staff_member(user)),
    }
