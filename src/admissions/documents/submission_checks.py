"""The documents' part of submission: what is missing, and the checklist the API shows.

Found by ``portal.services.submission.autodiscover``; returns plain mappings so this module
imports nothing from the portal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import RequirementTiming
from admissions.documents import selectors


def missing_items(application: Application, now: dt.datetime) -> list[dict[str, Any]]:
    """Required documents due at submission that have no usable file (rejected files do not
    count). Documents allowed after submission never block it."""
    if application.status not in (Status.DRAFT, Status.INCOMPLETE):
        return []
    items = []
    for item in selectors.checklist_items(application, now):
        if not item.required or item.asked is not True:
            continue
        due_now = item.timing == RequirementTiming.AT_SUBMISSION or item.requested
        if not due_now or not item.is_missing:
            continue
        name_en = item.requirement.document_type.name_en
        name_fr = item.requirement.document_type.name_fr or name_en
        if item.state == "rejected":
            english = f"Replace the rejected document: {name_en}."
            french = f"Remplacez le document refusé : {name_fr}."
        else:
            english = f"Upload your {name_en[:1].lower() + name_en[1:]}."
            french = f"Déposez ce document : {name_fr}."
        items.append(
            {
                "code": f"documents.{item.code}",
                "message_en": english,
                "message_fr": french,
                "step": "documents",
                "field": item.code,
                "fix_url_name": "portal:documents",
            }
        )
    return items


def checklist(application: Application, now: dt.datetime) -> list[dict[str, Any]]:
    return selectors.checklist(application, now)
