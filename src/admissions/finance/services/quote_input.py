"""Cleaning what a quote request or an issued quote says: funding routes, payers, lines, notes.

Every problem is collected with its field path, so a form shows them all at once; the
services in ``finance.services.quotes`` call these before they open a transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from admissions.catalogue.funding_routes import FUNDING_ROUTES
from admissions.core.money import format_money
from admissions.finance import errors
from admissions.finance import funding as funding_rules
from admissions.finance.models import PayerKind

# Routes paid by a third party that must be named on the quote and its invoice.
PAYER_REQUIRED_ROUTES = frozenset({"employer", "transitional_cpf"})
# The payer a route's details describe, when the request does not say.
DEFAULT_PAYER_KIND: Mapping[str, str] = {
    "self_funded": PayerKind.APPLICANT,
    "employer": PayerKind.EMPLOYER,
    "cpf": PayerKind.FUNDING_BODY,
    "transitional_cpf": PayerKind.FUNDING_BODY,
    "pole_emploi": PayerKind.FUNDING_BODY,
    "bank_loan": PayerKind.BANK,
    "scholarship": PayerKind.FUNDING_BODY,
}
THIRD_PARTY_KINDS = frozenset(
    {PayerKind.EMPLOYER, PayerKind.FUNDING_BODY, PayerKind.BANK, PayerKind.OTHER}
)
PAYER_FIELDS: Mapping[str, int] = {
    "organisation": 200,
    "contact_name": 200,
    "email": 254,
    "phone": 40,
    "billing_address": 1000,
    "registration_number": 40,
    "purchase_order": 80,
}
# What a route's details may hold: the partner bank chosen, the France Travail counsellor, the
# CPF or Fongecif file number.
DETAIL_FIELDS: Mapping[str, int] = {"bank": 200, "counsellor": 200, "file_number": 80}
NOTE_MAX_LENGTH = 5000
LINE_LABEL_MAX_LENGTH = 200


# --------------------------------------------------------------------------------------------
# Reading input
# --------------------------------------------------------------------------------------------


def _money(cents: int, currency: str) -> str:
    return format_money(cents, currency)


def _route_label(route: str) -> str:
    return funding_rules.route_name(route)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _whole_cents(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _clean_payer(
    route: str, payer: Any, path: str, problems: list[tuple[str, Any]]
) -> dict[str, str] | None:
    if payer is None and route not in PAYER_REQUIRED_ROUTES:
        return None
    payer = payer if isinstance(payer, Mapping) else {}
    kind = _text(payer.get("kind")) or DEFAULT_PAYER_KIND.get(route, PayerKind.OTHER)
    if kind not in PayerKind.values:
        problems.append(
            (
                f"{path}.kind",
                errors.QUOTE_PAYER_KIND_UNKNOWN
                % {"kind": kind, "kinds": ", ".join(PayerKind.values)},
            )
        )
        return None
    cleaned = {"kind": kind}
    for name, limit in PAYER_FIELDS.items():
        value = _text(payer.get(name))
        if len(value) > limit:
            problems.append(
                (
                    f"{path}.{name}",
                    errors.QUOTE_FIELD_TOO_LONG % {"length": len(value), "limit": limit},
                )
            )
        cleaned[name] = value
    if kind in THIRD_PARTY_KINDS or route in PAYER_REQUIRED_ROUTES:
        if not cleaned["organisation"]:
            problems.append((f"{path}.organisation", errors.QUOTE_PAYER_ORGANISATION_REQUIRED))
        if not cleaned["email"]:
            problems.append((f"{path}.email", errors.QUOTE_PAYER_EMAIL_REQUIRED))
        if not cleaned["billing_address"]:
            problems.append((f"{path}.billing_address", errors.QUOTE_PAYER_ADDRESS_REQUIRED))
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            problems.append(
                (f"{path}.email", errors.QUOTE_PAYER_EMAIL_INVALID % {"email": cleaned["email"]})
            )
    return cleaned


def _clean_details(
    programme: Any, route: str, details: Any, path: str, problems: list[tuple[str, Any]]
) -> dict[str, str]:
    if not isinstance(details, Mapping):
        return {}
    cleaned = {}
    for name, limit in DETAIL_FIELDS.items():
        value = _text(details.get(name))
        if not value:
            continue
        if len(value) > limit:
            problems.append(
                (
                    f"{path}.{name}",
                    errors.QUOTE_FIELD_TOO_LONG % {"length": len(value), "limit": limit},
                )
            )
            continue
        cleaned[name] = value
    bank = cleaned.get("bank")
    if bank and route == "bank_loan":
        names = [item.name for item in funding_rules.partner_banks(programme)]
        if names and bank not in names:
            problems.append(
                (
                    f"{path}.bank",
                    errors.QUOTE_UNKNOWN_BANK % {"bank": bank, "banks": ", ".join(names)},
                )
            )
    return cleaned


def clean_funding(*, programme: Any, funding_routes: Any) -> list[dict[str, Any]]:
    """The funding of a request as stored, or ``QuoteRequestInvalid`` naming each wrong field
    (``funding[1].amount_cents``, ``funding[0].payer.email``, …)."""
    problems: list[tuple[str, Any]] = []
    if not isinstance(funding_routes, Sequence) or isinstance(funding_routes, str | bytes):
        funding_routes = []
    if not funding_routes:
        raise errors.QuoteRequestInvalid([("funding", errors.QUOTE_NO_ROUTE)])
    offered = funding_rules.offered_routes(programme)
    known = FUNDING_ROUTES
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(funding_routes):
        path = f"funding[{index}]"
        entry = entry if isinstance(entry, Mapping) else {}
        route = _text(entry.get("route"))
        if route not in known:
            problems.append(
                (
                    f"{path}.route",
                    errors.QUOTE_UNKNOWN_ROUTE % {"route": route, "routes": ", ".join(known)},
                )
            )
            continue
        if route not in offered:
            problems.append(
                (
                    f"{path}.route",
                    errors.QUOTE_ROUTE_NOT_OFFERED
                    % {
                        "programme": programme.name_en,
                        "route": _route_label(route),
                        "routes": ", ".join(_route_label(r) for r in offered),
                    },
                )
            )
            continue
        if route in seen:
            problems.append(
                (f"{path}.route", errors.QUOTE_ROUTE_TWICE % {"route": _route_label(route)})
            )
            continue
        seen.add(route)
        amount = entry.get("amount_cents")
        if amount is not None and _whole_cents(amount) is None:
            problems.append((f"{path}.amount_cents", errors.QUOTE_AMOUNT_NOT_WHOLE))
            continue
        cleaned.append(
            {
                "index": index,
                "route": route,
                "amount_cents": amount,
                "payer": _clean_payer(route, entry.get("payer"), f"{path}.payer", problems),
                "details": _clean_details(
                    programme, route, entry.get("details"), f"{path}.details", problems
                ),
            }
        )
    without_amount = [item for item in cleaned if item["amount_cents"] is None]
    if len(cleaned) > 1 and len(without_amount) > 1:
        for item in without_amount[1:]:
            problems.append((f"funding[{item['index']}].amount_cents", errors.QUOTE_AMOUNT_MISSING))
    tuition = int(programme.tuition_cents or 0)
    running = 0
    for item in cleaned:
        if item["amount_cents"] is None:
            continue
        running += item["amount_cents"]
        if running > tuition:
            total = sum(i["amount_cents"] or 0 for i in cleaned)
            problems.append(
                (
                    f"funding[{item['index']}].amount_cents",
                    errors.QUOTE_AMOUNTS_EXCEED_TUITION
                    % {
                        "total": _money(total, programme.currency),
                        "tuition": _money(tuition, programme.currency),
                    },
                )
            )
            break
    if problems:
        raise errors.QuoteRequestInvalid(problems)
    return cleaned


def clean_lines(lines: Any) -> list[dict[str, Any]]:
    problems: list[tuple[str, Any]] = []
    if not isinstance(lines, Sequence) or isinstance(lines, str | bytes) or not lines:
        raise errors.QuoteRequestInvalid([("lines", errors.QUOTE_NO_LINES)])
    cleaned: list[dict[str, Any]] = []
    for index, line in enumerate(lines):
        line = line if isinstance(line, Mapping) else {}
        path = f"lines[{index}]"
        label_en = _text(line.get("label_en"))
        label_fr = _text(line.get("label_fr")) or label_en
        amount = _whole_cents(line.get("amount_cents"))
        if not label_en:
            problems.append((f"{path}.label_en", errors.QUOTE_LINE_LABEL_REQUIRED))
        for name, value in (("label_en", label_en), ("label_fr", label_fr)):
            if len(value) > LINE_LABEL_MAX_LENGTH:
                problems.append(
                    (
                        f"{path}.{name}",
                        errors.QUOTE_FIELD_TOO_LONG
                        % {"length": len(value), "limit": LINE_LABEL_MAX_LENGTH},
                    )
                )
        if amount is None:
            problems.append((f"{path}.amount_cents", errors.QUOTE_LINE_AMOUNT_INVALID))
        cleaned.append({"label_en": label_en, "label_fr": label_fr, "amount_cents": amount or 0})
    if not problems and sum(line["amount_cents"] for line in cleaned) <= 0:
        problems.append(("lines", errors.QUOTE_TOTAL_ZERO))
    if problems:
        raise errors.QuoteRequestInvalid(problems)
    return cleaned


def check_note(note: str, field: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise errors.QuoteRequestInvalid(
            [(field, errors.QUOTE_NOTE_TOO_LONG % {"length": len(note), "limit": NOTE_MAX_LENGTH})]
        )
    return note
