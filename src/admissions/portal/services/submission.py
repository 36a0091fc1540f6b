"""Submitting an application: what is missing, the advice to show, and the submission itself.

Submission spans several apps (the profile, the programme's questions, documents, fees,
eligibility), so it lives here, above them all (ARCHITECTURE.md, "Dependency direction"), and
ends with the one transition function.

What is missing comes from checks, each a callable ``(application, now) -> iterable of
MissingItem``. The round, the profile and the programme's questions are checked here. The
apps that come later plug their own checks in without this module importing them, in either
of two ways:

- a module ``<app>/submission_checks.py`` defining ``missing_items(application, now)`` (and,
  for the checklist the status page and the API show, ``checklist(application, now)``); it is
  found the first time a check runs (``autodiscover``). It may return ``MissingItem``s or
  plain mappings with the same keys (``code``, ``message_en``, ``message_fr``, ``step``,
  ``field``, ``fix_url_name``), so it needs no import from the portal either;
- or an explicit ``register_check(callable, name=...)`` / ``register_checklist(...)``.

Until the documents app provides a checklist, ``admissions.documents.selectors.checklist``
is used when it exists, and the checklist is empty otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import dateformat, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.applicants import selectors as applicant_selectors
from admissions.applications import errors as application_errors
from admissions.applications import notify, questions
from admissions.applications import selectors as application_selectors
from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status, is_final
from admissions.catalogue.models import AdviceTrigger, Round
from admissions.core import clock
from admissions.core.errors import DomainError, NotFound
from admissions.eligibility import services as eligibility_services

__all__ = [
    "AdviceWarning",
    "MissingItem",
    "NextStep",
    "Step",
    "SubmissionRefused",
    "SubmissionReview",
    "advice_for",
    "checklist",
    "missing_items",
    "next_step",
    "register_check",
    "register_checklist",
    "review",
    "submit_application",
]


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
        language = language or get_language() or "en"
        return self.message_fr if language.startswith("fr") and self.message_fr else self.message_en


Check = Callable[[Application, dt.datetime], Iterable[Any]]
ChecklistProvider = Callable[[Application, dt.datetime], Iterable[Any]]

SUBMISSION_REFUSED = _(
    "Your application cannot be submitted yet: %(count)s items need your attention."
)
SUBMISSION_REFUSED_ONE = _("Your application cannot be submitted yet: %(message)s")
NOT_YOURS = _("No application of yours has this reference.")


class SubmissionRefused(DomainError):
    """The application cannot be submitted now; ``items`` lists every reason."""

    def __init__(self, items: Iterable[MissingItem]):
        self.items = list(items)
        if len(self.items) == 1:
            message: Any = SUBMISSION_REFUSED_ONE % {"message": self.items[0].message()}
        else:
            message = SUBMISSION_REFUSED % {"count": len(self.items)}
        super().__init__(message, code="submission_refused")


# --------------------------------------------------------------------------------------------
# The registry of checks
# --------------------------------------------------------------------------------------------

_checks: dict[str, Check] = {}
_checklists: dict[str, ChecklistProvider] = {}
_discovered = False
_discovery_lock = threading.Lock()


def register_check(check: Check, *, name: str | None = None) -> Check:
    """Add a check run before every submission (registering a name again replaces it)."""
    _checks[name or f"{check.__module__}.{check.__qualname__}"] = check
    return check


def unregister_check(name: str) -> None:
    _checks.pop(name, None)


def register_checklist(
    provider: ChecklistProvider, *, name: str | None = None
) -> ChecklistProvider:
    """Add a provider of checklist items (documents, fee…) for the status page and API."""
    _checklists[name or f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def unregister_checklist(name: str) -> None:
    _checklists.pop(name, None)


def autodiscover() -> None:
    """Register ``missing_items`` and ``checklist`` of every installed app's
    ``submission_checks`` module, once."""
    global _discovered
    if _discovered:
        return
    with _discovery_lock:
        if _discovered:
            return
        for config in apps.get_app_configs():
            module_name = f"{config.name}.submission_checks"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            if callable(getattr(module, "missing_items", None)):
                _checks.setdefault(config.label, module.missing_items)
            if callable(getattr(module, "checklist", None)):
                _checklists.setdefault(config.label, module.checklist)
        if "documents" not in _checklists:
            provider = _documents_checklist()
            if provider is not None:
                _checklists["documents"] = provider
        _discovered = True


def _documents_checklist() -> ChecklistProvider | None:
    if importlib.util.find_spec("admissions.documents.selectors") is None:
        return None
    selectors = importlib.import_module("admissions.documents.selectors")
    function = getattr(selectors, "checklist", None)
    if not callable(function):
        return None

    def provider(application: Application, now: dt.datetime) -> Iterable[Any]:
        return function(application)  # type: ignore[no-any-return]

    return provider


def _as_missing_item(item: Any) -> MissingItem:
    if isinstance(item, MissingItem):
        return item
    fields = {f.name for f in dataclasses.fields(MissingItem)}
    if isinstance(item, Mapping):
        values = {key: item[key] for key in fields if key in item}
    else:
        values = {key: getattr(item, key) for key in fields if hasattr(item, key)}
    values.setdefault("message_fr", values.get("message_en", ""))
    return MissingItem(**values)


def _as_checklist_item(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return {key: value for key, value in vars(item).items() if not key.startswith("_")}


# --------------------------------------------------------------------------------------------
# The checks of this module: round, profile, programme questions
# --------------------------------------------------------------------------------------------


def _when(at: dt.datetime, tz_name: str, language: str) -> str:
    local = clock.local(at, tz_name)
    with translation.override(language):
        if language == "fr":
            text = dateformat.format(local, "j F Y à H:i:s")
            zone = "heure de Paris" if tz_name == "Europe/Paris" else tz_name
        else:
            text = dateformat.format(local, "j F Y \\a\\t H:i:s")
            zone = "Paris time" if tz_name == "Europe/Paris" else tz_name
    return f"{text} ({zone})"


def round_items(application: Application, now: dt.datetime) -> list[MissingItem]:
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
            f"The deadline of round {last.number} passed on {_when(last.deadline_at, tz, 'en')}."
        )
        french = (
            f"La date limite du tour {last.number} est passée le "
            f"{_when(last.deadline_at, tz, 'fr')}."
        )
        if upcoming:
            following = upcoming[0]
            english += (
                f" Round {following.number} opens on {_when(following.opens_at, tz, 'en')}: "
                "submit then."
            )
            french += (
                f" Le tour {following.number} ouvre le {_when(following.opens_at, tz, 'fr')} : "
                "envoyez votre candidature à ce moment-là."
            )
        else:
            english += " No other round is planned for this intake."
            french += " Aucun autre tour n'est prévu pour cette rentrée."
        return [MissingItem("round.deadline_passed", english, french, step=Step.REVIEW)]
    if upcoming:
        first = upcoming[0]
        return [
            MissingItem(
                "round.not_open",
                f"Applications are not open yet: round {first.number} opens on "
                f"{_when(first.opens_at, tz, 'en')}. Your draft is kept until then.",
                f"Les candidatures ne sont pas encore ouvertes : le tour {first.number} ouvre "
                f"le {_when(first.opens_at, tz, 'fr')}. Votre brouillon est conservé d'ici là.",
                step=Step.REVIEW,
            )
        ]
    return [
        MissingItem(
            "round.not_open",
            "No application round is open for this intake.",
            "Aucun tour de candidature n'est ouvert pour cette rentrée.",
            step=Step.REVIEW,
        )
    ]


def profile_items(application: Application, now: dt.datetime) -> list[MissingItem]:
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


def answer_items(application: Application, now: dt.datetime) -> list[MissingItem]:
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


_BUILT_IN: tuple[Check, ...] = (round_items, profile_items, answer_items)


def missing_items(application: Application, now: dt.datetime) -> list[MissingItem]:
    """Everything that stops ``application`` from being submitted at ``now``, in the order
    of the stepped form: the round, the profile, the questions, then the registered checks
    (documents, fee, …)."""
    autodiscover()
    items: list[MissingItem] = []
    for check in (*_BUILT_IN, *_checks.values()):
        items.extend(_as_missing_item(item) for item in check(application, now))
    return items


def checklist(application: Application, now: dt.datetime) -> list[dict[str, Any]]:
    """The items (documents, fee…) the registered providers list for ``application``, each
    a plain dict with its state; empty until a provider exists."""
    autodiscover()
    items: list[dict[str, Any]] = []
    for provider in _checklists.values():
        items.extend(_as_checklist_item(item) for item in provider(application, now))
    return items


# --------------------------------------------------------------------------------------------
# Submitting
# --------------------------------------------------------------------------------------------


def submit_application(
    *, application: Application, actor: Any, now: dt.datetime | None = None
) -> Application:
    """Submit ``application`` at ``now`` (default: the server clock at this moment).

    Refuses with ``SubmissionRefused`` listing every missing item (the round rule included).
    On success the application joins the round open at ``now``, ``submitted_at`` is set and
    the status moves draft → submitted through ``transition()``, which queues the
    acknowledgement email (``application_submitted``); integrations get the
    ``application.submitted`` webhook. After staff asked for missing items (``incomplete``),
    the same call submits again (same round, no deadline check).

    A double submit is harmless: the row is locked, and a call on an application already
    submitted (or further on) returns it unchanged, so two tabs or a double click make one
    submission event.
    """
    now = now or clock.now()
    with transaction.atomic():
        locked = application_services.lock(application)
        if actor is None or getattr(actor, "pk", None) != locked.applicant_id:
            raise NotFound(NOT_YOURS)
        status = Status(locked.status)
        if status not in (Status.DRAFT, Status.INCOMPLETE):
            if is_final(status):
                raise application_errors.ApplicationClosed(
                    application_errors.APPLICATION_CLOSED % {"status": status.label}
                )
            application_services.copy_state(locked, application)
            return locked
        items = missing_items(locked, now)
        if items:
            raise SubmissionRefused(items)
        first_submission = status == Status.DRAFT
        updates: dict[str, Any] = {}
        if first_submission:
            updates = {
                "round": application_selectors.round_open_at(locked.intake, now),
                "submitted_at": now,
            }
        # The eligibility outcome is stored with what was submitted, so later rule edits do
        # not rewrite history; a resubmission after a request for documents takes a new one.
        updates["eligibility_snapshot"] = eligibility_services.submission_snapshot(locked, now)
        submitted = application_services.transition(
            application=locked, to=Status.SUBMITTED, actor=actor, now=now, updates=updates
        )
        if first_submission:
            notify.emit_submitted(submitted)
    application_services.copy_state(submitted, application)
    return submitted


# --------------------------------------------------------------------------------------------
# Advice and the review page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceWarning:
    """A piece of the programme's advice that concerns this application now."""

    code: str
    trigger: str
    severity: str  # "warning" (act on it) or "info"
    text_en: str
    text_fr: str

    def text(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.text_fr if language.startswith("fr") and self.text_fr else self.text_en


def advice_for(application: Application, now: dt.datetime) -> list[AdviceWarning]:
    """The programme's advice (``catalogue.Advice``) that applies to ``application`` at
    ``now``, in the programme's order:

    - ``international_after_round``: an international applicant (not EEA/Swiss, or under
      the Études en France procedure) in a round after ``max_round`` — visa time may be short;
    - ``funding_after_round``: funding intentions include one of ``funding_routes``; a
      warning in a round after ``max_round``, a reminder (info) before;
    - ``early_round``: a draft while round 1 is open — apply now, places are limited;
    - ``always``: shown as information.

    The round is the application's (once submitted) or the one open at ``now`` for a draft.
    """
    programme = application.programme
    round_ = application_selectors.round_of(application, now)
    number = round_.number if round_ is not None else None
    profile = applicant_selectors.profile_of(application.applicant)
    facts = applicant_selectors.profile_facts(profile) if profile is not None else {}
    international = bool(facts.get("is_international") or facts.get("etudes_en_france"))
    funding = set((application.answers or {}).get("funding_intentions") or [])
    warnings = []
    for advice in programme.advice.order_by("position", "pk"):
        severity = _advice_severity(advice, application, now, number, international, funding)
        if severity is not None:
            warnings.append(
                AdviceWarning(
                    code=advice.code,
                    trigger=advice.trigger,
                    severity=severity,
                    text_en=advice.text_en,
                    text_fr=advice.text_fr,
                )
            )
    return warnings


def _late(number: int | None, max_round: int | None) -> bool:
    return number is not None and max_round is not None and number > max_round


def _advice_severity(
    advice: Any,
    application: Application,
    now: dt.datetime,
    number: int | None,
    international: bool,
    funding: set[str],
) -> str | None:
    trigger = advice.trigger
    if trigger == AdviceTrigger.ALWAYS:
        return "info"
    if trigger == AdviceTrigger.INTERNATIONAL_AFTER_ROUND:
        return "warning" if international and _late(number, advice.max_round) else None
    if trigger == AdviceTrigger.FUNDING_AFTER_ROUND:
        if not funding & set(advice.funding_routes or []):
            return None
        return "warning" if _late(number, advice.max_round) else "info"
    if trigger == AdviceTrigger.EARLY_ROUND:
        if application.status != Status.DRAFT:
            return None
        first = next(
            (r for r in application_selectors.rounds_of(application.intake) if r.number == 1),
            None,
        )
        return "info" if first is not None and first.is_open(now) else None
    return None


@dataclass(frozen=True)
class SubmissionReview:
    """What the review step shows: the round, what is missing, the advice."""

    application: Application
    round: Round | None
    missing: list[MissingItem]
    warnings: list[AdviceWarning]

    @property
    def can_submit(self) -> bool:
        return not self.missing


def review(application: Application, now: dt.datetime) -> SubmissionReview:
    return SubmissionReview(
        application=application,
        round=application_selectors.round_of(application, now),
        missing=missing_items(application, now),
        warnings=advice_for(application, now),
    )


@dataclass(frozen=True)
class NextStep:
    """What the dashboard says the applicant should do next with one application."""

    code: str
    message_en: str
    message_fr: str
    step: str | None = None

    def message(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.message_fr if language.startswith("fr") and self.message_fr else self.message_en


def next_step(application: Application, now: dt.datetime) -> NextStep | None:
    """The next thing to do for the dashboard: the first missing item of a draft, "review
    and submit" when nothing is missing, the items staff asked for, or the date results come
    out. ``None`` when the applicant has nothing left to do (a closed application)."""
    status = Status(application.status)
    tz = application.programme.time_zone
    if status == Status.DRAFT:
        missing = missing_items(application, now)
        if missing:
            first = missing[0]
            return NextStep(first.code, first.message_en, first.message_fr, first.step)
        round_ = application_selectors.round_open_at(application.intake, now)
        deadline_en = _when(round_.deadline_at, tz, "en") if round_ else ""
        deadline_fr = _when(round_.deadline_at, tz, "fr") if round_ else ""
        return NextStep(
            "submit",
            f"Everything is in: review your application and submit it before {deadline_en}.",
            f"Tout y est : relisez votre candidature et envoyez-la avant le {deadline_fr}.",
            Step.REVIEW,
        )
    if status == Status.INCOMPLETE:
        return NextStep(
            "send_missing_items",
            "The admissions team asked for missing items: add them, then submit again.",
            "L'équipe des admissions demande des éléments manquants : ajoutez-les, puis "
            "envoyez à nouveau votre candidature.",
            Step.DOCUMENTS,
        )
    if status in (Status.ADMITTED, Status.CONDITIONALLY_ADMITTED):
        return NextStep(
            "answer_offer",
            "You are admitted: accept or decline the offer before its deadline.",
            "Vous êtes admis(e) : acceptez ou déclinez la proposition avant sa date limite.",
        )
    if is_final(status) or status in (Status.ACCEPTED, Status.WAITLISTED):
        return None
    round_ = application.round
    if round_ is None or now >= round_.results_at:
        return NextStep(
            "wait",
            "Nothing to do for now: the admissions team is on it.",
            "Rien à faire pour l'instant : l'équipe des admissions s'en occupe.",
        )
    return NextStep(
        "wait_for_results",
        f"Nothing to do for now: results of round {round_.number} come out on "
        f"{_when(round_.results_at, tz, 'en')}.",
        f"Rien à faire pour l'instant : les résultats du tour {round_.number} seront publiés "
        f"le {_when(round_.results_at, tz, 'fr')}.",
    )
