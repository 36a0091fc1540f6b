"""The money side of admissions: application fees and what settles them (payments, waivers,
deferrals), refunds, receipts, bank statements, and tuition quotes with their funding.

Money is an integer number of cents with its currency (``core.money.format_money`` shows it).
Nothing here is deleted by a normal action: a refund is a row next to its payment, a revised
quote is a new version next to the old one, and every change is a ``FinanceEvent`` with its
actor.
"""

from admissions.finance.models.common import FinanceCounter, FinanceEvent, FinanceEventKind
from admissions.finance.models.fees import (
    ApplicationFee,
    FeeStatus,
    FeeWaiver,
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProviderWebhook,
    Receipt,
    Refund,
    WaiverStatus,
    WebhookOutcome,
)
from admissions.finance.models.quotes import (
    FundingRoute,
    Payer,
    PayerKind,
    Quote,
    QuoteFunding,
    QuoteLine,
    QuoteStatus,
)
from admissions.finance.models.statements import BankStatement, BankStatementLine, LineOutcome

__all__ = [
    "ApplicationFee",
    "BankStatement",
    "BankStatementLine",
    "FeeStatus",
    "FeeWaiver",
    "FinanceCounter",
    "FinanceEvent",
    "FinanceEventKind",
    "FundingRoute",
    "LineOutcome",
    "Payer",
    "PayerKind",
    "Payment",
    "PaymentMethod",
    "PaymentStatus",
    "ProviderWebhook",
    "Quote",
    "QuoteFunding",
    "QuoteLine",
    "QuoteStatus",
    "Receipt",
    "Refund",
    "WaiverStatus",
    "WebhookOutcome",
]
