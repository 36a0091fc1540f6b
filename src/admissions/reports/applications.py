"""The staff application list: one queryset from one validated filter, the page of it a person
reads, its count, and the rows of its CSV export.

Everything here is limited to the programmes where the person may view applications
(``core.permissions.filter_by_scope``): an officer of the MSc never sees a row, a count or an
exported line of the Post-Master's. The list reads one query per page, whatever its length
(programme, intake, entry level, round, applicant, profile and fee joined; the eligibility
outcome read as one value of the stored result, never the whole result).

Filters that wait for the review app's data (score range, reviewer) are not offered yet.

Search: ``Application.search_text`` holds the reference, names and address lowercased and
without accents (``core.text.searchable``); the query is normalised the same way and looked
for as a substring, so "benalí" finds "Benali" on SQLite and PostgreSQL alike. PostgreSQL
answers it from a trigram index (applications migration 0006).

Counting: a deep page of 100,000 applications must not count them all again at each click.
The count of one person's scope and filters is kept for ``COUNT_SECONDS`` in the cache; a
new filter counts once.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.cache import cache
from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.applicants.etudes_en_france import EXEMPT_NATIONALITIES, covered_countries
from admissions.applications.models import Application
from admissions.applications.selectors import FUNDING_ROUTE_LABELS, country_name
from admissions.applications.states import Status
from admissions.catalogue.models import DocumentRequirement, RequirementTiming
from admissions.core.permissions import filter_by_scope, programme_scope
from admissions.core.text import searchable
from admissions.documents.models import Document, DocumentStatus
from admissions.eligibility.models import EligibilityOverride, Outcome
from admissions.finance.models.fees import FeeStatus
from admissions.reports.models import SavedFilter

VIEW = "application.view"
EXPORT = "reports.export"
PAGE_SIZE = 50
COUNT_SECONDS = 60
NEVER_EVALUATED = "none"  # the eligibility filter's value for "not evaluated yet"
NO_FEE = "none"  # the fee filter's value for "no fee set up"


@dataclass(frozen=True)
class ApplicationFilter:
    """What the list is limited to; every field empty means every application in scope.
    Values are already validated (the page's form does it): ids and codes that exist."""

    programme_id: int | None = None
    academic_year: int | None = None
    round_number: int | None = None
    entry_level_code: str = ""
    status: str = ""
    eligibility: str = ""  # an ``Outcome`` or ``NEVER_EVALUATED``
    nationality: str = ""  # ISO 3166 code
    residence_country: str = ""
    etudes_en_france: bool | None = None
    funding_route: str = ""  # a code of ``catalogue.funding_routes``
    fee_status: str = ""  # a ``FeeStatus`` or ``NO_FEE``
    missing_documents: bool | None = None
    search: str = ""

    def described(self) -> dict[str, str]:
        """The filters in use, as text (the audit record of an export keeps them)."""
        return {
            field.name: str(value)
            for field in dataclasses.fields(self)
            if (value := getattr(self, field.name)) not in (None, "")
        }


# --- Sorting ---------------------------------------------------------------------------------

# The list's columns that can be sorted, and the order each means; a key prefixed with "-"
# sorts descending. Anything else is refused by the form before it reaches a query.
SORTS: dict[str, tuple[str, ...]] = {
    "reference": ("reference",),
    "name": ("applicant__last_name", "applicant__first_name"),
    "programme": ("programme__name_en",),
    "round": ("round__number",),
    "entry_level": ("entry_level__position", "entry_level__code"),
    "status": ("status",),
    "eligibility": ("eligibility_outcome",),
    "fee": ("fee__status",),
    "submitted": ("submitted_at",),
}
DEFAULT_SORT = "-submitted"


def sort_choices() -> list[str]:
    return [key for name in SORTS for key in (name, f"-{name}")]


def _ordering(sort: str) -> list[Any]:
    descending = sort.startswith("-")
    fields = SORTS[sort.lstrip("-")]
    ordering: list[Any] = []
    for name in fields:
        expression = F(name)
        # Empty values last both ways, on both databases (they differ by default).
        ordering.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    ordering.append(F("pk").desc() if descending else F("pk").asc())
    return ordering


# --- The queryset ------------------------------------------------------------------------------


def _eligibility_outcome() -> Coalesce:
    """The outcome that counts: a person's latest override, else the engine's stored one."""
    latest_override = (
        EligibilityOverride.objects.filter(application_id=OuterRef("pk"))
        .order_by("-at", "-pk")
        .values("outcome")[:1]
    )
    return Coalesce(
        Subquery(latest_override),
        KT("eligibility_snapshot__outcome"),
        output_field=CharField(),
    )


def missing_documents() -> Exists:
    """Whether a document required to submit has no usable file (none sent, or every one
    sent rejected). One EXISTS per row, answered from the requirement's and the document's
    indexes. Documents that may come after submission have their own queue (the documents
    waiting page). Requirements asked only on a condition of the profile ("a French
    degree") are left out: their condition is evaluated in Python
    (``documents.selectors.checklist_items``), not in SQL."""
    usable = Document.objects.filter(
        application_id=OuterRef(OuterRef("pk")),
        document_type_id=OuterRef("document_type_id"),
        removed_at__isnull=True,
    ).exclude(status=DocumentStatus.REJECTED)
    requirements = (
        DocumentRequirement.objects.filter(
            programme_id=OuterRef("programme_id"),
            required=True,
            condition="",
            timing=RequirementTiming.AT_SUBMISSION,
        )
        .filter(Q(entry_level__isnull=True) | Q(entry_level_id=OuterRef("entry_level_id")))
        .exclude(Exists(usable))
    )
    return Exists(requirements)


def _json_list_has(path: str, code: str) -> Q:
    """A JSON list (``["MA", "FR"]``) holds ``code``: its text holds the quoted code. Works the
    same on SQLite, whose JSON functions cannot test list membership, and PostgreSQL."""
    return Q(**{f"{path}__icontains": f'"{code}"'})


# The names of the list's annotations (the effective eligibility outcome, the missing flag).
OUTCOME = "eligibility_outcome"
MISSING = "missing_documents"
NATIONALITIES = "applicant__applicant_profile__nationalities"
RESIDENCE = "applicant__applicant_profile__residence_country"


def etudes_en_france_applies() -> Q:
    """The procedure applies (``applicants.etudes_en_france.derive``): the person lives in a
    covered country and holds no exempt nationality."""
    exempt = reduce(or_, (_json_list_has(NATIONALITIES, code) for code in EXEMPT_NATIONALITIES))
    # No nationality given yet: unknown, so not "applies" (a list with one holds a quote).
    some_nationality = Q(**{f"{NATIONALITIES}__icontains": '"'})
    return Q(**{f"{RESIDENCE}__in": sorted(covered_countries())}) & some_nationality & ~exempt


def _filtered(queryset: QuerySet[Application], f: ApplicationFilter) -> QuerySet[Application]:
    if f.programme_id is not None:
        queryset = queryset.filter(programme_id=f.programme_id)
    if f.academic_year is not None:
        queryset = queryset.filter(intake__academic_year=f.academic_year)
    if f.round_number is not None:
        queryset = queryset.filter(round__number=f.round_number)
    if f.entry_level_code:
        queryset = queryset.filter(entry_level__code=f.entry_level_code)
    if f.status:
        queryset = queryset.filter(status=f.status)
    if f.eligibility == NEVER_EVALUATED:
        queryset = queryset.filter(**{f"{OUTCOME}__isnull": True})
    elif f.eligibility:
        queryset = queryset.filter(**{OUTCOME: f.eligibility})
    if f.nationality:
        queryset = queryset.filter(_json_list_has(NATIONALITIES, f.nationality))
    if f.residence_country:
        queryset = queryset.filter(**{RESIDENCE: f.residence_country})
    if f.etudes_en_france is True:
        queryset = queryset.filter(etudes_en_france_applies())
    elif f.etudes_en_france is False:
        queryset = queryset.exclude(etudes_en_france_applies())
    if f.funding_route:
        queryset = queryset.filter(_json_list_has("answers__funding_intentions", f.funding_route))
    if f.fee_status == NO_FEE:
        queryset = queryset.filter(fee__isnull=True)
    elif f.fee_status:
        queryset = queryset.filter(fee__status=f.fee_status)
    if f.missing_documents is not None:
        queryset = queryset.filter(**{MISSING: f.missing_documents})
    if f.search:
        words = searchable(f.search).split()
        for word in words[:5]:
            queryset = queryset.filter(search_text__contains=word)
    return queryset


LIST_FIELDS = (
    "reference",
    "status",
    "submitted_at",
    "programme_id",
    "applicant__first_name",
    "applicant__last_name",
    "applicant__email",
    "programme__slug",
    "programme__name_en",
    "programme__name_fr",
    "programme__time_zone",
    "intake__academic_year",
    "entry_level__code",
    "entry_level__name_en",
    "entry_level__name_fr",
    "round__number",
    "fee__status",
)


def _kept(
    user: Any, filters: ApplicationFilter, *, action: str = VIEW, sort: str = ""
) -> QuerySet[Application]:
    """The applications in scope that ``filters`` keep, with no join or annotation beyond
    what the filters and ``sort`` need: what the count and a page's ids read."""
    queryset = filter_by_scope(user, VIEW, Application.objects.all())
    if action != VIEW:
        queryset = filter_by_scope(user, action, queryset)
    if filters.eligibility or sort.lstrip("-") == "eligibility":
        queryset = queryset.annotate(**{OUTCOME: _eligibility_outcome()})
    if filters.missing_documents is not None:
        queryset = queryset.annotate(**{MISSING: missing_documents()})
    return _filtered(queryset, filters)


def applications_for_list(
    user: Any, filters: ApplicationFilter, *, sort: str = DEFAULT_SORT, action: str = VIEW
) -> QuerySet[Application]:
    """The applications ``user`` may see (``action`` on their programme) that ``filters``
    keep, in ``sort`` order (a key of ``sort_choices()``), with what a row shows joined."""
    queryset = _kept(user, filters, action=action, sort=sort)
    if OUTCOME not in queryset.query.annotations:
        queryset = queryset.annotate(**{OUTCOME: _eligibility_outcome()})
    return (
        queryset.select_related("programme", "intake", "entry_level", "round", "applicant", "fee")
        .only(*LIST_FIELDS)
        .order_by(*_ordering(sort))
    )


def _count_key(user: Any, action: str, filters: ApplicationFilter) -> str:
    scope = programme_scope(user, action)
    view_scope = programme_scope(user, VIEW)
    raw = repr((sorted(scope) if scope is not None else None, view_scope and sorted(view_scope)))
    raw += repr(sorted(filters.described().items()))
    return "reports.application_count." + hashlib.sha256(raw.encode()).hexdigest()


def count_for_list(user: Any, filters: ApplicationFilter, *, action: str = VIEW) -> int:
    """How many applications the list holds, counted once per scope and filters every
    ``COUNT_SECONDS`` (pages of the same list reuse it). The key is the scope itself, not the
    person: two officers of the same programmes share it, and nobody reads another scope's."""
    key = _count_key(user, action, filters)
    count = cache.get(key)
    if count is None:
        count = _kept(user, filters, action=action).count()
        cache.set(key, count, COUNT_SECONDS)
    return int(count)


@dataclass(frozen=True)
class ListPage:
    rows: list[Application]
    number: int
    count: int
    page_size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def past_the_end(self) -> bool:
        return self.number > self.num_pages

    @property
    def has_previous(self) -> bool:
        return 1 < self.number <= self.num_pages + 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last_row(self) -> int:
        return (self.number - 1) * self.page_size + len(self.rows)


def page_of(
    user: Any,
    filters: ApplicationFilter,
    *,
    sort: str = DEFAULT_SORT,
    number: int = 1,
    page_size: int = PAGE_SIZE,
) -> ListPage:
    """Page ``number`` (from 1) of the list: its rows and the list's count. A page past the
    end has no rows and no query for them.

    Two queries, however deep the page: the page's ids first, read in order from the
    application table alone (``OFFSET`` walks an index, not six joins), then those rows
    with what they show joined."""
    count = count_for_list(user, filters)
    rows: list[Application] = []
    if (number - 1) * page_size < count:
        start = (number - 1) * page_size
        ids = list(
            _kept(user, filters, sort=sort)
            .order_by(*_ordering(sort))
            .values_list("pk", flat=True)[start : start + page_size]
        )
        by_id = {
            application.pk: application
            for application in applications_for_list(user, filters, sort=sort)
            .filter(pk__in=ids)
            .order_by()
        }
        rows = [by_id[pk] for pk in ids if pk in by_id]
        for application in rows:
            # What the row shows, in the page's language.
            application.eligibility_label = _eligibility(application)  # type: ignore[attr-defined]
            application.fee_label = _fee_status(application)  # type: ignore[attr-defined]
    return ListPage(rows=rows, number=number, count=count, page_size=page_size)


# --- Export -----------------------------------------------------------------------------------


class Labels:
    """The words an export writes for codes, read once per export in its language: a choice's
    label looked up per row (``get_status_display``) costs a translation each time, which
    dominated the export of 100,000 rows."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in Status.choices}
        self.fee = {value: str(label) for value, label in FeeStatus.choices}
        self.outcome = {value: str(label) for value, label in Outcome.choices}
        self.funding = {code: str(label) for code, label in FUNDING_ROUTE_LABELS.items()}
        self._zones: dict[str, Any] = {}
        self._countries: dict[str, str] = {}

    def local(self, application: Application, value: Any) -> str:
        if value is None:
            return ""
        name = application.programme.time_zone
        if name not in self._zones:
            try:
                self._zones[name] = ZoneInfo(name)
            except (KeyError, ValueError, ZoneInfoNotFoundError):
                self._zones[name] = None
        zone = self._zones[name]
        local = timezone.localtime(value, zone) if zone is not None else value
        return local.isoformat(timespec="minutes")

    def country(self, code: str) -> str:
        if code not in self._countries:
            self._countries[code] = country_name(code)
        return self._countries[code]


def _profile(application: Application) -> Any:
    return getattr(application.applicant, "applicant_profile", None)


def _fee_code(application: Application) -> str:
    fee = getattr(application, "fee", None)
    return fee.status if fee is not None else ""


def _fee_status(application: Application) -> str:
    fee = getattr(application, "fee", None)
    return fee.get_status_display() if fee is not None else ""


def _eligibility(application: Application) -> str:
    outcome = getattr(application, "eligibility_outcome", None)
    return str(Outcome(outcome).label) if outcome in Outcome.values else ""


def _nationalities(application: Application, labels: Labels) -> str:
    profile = _profile(application)
    return " ".join(profile.nationalities or []) if profile is not None else ""


def _residence(application: Application, labels: Labels) -> str:
    profile = _profile(application)
    return labels.country(profile.residence_country) if profile is not None else ""


def _funding(application: Application, labels: Labels) -> str:
    codes = (application.answers or {}).get("funding_intentions") or []
    return "; ".join(labels.funding.get(code, code) for code in codes)


@dataclass(frozen=True)
class Column:
    label: Any
    value: Callable[[Application, Labels], Any]


# The columns an export may hold, in their order; ``columns=`` picks among these keys.
EXPORT_COLUMNS: dict[str, Column] = {
    "reference": Column(_("Reference"), lambda a, _l: a.reference),
    "family_name": Column(_("Family name"), lambda a, _l: a.applicant.last_name),
    "given_names": Column(_("Given names"), lambda a, _l: a.applicant.first_name),
    "email": Column(_("Email"), lambda a, _l: a.applicant.email),
    "programme": Column(_("Programme"), lambda a, _l: a.programme.slug),
    "intake": Column(_("Intake"), lambda a, _l: a.intake.academic_year),
    "round": Column(_("Round"), lambda a, _l: a.round.number if a.round is not None else ""),
    "entry_level": Column(_("Entry level"), lambda a, _l: a.entry_level.code),
    "status": Column(_("Status"), lambda a, labels: labels.status.get(a.status, a.status)),
    "eligibility": Column(
        _("Eligibility"),
        lambda a, labels: labels.outcome.get(getattr(a, "eligibility_outcome", None) or "", ""),
    ),
    "fee_status": Column(_("Fee status"), lambda a, labels: labels.fee.get(_fee_code(a), "")),
    "submitted_at": Column(_("Submitted"), lambda a, labels: labels.local(a, a.submitted_at)),
    "nationalities": Column(_("Nationalities"), _nationalities),
    "residence_country": Column(_("Country of residence"), _residence),
    "funding_intentions": Column(_("Funding intentions"), _funding),
}
DEFAULT_EXPORT_COLUMNS: tuple[str, ...] = (
    "reference",
    "family_name",
    "given_names",
    "email",
    "programme",
    "intake",
    "round",
    "entry_level",
    "status",
    "eligibility",
    "fee_status",
    "submitted_at",
)


def rows_for_export(
    user: Any,
    filters: ApplicationFilter,
    *,
    columns: tuple[str, ...],
    sort: str = DEFAULT_SORT,
    chunk_size: int = 2000,
) -> Iterator[list[Any]]:
    """The export's cells, one list per application the person may export (``reports.export``
    and ``application.view`` on its programme), read ``chunk_size`` rows at a time so memory
    stays flat whatever the count."""
    queryset = applications_for_list(user, filters, sort=sort, action=EXPORT)
    fields = list(LIST_FIELDS)
    if {"nationalities", "residence_country"} & set(columns):
        queryset = queryset.select_related("applicant__applicant_profile")
        fields += [
            "applicant__applicant_profile__nationalities",
            "applicant__applicant_profile__residence_country",
        ]
    if "funding_intentions" in columns:
        fields.append("answers")
    queryset = queryset.only(*fields)
    chosen = [EXPORT_COLUMNS[key].value for key in columns]
    labels = Labels()  # in the language active now: the view's
    for application in queryset.iterator(chunk_size=chunk_size):
        yield [value(application, labels) for value in chosen]


def export_count(user: Any, filters: ApplicationFilter) -> int:
    """How many rows the export of these filters writes (counted now, not cached)."""
    return _kept(user, filters, action=EXPORT).count()


def saved_filters_of(owner: Any) -> list[SavedFilter]:
    """The person's saved filters of the list, by name."""
    return list(SavedFilter.objects.filter(owner=owner).order_by("name"))
