"""Eligibility in the submission flow (found by ``portal.services.submission.autodiscover``).

Eligibility never blocks a submission (see ``services``: the committee judges what the rules
cannot see), so this module has no ``missing_items``. It contributes one checklist item while
the application can still be edited: the live outcome of the rules on the applicant's current
profile, with every criterion's sentence in English and French, so the draft shows whether
the applicant is eligible and why before they submit. Once submitted, the application's
``eligibility_snapshot`` is what counts and what pages show.

This module imports nothing from the portal: the dependency points from the portal down.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from admissions.applications.models import Application
from admissions.applications.states import EDITABLE
from admissions.eligibility import errors, services
from admissions.eligibility.models import Outcome
from admissions.rules import eligibility as engine

CHECKLIST_CODE = "eligibility"


def checklist(application: Application, now: dt.datetime) -> list[dict[str, Any]]:
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
    return [
        {
            "code": CHECKLIST_CODE,
            "kind": "eligibility",
            "label_en": "Eligibility",
            "label_fr": "Éligibilité",
            "required": False,
            "blocking": False,
            "state": str(result.outcome),
            "done": result.outcome is engine.Outcome.ELIGIBLE,
            # One line each, for pages that show a checklist item as "label: message".
            "message_en": _summary(result, snapshot, "en"),
            "message_fr": _summary(result, snapshot, "fr"),
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
