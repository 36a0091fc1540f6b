"""Blind review: what a reviewer on a blind committee does not see, in one place.

Whether a reader is blind is ``review.access.is_blind_for`` (a member of a blind committee
reviewing the application, not its chair); the programme's staff (head, officers,
administrators) always see the applicant. Every way a reviewer reads an application honours
the same list:

- pages: ``templates/applications/_file.html`` with ``blind=True`` (the staff file page and
  the reviewer's screen), which also says that CVs and letters are not redacted;
- the merged PDF: ``documents.merge.build(..., blind=True)`` (no identity on the cover, files
  named by their type, identity documents left out), stored as a separate ``blind`` file;
- exports: ``application_for_reviewer(..., blind=True)`` below, the one serialisation of an
  application for reviewers.

What is withheld (``WITHHELD``): the issue names name, photo, nationality, date of birth and
gender. We also withhold the email address, phone number and postal address (each names or
locates the person as surely as the name), the country of residence (it mostly tells the
nationality), the Études en France file number (a personal identifier), the special
arrangements requested (health data reviewers do not need) and the names the applicant gave
their files (``ada_lovelace_cv.pdf``). The profile holds no photo or gender field; a photo or
an identity card comes as a document, and identity documents
(``catalogue.standard_types.IDENTITY_DOCUMENT_TYPES``) are left out entirely.

What stays: the answers to the programme's questions, degrees with their institutions and
countries, experience, language tests and the languages spoken and studied in (the rubric
judges academic level and fit, and language is a requirement). CVs, letters and transcripts
are shown as uploaded: they are not redacted and may name the applicant, and every blind page
says so.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.catalogue.standard_types import IDENTITY_DOCUMENT_TYPES, is_identity_type
from admissions.core.permissions import has_permission
from admissions.documents import selectors as document_selectors
from admissions.documents.models import DocumentStatus
from admissions.review.access import is_blind_for

# The applicant's data a blind reader does not see (field names of the reviewer's export).
WITHHELD = (
    "name",
    "photo",
    "nationalities",
    "date_of_birth",
    "gender",
    "email",
    "phone",
    "address",
    "residence_country",
    "eef_file_number",
    "special_needs",
    "file_names",
)

NOT_REDACTED = _("CVs and letters are not redacted: they may name the applicant.")

__all__ = [
    "IDENTITY_DOCUMENT_TYPES",
    "NOT_REDACTED",
    "WITHHELD",
    "application_for_reviewer",
    "is_identity_type",
    "is_withheld_document",
    "reads_blind",
    "visible_documents",
]


def reads_blind(user: Any, application: Application) -> bool:
    """Whether ``user`` reads ``application`` blind on the staff pages: a member of a blind
    committee reviewing it (``access.is_blind_for``), unless they also manage the
    programme's committees (the head, an officer, an administrator see the applicant)."""
    if has_permission(user, "committee.manage", programme_id=application.programme_id):
        return False
    return is_blind_for(user=user, application=application)


def is_withheld_document(document: Any, *, blind: bool) -> bool:
    return blind and is_identity_type(document.document_type.code)


def visible_documents(application: Application, *, blind: bool) -> list[Any]:
    """The application's documents (checklist order, rejected ones left out) a reader sees:
    without identity documents for a blind reader."""
    documents = []
    for item in document_selectors.checklist_items(application):
        if blind and is_identity_type(item.requirement.document_type.code):
            continue
        documents.extend(
            document for document in item.documents if document.status != DocumentStatus.REJECTED
        )
    return documents


def application_for_reviewer(application: Application, *, blind: bool) -> dict[str, Any]:
    """An application as a reviewer reads it, as plain data (an export row, an API body).
    With ``blind``, nothing of ``WITHHELD`` is in it, not even as an empty key, and identity
    documents are left out."""
    file = application_selectors.application_file(application)
    profile = file.profile
    data: dict[str, Any] = {
        "reference": application.reference,
        "programme": application.programme.slug,
        "entry_level": application.entry_level.code if application.entry_level_id else None,
        "intake": application.intake.academic_year if application.intake_id else None,
        "round": application.round.number if application.round_id else None,
        "status": application.status,
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        "blind": blind,
        "answers": {answer.code: answer.value for answer in file.answers},
        "degrees": [
            {
                "level": degree.level,
                "field": degree.field,
                "title": degree.title,
                "institution": degree.institution,
                "country": degree.country,
                "started_on": _date(degree.started_on),
                "ended_on": _date(degree.ended_on),
                "completed": degree.completed,
                "ects": degree.ects,
                "grade": degree.grade,
            }
            for degree in file.degrees
        ],
        "experience": [
            {
                "role": job.role,
                "employer": job.employer,
                "started_on": _date(job.started_on),
                "ended_on": _date(job.ended_on),
            }
            for job in file.experiences
        ],
        "experience_months": file.experience_months,
        "language_tests": [
            {
                "test": test.test,
                "taken_on": _date(test.taken_on),
                "score": float(test.score) if test.score is not None else None,
                "level": test.level,
            }
            for test in file.language_tests
        ],
        "native_languages": list(profile.native_languages or []) if profile else [],
        "instruction_languages": list(profile.instruction_languages or []) if profile else [],
        "documents": [
            {
                "id": str(document.public_id),
                "type": document.document_type.code,
                **({} if blind else {"file_name": document.original_name}),
                "status": document.status,
            }
            for document in visible_documents(application, blind=blind)
        ],
    }
    if blind:
        data["not_redacted"] = str(NOT_REDACTED)
        return data
    applicant = application.applicant
    data["applicant"] = {
        "name": (profile.full_name if profile else "") or applicant.get_full_name(),
        "email": applicant.email,
        "date_of_birth": _date(profile.date_of_birth) if profile else None,
        "nationalities": list(profile.nationalities or []) if profile else [],
        "residence_country": profile.residence_country if profile else "",
        "phone": profile.phone if profile else "",
        "address": profile.address if profile else "",
    }
    return data


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None
