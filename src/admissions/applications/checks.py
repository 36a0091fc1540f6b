"""What a submission check answers, and the checks that belong to the application itself.

Every rule that can block a submission is a plain function ``(application, now) -> list of
MissingItem``; the list of them, in the order pages and the API show their items, is
``admissions.workflows.submission.SUBMISSION_CHECKS``. The apps that hold a rule (here:
the round, the profile, the programme's questions; ``documents``, ``finance`` next door)
define the function and nothing else: no registration, no discovery.

The types live here, in ``applications``, because every app that implements a check
(``documents``, ``eligibility``, ``finance``) sits above it and may import it, while the
workflow that lists the checks sits above them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import dateformat, translation
from django.utils.translation import get_language

from admissions.applicants import selectors as applicant_selectors
from admissions.applications import questions
from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core import clock

__all__ = [
    "ChecklistFile",
    "ChecklistItem",
    "MissingItem",
    "Step",
    "answers_are_complete",
    "moment_text",
    "profile_is_complete",
    "round_is_open",
]


def _is_french(language: str | None) -> bool:
    return (language or get_language() or "en").startswith("fr")


class Step:
    """The steps of the stepped form; a missing item names the step where it is fixed."""

    PROGRAMME = "programme"
    PROFILE = "profile"
    ETUDES_EN_FRANCE = "etudes_en_france"
    QUESTIONS = "questions"
    DOCUMENTS = "documents"
    REFEREES = "referees"
    FUNDING = "funding"
    FEE = "fee"
    REVIEW = "review"


@dataclass(frozen=True)
class MissingItem:
    """One thing that stops a submission, with where to fix it.

    ``code`` is stable (``round.deadline_passed``, ``profile.date_of_birth``,
    ``answers.career_plan``, ``documents.cv``, ``fee.unpaid`` …): the API returns it as the
    error's ``field``. ``step`` is the stepped form's step and ``field`` the field (or
    document) within it; ``fix_url_name`` names a URL when the fix is outside the form.
    """

    code: str
    message_en: str
    message_fr: str
    step: str | None = None
    field: str | None = None
    fix_url_name: str | None = None

    def message(self, language: str | None = None) -> str:
        return self.message_fr if _is_french(language) and self.message_fr else self.message_en


@dataclass(frozen=True)
class ChecklistFile:
    """A file listed under a checklist item (the receipt prints its SHA-256)."""

    name: str
    sha256: str
    size: int | None


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the application's checklist (a document, the eligibility outcome, the
    fee) as the review page, the receipt and the API show it.

    Pages read ``label()`` and ``state_text()`` ("Curriculum vitae (CV) — Missing", "Application
    fee — To pay: €150."); the receipt reads ``files``. ``record`` is the item as the API's
    ``checklist`` returns it: its keys depend on the kind (a document has its formats and
    files, the eligibility outcome its criteria), so the API answer stays what integrations
    already read.
    """

    code: str
    label_en: str
    label_fr: str
    state: str
    state_en: str
    state_fr: str
    files: tuple[ChecklistFile, ...] = ()
    record: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def label(self, language: str | None = None) -> str:
        return self.label_fr if _is_french(language) and self.label_fr else self.label_en

    def state_text(self, language: str | None = None) -> str:
        return self.state_fr if _is_french(language) and self.state_fr else self.state_en


def moment_text(at: dt.datetime, tz_name: str, language: str) -> str:
    """A moment in the programme's time zone, as a person writes it: "3 March 2027 at 09:00
    (Paris time)"; seconds only when they matter, as for a deadline on the last second of a
    day ("3 February 2027 at 23:59:59")."""
    local = clock.local(at, tz_name)
    time = "H:i:s" if local.second else "H:i"
    with translation.override(language):
        if language == "fr":
            text = dateformat.format(local, f"j F Y à {time}")
            zone = "heure de Paris" if tz_name == "Europe/Paris" else tz_name
        else:
            text = dateformat.format(local, f"j F Y \\a\\t {time}")
            zone = "Paris time" if tz_name == "Europe/Paris" else tz_name
    return f"{text} ({zone})"


# --------------------------------------------------------------------------------------------
# The application's own checks: the round, the profile, the programme's questions
# --------------------------------------------------------------------------------------------


def round_is_open(application: Application, now: dt.datetime) -> list[MissingItem]:
    """Whether a round is open at ``now`` (the server's clock at the request, to the second,
    in the programme's time zone). A resubmission after staff asked for missing items is not
    bound by the deadline: the application already belongs to its round."""
    if application.status != Status.DRAFT:
        return []
    rounds = application_selectors.rounds_of(application.intake)
    if any(round_.is_open(now) for round_ in rounds):
        return []
    tz = application.programme.time_zone
    upcoming = sorted((r for r in rounds if r.opens_at > now), key=lambda r: r.opens_at)
    passed = sorted(
        (r for r in rounds if r.deadline_at < clock.floor_second(now)),
        key=lambda r: r.deadline_at,
    )
    if passed:
        last = passed[-1]
        english = (
            f"The deadline of round {last.number} passed on "
            f"{moment_text(last.deadline_at, tz, 'en')}."
        )
        french = (
            f"La date limite de la session {last.number} est passée le "
            f"{moment_text(last.deadline_at, tz, 'fr')}."
        )
        if upcoming:
            following = upcoming[0]
            english += (
                f" Round {following.number} opens on "
                f"{moment_text(following.opens_at, tz, 'en')}: submit then."
            )
            french += (
                f" La session {following.number} ouvre le "
                f"{moment_text(following.opens_at, tz, 'fr')} : "
                "envoyez votre candidature à ce moment-là."
            )
        else:
            english += " No other round is planned for this intake."
            french += " Aucune autre session n'est prévue pour cette rentrée."
        return [MissingItem("round.deadline_passed", english, french, step=Step.REVIEW)]
    if upcoming:
        first = upcoming[0]
        return [
            MissingItem(
                "round.not_open",
                f"Applications are not open yet: round {first.number} opens on "
                f"{moment_text(first.opens_at, tz, 'en')}. Your draft is kept until then.",
                f"Les candidatures ne sont pas encore ouvertes : la session {first.number} ouvre "
                f"le {moment_text(first.opens_at, tz, 'fr')}. Votre brouillon est conservé "
                "d'ici là.",
                step=Step.REVIEW,
            )
        ]
    return [
        MissingItem(
            "round.not_open",
            "No application round is open for this intake.",
            "Aucune session de candidature n'est ouverte pour cette rentrée.",
            step=Step.REVIEW,
        )
    ]


def profile_is_complete(application: Application, now: dt.datetime) -> list[MissingItem]:
    """Each gap of the applicant's profile, in the order of the profile form."""
    profile = applicant_selectors.profile_of(application.applicant)
    return [
        MissingItem(f"profile.{gap.field}", gap.message_en, gap.message_fr, Step.PROFILE, gap.field)
        for gap in applicant_selectors.profile_gaps(profile)
    ]


_QUESTION_MESSAGES = {
    "career_plan": (
        "Describe your career plan in the programme questions.",
        "Décrivez votre projet professionnel dans les questions du programme.",
    ),
    "chosen_track": (
        "Choose the track you want to follow.",
        "Choisissez le parcours que vous souhaitez suivre.",
    ),
    "funding_intentions": (
        "Say how you intend to fund your studies.",
        "Indiquez comment vous comptez financer vos études.",
    ),
}


def answers_are_complete(application: Application, now: dt.datetime) -> list[MissingItem]:
    """Each required programme question left unanswered (blank text counts as unanswered)."""
    answers = application.answers or {}
    items = []
    for code, question in questions.programme_questions(application.programme).items():
        value = answers.get(code)
        answered = bool(value.strip()) if isinstance(value, str) else bool(value)
        if question["required"] and not answered:
            english, french = _QUESTION_MESSAGES.get(
                code, (f"Answer the question “{code}”.", f"Répondez à la question « {code} ».")
            )
            step = Step.FUNDING if code == "funding_intentions" else Step.QUESTIONS
            items.append(MissingItem(f"answers.{code}", english, french, step, code))
    return items
