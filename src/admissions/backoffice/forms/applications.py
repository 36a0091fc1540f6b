"""The staff application list's filter form (GET, so a search is a link to bookmark or save)
and the form that saves it.

Every choice is read from what the person may see: programmes of their scope, the intakes,
rounds and entry levels of those programmes. A value that is not a choice (a programme of
someone else, a status that does not exist, a sort on an unknown column) is an error of the
form, which the page shows with a 400: nothing unknown ever reaches a query.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from admissions.applications.selectors import FUNDING_ROUTE_LABELS
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake, Programme, Round
from admissions.core.forms import AccessibleForm
from admissions.core.permissions import programme_scope
from admissions.eligibility.models import Outcome
from admissions.finance.models.fees import FeeStatus
from admissions.reports import applications as application_list
from admissions.reports.applications import ApplicationFilter

ANY = ("", pgettext_lazy("filter", "Any"))
YES_NO = [ANY, ("yes", _("Yes")), ("no", _("No"))]
UNKNOWN_SORT = _("The list cannot be sorted by this column. Choose a column heading to sort.")
PAGE_NOT_A_NUMBER = _("The page must be a whole number from 1. Go back to the first page.")

# The list's sortable columns as the table heads them, in the table's order.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("reference", _("Reference")),
    ("name", _("Applicant")),
    ("programme", _("Programme")),
    ("round", _("Round")),
    ("entry_level", _("Entry level")),
    ("status", _("Status")),
    ("eligibility", _("Eligibility")),
    ("fee", _("Fee")),
    ("submitted", _("Submitted")),
)

# The query parameters of the list that are filters (what a saved filter keeps, with sort).
FILTER_PARAMETERS = (
    "q",
    "programme",
    "intake",
    "round",
    "level",
    "status",
    "eligibility",
    "fee",
    "missing",
    "nationality",
    "residence",
    "eef",
    "funding",
)


def _countries() -> list[tuple[str, str]]:
    return [ANY, *((code, str(name)) for code, name in countries)]


class ApplicationFilterForm(AccessibleForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Part of a name, an email address or a reference; accents and case ignored."),
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    intake = forms.TypedChoiceField(label=_("Intake"), required=False, coerce=int, empty_value=None)
    round = forms.TypedChoiceField(label=_("Round"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Entry level"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    eligibility = forms.ChoiceField(label=_("Eligibility"), required=False)
    fee = forms.ChoiceField(label=_("Application fee"), required=False)
    missing = forms.ChoiceField(
        label=_("Documents missing"),
        required=False,
        choices=YES_NO,
        help_text=_("A required document of the checklist with no usable file."),
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    residence = forms.ChoiceField(label=_("Country of residence"), required=False)
    eef = forms.ChoiceField(
        label=_("Études en France procedure"),
        required=False,
        choices=YES_NO,
        help_text=_("Whether the applicant must also follow the Campus France procedure."),
    )
    funding = forms.ChoiceField(label=_("Funding route"), required=False)
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": UNKNOWN_SORT},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": PAGE_NOT_A_NUMBER, "min_value": PAGE_NOT_A_NUMBER},
    )

    def __init__(self, data: Any = None, *, user: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        scope = programme_scope(user, application_list.VIEW)
        programmes = Programme.objects.order_by("name_en")
        if scope is not None:
            programmes = programmes.filter(pk__in=scope)
        self.programmes = {p.slug: p for p in programmes.only("pk", "slug", "name_en", "name_fr")}
        ids = [p.pk for p in self.programmes.values()]
        years = (
            Intake.objects.filter(programme_id__in=ids)
            .order_by("-academic_year")
            .values_list("academic_year", flat=True)
            .distinct()
        )
        numbers = (
            Round.objects.filter(intake__programme_id__in=ids)
            .order_by("number")
            .values_list("number", flat=True)
            .distinct()
        )
        levels: dict[str, str] = {}
        for code, name_en, name_fr in (
            EntryLevel.objects.filter(programme_id__in=ids)
            .order_by("position", "code")
            .values_list("code", "name_en", "name_fr")
        ):
            levels.setdefault(code, _bilingual(name_en, name_fr))
        self.fields["programme"].choices = [
            ANY,
            *((slug, _bilingual(p.name_en, p.name_fr)) for slug, p in self.programmes.items()),
        ]
        self.fields["intake"].choices = [ANY, *((y, f"{y}–{y + 1}") for y in years)]
        self.fields["round"].choices = [
            ANY,
            *((n, _("Round %(number)s") % {"number": n}) for n in numbers),
        ]
        self.fields["level"].choices = [ANY, *levels.items()]
        self.fields["status"].choices = [ANY, *Status.choices]
        self.fields["eligibility"].choices = [
            ANY,
            *Outcome.choices,
            (application_list.NEVER_EVALUATED, _("Not evaluated yet")),
        ]
        self.fields["fee"].choices = [
            ANY,
            *FeeStatus.choices,
            (application_list.NO_FEE, _("No fee set up")),
        ]
        self.fields["nationality"].choices = _countries()
        self.fields["residence"].choices = _countries()
        self.fields["funding"].choices = [ANY, *FUNDING_ROUTE_LABELS.items()]
        self.fields["sort"].choices = [("", ""), *((k, k) for k in application_list.sort_choices())]
        if self.is_bound:
            self.mark_invalid()

    def filters(self) -> ApplicationFilter:
        data = self.cleaned_data if self.is_bound else {}
        programme = self.programmes.get(data.get("programme") or "")
        return ApplicationFilter(
            programme_id=programme.pk if programme else None,
            academic_year=data.get("intake"),
            round_number=data.get("round"),
            entry_level_code=data.get("level") or "",
            status=data.get("status") or "",
            eligibility=data.get("eligibility") or "",
            nationality=data.get("nationality") or "",
            residence_country=data.get("residence") or "",
            etudes_en_france=_yes_no(data.get("eef")),
            funding_route=data.get("funding") or "",
            fee_status=data.get("fee") or "",
            missing_documents=_yes_no(data.get("missing")),
            search=(data.get("q") or "").strip(),
        )

    def chosen_sort(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_bound else "") or (
            application_list.DEFAULT_SORT
        )

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if self.is_bound else None) or 1


def _bilingual(name_en: str, name_fr: str) -> str:
    if (get_language() or "en").startswith("fr") and name_fr:
        return name_fr
    return name_en


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class SaveFilterForm(AccessibleForm):
    name = forms.CharField(
        label=_("Name of this filter"),
        max_length=80,
        help_text=_("Your saved filters are yours only; they are listed on this page."),
    )
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
