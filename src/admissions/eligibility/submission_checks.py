"""Eligibility in the submission flow (listed in ``admissions.workflows.submission.CHECKLISTS``).

Eligibility never blocks a submission (see ``services``: the committee judges what the rules
cannot see), so it has no check in ``SUBMISSION_CHECKS``. It contributes one checklist item while
the application can still be edited: the live outcome of the rules on the applicant's current
profile, with every criterion's sentence in English and French, so the draft shows whether
the applicant is eligible and why before they submit. Once submitted, the application's
``eligibility_snapshot`` is what counts and what pages show.

This module imports nothing above ``eligibility``: the dependency points from the workflow down.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from admissions.applications.checks import ChecklistItem
from admissions.applications.models import Application
from admissions.applications.states import EDITABLE
from admissions.eligibility import errors, services
from admissions.eligibility.models import Outcome
from admissions.rules import eligibility as engine

CHECKLIST_CODE = "eligibility"
LABEL_EN = "Eligibility"
LABEL_FR = "Éligibilité"


def eligibility_checklist(application: Application, now: dt.datetime) -> list[ChecklistItem]:
    if application.status not in EDITABLE:
        return []
    today = services.local_today(application.programme, now)
    try:
        result = services.evaluate_application(application, today)
    except (errors.RulesUnavailable, engine.ProfileError):
        # A staff configuration problem or a profile the engine cannot read must not break
        # the applicant's page; staff see the rules problem on their side.
        return []
    snapshot = result.to_snapshot()
    message_en = _summary(result, snapshot, "en")
    message_fr = _summary(result, snapshot, "fr")
    record = {
        "code": CHECKLIST_CODE,
        "kind": "eligibility",
        "label_en": LABEL_EN,
        "label_fr": LABEL_FR,
        "required": False,
        "blocking": False,
        "state": str(result.outcome),
        "done": result.outcome is engine.Outcome.ELIGIBLE,
        # One line each, for pages that show a checklist item as "label: message".
        "message_en": message_en,
        "message_fr": message_fr,
        "rules_version": result.rules_version,
        "criteria": [
            {
                "code": criterion["code"],
                "status": criterion["status"],
                "depth": criterion["depth"],
                "message_en": criterion["message_en"],
                "message_fr": criterion["message_fr"],
            }
            for criterion in snapshot["criteria"]
        ],
    }
    return [
        ChecklistItem(
            code=CHECKLIST_CODE,
            label_en=LABEL_EN,
            label_fr=LABEL_FR,
            state=str(result.outcome),
            state_en=message_en,
            state_fr=message_fr,
            record=record,
        )
    ]


def _summary(result: engine.Result, snapshot: dict[str, Any], language: str) -> str:
    """The outcome and what explains it: "Not eligible: TOEIC 690 is below the 700 this
    programme requires." """
    with translation.override(language):
        label = str(Outcome(result.outcome).label)
    reasons = services.outcome_reasons(snapshot, language)
    if not reasons:
        return f"{label}. {result.message(language)}"
    separator = " : " if language == "fr" else ": "
    return label + separator + " ".join(reasons)
