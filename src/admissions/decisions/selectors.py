"""What the applicant and staff read of decisions, offers and the waiting list.

``for_applicant`` is the one reader of what an applicant may see: nothing before the release
moment (by the server's clock, to the second), then the decision with its conditions and
reasons, the offer (an open offer past its deadline reads ``expired`` even before the job
closes it) and the live waiting-list position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from admissions.applications.models import Application
from admissions.core import clock
from admissions.decisions.models import (
    Decision,
    Offer,
    OfferStatus,
    Outcome,
    WaitlistEntry,
    WaitlistStatus,
)
from admissions.decisions.services import places as places_service
from admissions.decisions.services.waitlist import position


@dataclass(frozen=True)
class ApplicantDecision:
    decision: Decision | None = None
    offer: Offer | None = None
    offer_status: str | None = None
    waitlist_position: int | None = None
    conditions: list[dict[str, Any]] = field(default_factory=list)
    reasons: list[dict[str, str]] = field(default_factory=list)

    @property
    def can_answer(self) -> bool:
        return self.offer_status == OfferStatus.OPEN

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.decision.outcome).label) if self.decision else ""

    @property
    def offer_status_label(self) -> str:
        return str(OfferStatus(self.offer_status).label) if self.offer_status else ""


def released_decision(application: Application, now: dt.datetime) -> Decision | None:
    """The current decision if its release moment has come, else ``None``; a decision
    superseded after its release (a promotion) leaves the newer one."""
    return (
        Decision.objects.filter(application=application, current=True, release_at__lte=now)
        .prefetch_related("conditions__document_type")
        .first()
    )


def offer_status(offer: Offer, now: dt.datetime) -> str:
    if offer.status == OfferStatus.OPEN and clock.floor_second(now) > offer.deadline_at:
        return OfferStatus.EXPIRED
    return offer.status


def for_applicant(
    application: Application, now: dt.datetime | None = None, language: str = "en"
) -> ApplicantDecision:
    now = now or clock.now()
    decision = released_decision(application, now)
    if decision is None:
        return ApplicantDecision()
    french = language.startswith("fr")
    offer = Offer.objects.filter(application=application).order_by("-opened_at", "-pk").first()
    entry = WaitlistEntry.objects.filter(
        application=application, status=WaitlistStatus.WAITING
    ).first()
    return ApplicantDecision(
        decision=decision,
        offer=offer,
        offer_status=offer_status(offer, now) if offer is not None else None,
        waitlist_position=position(entry),
        conditions=[
            {
                "code": condition.code,
                "text": condition.text(language),
                "document_type": condition.document_type.code if condition.document_type else None,
                "due_on": condition.due_on,
                "status": condition.status,
            }
            for condition in decision.conditions.all()
        ],
        reasons=[
            {
                "code": reason.get("code", ""),
                "text": (reason.get("fr") if french and reason.get("fr") else reason.get("en", "")),
            }
            for reason in decision.reasons
        ],
    )


def places_figures(intake: Any, entry_level: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """Places, places left, offers outstanding, acceptances and the acceptance rate observed so
    far (accepted / answered), for staff."""
    now = now or clock.now()
    row = places_service.places_for(intake, entry_level)
    figures = places_service.counts(row, now)
    answered = Offer.objects.filter(
        places=row, status__in=[OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED]
    ).count()
    return {
        "places": figures.places,
        "cap": figures.cap,
        "places_left": figures.room_to_accept,
        "offers_outstanding": figures.open_offers + figures.unreleased_admissions,
        "accepted": figures.accepted,
        "acceptance_rate": (figures.accepted / answered) if answered else None,
        "waiting": WaitlistEntry.objects.filter(places=row, status=WaitlistStatus.WAITING).count(),
    }
