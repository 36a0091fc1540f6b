"""The receipt of a submitted application: a PDF rendered with WeasyPrint from a template.

In the applicant's language: reference, programme, entry level, round and its results date,
the submission time in the programme's time zone, the profile, the answers, and every file
of the checklist (``workflows.submission.checklist``) with its SHA-256.

It stays in the portal: it is a page the applicant downloads after submitting, rendered on
demand, not a step of the submission, and it prints the portal's own question and funding
labels (``applicant_forms``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from admissions.applicants import selectors as applicant_selectors
from admissions.applications import questions
from admissions.applications.models import Application
from admissions.core import clock
from admissions.portal.forms import applications as applicant_forms
from admissions.workflows import submission


def receipt_context(application: Application, now: dt.datetime) -> dict[str, Any]:
    files = [
        {
            "item": item.label() or item.code,
            "name": file.name,
            "sha256": file.sha256,
            "size": file.size,
        }
        for item in submission.checklist(application, now)
        for file in item.files
    ]
    answers = application.answers or {}
    shown = []
    for code, question in questions.programme_questions(application.programme).items():
        value = answers.get(code)
        if not value:
            continue
        if question["kind"] == "routes":
            value = ", ".join(str(applicant_forms.FUNDING_LABELS.get(v, v)) for v in value)
        label = applicant_forms.QUESTION_LABELS.get(code, code.replace("_", " ").capitalize())
        shown.append({"label": label, "value": value})
    profile = applicant_selectors.profile_of(application.applicant)
    return {
        "application": application,
        "profile": profile,
        "degrees": list(profile.degrees.all()) if profile else [],
        "answers": shown,
        "files": files,
        "tz": application.programme.time_zone,
        "submitted_local": clock.local(application.submitted_at, application.programme.time_zone)
        if application.submitted_at
        else None,
    }


def render_receipt(application: Application, *, language: str, now: dt.datetime) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "portal/applicant/receipt.html",
            {**receipt_context(application, now), "LANGUAGE_CODE": language},
        )
    return bytes(HTML(string=html).write_pdf())
