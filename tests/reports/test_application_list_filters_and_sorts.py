"""The staff application list keeps what each filter asks for and sorts by every column
(``reports.applications``), for a person who may see both programmes."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.states import Status
from admissions.catalogue.models import Intake
from admissions.core import clock
from admissions.eligibility.models import EligibilityOverride
from admissions.finance.models import ApplicationFee
from admissions.reports.applications import (
    SORTS,
    ApplicationFilter,
    applications_for_list,
    count_for_list,
)
from tests.documents.stories import POST_MASTER_AT_SUBMISSION, upload
from tests.reports.conftest import apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(seed_programmes):
    return seed_programmes["post-master-ai"]


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


def found(user, **filters) -> list[str]:
    return sorted(a.reference for a in applications_for_list(user, ApplicationFilter(**filters)))


def test_each_programme_filter_keeps_only_its_applications(administrator, pm, msc):
    ours, theirs = apply(pm), apply(msc)
    assert found(administrator, programme_id=pm.pk) == [ours.reference]
    assert found(administrator, programme_id=msc.pk) == [theirs.reference]
    assert found(administrator) == sorted([ours.reference, theirs.reference])


def test_intake_round_and_entry_level_filters(administrator, pm, msc):
    first_round = apply(pm, submitted=True)
    later = pm.intakes.order_by("-academic_year").first()
    second = later.rounds.get(number=2)
    second_round = apply(pm, submitted=True, round=second)
    earlier = Intake.objects.filter(programme=pm).order_by("academic_year").first()
    assert earlier.academic_year < later.academic_year
    m2 = apply(msc, level="m2")
    assert found(administrator, round_number=2) == [second_round.reference]
    assert found(administrator, round_number=1) == [first_round.reference]
    assert found(administrator, academic_year=earlier.academic_year) == []
    assert first_round.reference in found(administrator, academic_year=later.academic_year)
    assert found(administrator, entry_level_code="m2") == [m2.reference]


def test_status_filter(administrator, pm):
    draft, submitted = apply(pm), apply(pm, submitted=True)
    assert found(administrator, status=Status.DRAFT) == [draft.reference]
    assert found(administrator, status=Status.SUBMITTED) == [submitted.reference]


def test_eligibility_filter_reads_the_override_before_the_engine(administrator, pm):
    eligible = apply(pm, submitted=True)
    overridden = apply(pm, submitted=True)
    never = apply(pm, submitted=True)
    for application in (eligible, overridden):
        application.eligibility_snapshot = {"outcome": "eligible"}
        application.save(update_fields=["eligibility_snapshot"])
    EligibilityOverride.objects.create(
        application=overridden,
        outcome="not_eligible",
        previous_outcome="eligible",
        reason="The degree is not a master's.",
        at=clock.now(),
    )
    assert found(administrator, eligibility="eligible") == [eligible.reference]
    assert found(administrator, eligibility="not_eligible") == [overridden.reference]
    assert found(administrator, eligibility="none") == [never.reference]


def test_nationality_residence_and_etudes_en_france_filters(administrator, pm):
    moroccan = apply(pm, profile={"nationalities": ["MA"], "residence_country": "MA"})
    dual = apply(pm, profile={"nationalities": ["MA", "FR"], "residence_country": "MA"})
    swiss = apply(pm, profile={"nationalities": ["CH"], "residence_country": "CH"})
    unknown = apply(pm, profile={"nationalities": [], "residence_country": "MA"})
    assert found(administrator, nationality="MA") == sorted([moroccan.reference, dual.reference])
    assert found(administrator, nationality="CH") == [swiss.reference]
    assert found(administrator, residence_country="CH") == [swiss.reference]
    # A Moroccan living in Morocco follows the procedure; a French national never does.
    assert found(administrator, etudes_en_france=True) == [moroccan.reference]
    assert found(administrator, etudes_en_france=False) == sorted(
        [dual.reference, swiss.reference, unknown.reference]
    )


def test_funding_route_filter_matches_the_whole_route_code(administrator, pm):
    cpf = apply(pm, answers={"funding_intentions": ["employer", "cpf"]})
    transitional = apply(pm, answers={"funding_intentions": ["transitional_cpf"]})
    apply(pm, answers={})
    assert found(administrator, funding_route="cpf") == [cpf.reference]
    assert found(administrator, funding_route="transitional_cpf") == [transitional.reference]


def _fee(application, status):
    now = clock.now()
    return ApplicationFee.objects.create(
        application=application,
        full_amount_cents=10000,
        amount_cents=10000,
        currency="EUR",
        status=status,
        transfer_reference=f"T{application.pk:08d}",
        created_at=now,
        updated_at=now,
    )


def test_fee_status_filter(administrator, pm):
    paid, due, none = apply(pm), apply(pm), apply(pm)
    _fee(paid, "paid")
    _fee(due, "due")
    assert found(administrator, fee_status="paid") == [paid.reference]
    assert found(administrator, fee_status="due") == [due.reference]
    assert found(administrator, fee_status="none") == [none.reference]


def test_missing_documents_filter(administrator, pm):
    complete = apply(pm)
    for code in POST_MASTER_AT_SUBMISSION:
        upload(complete, code, name=f"{code}.pdf")
    nothing_sent = apply(pm)
    assert nothing_sent.reference in found(administrator, missing_documents=True)
    assert complete.reference not in found(administrator, missing_documents=True)
    assert complete.reference in found(administrator, missing_documents=False)


@pytest.mark.parametrize(
    "typed",
    ["benalí", "BENALI", "Benali", "bénali", "yasmine", "yasmine.b@example", "PMAI"],
)
def test_search_ignores_accents_and_case(administrator, pm, typed):
    benali = apply(pm, first="Yasmine", last="Benali", email="yasmine.b@example.org")
    apply(pm, first="Ada", last="Lovelace", email="ada@example.org")
    result = found(administrator, search=typed)
    assert benali.reference in result
    if typed != "PMAI":
        assert result == [benali.reference]


def test_search_finds_an_accented_name_typed_without_accents(administrator, pm):
    helene = apply(pm, first="Hélène", last="Côté-Ñúñez")
    assert found(administrator, search="helene cote-nunez") == [helene.reference]
    assert found(administrator, search=helene.reference.lower()) == [helene.reference]


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{key}" for key in SORTS)])
def test_every_column_sorts_both_ways(administrator, pm, msc, sort):
    a = apply(pm, first="Zoé", last="Abadie", submitted=True)
    b = apply(msc, first="Ali", last="Zidane")
    rows = list(applications_for_list(administrator, ApplicationFilter(), sort=sort))
    assert {r.reference for r in rows} == {a.reference, b.reference}


def test_sorts_order_as_their_column_says(administrator, pm):
    early = apply(
        pm, last="Zeller", submitted=True, submitted_at=clock.now() - dt.timedelta(days=3)
    )
    late = apply(pm, last="Abadie", submitted=True)
    draft = apply(pm, last="Martin")

    def order(sort):
        return [
            a.reference
            for a in applications_for_list(administrator, ApplicationFilter(), sort=sort)
        ]

    assert order("name") == [late.reference, draft.reference, early.reference]
    assert order("-name") == [early.reference, draft.reference, late.reference]
    # Drafts (never submitted) come last both ways.
    assert order("submitted") == [early.reference, late.reference, draft.reference]
    assert order("-submitted") == [late.reference, early.reference, draft.reference]
    assert order("reference") == sorted([early.reference, late.reference, draft.reference])


def test_count_is_the_number_of_rows(administrator, pm):
    for _ in range(3):
        apply(pm)
    assert count_for_list(administrator, ApplicationFilter()) == 3
    assert count_for_list(administrator, ApplicationFilter(search="nobody-has-this")) == 0
