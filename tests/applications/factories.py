"""Factories for applications.

``ApplicationFactory()`` is a draft at an entry level of a programme intake whose round is
open now. Traits put it in a later state directly (arranging a story, not exercising the
lifecycle): ``submitted``, ``incomplete``, ``eligible``, ``withdrawn``, ``refused``.

The calendars our stories happen in (``paris``, ``paris_calendar``) are in tests/calendar.py.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from admissions.accounts.search import search_text_for
from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core import clock
from tests.applicants.factories import ProfileFactory, UserFactory
from tests.catalogue.factories import (
    EntryLevelFactory,
    IntakeFactory,
    RoundFactory,
)


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
    # What create_application writes: the staff list searches it.
    search_text = factory.LazyAttribute(
        lambda o: search_text_for(reference=o.reference, user=o.applicant)
    )

    @factory.post_generation
    def profile(self, create: bool, extracted: object, **kwargs: object) -> None:
        """A complete profile for the applicant; ``profile=False`` leaves them without."""
        if create and extracted is not False:
            ProfileFactory(user=self.applicant, **kwargs)
