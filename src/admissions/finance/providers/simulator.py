"""A card provider that lives inside our site, for development, the demo and the tests.

It behaves as the hosted provider does, seen from the ledger: ``start_checkout`` opens a
session whose page (``/payments/simulator/<session>/``, ``api.payment_views``) shows the
amount with three buttons: pay, card declined, cancel. Each sends a webhook signed with
``PAYMENT_WEBHOOK_SECRET`` exactly as the hosted provider signs them (``signing``), in the
hosted provider's event shape (``hosted.parse_checkout_event``), to the same service the
webhook endpoint calls, then sends the browser back to the return (or cancel) URL. No
network is involved.

What a real provider keeps about a session (amount, currency, return URLs) travels in the
checkout URL, signed with the site's secret key (``django.core.signing``), so the simulator
needs no table of its own and a tampered URL is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core import signing as django_signing
from django.urls import reverse

from admissions.core import clock
from admissions.finance.providers import signing
from admissions.finance.providers.base import Checkout, EventOutcome, PaymentProvider
from admissions.finance.providers.hosted import CheckoutWebhooks

if TYPE_CHECKING:
    from admissions.finance.models import Payment

STATE_SALT = "admissions.finance.simulator"
# A session stays payable for a day, as hosted checkouts do.
SESSION_MAX_AGE = dt.timedelta(hours=24)

EVENT_TYPES = {
    EventOutcome.SUCCEEDED: "checkout.session.completed",
    EventOutcome.FAILED: "checkout.session.async_payment_failed",
    EventOutcome.CANCELLED: "checkout.session.expired",
}


class SessionInvalid(Exception):
    """A simulator URL that was not made by us, or has expired."""


@dataclass(frozen=True)
class SimulatedSession:
    session_id: str
    payment_public_id: str
    amount_cents: int
    currency: str
    description: str
    return_url: str
    cancel_url: str


class SimulatorProvider(CheckoutWebhooks, PaymentProvider):
    name = "simulator"

    def __init__(self, *, webhook_secret: str) -> None:
        self.webhook_secret = webhook_secret

    # -- what the ledger calls ------------------------------------------------------------

    def start_checkout(self, payment: Payment, return_url: str, cancel_url: str) -> Checkout:
        session_id = f"sim_cs_{secrets.token_hex(12)}"
        state = django_signing.dumps(
            {
                "s": session_id,
                "p": str(payment.public_id),
                "a": payment.amount_cents,
                "c": payment.currency,
                "d": payment.fee.application.reference,
                "r": return_url,
                "x": cancel_url,
            },
            salt=STATE_SALT,
            compress=True,
        )
        path = reverse("payments:simulator", args=[session_id])
        return Checkout(
            url=f"{path}?{urllib.parse.urlencode({'state': state})}", session_id=session_id
        )

    def refund(self, payment: Payment, amount_cents: int) -> str:
        return f"sim_re_{secrets.token_hex(12)}"

    # -- what the simulator's pages call --------------------------------------------------

    def read_session(self, session_id: str, state: str) -> SimulatedSession:
        try:
            data = django_signing.loads(state, salt=STATE_SALT, max_age=SESSION_MAX_AGE)
        except django_signing.BadSignature:
            raise SessionInvalid(session_id) from None
        if not isinstance(data, dict) or data.get("s") != session_id:
            raise SessionInvalid(session_id)
        return SimulatedSession(
            session_id=session_id,
            payment_public_id=str(data["p"]),
            amount_cents=int(data["a"]),
            currency=str(data["c"]),
            description=str(data.get("d", "")),
            return_url=str(data["r"]),
            cancel_url=str(data["x"]),
        )

    def event_body(
        self,
        session: SimulatedSession,
        outcome: str,
        *,
        now: dt.datetime | None = None,
        event_id: str | None = None,
        amount_cents: int | None = None,
        currency: str | None = None,
    ) -> bytes:
        """The body the provider posts for ``outcome`` (``EventOutcome``); tests may change
        the amount or currency to play a provider that disagrees with us."""
        now = now or clock.now()
        paid = outcome == EventOutcome.SUCCEEDED
        payload: dict[str, Any] = {
            "id": event_id or f"sim_evt_{secrets.token_hex(12)}",
            "object": "event",
            "type": EVENT_TYPES[outcome],
            "created": int(now.timestamp()),
            "data": {
                "object": {
                    "id": session.session_id,
                    "object": "checkout.session",
                    "client_reference_id": session.payment_public_id,
                    "amount_total": session.amount_cents if amount_cents is None else amount_cents,
                    "currency": (currency or session.currency).lower(),
                    "payment_status": "paid" if paid else "unpaid",
                    "payment_intent": f"sim_pi_{session.session_id[7:]}",
                    "metadata": {
                        "payment": session.payment_public_id,
                        **(
                            {"failure_reason": "The card was declined (simulated)."}
                            if outcome == EventOutcome.FAILED
                            else {}
                        ),
                    },
                }
            },
        }
        return json.dumps(payload, separators=(",", ":")).encode()

    def signed_headers(self, body: bytes, *, now: dt.datetime | None = None) -> dict[str, str]:
        return {
            signing.SIGNATURE_HEADER: signing.signature_header(
                self.webhook_secret, body, at=now or clock.now()
            ),
            "Content-Type": "application/json",
        }
