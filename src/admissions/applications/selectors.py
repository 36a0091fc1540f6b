"""Reads of applications, for the applicant's pages, the staff's pages and the API.

An applicant only ever reaches their own applications: ``application_of_applicant`` raises
``NotFound`` for a reference that is not theirs, exactly as for one that does not exist, so
references cannot be probed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from admissions.applicants import selectors as applicant_selectors
from admissions.applicants.models import (
    Certification,
    Degree,
    Experience,
    LanguageTest,
    Profile,
)
from admissions.applications import questions
from admissions.applications.models import Application, TimelineEvent
from admissions.applications.states import Status
from admissions.catalogue.models import Intake, Programme, Round
from admissions.core import clock, memo
from admissions.core.errors import NotFound
from admissions.core.permissions import has_permission

# The refusals a person reads when an application is missing or not theirs to see: written
# once here, and raised by every selector or service that refuses an application.
APPLICATION_NOT_FOUND = _("No application of yours has this reference.")
STAFF_APPLICATION_NOT_FOUND = _("No application with this reference is in your programmes.")


def _with_relations(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("programme", "intake", "entry_level", "round", "applicant")


def applications_of(user: Any) -> QuerySet[Application]:
    """The person's applications, the most recent first, with programme, intake, entry
    level and round joined (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return _with_relations(Application.objects.filter(applicant=user)).order_by(
        "-created_at", "-pk"
    )


def application_of_applicant(*, reference: str, user: Any, timeline: bool = True) -> Application:
    """The applicant's own application with this reference, with programme, intake, entry
    level, round and applicant joined and (unless ``timeline`` is false) its visible timeline
    prefetched (``application.visible_timeline``). Raises ``NotFound`` otherwise: another
    person's application looks exactly like one that does not exist."""
    applications = applications_of(user).filter(reference=reference)
    if timeline:
        applications = applications.prefetch_related(
            Prefetch(
                "timeline",
                queryset=TimelineEvent.objects.filter(visible_to_applicant=True).order_by(
                    "at", "pk"
                ),
                to_attr="visible_timeline",
            )
        )
    application = applications.first()
    if application is None:
        raise NotFound(APPLICATION_NOT_FOUND)
    return application


def application_for_staff(*, reference: str, user: Any, action: str) -> Application:
    """The application with this reference for a staff page, with programme, intake, entry
    level, round and applicant joined, if ``user`` may perform ``action`` on its programme
    (``core.permissions``). Raises ``NotFound`` with ``STAFF_APPLICATION_NOT_FOUND`` both
    when no application has the reference and when it is outside the person's programmes:
    the answer must not tell which (an integration would read the message)."""
    application = _with_relations(Application.objects.filter(reference=reference)).first()
    if application is None or not has_permission(
        user, action, programme_id=application.programme_id
    ):
        raise NotFound(STAFF_APPLICATION_NOT_FOUND)
    return application


def decision_is_held(application: Application, now: dt.datetime | None = None) -> bool:
    """Whether the application's decided status is still held from its applicant at ``now``
    (ARCHITECTURE.md, invariant 8): by the server's clock, to the second, whether or not the
    release job has run."""
    held_until = application.decision_held_until
    return held_until is not None and (now or clock.now()) < held_until


def applicant_status(application: Application, now: dt.datetime | None = None) -> Status:
    """What the applicant sees of the application's status at ``now``.

    A decision recorded but not yet released leaves the application "under consideration":
    the status it had before the decision (``ready_for_panel``, or ``waitlisted`` for a
    promotion decided ahead of its release). Every page, email and API answer that shows an
    applicant their status reads it here, never ``application.status``."""
    if decision_is_held(application, now) and application.status_before_decision:
        return Status(application.status_before_decision)
    return Status(application.status)


def timeline_for_applicant(application: Application) -> list[TimelineEvent]:
    """The events the applicant sees, oldest first."""
    prefetched = getattr(application, "visible_timeline", None)
    if prefetched is not None:
        return list(prefetched)
    return list(application.timeline.filter(visible_to_applicant=True).order_by("at", "pk"))


def intake_for_new_application(programme: Programme, now: dt.datetime) -> Intake | None:
    """The intake a new application joins at ``now``: the earliest academic year with a
    round still open or to come (deadline not passed)."""
    return (
        Intake.objects.filter(programme=programme, rounds__deadline_at__gte=clock.floor_second(now))
        .select_related("programme")
        .order_by("academic_year")
        .distinct()
        .first()
    )


def rounds_of(intake: Intake) -> list[Round]:
    """The intake's rounds in order, read once per page view (``core.memo``): the next step,
    the advice and the round of each application on a page all ask."""
    return memo.remembered(
        ("applications.rounds_of", intake.pk),
        lambda: list(Round.objects.filter(intake=intake).order_by("number")),
    )


def read_rounds_ahead(intake_ids: set[int]) -> None:
    """Within a page view, read the rounds of several intakes in one query."""
    if not memo.active() or not intake_ids:
        return
    by_intake: dict[int, list[Round]] = {pk: [] for pk in intake_ids}
    for round_ in Round.objects.filter(intake_id__in=intake_ids).order_by("number"):
        by_intake[round_.intake_id].append(round_)
    for pk, rounds in by_intake.items():
        memo.prime(("applications.rounds_of", pk), rounds)


def round_open_at(intake: Intake, now: dt.datetime) -> Round | None:
    """The round of ``intake`` open at ``now`` (the first to close if several are)."""
    open_rounds = [round_ for round_ in rounds_of(intake) if round_.is_open(now)]
    return min(open_rounds, key=lambda r: (r.deadline_at, r.number)) if open_rounds else None


def round_of(application: Application, now: dt.datetime) -> Round | None:
    """The round an application belongs to: the one it was submitted in, or for a draft the
    round open now (``None`` when none is)."""
    if application.round_id is not None:
        return application.round
    return round_open_at(application.intake, now)


def staff_overview(
    *, programme_ids: set[int] | None, limit: int = 50
) -> tuple[list[Programme], dict[int, dict[str, int]], list[Application]]:
    """What a staff member sees first: the programmes in their scope (``None``: every
    programme), the number of applications per status in each, and the latest submitted
    applications. Drafts are the applicant's own business and are only counted."""
    programmes = Programme.objects.order_by("name_en")
    applications = Application.objects.all()
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=programme_ids)
        applications = applications.filter(programme_id__in=programme_ids)
    counts: dict[int, dict[str, int]] = {}
    for row in applications.values("programme_id", "status").annotate(n=models.Count("pk")):
        counts.setdefault(row["programme_id"], {})[row["status"]] = row["n"]
    latest = list(
        _with_relations(applications.exclude(status=Status.DRAFT)).order_by("-submitted_at", "-pk")[
            :limit
        ]
    )
    return list(programmes), counts, latest


# --- The application file, as staff read it ---------------------------------------------------

# The questions as staff read them (the form asks the applicant "Your career plan"); a
# programme's own question without a label here reads as its code in words.
STAFF_QUESTION_LABELS: dict[str, Any] = {
    "career_plan": _("Career plan"),
    "chosen_track": _("Chosen track"),
    "funding_intentions": _("Funding intentions"),
}
FUNDING_ROUTE_LABELS: dict[str, Any] = {
    "self_funded": _("Personal funds"),
    "employer": _("Employer"),
    "cpf": _("CPF (personal training account)"),
    "transitional_cpf": _("Transitional CPF / Fongecif"),
    "pole_emploi": _("France Travail (ex-Pôle emploi)"),
    "bank_loan": _("Bank loan"),
    "scholarship": _("Scholarship"),
}


@dataclass(frozen=True)
class Answer:
    code: str
    label: str
    value: str


@dataclass
class ApplicationFile:
    """Everything the applicant told us for one application, read by staff: the answers to
    the programme's questions and the profile's sections, names instead of codes (countries
    in the current language). ``profile`` is ``None`` when the applicant never started one."""

    application: Application
    answers: list[Answer]
    profile: Profile | None
    nationalities: list[str] = field(default_factory=list)
    residence_country: str = ""
    degrees: list[Degree] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    experience_months: int | None = None
    language_tests: list[LanguageTest] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)


def country_name(code: str) -> str:
    """The country's name for a two-letter code ("Morocco" for "MA"), the code if unknown."""
    return str(countries.name(code) or code) if code else ""


def answers_for_staff(application: Application) -> list[Answer]:
    """The answers in the form's order, labelled for staff; funding routes by name."""
    answers = application.answers or {}
    shown = []
    for code, question in questions.programme_questions(application.programme).items():
        value = answers.get(code)
        if not value:
            continue
        if question["kind"] == "routes":
            value = ", ".join(str(FUNDING_ROUTE_LABELS.get(v, v)) for v in value)
        label = STAFF_QUESTION_LABELS.get(code, code.replace("_", " ").capitalize())
        shown.append(Answer(code=code, label=str(label), value=str(value)))
    return shown


def application_file(application: Application) -> ApplicationFile:
    """The application's answers and the applicant's profile for a staff page or the merged
    PDF's cover, in the current language (call it inside ``translation.override`` for
    another). The profile is the applicant's one profile, shared by their applications: it
    reads as it stands now. Five queries whatever the size of the profile."""
    profile = applicant_selectors.profile_of(application.applicant)
    file = ApplicationFile(
        application=application, answers=answers_for_staff(application), profile=profile
    )
    if profile is None:
        return file
    file.nationalities = [country_name(code) for code in profile.nationalities or []]
    file.residence_country = country_name(profile.residence_country)
    file.degrees = list(profile.degrees.all())
    for degree in file.degrees:
        degree.country_name = country_name(degree.country)  # type: ignore[attr-defined]
    file.experiences = list(profile.experiences.all())
    file.experience_months = applicant_selectors.experience_months(profile)
    file.language_tests = list(profile.language_tests.all())
    file.certifications = list(profile.certifications.all())
    return file


def timeline_for_staff(application: Application) -> list[TimelineEvent]:
    """Every event of the application, those the applicant does not see included, oldest
    first, with the person who acted."""
    return list(application.timeline.select_related("actor").order_by("at", "pk"))
