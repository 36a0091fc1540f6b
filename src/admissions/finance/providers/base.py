"""What every card payment provider offers the ledger, whatever its API looks like.

A provider hosts the checkout page (the card details never reach us), tells us the outcome
through signed webhooks, and refunds. ``services.card`` drives it; nothing else calls a
provider directly.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from admissions.finance.models import Payment


class ProviderError(Exception):
    """The provider could not be reached or refused a call; nothing changed on its side."""


class InvalidSignature(Exception):
    """A webhook whose signature is missing, wrong, or too old: it did not come from the
    provider (or was replayed long after), so it is not believed."""


class InvalidPayload(Exception):
    """A correctly signed webhook whose body is not an event we can read."""


class EventOutcome:
    """What a provider event means for the payment it is about."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    OTHER = "other"


@dataclass(frozen=True)
class Checkout:
    """Where to send the card holder, and the provider's id for that checkout session."""

    url: str
    session_id: str


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    event_type: str
    outcome: str
    # The checkout session the event is about, and our payment's public id as we gave it to
    # the provider (``client_reference_id``): either finds the payment.
    session_id: str = ""
    payment_public_id: str = ""
    amount_cents: int | None = None
    currency: str = ""
    failure_reason: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


class PaymentProvider(abc.ABC):
    """A hosted-checkout card payment provider."""

    name: str = ""

    @abc.abstractmethod
    def start_checkout(self, payment: Payment, return_url: str, cancel_url: str) -> Checkout:
        """Open a checkout session for ``payment`` (its amount and currency); the card
        holder comes back to ``return_url`` after paying, to ``cancel_url`` when they give
        up. Raises ``ProviderError``."""

    @abc.abstractmethod
    def verify_webhook(
        self, body: bytes, headers: Mapping[str, str], *, now: dt.datetime | None = None
    ) -> WebhookEvent:
        """The event in a webhook's raw ``body``, once its signature is checked. Raises
        ``InvalidSignature`` (bad or missing signature, timestamp outside the tolerance)
        or ``InvalidPayload`` (signed, but not an event)."""

    @abc.abstractmethod
    def refund(self, payment: Payment, amount_cents: int) -> str:
        """Give ``amount_cents`` of a received payment back to the card; returns the
        provider's refund reference. Raises ``ProviderError``."""
