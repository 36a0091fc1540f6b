"""The refusals of the money side, each a sentence a person can act on.

Module-level constants so tests assert on the very message people see.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admissions.core.errors import DomainError

NO_FEE = _("This programme charges no application fee: there is nothing to pay.")
ALREADY_SETTLED = _("The application fee is already settled: there is nothing more to pay.")
CURRENCY_MISMATCH = _(
    "The payment is in %(got)s but the fee is in %(expected)s. Nothing was recorded; "
    "check the payment with the bank or the payment provider."
)
AMOUNT_NOT_POSITIVE = _("A payment must be of a positive amount.")


class FinanceError(DomainError):
    """A money rule refused an action; nothing was recorded."""
