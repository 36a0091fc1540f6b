"""Card payment providers behind one interface (``base.PaymentProvider``), chosen by the
``PAYMENT_PROVIDER`` setting:

- ``simulator`` (development and the demo): a provider inside our site that signs its
  webhooks like the real one (``simulator``);
- ``hosted``: a hosted-checkout provider with Stripe Checkout's API and signing
  (``hosted``), configured by ``PAYMENT_API_URL``, ``PAYMENT_API_KEY`` and
  ``PAYMENT_WEBHOOK_SECRET``;
- ``none``: card payments are off (the production default until a provider is set up);
  the fee page offers the bank transfer only.
"""

from __future__ import annotations

from django.conf import settings

from admissions.finance.providers.base import (
    Checkout,
    EventOutcome,
    InvalidPayload,
    InvalidSignature,
    PaymentProvider,
    ProviderError,
    WebhookEvent,
)
from admissions.finance.providers.hosted import HostedCheckoutProvider
from admissions.finance.providers.simulator import SimulatorProvider

__all__ = [
    "PROVIDER_NAMES",
    "Checkout",
    "EventOutcome",
    "HostedCheckoutProvider",
    "InvalidPayload",
    "InvalidSignature",
    "PaymentProvider",
    "ProviderError",
    "SimulatorProvider",
    "WebhookEvent",
    "active_provider",
    "get_provider",
]

PROVIDER_NAMES = ("simulator", "hosted")


def get_provider(name: str) -> PaymentProvider:
    """The provider called ``name``, configured from the settings; ``LookupError`` for a
    name we do not know."""
    secret = getattr(settings, "PAYMENT_WEBHOOK_SECRET", "") or ""
    if name == "simulator":
        return SimulatorProvider(webhook_secret=secret)
    if name == "hosted":
        return HostedCheckoutProvider(
            webhook_secret=secret,
            api_key=getattr(settings, "PAYMENT_API_KEY", "") or "",
            api_url=getattr(settings, "PAYMENT_API_URL", "") or "https://api.stripe.com",
        )
    raise LookupError(name)


def active_provider() -> PaymentProvider | None:
    """The provider ``PAYMENT_PROVIDER`` names, or ``None`` when card payments are off."""
    name = getattr(settings, "PAYMENT_PROVIDER", "none")
    if name not in PROVIDER_NAMES:
        return None
    return get_provider(name)
