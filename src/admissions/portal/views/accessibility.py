"""The accessibility statement French law asks of the site (RGAA): how far the pages conform,
how that was checked, what is known not to work, whom to tell and where to turn next."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def statement(request: HttpRequest) -> HttpResponse:
    # The admissions office answers the address its emails come from.
    contact_email = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return render(request, "portal/accessibility.html", {"contact_email": contact_email})
