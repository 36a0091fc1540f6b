"""Shared arrangements of the documents tests: an applicant's application to a seed
programme, with the profile the story needs, and uploads of real files."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from admissions.catalogue.models import Programme
from admissions.documents import services
from tests.applications.factories import ApplicationFactory
from tests.documents import filebuilders


def application_for(programme: Programme, *, level: str | None = None, applicant=None, **kw):
    """An application to ``programme`` (a seed programme) at ``level`` (first by default);
    ``profile__…`` keywords shape the applicant's profile (ProfileFactory traits)."""
    intake = programme.intakes.order_by("-academic_year").first()
    entry_level = (
        programme.entry_levels.get(code=level) if level else programme.entry_levels.first()
    )
    if kw.get("submitted") or kw.get("incomplete"):
        kw.setdefault("round", intake.rounds.order_by("number").first())
    if applicant is not None:
        kw["applicant"] = applicant
    return ApplicationFactory(intake=intake, programme=programme, entry_level=entry_level, **kw)


def upload(application, code: str, data: bytes | None = None, name: str = "file.pdf", **kw):
    data = filebuilders.pdf_bytes() if data is None else data
    return services.upload_document(
        application=application,
        document_type=code,
        fileobj=io.BytesIO(data),
        filename=name,
        actor=application.applicant,
        **kw,
    )


def uploaded_file(data: bytes, name: str = "file.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# What a Post-Master's in AI application carries at submission (the MOOC may come after).
POST_MASTER_AT_SUBMISSION = (
    "cv",
    "motivation_letter",
    "transcripts",
    "diplomas",
    "english_certificate",
    "identity_document",
)


def submitted_post_master(programme: Programme):
    """A Post-Master's application submitted with every document due at submission (each
    named after its code: ``transcripts.pdf``) and its fee paid."""
    from admissions.applications.states import Status
    from tests.conftest import pay_fee

    application = application_for(
        programme,
        submitted=True,
        answers={
            "career_plan": "Become an ML engineer.",
            "chosen_track": "data",
            "funding_intentions": ["self"],
        },
    )
    application.status = Status.DRAFT
    application.save()
    for code in POST_MASTER_AT_SUBMISSION:
        upload(application, code, name=f"{code}.pdf")
    pay_fee(application)
    application.status = Status.SUBMITTED
    application.save()
    return application
