"""An applicant with a bit of everything the platform keeps about a person: a profile, a
draft application with answers, a timeline entry, an uploaded CV, a paid fee with its
receipt (and the "payment received" email), for the privacy stories."""

from __future__ import annotations

from admissions.applications.services import record_event
from tests.applications.factories import ApplicationFactory
from tests.conftest import pay_fee
from tests.documents import filebuilders
from tests.documents.stories import upload

CV_BYTES = filebuilders.pdf_bytes(pages=2)


def application_with_everything(programme, applicant, *, career_plan: str, intake=None, **kw):
    """An application of ``applicant`` to ``programme`` (a seed programme), in ``intake``
    (its latest by default); ``profile=False`` when the applicant already has a profile."""
    intake = intake or programme.intakes.order_by("-academic_year").first()
    application = ApplicationFactory(
        applicant=applicant,
        programme=programme,
        intake=intake,
        entry_level=programme.entry_levels.first(),
        answers={"career_plan": career_plan},
        profile__given_names=applicant.first_name or "Ada",
        profile__family_name="Lovelace" if applicant.first_name == "Ada" else "Other",
        **kw,
    )
    record_event(
        application=application,
        kind="documents_requested",
        message_en="The admissions team asked for your transcript.",
        message_fr="L'équipe des admissions a demandé votre relevé de notes.",
    )
    upload(application, "cv", data=CV_BYTES, name="My CV.pdf")
    pay_fee(application)
    return application
