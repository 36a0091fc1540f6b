"""Eligibility around the pure engine: evaluating, storing, overriding, re-running, deciding.

- ``compiled_rules(entry_level)``: the entry level's rules compiled once per process and kept
  while their ``rules_version`` (a hash of the tree) is unchanged, so an edited rule is
  compiled again on its next use and never served stale.
- ``evaluate_profile`` (a profile dict against one entry level: the self-check page and the
  API) and ``evaluate_application`` (an application's applicant profile, live).
- ``snapshot_on_submission``: the result stored on the application when it is submitted,
  with the rules' version and the CEFR tables' version, and the profile it was computed
  from. A later edit of the rules does not rewrite it; only an explicit re-run does.
- ``override_eligibility``: a person's judgement, with a mandatory reason, audited and on the
  timeline.
- ``reruns.preview_rerun`` / ``reruns.apply_rerun`` (in ``reruns.py``): re-evaluate every
  submitted application of an intake after a rule change, showing first what would change.
- ``decide_eligibility``: the ``eligible`` / ``ineligible`` steps of the lifecycle for
  programmes whose pipeline has the ``eligibility`` stage.

Decisions:

- **Eligibility never blocks a submission.** An applicant the rules find not eligible is
  told so, with the reasons, on the draft, and may still submit: the committee judges
  equivalences the rules cannot see, and a refusal belongs to a person (``decide_eligibility``
  and the staff pages), not to a form.
- **A re-run judges what was submitted.** The snapshot keeps the profile it was computed from
  and the day it was computed (``evaluated_on``, which decides whether a test had expired); a
  re-run evaluates that same profile on that same day with the new rules, so an applicant's
  later edits or the passing of time do not change a submitted application's outcome.
- **A person's override wins** over the engine until another override replaces it; a re-run
  refreshes the engine's result underneath but leaves the override in force (the preview
  says so).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from admissions.applicants import selectors as applicant_selectors
from admissions.applications import services as application_services
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake, Programme, Stage
from admissions.core import audit, clock
from admissions.eligibility import errors, selectors, snapshots
from admissions.eligibility.models import EligibilityOverride, OverrideOutcome
from admissions.eligibility.models import Outcome as OutcomeChoice
from admissions.rules import eligibility as engine
from admissions.rules.eligibility import Outcome, Profile, Result, Rule

__all__ = [
    "application_profile",
    "compiled_rules",
    "decide_eligibility",
    "evaluate_application",
    "evaluate_profile",
    "override_eligibility",
    "rules_versions",
    "snapshot_on_submission",
    "submission_snapshot",
]

# The timeline event kind an override writes (applications.models.EventKind lists the core ones).
EVENT_OVERRIDDEN = "eligibility_overridden"

# An entry level without rules: a person judges every application, and the result says so.
NO_RULES_TREE: Mapping[str, Any] = {
    "code": "judged-by-committee",
    "type": "review",
    "description_en": (
        "This entry level states no eligibility rules: the admissions committee judges every "
        "application."
    ),
    "description_fr": (
        "Ce niveau d'entrée n'énonce pas de conditions d'éligibilité : la commission "
        "d'admission examine chaque candidature."
    ),
}

# Outcome words stored in timeline messages (written in both languages when they happen).
OUTCOME_WORDS: Mapping[str | None, tuple[str, str]] = {
    "eligible": ("eligible", "éligible"),
    "not_eligible": ("not eligible", "non éligible"),
    "incomplete": ("information missing", "informations manquantes"),
    "needs_review": ("to be judged", "à examiner"),
    None: ("not evaluated", "non évalué"),
}


# --------------------------------------------------------------------------------------------
# Compiled rules
# --------------------------------------------------------------------------------------------

_compiled: dict[int, tuple[str, Rule]] = {}
_compiled_lock = threading.Lock()
_CACHE_LIMIT = 4096


def rules_tree(entry_level: EntryLevel) -> Mapping[str, Any]:
    return entry_level.eligibility_rules or NO_RULES_TREE


def compiled_rules(entry_level: EntryLevel) -> Rule:
    """The entry level's rules, compiled. Cached per entry level and keyed by the tree's
    ``rules_version``: hashing a tree costs microseconds, compiling it much more, and a rule
    edited in the database (or another process's YAML load) is picked up on the next call.

    Raises ``RulesUnavailable`` when the stored tree does not compile (the YAML loader refuses
    such trees; this only happens after a hand edit)."""
    tree = rules_tree(entry_level)
    version = engine.rules_version(tree)
    key = entry_level.pk
    cached = _compiled.get(key) if key is not None else None
    if cached is not None and cached[0] == version:
        return cached[1]
    try:
        rule = engine.compile_rules(tree)
    except engine.RulesError as error:
        raise errors.RulesUnavailable(
            errors.RULES_UNAVAILABLE % {"entry_level": str(entry_level), "problem": str(error)}
        ) from error
    if key is not None:
        with _compiled_lock:
            if len(_compiled) >= _CACHE_LIMIT:
                _compiled.clear()
            _compiled[key] = (version, rule)
    return rule


def rules_versions(intake: Intake) -> dict[str, str]:
    """entry level code → the version of its current rules, for the programme of
    ``intake`` (what a re-run preview was computed with)."""
    return {
        level.code: compiled_rules(level).version
        for level in EntryLevel.objects.filter(programme_id=intake.programme_id).order_by(
            "position", "code"
        )
    }


# --------------------------------------------------------------------------------------------
# Evaluating
# --------------------------------------------------------------------------------------------


def local_today(programme: Programme, now: dt.datetime | None = None) -> dt.date:
    """The date at ``now`` in the programme's time zone: tests expire by that calendar."""
    return clock.local(now or clock.now(), programme.time_zone).date()


def evaluate_profile(
    *,
    programme: Programme | str,
    entry_level: EntryLevel | str,
    profile_dict: Mapping[str, Any] | Profile,
    today: dt.date,
) -> Result:
    """Evaluate a profile (the engine's JSON shape, or an already read ``Profile``) against
    an entry level. Raises ``NotFound`` for an unknown programme or entry level and
    ``engine.ProfileError`` (every invalid field with its path) for a profile that cannot be
    read."""
    level = selectors.entry_level_of(programme, entry_level)
    profile = profile_dict if isinstance(profile_dict, Profile) else Profile.from_dict(profile_dict)
    return engine.evaluate(compiled_rules(level), profile, today=today)


def application_profile(application: Application, *, today: dt.date) -> dict[str, Any]:
    """The applicant's current profile in the engine's shape (every key unknown when the
    applicant has not started one)."""
    profile = applicant_selectors.profile_of(application.applicant)
    if profile is None:
        return {}
    return applicant_selectors.eligibility_profile(profile, today=today)


def evaluate_application(application: Application, today: dt.date | None = None) -> Result:
    """The application's eligibility now, from the applicant's current profile (what a
    draft shows live). ``today`` defaults to the date in the programme's time zone."""
    today = today or local_today(application.programme)
    profile_dict = application_profile(application, today=today)
    return engine.evaluate(
        compiled_rules(application.entry_level), Profile.from_dict(profile_dict), today=today
    )


def submission_snapshot(application: Application, now: dt.datetime | None = None) -> dict[str, Any]:
    """The snapshot to store when ``application`` is submitted at ``now``: the engine's
    result (outcome, every criterion with its sentences in English and French), the rules'
    version, the CEFR tables' version and the profile evaluated. For
    ``transition(updates={"eligibility_snapshot": …})``."""
    now = now or clock.now()
    today = local_today(application.programme, now)
    profile_dict = application_profile(application, today=today)
    result = engine.evaluate(
        compiled_rules(application.entry_level), Profile.from_dict(profile_dict), today=today
    )
    return snapshots.SnapshotWriter().snapshot(
        result=result,
        programme_slug=application.programme.slug,
        entry_level_code=application.entry_level.code,
        profile_dict=profile_dict,
        now=now,
    )


def snapshot_on_submission(application: Application, now: dt.datetime | None = None) -> Application:
    """Store the eligibility snapshot of ``application`` as submitted at ``now`` (see
    ``submission_snapshot``) and return the application. Call it in the submission's
    transaction, right after the ``draft → submitted`` transition."""
    snapshot = submission_snapshot(application, now)
    Application.objects.filter(pk=application.pk).update(eligibility_snapshot=snapshot)
    application.eligibility_snapshot = snapshot
    return application


# The criteria that explain each outcome: a leaf whose status is in the set, under groups
# whose status is in the set too (an unmet alternative inside a met group explains nothing).
_EXPLAINING: Mapping[str, frozenset[str]] = {
    Outcome.NOT_ELIGIBLE: frozenset({engine.Status.UNMET}),
    Outcome.INCOMPLETE: frozenset({engine.Status.UNKNOWN, engine.Status.PENDING}),
    Outcome.NEEDS_REVIEW: frozenset({engine.Status.REVIEW}),
    Outcome.ELIGIBLE: frozenset(),
}


def outcome_reasons(snapshot: Mapping[str, Any], language: str) -> list[str]:
    """The sentences, in ``language``, of the criteria that make a stored result what it is:
    what fails for ``not_eligible``, what is missing or awaited for ``incomplete``, what a
    person must judge for ``needs_review``."""
    explaining = _EXPLAINING.get(str(snapshot.get("outcome")), frozenset())
    key = "message_fr" if language.startswith("fr") else "message_en"
    reasons = []
    ancestors: list[tuple[int, str]] = []  # (depth, status) of the groups above
    for criterion in snapshot.get("criteria") or []:
        depth = int(criterion.get("depth") or 0)
        while ancestors and ancestors[-1][0] >= depth:
            ancestors.pop()
        status = str(criterion.get("status"))
        if criterion.get("type") in ("all_of", "any_of"):
            ancestors.append((depth, status))
            continue
        if status in explaining and all(group in explaining for _, group in ancestors):
            reasons.append(str(criterion.get(key) or criterion.get("message_en") or ""))
    return reasons


def unmet_reasons(snapshot: Mapping[str, Any], language: str) -> list[str]:
    """Why a stored result is not eligible, in ``language`` (empty for other outcomes)."""
    if snapshot.get("outcome") != Outcome.NOT_ELIGIBLE:
        return []
    return outcome_reasons(snapshot, language)


# --------------------------------------------------------------------------------------------
# Overrides
# --------------------------------------------------------------------------------------------


def _ensure_snapshot(application: Application, now: dt.datetime) -> dict[str, Any]:
    """The application's snapshot; an application submitted before this app stored them
    gets one now (from the profile as it is)."""
    if not application.eligibility_snapshot:
        snapshot_on_submission(application, now)
    return dict(application.eligibility_snapshot or {})


def override_eligibility(
    *,
    application: Application,
    outcome: str,
    reason: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> EligibilityOverride:
    """Replace the engine's outcome of ``application`` by a person's: ``eligible`` or
    ``not_eligible``, with a mandatory ``reason``. Audited, and written on the timeline (for
    staff: the reason may quote documents).

    When the application waits for its eligibility step (``submitted``, in a programme whose
    pipeline has one) the status follows at once, through ``transition()``; so does an appeal
    (``ineligible`` overridden to ``eligible``). Elsewhere the override is recorded and counts
    from then on (a later re-run leaves it in force).

    Raises ``OverrideRefused`` (no reason, unknown outcome, a draft)."""
    now = now or clock.now()
    reason = (reason or "").strip()[: application_services.MAX_REASON]
    if not reason:
        raise errors.OverrideRefused(errors.REASON_REQUIRED, field="reason")
    if outcome not in OverrideOutcome.values:
        raise errors.OverrideRefused(errors.UNKNOWN_OVERRIDE_OUTCOME, field="outcome")
    with transaction.atomic():
        locked = application_services.lock(application)
        if locked.status == Status.DRAFT:
            raise errors.OverrideRefused(errors.DRAFT_NOT_CHECKED)
        snapshot = _ensure_snapshot(locked, now)
        previous = selectors.effective_outcome(locked)
        override = EligibilityOverride.objects.create(
            application=locked,
            outcome=outcome,
            previous_outcome=previous.outcome or "",
            rules_version=str(snapshot.get("rules_version") or ""),
            reason=reason,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            at=now,
        )
        before_en, before_fr = OUTCOME_WORDS.get(previous.outcome, OUTCOME_WORDS[None])
        after_en, after_fr = OUTCOME_WORDS[outcome]
        application_services.record_event(
            application=locked,
            kind=EVENT_OVERRIDDEN,
            actor=actor,
            message_en=(
                f"Eligibility overridden by staff: {before_en} → {after_en}. Reason: {reason}"
            ),
            message_fr=(
                f"Éligibilité modifiée par l'équipe : {before_fr} → {after_fr}. Motif : {reason}"
            ),
            data={
                "override": override.pk,
                "from": previous.outcome,
                "to": outcome,
                "reason": reason,
                "rules_version": override.rules_version,
            },
            visible_to_applicant=False,
            now=now,
        )
        audit.record(
            action="eligibility.overridden",
            actor=actor,
            object_type="application",
            object_ref=locked.reference,
            programme_id=locked.programme_id,
            data={"from": previous.outcome, "to": outcome, "reason": reason},
        )
        if _has_eligibility_stage(locked.programme):
            target = _status_for(outcome)
            if locked.status == Status.SUBMITTED or (
                locked.status == Status.INELIGIBLE and target == Status.ELIGIBLE
            ):
                _move(locked, target, actor=actor, now=now, reason=reason, snapshot=snapshot)
    application_services.copy_state(locked, application)
    return override


# --------------------------------------------------------------------------------------------
# The eligible / ineligible steps
# --------------------------------------------------------------------------------------------


def _outcome_label(outcome: str | None) -> str:
    if outcome in OutcomeChoice.values:
        return str(OutcomeChoice(outcome).label)
    return str(OUTCOME_WORDS[None][0])


def _has_eligibility_stage(programme: Programme) -> bool:
    return Stage.ELIGIBILITY in (programme.pipeline or [])


def _status_for(outcome: str) -> Status:
    return Status.ELIGIBLE if outcome == Outcome.ELIGIBLE else Status.INELIGIBLE


def _move(
    application: Application,
    target: Status,
    *,
    actor: Any,
    now: dt.datetime,
    reason: str,
    snapshot: Mapping[str, Any],
) -> Application:
    language = getattr(application.applicant, "preferred_language", "") or "en"
    reasons: list[str] = []
    if target == Status.INELIGIBLE:
        reasons = unmet_reasons(snapshot, language) or ([reason] if reason else [])
        reason = reason or "; ".join(unmet_reasons(snapshot, "en"))
    return application_services.transition(
        application=application,
        to=target,
        actor=actor,
        reason=reason,
        now=now,
        data={"eligibility": {"rules_version": snapshot.get("rules_version")}},
        message_context={"reasons": reasons} if target == Status.INELIGIBLE else None,
    )


def decide_eligibility(
    *, application: Application, actor: Any, now: dt.datetime | None = None
) -> Application:
    """Move a submitted application to ``eligible`` or ``ineligible`` from its effective
    outcome (a person's latest override, else the snapshot taken at submission) through
    ``transition()``, which writes the timeline and emails the applicant (with the unmet
    criteria as reasons when not eligible).

    ``needs_review`` and ``incomplete`` stay for a person: ``EligibilityStepRefused`` says so
    (override the outcome with a reason, or ask for the missing items). Also refused: a
    programme without the eligibility stage, an application that is not ``submitted``."""
    now = now or clock.now()
    with transaction.atomic():
        locked = application_services.lock(application)
        if not _has_eligibility_stage(locked.programme):
            raise errors.EligibilityStepRefused(
                errors.NO_ELIGIBILITY_STAGE % {"programme": locked.programme.name_en}
            )
        if locked.status != Status.SUBMITTED:
            raise errors.EligibilityStepRefused(
                errors.NOT_AWAITING_ELIGIBILITY % {"status": Status(locked.status).label}
            )
        snapshot = _ensure_snapshot(locked, now)
        effective = selectors.effective_outcome(locked)
        if effective.outcome not in (Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE):
            raise errors.EligibilityStepRefused(
                errors.NEEDS_A_PERSON % {"outcome": _outcome_label(effective.outcome)}
            )
        reason = effective.override.reason if effective.override is not None else ""
        moved = _move(
            locked,
            _status_for(str(effective.outcome)),
            actor=actor,
            now=now,
            reason=reason,
            snapshot=snapshot,
        )
    application_services.copy_state(moved, application)
    return moved
