"""The applicant's quote request form: one group of fields per funding route the programme
offers (use it, the amount it covers, who pays), and a note.

The form only parses what was typed; ``finance.services.quotes.request_quote`` decides what
is valid, and ``add_service_errors`` puts each of its messages (``funding[1].payer.email``)
on the field the person typed into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.core.forms import AccessibleForm, mark_invalid, style_fields
from admissions.finance import funding
from admissions.portal.forms.applications import FUNDING_LABELS

# Routes whose payer the quote names: the employer, the funding body.
PAYER_ROUTES = ("employer", "transitional_cpf", "pole_emploi", "scholarship")
# Routes the school bills only if the payer is given (France Travail pays through its own
# platform; a scholarship may be paid to the student).
OPTIONAL_PAYER_ROUTES = ("pole_emploi", "scholarship")
PAYER_FIELDS = (
    "organisation",
    "contact_name",
    "email",
    "phone",
    "billing_address",
    "registration_number",
    "purchase_order",
)


def to_cents(amount: Decimal | None) -> int | None:
    if amount is None:
        return None
    return int((amount * 100).to_integral_value())


def euros(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


@dataclass
class RouteGroup:
    """What the template shows for one route."""

    route: str
    label: Any
    use: forms.BoundField
    amount: forms.BoundField
    payer: list[forms.BoundField]
    extra: list[forms.BoundField]
    payer_optional: bool


class QuoteRequestForm(AccessibleForm):
    note = forms.CharField(
        label=_("Anything the finance office should know"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example how your employer wants to be invoiced, or a deadline."),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        self.application = application
        programme = application.programme
        self.routes = funding.offered_routes(programme)
        self.banks = funding.banks_for(application)
        super().__init__(*args, **kwargs)
        currency = programme.currency
        for route in self.routes:
            self.fields[f"{route}_use"] = forms.BooleanField(
                label=_("Fund my studies this way"), required=False
            )
            self.fields[f"{route}_amount"] = forms.DecimalField(
                label=_("Amount it covers (%(currency)s)") % {"currency": currency},
                required=False,
                min_value=Decimal("0"),
                max_digits=10,
                decimal_places=2,
                help_text=_("Leave empty when this route covers the rest of the tuition."),
            )
            if route in PAYER_ROUTES:
                self._payer_fields(route)
            if route == "bank_loan" and self.banks:
                field = forms.ChoiceField(
                    label=_("Partner bank"),
                    required=False,
                    choices=[("", _("Not decided yet"))]
                    + [(bank.name, bank.name) for bank in self.banks],
                )
                self.fields["bank_loan_bank"] = field
            if route == "pole_emploi":
                self.fields["pole_emploi_counsellor"] = forms.CharField(
                    label=_("Your France Travail counsellor"), required=False, max_length=200
                )
            if route in ("cpf", "transitional_cpf"):
                self.fields[f"{route}_file_number"] = forms.CharField(
                    label=_("File number, if you have one"), required=False, max_length=80
                )
        style_fields(self)
        # The note is last on the page.
        self.order_fields([name for name in self.fields if name != "note"] + ["note"])

    def _payer_fields(self, route: str) -> None:
        labels = {
            "organisation": _("Organisation that pays"),
            "contact_name": _("Contact person"),
            "email": _("Email address of the contact"),
            "phone": _("Phone"),
            "billing_address": _("Billing address"),
            "registration_number": _("SIRET or VAT number"),
            "purchase_order": _("Purchase order number"),
        }
        for name in PAYER_FIELDS:
            if name == "email":
                field: forms.Field = forms.EmailField(label=labels[name], required=False)
            elif name == "billing_address":
                field = forms.CharField(
                    label=labels[name],
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                field = forms.CharField(label=labels[name], required=False, max_length=200)
            self.fields[f"{route}_{name}"] = field

    def groups(self) -> list[RouteGroup]:
        groups = []
        for route in self.routes:
            extra = [
                self[name]
                for name in (f"{route}_bank", f"{route}_counsellor", f"{route}_file_number")
                if name in self.fields
            ]
            payer = [
                self[f"{route}_{name}"] for name in PAYER_FIELDS if f"{route}_{name}" in self.fields
            ]
            groups.append(
                RouteGroup(
                    route=route,
                    label=FUNDING_LABELS.get(route, route),
                    use=self[f"{route}_use"],
                    amount=self[f"{route}_amount"],
                    payer=payer,
                    extra=extra,
                    payer_optional=route in OPTIONAL_PAYER_ROUTES,
                )
            )
        return groups

    def funding(self) -> list[dict[str, Any]]:
        """The routes ticked, as ``request_quote`` takes them, in the page's order."""
        data = self.cleaned_data
        chosen: list[dict[str, Any]] = []
        self.route_of_index: list[str] = []
        for route in self.routes:
            if not data.get(f"{route}_use"):
                continue
            entry: dict[str, Any] = {
                "route": route,
                "amount_cents": to_cents(data.get(f"{route}_amount")),
            }
            if route in PAYER_ROUTES:
                payer = {name: data.get(f"{route}_{name}") or "" for name in PAYER_FIELDS}
                if route not in OPTIONAL_PAYER_ROUTES or any(payer.values()):
                    entry["payer"] = payer
            details = {
                "bank": data.get("bank_loan_bank") if route == "bank_loan" else "",
                "counsellor": data.get("pole_emploi_counsellor") if route == "pole_emploi" else "",
                "file_number": data.get(f"{route}_file_number") or "",
            }
            entry["details"] = {key: value for key, value in details.items() if value}
            chosen.append(entry)
            self.route_of_index.append(route)
        return chosen

    def add_service_errors(self, problems: list[tuple[str, Any]]) -> None:
        """``funding[1].payer.email`` → the field ``<route>_email``; others on the form."""
        pattern = re.compile(r"^funding\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?$")
        routes = getattr(self, "route_of_index", [])
        for path, message in problems:
            name = None
            match = pattern.match(path)
            if match and int(match.group(1)) < len(routes):
                route = routes[int(match.group(1))]
                part, leaf = match.group(2), match.group(3)
                candidates = {
                    "amount_cents": f"{route}_amount",
                    "route": f"{route}_use",
                    "payer": f"{route}_{leaf or 'organisation'}",
                    "details": f"{route}_{leaf}",
                }
                name = candidates.get(part or "route")
            elif path == "note":
                name = "note"
            if name not in self.fields:
                name = None
            self.add_error(name, str(message))
        mark_invalid(self)


class DeclineForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Why do you decline it? (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
