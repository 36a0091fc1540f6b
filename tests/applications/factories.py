"""Factories for applications, and the calendars our stories happen in.

``ApplicationFactory()`` is a draft at an entry level of a programme intake whose round is
open now. Traits put it in a later state directly (arranging a story, not exercising the
lifecycle): ``submitted``, ``incomplete``, ``eligible``, ``withdrawn``, ``refused``.

``paris_calendar(...)`` builds a programme with dated rounds in Europe/Paris, deadlines on the
last second of the day, the way the programme pages print them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel, Intake, Programme, Round
from admissions.core import clock
from tests.applicants.factories import ProfileFactory, UserFactory
from tests.catalogue.factories import (
    EntryLevelFactory,
    IntakeFactory,
    ProgrammeFactory,
    RoundFactory,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=PARIS)


def last_second(day: dt.date) -> dt.datetime:
    return paris(day.year, day.month, day.day, 23, 59, 59)


@dataclass
class Calendar:
    programme: Programme
    entry_level: EntryLevel
    intake: Intake
    rounds: list[Round]

    def round(self, number: int) -> Round:
        return next(r for r in self.rounds if r.number == number)


# The Post-Master's five rounds of its programme page (2020), moved to the 2027 intake.
POST_MASTER_ROUNDS = [
    (dt.date(2026, 11, 2), dt.date(2027, 2, 3), dt.date(2027, 3, 3)),
    (dt.date(2027, 2, 10), dt.date(2027, 3, 23), dt.date(2027, 4, 28)),
    (dt.date(2027, 3, 30), dt.date(2027, 5, 25), dt.date(2027, 6, 30)),
    (dt.date(2027, 6, 1), dt.date(2027, 8, 24), dt.date(2027, 9, 2)),
    (dt.date(2027, 8, 26), dt.date(2027, 9, 17), dt.date(2027, 9, 24)),
]


def paris_calendar(
    rounds: list[tuple[dt.date, dt.date, dt.date]] | None = None,
    *,
    academic_year: int = 2027,
    **programme_fields: object,
) -> Calendar:
    """A programme with one entry level and one intake; each round opens at midnight, closes
    on the last second of its deadline day and releases results at 9:00, Paris time."""
    fields = {"slug": "post-master-ai", "reference_prefix": "PMAI", "post_master": True}
    fields.update(programme_fields)
    programme = ProgrammeFactory(
        name_en="Post-Master's in AI", name_fr="Mastère spécialisé IA", **fields
    )
    level = EntryLevelFactory(programme=programme, code="pm", name_en="Post-Master's entry")
    intake = IntakeFactory(
        programme=programme, academic_year=academic_year, starts_on=dt.date(academic_year, 10, 1)
    )
    created = [
        RoundFactory(
            intake=intake,
            number=number,
            opens_at=paris(opens.year, opens.month, opens.day),
            deadline_at=last_second(deadline),
            results_at=paris(results.year, results.month, results.day, 9),
        )
        for number, (opens, deadline, results) in enumerate(rounds or POST_MASTER_ROUNDS, start=1)
    ]
    return Calendar(programme=programme, entry_level=level, intake=intake, rounds=created)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            status=Status.SUBMITTED,
            round=factory.SubFactory(
                RoundFactory, intake=factory.SelfAttribute("..intake"), number=1
            ),
            submitted_at=factory.LazyFunction(clock.now),
            answers=factory.LazyFunction(lambda: {"career_plan": "Become an ML engineer."}),
        )
        incomplete = factory.Trait(submitted=True, status=Status.INCOMPLETE)
        eligible = factory.Trait(submitted=True, status=Status.ELIGIBLE)
        refused = factory.Trait(submitted=True, status=Status.REFUSED)
        withdrawn = factory.Trait(
            status=Status.WITHDRAWN,
            withdrawn_at=factory.LazyFunction(clock.now),
            withdrawal_reason="Admitted elsewhere.",
        )

    applicant = factory.SubFactory(UserFactory)
    intake = factory.SubFactory(IntakeFactory)
    programme = factory.SelfAttribute("intake.programme")
    entry_level = factory.SubFactory(
        EntryLevelFactory, programme=factory.SelfAttribute("..programme")
    )
    reference = factory.LazyAttributeSequence(
        lambda o, n: f"{o.programme.reference_prefix}-{o.intake.academic_year}-{n + 1:05d}"
    )
    status = Status.DRAFT
    answers = factory.LazyFunction(dict)

    @factory.post_generation
    def profile(self, create: bool, extracted: object, **kwargs: object) -> None:
        """A complete profile for the applicant; ``profile=False`` leaves them without."""
        if create and extracted is not False:
            ProfileFactory(user=self.applicant, **kwargs)
