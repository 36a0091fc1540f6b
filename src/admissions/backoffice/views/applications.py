"""The application file for staff: one read-only page with everything the applicant gave
(answers, profile, documents), the fee and the timeline, at ``/staff/applications/<ref>/``.

It needs ``application.view`` on the programme; anything else answers the same 404 as a
reference that does not exist. Every view of the file is recorded in the audit trail.

``application_actions`` is the one place that decides which of an application's staff pages
a person is shown a link to: each link names the permission its page requires, so no page
offers a link that answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.core import audit
from admissions.core.permissions import has_permission
from admissions.documents import selectors as document_selectors
from admissions.review import blind as blind_review

PERMISSION = "application.view"


@dataclass(frozen=True)
class Action:
    label: str
    url: str


# (label, route, the permission the route's page requires), in the order they are shown.
APPLICATION_PAGES: tuple[tuple[Any, str, str], ...] = (
    (_("File"), "staff:application", "application.view"),
    (_("Documents"), "staff:documents", "application.view"),
    (_("Eligibility"), "staff:eligibility", "application.check"),
    (_("Fee"), "staff:finance-application", "finance.view"),
)


def application_actions(user: Any, application: Application, *, exclude: str = "") -> list[Action]:
    """Links to the staff pages of ``application`` that ``user`` may open."""
    return [
        Action(label=str(label), url=reverse(route, args=[application.reference]))
        for label, route, permission in APPLICATION_PAGES
        if route != exclude
        and has_permission(user, permission, programme_id=application.programme_id)
    ]


def _fee(application: Application) -> Any:
    try:
        return application.fee  # type: ignore[attr-defined]
    except ObjectDoesNotExist:
        return None


@login_required
@require_GET
def application_file(request: HttpRequest, reference: str) -> HttpResponse:
    application = application_selectors.application_for_staff(
        reference=reference, user=request.user, action=PERMISSION
    )
    audit.record(
        action="application.file_viewed",
        actor=request.user,
        object_type="application",
        object_ref=application.reference,
        programme_id=application.programme_id,
        request=request,
    )
    # A member of a blind committee reads the file without who the applicant is.
    blind = blind_review.reads_blind(request.user, application)
    items = document_selectors.checklist_items(application)
    if blind:
        items = [
            item
            for item in items
            if not blind_review.is_identity_type(item.requirement.document_type.code)
        ]
    return render(
        request,
        "backoffice/applications/file.html",
        {
            "application": application,
            "blind": blind,
            "file": application_selectors.application_file(application),
            "items": items,
            "fee": _fee(application),
            "timeline": application_selectors.timeline_for_staff(application),
            "actions": application_actions(request.user, application, exclude="staff:application"),
            "tz": application.programme.time_zone,
        },
    )
