"""A programme's decision settings, read from its YAML's ``settings`` with their defaults.

::

    settings:
      registration_window_days: 10        # the offer's window after release (default 10)
      decisions:
        over_offer_ratio: 1.0             # offers may exceed places by this factor (>= 1)
        promotion: automatic              # or confirm: staff confirm each waitlist offer
        last_offer_days_before_classes: 7 # no freed place is offered after that day
        last_offer_at: 2027-09-20         # or a fixed last day (wins over the line above)
        entry_level_places: {m1: 20}      # places counted per entry level (else the intake's)
        refusal_reasons:
          - code: academic_level
            text: {en: "…", fr: "…"}
        conditions:
          - code: final_diploma
            text: {en: "…", fr: "…"}
            document_type: diplomas       # the evidence the applicant uploads
            due_days: 60                  # due that many days after release (optional)

Everything here has a default, so a programme whose YAML says nothing still decides: no
reasons list (free text only), no conditions list, ratio 1.0, automatic promotion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language

from admissions.catalogue.models import Programme

DEFAULT_WINDOW_DAYS = 10
DEFAULT_LAST_OFFER_DAYS = 7
AUTOMATIC = "automatic"
CONFIRM = "confirm"


@dataclass(frozen=True)
class Explained:
    """A code from the programme's list with its plain-words text in English and French."""

    code: str
    text_en: str
    text_fr: str
    document_type: str = ""
    due_days: int | None = None

    def text(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.text_fr if language.startswith("fr") and self.text_fr else self.text_en


@dataclass(frozen=True)
class DecisionSettings:
    window_days: int
    over_offer_ratio: Decimal
    promotion: str
    last_offer_days: int
    last_offer_on: dt.date | None
    entry_level_places: dict[str, int]
    refusal_reasons: dict[str, Explained]
    conditions: dict[str, Explained]

    @property
    def confirm_promotions(self) -> bool:
        return self.promotion == CONFIRM


def _explained(items: Any) -> dict[str, Explained]:
    found: dict[str, Explained] = {}
    for item in items or ():
        if not isinstance(item, dict) or not item.get("code"):
            continue
        text = item.get("text") or {}
        if not isinstance(text, dict):
            text = {"en": str(text)}
        due = item.get("due_days")
        found[str(item["code"])] = Explained(
            code=str(item["code"]),
            text_en=str(text.get("en") or item.get("en") or item["code"]),
            text_fr=str(text.get("fr") or item.get("fr") or ""),
            document_type=str(item.get("document_type") or ""),
            due_days=int(due) if isinstance(due, int) and due > 0 else None,
        )
    return found


def _ratio(value: Any) -> Decimal:
    try:
        ratio = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(1)
    return ratio if ratio >= 1 else Decimal(1)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def settings_of(programme: Programme) -> DecisionSettings:
    settings = programme.settings or {}
    decisions = settings.get("decisions") or {}
    window = settings.get("registration_window_days", DEFAULT_WINDOW_DAYS)
    last_days = decisions.get("last_offer_days_before_classes", DEFAULT_LAST_OFFER_DAYS)
    levels = decisions.get("entry_level_places") or {}
    return DecisionSettings(
        window_days=int(window) if isinstance(window, int) and window > 0 else DEFAULT_WINDOW_DAYS,
        over_offer_ratio=_ratio(decisions.get("over_offer_ratio", 1)),
        promotion=CONFIRM if decisions.get("promotion") == CONFIRM else AUTOMATIC,
        last_offer_days=int(last_days) if isinstance(last_days, int) else DEFAULT_LAST_OFFER_DAYS,
        last_offer_on=_date(decisions.get("last_offer_at")),
        entry_level_places={
            str(code): int(n)
            for code, n in (levels.items() if isinstance(levels, dict) else ())
            if isinstance(n, int) and n >= 0
        },
        refusal_reasons=_explained(decisions.get("refusal_reasons")),
        conditions=_explained(decisions.get("conditions")),
    )
