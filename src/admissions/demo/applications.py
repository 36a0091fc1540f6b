"""Demo applications: profiles for a few demo applicants, and applications in draft and
submitted states for every programme, made through the domain services so they are real.

For each programme, the intake open at ``now`` gets drafts and submitted applications; the
intake before it (its rounds over) gets submitted applications made at a moment its first
round was open. Idempotent: a person who already applied to an intake is left alone.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from admissions.accounts.models import User
from admissions.applicants import services as applicant_services
from admissions.applicants.selectors import profile_gaps
from admissions.applications.errors import ApplicationAlreadyExists, NoIntakeOpen
from admissions.applications.models import Application
from admissions.applications.services import create_application, save_answers
from admissions.catalogue.models import Intake, Programme
from admissions.core.errors import DomainError
from admissions.demo.people import applicant_pool

DEMO_APPLICANTS = 12  # people of the pool who get a profile and applications
CAREER_PLANS = (
    "I want to lead machine-learning projects in industry, from data to deployment.",
    "Je souhaite concevoir des systèmes embarqués intelligents pour l'industrie.",
    "I plan to move from software engineering to applied AI research and development.",
)


def _demo_pdf() -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string="<p>Demo document</p>").write_pdf())


def _profile_for(user: User, index: int, nationality: str, residence: str, native: str) -> None:
    profile = applicant_services.get_or_create_profile(user=user)
    if not profile_gaps(profile):
        return
    applicant_services.update_profile(
        profile=profile,
        data={
            "given_names": user.first_name or "Ada",
            "family_name": user.last_name or "Lovelace",
            "date_of_birth": dt.date(1994 + index % 6, 1 + index % 12, 1 + index % 27),
            "nationalities": [nationality],
            "residence_country": residence,
            "native_languages": [native],
            "instruction_languages": [native],
            "no_professional_experience": index % 2 == 0,
            "degrees": [
                {
                    "level": "master" if index % 3 else "engineering",
                    "field": "computer_science",
                    "institution": "Université de démonstration",
                    "country": residence,
                    "ects": 300,
                    "years_of_study": 5,
                    "started_on": dt.date(2016, 9, 1),
                    "ended_on": dt.date(2021, 7, 1),
                    "completed": True,
                }
            ],
            "language_tests": [
                {"test": "TOEIC_LR", "taken_on": dt.date(2023, 5, 1), "score": 850 + index * 5}
            ],
        },
        actor=user,
    )


def _people() -> list[User]:
    people = []
    demo = User.objects.filter(email="applicant@example.org").first()
    if demo is not None:
        _profile_for(demo, 0, "GB", "GB", "en")
        people.append(demo)
    emails = {}
    for person in applicant_pool(DEMO_APPLICANTS):
        emails[person.email] = person
    for index, user in enumerate(User.objects.filter(email__in=emails).order_by("email"), 1):
        person = emails[user.email]
        _profile_for(user, index, person.nationality, person.residence, person.native_language)
        people.append(user)
    return people


def _upload_documents(application: Application, actor: User, now: dt.datetime, pdf: bytes) -> None:
    from admissions.documents import services as document_services
    from admissions.documents.selectors import checklist

    for item in checklist(application, now):
        if item["required"] and item["timing"] == "at_submission" and item["state"] == "missing":
            document_services.upload_document(
                application=application,
                document_type=item["code"],
                fileobj=io.BytesIO(pdf),
                filename=f"{item['code']}.pdf",
                actor=actor,
                now=now,
            )


def _apply(
    user: User, programme: Programme, level: str, now: dt.datetime, *, submit: bool, pdf: bytes
) -> Application | None:
    from admissions.portal.services.submission import submit_application

    try:
        application = create_application(
            applicant=user, programme=programme, entry_level=level, now=now
        )
    except (ApplicationAlreadyExists, NoIntakeOpen):
        return None
    plan = CAREER_PLANS[user.pk % len(CAREER_PLANS)]
    application = save_answers(
        application=application,
        answers={"career_plan": plan, "funding_intentions": ["self_funded"]},
        expected_version=application.version,
        actor=user,
        now=now,
    )
    if submit:
        try:
            _upload_documents(application, user, now, pdf)
            application = submit_application(application=application, actor=user, now=now)
        except DomainError:
            return application  # stays a draft; the review page tells what is missing
    return application


def _past_moment(programme: Programme, now: dt.datetime) -> dt.datetime | None:
    """A moment, before ``now``, when round 1 of the programme's previous intake was open."""
    for intake in Intake.objects.filter(programme=programme).order_by("-academic_year"):
        rounds = sorted(intake.rounds.all(), key=lambda r: r.number)
        if rounds and rounds[-1].deadline_at < now:
            first = rounds[0]
            return min(first.opens_at + dt.timedelta(days=7), first.deadline_at)
    return None


def seed_applications(*, now: dt.datetime) -> list[str]:
    people = _people()
    if not people:
        return ["demo applications: no demo applicant yet"]
    pdf = _demo_pdf()
    for programme in Programme.objects.filter(is_published=True).order_by("slug"):
        levels: list[Any] = list(programme.entry_levels.values_list("code", flat=True))
        if not levels:
            continue
        for index, user in enumerate(people):
            level = levels[index % len(levels)]
            # The demo applicant keeps a draft of each programme to try the form with.
            _apply(user, programme, level, now, submit=index % 2 == 1, pdf=pdf)
        past = _past_moment(programme, now)
        if past is not None:
            for index, user in enumerate(people[1:5]):
                _apply(user, programme, levels[index % len(levels)], past, submit=True, pdf=pdf)
    counts = {
        status: Application.objects.filter(status=status).count()
        for status in ("draft", "submitted")
    }
    return [f"applications: {counts['draft']} drafts, {counts['submitted']} submitted"]
