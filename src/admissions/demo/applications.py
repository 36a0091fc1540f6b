"""Demo applications: varied profiles for demo applicants, and applications in every state
that exists so far (draft, submitted, incomplete, eligible, ineligible, withdrawn) for every
programme, made through the domain services so they are real.

For each programme, the intake open at ``now`` gets drafts and submitted applications; the
intake before it (its rounds over) gets submitted applications made at a moment its first
round was open. Idempotent: a person who already applied to an intake is left alone.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import models

from admissions.accounts.models import User
from admissions.applicants import services as applicant_services
from admissions.applicants.selectors import profile_gaps
from admissions.applications.errors import ApplicationAlreadyExists, NoIntakeOpen
from admissions.applications.models import Application
from admissions.applications.selectors import intake_for_new_application
from admissions.applications.services import create_application, save_answers, withdraw_application
from admissions.catalogue.models import Intake, Programme
from admissions.core.errors import DomainError
from admissions.demo.finance import seed_finance, settle_fee_before_submission
from admissions.demo.people import applicant_pool

DEMO_APPLICANTS = 40  # people of the pool who get a profile and applications
CAREER_PLANS = (
    "I want to lead machine-learning projects in industry, from data to deployment.",
    "Je souhaite concevoir des systèmes embarqués intelligents pour l'industrie.",
    "I plan to move from software engineering to applied AI research and development.",
)


def _demo_pdf() -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string="<p>Demo document</p>").write_pdf())


# Varied, realistic backgrounds: (degree level, field, ECTS, years, CTI, months of experience,
# language test, score). Some clear the programmes' rules, some fall short (a TOEIC below
# 700, a Bachelor's for the Post-Master's), some need the committee (foreign degrees).
BACKGROUNDS = (
    ("master", "computer_science", 300, 5, False, 0, "TOEIC_LR", 860),
    ("engineering", "telecommunications", 300, 5, True, 14, "TOEIC_LR", 905),
    ("bachelor", "computer_science", 180, 3, False, 0, "IELTS", 6.5),
    ("master1", "computer_science", 240, 4, False, 40, "TOEFL_IBT", 88),
    ("master", "applied_mathematics", 300, 5, False, 6, "TOEIC_LR", 690),
    ("engineering", "electrical_engineering", 300, 5, True, 24, "CAMBRIDGE", 176),
    ("bachelor", "mathematics", 180, 3, False, 0, "TOEIC_LR", 795),
    ("master", "data_science", 300, 5, False, 30, "IELTS", 7.5),
)


def _profile_for(user: User, index: int, nationality: str, residence: str, native: str) -> None:
    profile = applicant_services.get_or_create_profile(user=user)
    if not profile_gaps(profile):
        return
    level, field, ects, years, cti, months, test, score = BACKGROUNDS[index % len(BACKGROUNDS)]
    ended = dt.date(2021 + index % 4, 7, 1)
    data: dict[str, Any] = {
        "given_names": user.first_name or "Ada",
        "family_name": user.last_name or "Lovelace",
        "date_of_birth": dt.date(1994 + index % 6, 1 + index % 12, 1 + index % 27),
        "nationalities": [nationality],
        "residence_country": residence,
        "native_languages": [native],
        "instruction_languages": [native if index % 3 else "en"],
        "no_professional_experience": months == 0,
        "degrees": [
            {
                "level": level,
                "field": field,
                "institution": "Université de démonstration"
                if residence == "FR"
                else "National University",
                "country": residence,
                "ects": ects,
                "years_of_study": years,
                "started_on": ended.replace(year=ended.year - years, month=9),
                "ended_on": ended,
                "completed": True,
                "cti_accredited": cti and residence == "FR",
            }
        ],
        "language_tests": [{"test": test, "taken_on": dt.date(2025, 5, 1), "score": score}],
    }
    if index % 6 != 4:  # a few have not taken the MOOC yet, one in six is still on it
        pending = index % 6 == 5
        data["certifications"] = [
            {
                "code": "mooc-big-data-basics",
                "name": "The Basics of Big Data (MOOC)",
                "status": "pending" if pending else "passed",
                "obtained_on": None if pending else dt.date(2026, 6, 1),
            }
        ]
    if months:
        data["experiences"] = [
            {
                "employer": "Demo Industries",
                "role": "Software engineer",
                "started_on": dt.date(2026, 10, 1) - dt.timedelta(days=30 * months),
                "ended_on": None,
            }
        ]
    applicant_services.update_profile(profile=profile, data=data, actor=user)


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
    from admissions.documents.selectors import checklist_items

    for item in checklist_items(application, now):
        if item.required and item.timing == "at_submission" and item.state == "missing":
            document_services.upload_document(
                application=application,
                document_type=item.code,
                fileobj=io.BytesIO(pdf),
                filename=f"{item.code}.pdf",
                actor=actor,
                now=now,
            )


def _apply(
    user: User, programme: Programme, level: str, now: dt.datetime, *, submit: bool, pdf: bytes
) -> Application | None:
    from admissions.workflows.submission import submit_application

    intake = intake_for_new_application(programme, now)
    # Any application of theirs to this intake, a withdrawn one included, means this person
    # was seeded already (a withdrawal no longer stops a person applying again).
    if (
        intake is None
        or Application.objects.filter(
            applicant=user, intake=intake, entry_level__code=level
        ).exists()
    ):
        return None
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
            settle_fee_before_submission(application, now, proof=pdf)
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
    _move_some_along(now)
    finance_report = seed_finance(now=now, proof=pdf)
    from admissions.demo.interviews import seed_interviews  # after eligibility and quotes

    interviews_report = seed_interviews(now=now)
    counts = {
        row["status"]: row["n"]
        for row in Application.objects.values("status").annotate(n=models.Count("pk"))
    }
    return [
        "applications: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())),
        *interviews_report,
        *finance_report,
    ]


def _move_some_along(now: dt.datetime) -> None:
    """Staff work on part of the submitted applications, through the same services as the
    staff pages: eligibility decided where the rules settle it, documents asked for, one
    withdrawal. Idempotent: only applications still ``submitted`` move, and each move
    takes them out of that state (those left for a person fail the same way again)."""
    from admissions.documents.services import request_missing_items
    from admissions.eligibility.services import decide_eligibility, override_eligibility

    officer = User.objects.filter(email="officer.pmai@example.org").first()
    submitted = list(
        Application.objects.filter(
            status="submitted",
            programme__slug="post-master-ai",
            intake__starts_on__gt=now.date(),  # the past intake waits for the decisions
        )
        .select_related("programme", "applicant")
        .order_by("reference")
    )
    for application in submitted:
        # A stable choice per application (its number), so seeding again moves nothing more.
        index = int(application.reference.rsplit("-", 1)[1])
        moment = max(now, application.submitted_at + dt.timedelta(days=2))
        try:
            if index % 5 == 3:
                request_missing_items(
                    application=application,
                    items=["transcripts"],
                    reply_by=(moment + dt.timedelta(days=14)).date(),
                    actor=officer,
                    now=moment,
                    note="The transcript of your final year is missing.",
                )
            elif index % 5 == 4:
                withdraw_application(
                    application=application,
                    actor=application.applicant,
                    reason="I accepted an offer from another school.",
                    now=moment,
                )
            elif (application.eligibility_snapshot or {}).get("outcome") == "needs_review":
                # The committee judged the foreign degree equivalent.
                override_eligibility(
                    application=application,
                    outcome="eligible",
                    reason="Foreign degree judged equivalent to a French Master's by the "
                    "admissions committee.",
                    actor=officer,
                    now=moment,
                )
            else:
                decide_eligibility(application=application, actor=officer, now=moment)
        except DomainError:
            continue  # information still missing (a MOOC under way): left submitted
