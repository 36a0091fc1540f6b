"""The documents' part of submission: what is missing, and the checklist pages and the API show.

Both are plain functions listed by ``admissions.workflows.submission`` (``SUBMISSION_CHECKS``
and ``CHECKLISTS``); this module imports nothing above ``documents``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from admissions.applications.checks import ChecklistFile, ChecklistItem, MissingItem, Step
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import RequirementTiming
from admissions.documents import selectors


def documents_are_complete(application: Application, now: dt.datetime) -> list[MissingItem]:
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
            # The type's name as written: lowering its first letter would turn "English
            # proficiency certificate" into "english …" and "MOOC certificate" into "mOOC …".
            english = f"Upload this document: {name_en}."
            french = f"Déposez ce document : {name_fr}."
        items.append(
            MissingItem(
                code=f"documents.{item.code}",
                message_en=english,
                message_fr=french,
                step=Step.DOCUMENTS,
                field=item.code,
                fix_url_name="portal:documents",
            )
        )
    return items


def documents_checklist(application: Application, now: dt.datetime) -> list[ChecklistItem]:
    """One line per document the programme asks of this application, in the programme's order."""
    lines = []
    for item in selectors.checklist_items(application, now):
        state_label = selectors.STATE_LABELS[item.state]
        with translation.override("en"):
            state_en = str(state_label)
        with translation.override("fr"):
            state_fr = str(state_label)
        document_type = item.requirement.document_type
        lines.append(
            ChecklistItem(
                code=item.code,
                label_en=document_type.t("name", "en"),
                label_fr=document_type.t("name", "fr"),
                state=item.state,
                state_en=state_en,
                state_fr=state_fr,
                files=tuple(
                    ChecklistFile(name=d.original_name, sha256=d.sha256, size=d.size)
                    for d in item.documents
                ),
                record=item.as_dict(),
            )
        )
    return lines
