"""Factories for people and their profiles.

``ProfileFactory()`` is a complete profile of a French graduate living in France, with one
completed Master's degree. Traits: ``empty`` (nothing filled in), ``moroccan_in_morocco``,
``moroccan_in_france``, ``swiss``, ``american_in_the_us``, ``native_english``. Rows are added
with ``DegreeFactory(profile=…)``, ``ExperienceFactory``, ``LanguageTestFactory``,
``CertificationFactory``.
"""

from __future__ import annotations

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from admissions.accounts.models import User
from admissions.applicants.models import (
    Certification,
    Degree,
    Experience,
    LanguageTest,
    Profile,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    first_name = "Camille"
    last_name = "Martin"
    preferred_language = "en"

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    class Params:
        empty = factory.Trait(
            given_names="",
            family_name="",
            date_of_birth=None,
            nationalities=[],
            residence_country="",
            native_languages=[],
            instruction_languages=[],
            with_degree=False,
        )
        moroccan_in_morocco = factory.Trait(
            nationalities=["MA"],
            residence_country="MA",
            native_languages=["ar"],
            instruction_languages=["fr"],
        )
        moroccan_in_france = factory.Trait(
            nationalities=["MA"],
            residence_country="FR",
            native_languages=["ar"],
            instruction_languages=["fr"],
        )
        swiss = factory.Trait(
            nationalities=["CH"],
            residence_country="CH",
            native_languages=["de"],
            instruction_languages=["de"],
        )
        american_in_the_us = factory.Trait(
            nationalities=["US"],
            residence_country="US",
            native_languages=["en"],
            instruction_languages=["en"],
        )
        native_english = factory.Trait(native_languages=["en"], instruction_languages=["en"])
        with_degree = True

    user = factory.SubFactory(UserFactory)
    given_names = "Camille"
    family_name = "Martin"
    date_of_birth = dt.date(1998, 5, 4)
    nationalities = factory.LazyFunction(lambda: ["FR"])
    residence_country = "FR"
    phone = "+33 6 12 34 56 78"
    address = "12 rue des Écoles, 75005 Paris"
    native_languages = factory.LazyFunction(lambda: ["fr"])
    instruction_languages = factory.LazyFunction(lambda: ["fr"])

    degree = factory.Maybe(
        "with_degree",
        yes_declaration=factory.RelatedFactory(
            "tests.applicants.factories.DegreeFactory", factory_related_name="profile"
        ),
        no_declaration=None,
    )


class DegreeFactory(DjangoModelFactory):
    class Meta:
        model = Degree

    class Params:
        in_progress = factory.Trait(completed=False, ended_on=dt.date(2030, 7, 1))
        engineering = factory.Trait(level="engineering", cti_accredited=True, years_of_study=5)

    profile = factory.SubFactory(ProfileFactory, with_degree=False)
    level = "master"
    field = "computer_science"
    title = "Master Informatique"
    institution = "Université Paris Cité"
    country = "FR"
    ects = 300
    years_of_study = 5
    started_on = dt.date(2018, 9, 1)
    ended_on = dt.date(2023, 6, 30)
    completed = True


class ExperienceFactory(DjangoModelFactory):
    class Meta:
        model = Experience

    profile = factory.SubFactory(ProfileFactory)
    employer = "Thales"
    role = "Software engineer"
    started_on = dt.date(2023, 9, 1)
    ended_on = None


class LanguageTestFactory(DjangoModelFactory):
    class Meta:
        model = LanguageTest

    profile = factory.SubFactory(ProfileFactory)
    test = "TOEIC_LR"
    taken_on = dt.date(2025, 5, 1)
    score = 850
    level = ""
    sub_scores = factory.LazyFunction(dict)


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = Certification

    profile = factory.SubFactory(ProfileFactory)
    code = "mooc-big-data-basics"
    name = "The Basics of Big Data"
    status = "passed"
    obtained_on = dt.date(2025, 3, 1)
