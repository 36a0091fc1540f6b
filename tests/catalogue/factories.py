"""Factories for the catalogue, and the smallest valid programme YAML.

Rounds are scheduled around a moment: ``RoundFactory(open_at=now)`` is open at ``now``,
``RoundFactory(closed_at=now)`` has passed its deadline without results yet,
``RoundFactory(released_at=now)`` has its results out, ``RoundFactory(upcoming_at=now)`` has
not opened. The traits ``open``, ``closed``, ``released`` and ``upcoming`` do the same around
``core.clock.now()``; with no argument a round is open now.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import factory
import yaml
from factory.django import DjangoModelFactory

from admissions.catalogue.models import (
    Advice,
    AdviceTrigger,
    Designation,
    DocumentRequirement,
    DocumentType,
    EntryLevel,
    Intake,
    Panel,
    Programme,
    ProgrammeKind,
    RequirementTiming,
    ReviewCriterion,
    Round,
    Stage,
)
from admissions.core import clock

DAY = dt.timedelta(days=1)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    class Params:
        post_master = factory.Trait(
            kind=ProgrammeKind.POST_MASTER,
            designation=Designation.MASTERE_SPECIALISE,
            duration_months=12,
            ects=75,
            company_training_required=True,
            pipeline=[Stage.ELIGIBILITY, Stage.INTERVIEW, Stage.PANEL],
            tuition_cents=1_850_000,
            application_fee_cents=15_000,
        )
        unpublished = factory.Trait(is_published=False)

    slug = factory.Sequence(lambda n: f"programme-{n}")
    reference_prefix = factory.Sequence(lambda n: f"P{n:04d}")
    kind = ProgrammeKind.MSC_ENGINEERING
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    name_fr = factory.Sequence(lambda n: f"Programme {n} (fr)")
    languages_of_instruction = factory.LazyFunction(lambda: ["en"])
    duration_months = 24
    ects = 120
    time_zone = "Europe/Paris"
    pipeline = factory.LazyFunction(
        lambda: [Stage.ELIGIBILITY, Stage.COMMITTEE_REVIEW, Stage.INTERVIEW]
    )


class EntryLevelFactory(DjangoModelFactory):
    class Meta:
        model = EntryLevel

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"level-{n}")
    position = factory.Sequence(lambda n: n)
    name_en = factory.LazyAttribute(lambda o: f"Entry level {o.code}")


class IntakeFactory(DjangoModelFactory):
    class Meta:
        model = Intake

    programme = factory.SubFactory(ProgrammeFactory)
    academic_year = factory.Sequence(lambda n: 2030 + n)
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.academic_year, 9, 1))

    class Params:
        limited = factory.Trait(places=30)


def _schedule(o: Any) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """(opens_at, deadline_at, results_at) around the moment the parameters name."""
    if o.upcoming_at is not None:
        opens = clock.floor_second(o.upcoming_at) + 7 * DAY
        deadline = opens + 30 * DAY
        return opens, deadline, deadline + 30 * DAY
    if o.closed_at is not None:
        deadline = clock.floor_second(o.closed_at) - DAY
        return deadline - 30 * DAY, deadline, o.closed_at + 7 * DAY
    if o.released_at is not None:
        results = clock.floor_second(o.released_at) - DAY
        deadline = results - 30 * DAY
        return deadline - 30 * DAY, deadline, results
    anchor = clock.floor_second(o.open_at if o.open_at is not None else clock.now())
    deadline = anchor + 20 * DAY
    return anchor - 10 * DAY, deadline, deadline + 30 * DAY


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = Round

    class Params:
        open_at = None
        closed_at = None
        released_at = None
        upcoming_at = None
        open = factory.Trait(open_at=factory.LazyFunction(clock.now))
        closed = factory.Trait(closed_at=factory.LazyFunction(clock.now))
        released = factory.Trait(released_at=factory.LazyFunction(clock.now))
        upcoming = factory.Trait(upcoming_at=factory.LazyFunction(clock.now))

    intake = factory.SubFactory(IntakeFactory)
    number = factory.Sequence(lambda n: n + 1)
    opens_at = factory.LazyAttribute(lambda o: _schedule(o)[0])
    deadline_at = factory.LazyAttribute(lambda o: _schedule(o)[1])
    results_at = factory.LazyAttribute(lambda o: _schedule(o)[2])


class PanelFactory(DjangoModelFactory):
    """``PanelFactory(rounds=[round_1, round_2])`` decides those rounds; it sits the day after
    the latest of their deadlines (in the programme's time zone)."""

    class Meta:
        model = Panel
        skip_postgeneration_save = True

    intake = factory.SubFactory(IntakeFactory)
    number = factory.Sequence(lambda n: n + 1)
    sits_on = factory.LazyAttribute(lambda o: clock.now().date() + DAY)

    @factory.post_generation
    def rounds(self, create: bool, extracted: list[Round] | None, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        self.rounds.set(extracted)
        latest = max(round_.deadline_at for round_ in extracted)
        zone = self.intake.programme.time_zone
        self.sits_on = clock.local(latest, zone).date() + DAY
        self.save(update_fields=["sits_on"])


class DocumentTypeFactory(DjangoModelFactory):
    """``DocumentTypeFactory(code="cv")`` returns the standard type the migration created."""

    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"document-type-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").replace("_", " ").title())


class DocumentRequirementFactory(DjangoModelFactory):
    class Meta:
        model = DocumentRequirement

    class Params:
        optional = factory.Trait(required=False)
        after_submission = factory.Trait(timing=RequirementTiming.AFTER_SUBMISSION)
        conditional = factory.Trait(condition="not (english_native or english_instruction)")
        for_level = factory.Trait(
            entry_level=factory.SubFactory(
                EntryLevelFactory, programme=factory.SelfAttribute("..programme")
            )
        )

    programme = factory.SubFactory(ProgrammeFactory)
    document_type = factory.SubFactory(DocumentTypeFactory)
    entry_level = None
    position = factory.Sequence(lambda n: n)
    accepted_formats = factory.LazyFunction(lambda: ["pdf"])


class ReviewCriterionFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCriterion

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    position = factory.Sequence(lambda n: n)
    label_en = factory.LazyAttribute(lambda o: o.code.title())


class AdviceFactory(DjangoModelFactory):
    class Meta:
        model = Advice

    class Params:
        international = factory.Trait(trigger=AdviceTrigger.INTERNATIONAL_AFTER_ROUND, max_round=2)

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"advice-{n}")
    position = factory.Sequence(lambda n: n)
    text_en = "Apply early."


# --------------------------------------------------------------------------------------------
# Programme YAML
# --------------------------------------------------------------------------------------------

_MINIMAL_PROGRAMME: dict[str, Any] = {
    "slug": "test-programme",
    "reference_prefix": "TEST",
    "kind": "msc_engineering",
    "name": {"en": "Test programme", "fr": "Programme de test"},
    "languages_of_instruction": ["en"],
    "duration_months": 24,
    "ects": 120,
    "pipeline": ["eligibility", "committee_review", "panel"],
    "entry_levels": [{"code": "m1", "name": {"en": "First year"}}],
    "documents": [{"type": "cv"}],
    "intakes": [
        {
            "academic_year": 2027,
            "starts_on": dt.date(2027, 9, 1),
            "rounds": [
                {
                    "number": 1,
                    "opens": dt.date(2027, 1, 4),
                    "deadline": dt.date(2027, 2, 26),
                    "results": dt.date(2027, 3, 26),
                },
                {
                    "number": 2,
                    "opens": dt.date(2027, 3, 1),
                    "deadline": dt.date(2027, 4, 30),
                    "results": dt.date(2027, 6, 1),
                },
            ],
            "panels": [
                {"number": 1, "sits_on": dt.date(2027, 3, 10), "rounds": [1]},
                {"number": 2, "sits_on": dt.date(2027, 5, 12), "rounds": [2]},
            ],
        }
    ],
}


def programme_data(**overrides: Any) -> dict[str, Any]:
    """A small valid programme, as the dict a YAML file holds; keys given replace its own."""
    data = copy.deepcopy(_MINIMAL_PROGRAMME)
    data.update(copy.deepcopy(overrides))
    return data


def programme_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_programme(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    path = folder / (name or f"{data.get('slug', 'programme')}.yaml")
    path.write_text(programme_yaml(data), encoding="utf-8")
    return path
