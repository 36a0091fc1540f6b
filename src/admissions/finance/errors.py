"""The refusals of the money side, each a sentence a person can act on.

Module-level constants so tests assert on the very message people see.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from admissions.applications.selectors import APPLICATION_NOT_FOUND
from admissions.core.errors import DomainError
from admissions.core.permissions import PERMISSIONS

NO_FEE = _("This programme charges no application fee: there is nothing to pay.")
ALREADY_SETTLED = _("The application fee is already settled: there is nothing more to pay.")
CURRENCY_MISMATCH = _(
    "The payment is in %(got)s but the fee is in %(expected)s. Nothing was recorded; "
    "check the payment with the bank or the payment provider."
)
AMOUNT_NOT_POSITIVE = _("A payment must be of a positive amount.")


class FinanceError(DomainError):
    """A money rule refused an action; nothing was recorded."""


# --- Bank transfers, statements, waivers and deferrals (helper H2) -------------------------

BANK_REFERENCE_REQUIRED = _(
    "Give the bank's reference of the transaction (as printed on the statement): it keeps "
    "one transfer from being recorded twice."
)
TRANSFER_ALREADY_RECORDED = _(
    "The bank transaction %(bank_reference)s is already recorded: %(amount)s received on "
    "%(received_on)s for application %(reference)s. Nothing was recorded twice."
)
TRANSFER_FEE_SETTLED = _(
    "The application fee of %(reference)s is already %(status)s: nothing was recorded. If "
    "the applicant paid twice, send the money back from the bank account and note why."
)
STATEMENT_EMPTY = _("The file is empty. Export the statement from your bank again, then import it.")
STATEMENT_TOO_LARGE = _(
    "The file is larger than %(limit)s. Export a shorter period from your bank, then import "
    "each file in turn."
)
STATEMENT_TOO_MANY_ROWS = _(
    "The file has more than %(limit)s rows. Export a shorter period from your bank, then "
    "import each file in turn."
)
STATEMENT_NOT_TEXT = _(
    "This file is not a CSV text file (it looks like %(what)s). Export the statement from "
    "your bank as CSV (text separated by semicolons or commas), then import it."
)
STATEMENT_NO_HEADER = _(
    "No header row was found: the first lines of a statement must name its columns (for "
    "example Date;Libellé;Montant;Devise;Référence). Missing: %(missing)s."
)
STATEMENT_ROW_TOO_SHORT = _(
    "Row %(row)s has %(count)s values where the header has %(expected)s: the column "
    "“%(column)s” is missing. Correct the row in the file, then import it again."
)
STATEMENT_BAD_DATE = _(
    "Row %(row)s, column “%(column)s”: “%(value)s” is not a date. Use dd/mm/yyyy (or "
    "yyyy-mm-dd), then import the file again."
)
STATEMENT_BAD_AMOUNT = _(
    "Row %(row)s, column “%(column)s”: “%(value)s” is not an amount. Use digits with at most "
    "two decimals (150,00 or 150.00), then import the file again."
)
STATEMENT_BAD_CURRENCY = _(
    "Row %(row)s, column “%(column)s”: “%(value)s” is not a currency code. Use a three-letter "
    "code such as EUR, then import the file again."
)
STATEMENT_NO_BANK_REFERENCE = _(
    "Row %(row)s, column “%(column)s”: the bank's reference of this incoming transfer is "
    "empty. Every incoming line needs it, so one transfer is never recorded twice."
)
STATEMENT_ALREADY_APPLIED = _(
    "This statement was already applied on %(applied_at)s by %(actor)s: nothing was recorded again."
)
STATEMENT_DISCARDED = _("This statement was discarded: import the file again to apply it.")
STATEMENT_OUT_OF_SCOPE = _(
    "This statement has payments for programmes you do not manage (rows %(rows)s). Ask a "
    "finance officer of those programmes, or of every programme, to apply it."
)
STATEMENT_DISCARD_OUT_OF_SCOPE = _(
    "This statement has payments for programmes you do not manage (rows %(rows)s). Ask a "
    "finance officer of those programmes, or of every programme, to discard it."
)
WAIVER_REASON_REQUIRED = _("Explain why you ask for the fee to be waived.")
WAIVER_PROOF_REQUIRED = _(
    "Add a proof of your situation (a PDF, JPEG or PNG file), such as a job-seeker's "
    "certificate or a scholarship letter."
)
WAIVER_ALREADY_OPEN = _(
    "You already asked for the fee to be waived on %(requested_on)s and the request is "
    "waiting for a decision. Withdraw it first if you want to ask again."
)
WAIVER_FEE_SETTLED = _("The application fee is already %(status)s: there is no fee left to waive.")
WAIVER_ALREADY_DECIDED = _(
    "This waiver request was already %(status)s by %(actor)s on %(decided_at)s. Reload the "
    "page to see the decision."
)
WAIVER_NOT_OPEN = _("This waiver request is no longer waiting for a decision (%(status)s).")
WAIVER_REFUSAL_NOTE_REQUIRED = _(
    "Give the reason for refusing: the applicant reads it on their application."
)
WAIVER_GRANT_FEE_PAID = _(
    "The fee was paid meanwhile, so it cannot be waived. Refuse the request, or record a "
    "refund of the payment first."
)
DEFERRAL_REASON_REQUIRED = _("Give the reason for deferring the fee: it is kept in the ledger.")
DEFERRAL_DATE_PAST = _("The fee can only be deferred to a later date than today.")
DEFERRAL_FEE_SETTLED = _("The application fee is already %(status)s: there is nothing to defer.")
NOT_DEFERRED = _("The application fee is not deferred: there is no deferral to end.")
WAIVER_NOT_YOURS = APPLICATION_NOT_FOUND  # the one refusal of another person's application


# --- Quotes and funding routes (helper H3: services/quotes.py, quote_input.py, funding.py) ---

QUOTE_REQUEST_INVALID = _(
    "Some fields of the quote request need your attention. Nothing was recorded: correct them "
    "and send the request again."
)
QUOTE_INTAKE_STARTED = _(
    "Classes of %(programme)s started on %(starts_on)s: a quote can no longer be requested for "
    "this intake. Contact the programme's business and administrative services."
)
QUOTE_APPLICATION_CLOSED = _(
    "This application is “%(status)s”: no quote can be requested for it any more."
)
QUOTE_TUITION_NOT_PUBLISHED = _(
    "The tuition for %(year)s is not published yet: there is no quote to request. Ask the "
    "programme's contacts when it will be, then come back to this page."
)
QUOTE_REQUEST_PENDING = _(
    "A quote request of yours is already waiting for the finance office (sent on %(date)s). "
    "Wait for the quote, or cancel that request before sending another one."
)
QUOTE_NO_ROUTE = _("Choose at least one way of funding your studies.")
QUOTE_UNKNOWN_ROUTE = _("“%(route)s” is not a way of funding we know. Choose among: %(routes)s.")
QUOTE_ROUTE_NOT_OFFERED = _(
    "%(programme)s does not offer funding through “%(route)s”. Choose among: %(routes)s."
)
QUOTE_ROUTE_TWICE = _("“%(route)s” is listed twice: give it once, with its whole amount.")
QUOTE_AMOUNT_NOT_WHOLE = _(
    "An amount is a whole number of cents, zero or more (for example 250000 for €2,500)."
)
QUOTE_AMOUNTS_EXCEED_TUITION = _(
    "The amounts add up to %(total)s, more than the tuition (%(tuition)s). Lower them so that "
    "they add up to the tuition at most."
)
QUOTE_AMOUNT_MISSING = _(
    "With several funding routes, give the amount of each one but one: the route left without "
    "an amount covers the rest."
)
QUOTE_PAYER_REQUIRED = _(
    "Funding through “%(route)s” is paid by a third party: give its organisation, email "
    "address and billing address."
)
QUOTE_PAYER_ORGANISATION_REQUIRED = _(
    "Give the name of the organisation that pays: the quote and its invoice are made out to it."
)
QUOTE_PAYER_EMAIL_REQUIRED = _("Give the payer's email address: the quote is sent there.")
QUOTE_PAYER_EMAIL_INVALID = _("“%(email)s” is not a valid email address.")
QUOTE_PAYER_ADDRESS_REQUIRED = _(
    "Give the payer's billing address: it is printed on the quote and its invoice."
)
QUOTE_PAYER_KIND_UNKNOWN = _("“%(kind)s” is not a kind of payer we know. Choose among: %(kinds)s.")
QUOTE_FIELD_TOO_LONG = _("This is %(length)s characters long; the limit is %(limit)s.")
QUOTE_UNKNOWN_BANK = _("“%(bank)s” is not one of the programme's partner banks: %(banks)s.")
QUOTE_ALREADY_HANDLED = _(
    "This quote is no longer “%(expected)s”: someone else has just made it “%(status)s”. "
    "Nothing was changed; refresh the page to see it as it is now."
)
QUOTE_NOT_ISSUED = _("Only an issued quote can be %(action)s; this one is “%(status)s”.")
QUOTE_EXPIRED = _(
    "This quote was valid until %(date)s and can no longer be accepted. Ask for a new one."
)
QUOTE_NO_LINES = _("A quote needs at least one line: the tuition, at least.")
QUOTE_LINE_LABEL_REQUIRED = _(
    "Give this line a label in English (the French label, if left empty, repeats it)."
)
QUOTE_LINE_AMOUNT_INVALID = _("A line's amount is a whole number of cents, zero or more.")
QUOTE_NOTE_TOO_LONG = _("The note is %(length)s characters long; the limit is %(limit)s.")
QUOTE_TOTAL_ZERO = _("The quote's total is zero: give the tuition's amount.")
QUOTE_FUNDING_EXCEEDS_TOTAL = _(
    "The funding amounts asked for add up to %(funded)s, more than the quote's total "
    "(%(total)s). Check the lines, or ask the applicant to request a new quote."
)
QUOTE_VALIDITY_PAST = _(
    "The quote would be valid until %(date)s, before today (%(today)s): choose a later date."
)
QUOTE_PAYER_NOT_ON_QUOTE = _("This payer is not on this quote.")
QUOTE_PAYER_WITHOUT_EMAIL = _(
    "This payer has no email address, so the quote cannot be sent to them. Send the PDF "
    "another way, or ask the applicant for the address."
)
QUOTE_NOT_FOUND = _("No quote of this application has this number.")


class QuoteRefused(FinanceError):
    """A quote action was refused as a whole (the intake has started, the quote was handled
    by someone else, …); nothing was recorded."""


class QuoteRequestInvalid(FinanceError):
    """Fields of a quote request or of the quote being issued are wrong; ``errors`` lists
    (field path, message) pairs such as ``("funding[1].payer.email", …)``."""

    def __init__(
        self, errors: list[tuple[str, object]], message: object = QUOTE_REQUEST_INVALID
    ) -> None:
        super().__init__(message, field=errors[0][0] if errors else None, code="quote_invalid")
        self.errors = list(errors)


# --- Card payments, reductions, refunds and receipts (helper H1) ------------------------------
APPLICATION_CLOSED_FOR_PAYMENT = _(
    "This application is closed: its fee can no longer be paid. Contact the admissions office "
    "if you think this is a mistake."
)
CARD_PAYMENTS_OFF = _(
    "Card payments are not available at the moment. Pay by bank transfer with the reference "
    "shown on this page, or try again later."
)
PROVIDER_UNAVAILABLE = _(
    "The payment service did not answer, so nothing was charged. Try again in a few minutes, "
    "or pay by bank transfer."
)
IDEMPOTENCY_KEY_REUSED = _(
    "This payment form was already used for another fee. Reload the fee page and pay again."
)
REDUCTION_UNKNOWN = _(
    "This programme offers no such fee reduction. Choose one of the reductions listed on the "
    "fee page."
)
REDUCTION_AFTER_PAYMENT = _(
    "A payment was already made towards this fee, so its amount can no longer change. Contact "
    "the finance office if a reduction applies to you."
)
REDUCTION_NOT_DUE = _(
    "The fee is no longer due (paid, waived or deferred): a reduction cannot be claimed now."
)
REDUCTION_PENDING_PAYMENT = _(
    "A card payment of this fee is in progress. Wait for its outcome (a few minutes at most) "
    "before claiming a reduction."
)
# The refusal of ``finance.refund`` (a not-found refusal, like every permission check).
REFUND_NOT_ALLOWED = PERMISSIONS["finance.refund"].message
REFUND_NOT_RECEIVED = _(
    "Only a received payment can be refunded; this one was not received (pending, failed or "
    "cancelled)."
)
REFUND_TOO_MUCH = _(
    "A refund cannot exceed what is left of the payment: at most %(available)s can still be "
    "refunded."
)
REFUND_REASON_REQUIRED = _("Say why the payment is refunded: the reason is kept with the refund.")
REFUND_PROVIDER_FAILED = _(
    "The payment provider refused the refund, so nothing was recorded: %(detail)s. Check the "
    "payment on the provider's dashboard, then try again."
)
