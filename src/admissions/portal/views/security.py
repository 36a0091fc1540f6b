"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability.

Public, no sign-in. ``Expires`` is the configured moment (``SECURITY_TXT_EXPIRES``) or a year
after the file is read, so a site nobody remembers to update still publishes a valid file;
the contacts and policy come from the settings (``SECURITY.md`` says how reports are handled).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from admissions.core import clock

VALID_FOR = dt.timedelta(days=365)


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    expires = settings.SECURITY_TXT_EXPIRES or clock.now() + VALID_FOR
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines += [
        f"Expires: {_rfc3339(expires)}",
        "Preferred-Languages: en, fr",
        f"Canonical: {settings.SITE_URL.rstrip('/')}{reverse('portal:security-txt')}",
    ]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
