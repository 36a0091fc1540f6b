"""Large, realistic intakes for tests, load checks and the benchmarks: ``generate_intake``.

Everything is created with ``bulk_create`` in a few round trips per thousand rows, so
10,000 applications take seconds on SQLite. Seeded: the same seed gives the same people.

What an intake holds:

- applicants with names from the demo's pools (France, Morocco, Tunisia, India, China,
  Brazil, Lebanon, Viet Nam, Colombia, Germany, the United States, Senegal, Cameroon,
  Italy), a profile, one or two degrees with their institutions and fields of study, and
  language tests (TOEIC, TOEFL, IELTS, DELF…) with plausible scores;
- one submitted application each, ``eligible``, in the programme's current intake and its
  first round, with references taken from the intake's counter;
- the metadata rows of the documents the programme asks at submission (no files: a
  generated document has a ``stored_name`` under ``generated/`` that no storage holds);
- optionally a committee with ``reviewers`` members: capacities that cover the work with
  room to spare, expertise tags drawn from the fields of study, and institutions drawn so
  that about 5 % of (member, application) pairs share one (a derived conflict).

The decisions and back-office work extend this module with functions of their own
(scored reviews, decisions, offers); each step here is its own function for that reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from admissions.accounts.models import RoleAssignment, User
from admissions.accounts.search import search_text_for
from admissions.applicants.models import Degree, LanguageTest, Profile
from admissions.applications.models import Application, ReferenceCounter
from admissions.applications.states import Status
from admissions.catalogue.models import DocumentRequirement, Intake, Programme, Round
from admissions.core import clock
from admissions.core.roles import Role
from admissions.demo.people import POOLS
from admissions.documents.models import Document, DocumentStatus
from admissions.review.models import Committee, CommitteeMember, MemberRole
from admissions.review.rubric import rubric_of

BATCH = 2000

# The institutions committee members come from. Half the applicants graduated from one of
# them, uniformly: a member and an applicant share one with probability 1/2 × 1/10 = 5 %.
MEMBER_INSTITUTIONS = [
    "Université Paris-Saclay",
    "Sorbonne Université",
    "Université Grenoble Alpes",
    "INSA Lyon",
    "Université de Lille",
    "Université de Bordeaux",
    "Université Côte d'Azur",
    "Université de Strasbourg",
    "IMT Atlantique",
    "Université de Rennes",
]
SHARED_FRACTION = 0.5
OTHER_INSTITUTIONS = {
    "FR": ["Université de Lorraine", "Université de Nantes", "Université de Montpellier"],
    "MA": ["Université Mohammed V de Rabat", "ENSIAS", "Université Cadi Ayyad"],
    "TN": ["Université de Tunis El Manar", "ENIT", "Sup'Com"],
    "IN": ["IIT Bombay", "Anna University", "VIT Vellore"],
    "CN": ["Tsinghua University", "Wuhan University", "Tongji University"],
    "BR": ["Universidade de São Paulo", "UNICAMP"],
    "LB": ["Université Saint-Joseph", "American University of Beirut"],
    "VN": ["Hanoi University of Science and Technology", "VNU-HCM"],
    "CO": ["Universidad Nacional de Colombia", "Universidad de los Andes"],
    "DE": ["TU München", "RWTH Aachen"],
    "US": ["University of Michigan", "Purdue University"],
    "SN": ["Université Cheikh Anta Diop", "École Supérieure Polytechnique de Dakar"],
    "CM": ["École Nationale Supérieure Polytechnique de Yaoundé", "Université de Douala"],
    "IT": ["Politecnico di Milano", "Università di Bologna"],
}
FIELDS = [
    ("computer_science", 30),
    ("artificial_intelligence", 12),
    ("data_science", 10),
    ("software_engineering", 10),
    ("embedded_systems", 8),
    ("networks", 7),
    ("telecommunications", 6),
    ("electrical_engineering", 5),
    ("applied_mathematics", 7),
    ("mathematics", 3),
    ("physics", 2),
]
TITLES = {
    "bachelor": "Licence",
    "master1": "Master 1",
    "master": "Master",
    "engineering": "Diplôme d'ingénieur",
}
SUBMITTED_DOCUMENTS = ("cv", "motivation_letter", "transcripts", "diplomas", "identity_document")


@dataclass
class GeneratedIntake:
    programme: Programme
    intake: Intake
    round: Round
    application_ids: list[int] = field(default_factory=list)
    documents: int = 0
    committee: Committee | None = None
    members: list[CommitteeMember] = field(default_factory=list)


def generate_intake(
    *,
    applications: int,
    reviewers: int = 0,
    programme: str = "msc-cps2-ai-iot",
    seed: int = 0,
    now: dt.datetime | None = None,
) -> GeneratedIntake:
    """Add ``applications`` eligible applications (and, with ``reviewers``, a committee)
    to the programme's current intake. Runs in one transaction."""
    now = now or clock.now()
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # made-up people, not secrets
    with transaction.atomic():
        target = Programme.objects.get(slug=programme)
        intake = current_intake(target, now)
        first_round = intake.rounds.order_by("number").first()
        if first_round is None:
            raise ValueError(f"The {intake} intake has no round.")
        generated = GeneratedIntake(programme=target, intake=intake, round=first_round)
        users = create_applicants(rng, applications, seed=seed, now=now)
        generated.application_ids = create_applications(
            users, intake=intake, round=first_round, now=now, rng=rng
        )
        generated.documents = create_document_rows(
            generated.application_ids, programme=target, now=now, rng=rng
        )
        if reviewers:
            generated.committee, generated.members = create_committee(
                rng,
                intake=intake,
                reviewers=reviewers,
                applications=applications,
                seed=seed,
            )
    return generated


def current_intake(programme: Programme, now: dt.datetime) -> Intake:
    """The intake whose rounds are running or next: the first whose last deadline is still
    ahead, else the latest."""
    intakes = list(programme.intakes.prefetch_related("rounds").order_by("academic_year"))
    if not intakes:
        raise ValueError(f"{programme.slug} has no intake: load the programmes first.")
    for intake in intakes:
        deadlines = [r.deadline_at for r in intake.rounds.all() if r.deadline_at]
        if deadlines and max(deadlines) >= now:
            return intake
    return intakes[-1]


# --------------------------------------------------------------------------------------------
# People


def _email_prefix(seed: int) -> str:
    return f"gen{seed}."


def create_applicants(rng: random.Random, count: int, *, seed: int, now: dt.datetime) -> list[User]:
    """``count`` applicants with profiles, degrees and language tests. Their email addresses
    continue any earlier run with the same seed."""
    prefix = _email_prefix(seed)
    start = User.objects.filter(email__startswith=prefix).count()
    no_password = make_password(None)  # nobody signs in as a generated applicant
    created: list[User] = []
    for offset in range(0, count, BATCH):
        people = [_person(rng) for _ in range(min(BATCH, count - offset))]
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{prefix}{start + offset + i}@example.org",
                    password=no_password,
                    first_name=person["first"],
                    last_name=person["last"],
                    preferred_language=person["language"],
                )
                for i, person in enumerate(people)
            ]
        )
        if users and users[0].pk is None:  # back ends that return no primary keys
            emails = [user.email for user in users]
            users = list(User.objects.filter(email__in=emails).order_by("email"))
            users.sort(key=lambda u: emails.index(u.email))
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    given_names=person["first"],
                    family_name=person["last"],
                    date_of_birth=person["born"],
                    nationalities=[person["country"]],
                    residence_country=person["residence"],
                    native_languages=[person["native"]],
                    instruction_languages=person["instruction"],
                    no_professional_experience=True,
                    created_at=now,
                    updated_at=now,
                )
                for user, person in zip(users, people, strict=True)
            ]
        )
        if profiles and profiles[0].pk is None:
            by_user = {p.user_id: p for p in Profile.objects.filter(user__in=users)}
            profiles = [by_user[user.pk] for user in users]
        Degree.objects.bulk_create(
            [
                _degree(profile, degree, position)
                for profile, person in zip(profiles, people, strict=True)
                for position, degree in enumerate(person["degrees"])
            ]
        )
        LanguageTest.objects.bulk_create(
            [
                LanguageTest(profile=profile, position=position, **test)
                for profile, person in zip(profiles, people, strict=True)
                for position, test in enumerate(person["tests"])
            ]
        )
        created.extend(users)
    return created


def _person(rng: random.Random) -> dict:
    country, residence, native, firsts, lasts = rng.choices(
        POOLS, weights=[30] + [6] * (len(POOLS) - 1)
    )[0]
    shared = rng.random() < SHARED_FRACTION
    institution = (
        rng.choice(MEMBER_INSTITUTIONS)
        if shared
        else rng.choice(OTHER_INSTITUTIONS.get(country, OTHER_INSTITUTIONS["FR"]))
    )
    field_of_study = rng.choices([f for f, _w in FIELDS], weights=[w for _f, w in FIELDS])[0]
    level = rng.choices(["bachelor", "master1", "engineering"], weights=[55, 30, 15])[0]
    years = {"bachelor": 3, "master1": 4, "engineering": 5}[level]
    graduated = rng.randint(2023, 2026)
    degrees = [
        {
            "level": level,
            "field": field_of_study,
            "institution": institution,
            "country": "FR" if shared else country,
            "ects": years * 60,
            "years": years,
            "ended": graduated,
        }
    ]
    if rng.random() < 0.2:  # a second, earlier degree elsewhere
        degrees.append(
            {
                "level": "bachelor",
                "field": rng.choices([f for f, _w in FIELDS], weights=[w for _f, w in FIELDS])[0],
                "institution": rng.choice(
                    OTHER_INSTITUTIONS.get(country, OTHER_INSTITUTIONS["FR"])
                ),
                "country": country,
                "ects": 180,
                "years": 3,
                "ended": graduated - 2,
            }
        )
    tests = []
    english = rng.random()
    taken = dt.date(graduated, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
    if native != "en":
        if english < 0.5:
            tests.append({"test": "TOEIC_LR", "score": Decimal(rng.randrange(600, 990, 5))})
        elif english < 0.75:
            tests.append({"test": "TOEFL_IBT", "score": Decimal(rng.randint(70, 115))})
        else:
            tests.append({"test": "IELTS", "score": Decimal(rng.choice([6, 6.5, 7, 7.5, 8]))})
        tests[-1]["taken_on"] = min(taken, dt.date(2026, 11, 1))
    if native != "fr" and rng.random() < 0.3:
        tests.append({"test": "DELF", "level": rng.choice(["B1", "B2"]), "taken_on": taken})
    return {
        "first": rng.choice(firsts),
        "last": rng.choice(lasts),
        "language": "fr" if native == "fr" else "en",
        "born": dt.date(rng.randint(1996, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        "country": country,
        "residence": residence,
        "native": native,
        "instruction": ["fr"] if country == "FR" or native == "fr" else ["en"],
        "degrees": degrees,
        "tests": tests,
    }


def _degree(profile: Profile, degree: dict, position: int) -> Degree:
    return Degree(
        profile=profile,
        position=position,
        level=degree["level"],
        field=degree["field"],
        title=TITLES[degree["level"]],
        institution=degree["institution"],
        country=degree["country"],
        ects=degree["ects"],
        years_of_study=Decimal(degree["years"]),
        started_on=dt.date(degree["ended"] - degree["years"], 9, 1),
        ended_on=dt.date(degree["ended"], 6, 30),
        completed=True,
    )


# --------------------------------------------------------------------------------------------
# Applications and documents


def create_applications(
    users: list[User], *, intake: Intake, round: Round, now: dt.datetime, rng: random.Random
) -> list[int]:
    """One eligible application per user, references taken from the intake's counter in one
    locked step."""
    programme = intake.programme
    levels = list(programme.entry_levels.order_by("position"))
    counter, _created = ReferenceCounter.objects.get_or_create(intake=intake)
    counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
    first = counter.last_number + 1
    counter.last_number += len(users)
    counter.save(update_fields=["last_number"])
    tracks = ["ai", "iot", "systems"]
    ids: list[int] = []
    for offset in range(0, len(users), BATCH):
        rows = [
            Application(
                reference=(
                    reference := f"{programme.reference_prefix}-{intake.academic_year}-"
                    f"{first + offset + i:05d}"
                ),
                search_text=search_text_for(reference=reference, user=user),
                applicant=user,
                programme=programme,
                intake=intake,
                entry_level=rng.choice(levels) if levels else None,
                round=round,
                status=Status.ELIGIBLE,
                answers={
                    "career_plan": "Work on embedded AI for connected devices.",
                    "chosen_track": rng.choice(tracks),
                },
                submitted_at=now - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 40)),
                created_at=now - dt.timedelta(days=45),
                updated_at=now,
            )
            for i, user in enumerate(users[offset : offset + BATCH])
        ]
        created = Application.objects.bulk_create(rows)
        if created and created[0].pk is None:
            references = [row.reference for row in rows]
            ids.extend(
                Application.objects.filter(reference__in=references)
                .order_by("reference")
                .values_list("pk", flat=True)
            )
        else:
            ids.extend(row.pk for row in created)
    return ids


def create_document_rows(
    application_ids: list[int], *, programme: Programme, now: dt.datetime, rng: random.Random
) -> int:
    """The documents' metadata (no file behind them) for what the programme asks at
    submission."""
    requirements = {
        requirement.document_type.code: requirement
        for requirement in DocumentRequirement.objects.filter(programme=programme)
        .select_related("document_type")
        .order_by("pk")
    }
    kinds = [requirements[code] for code in SUBMITTED_DOCUMENTS if code in requirements]
    applicants = dict(
        Application.objects.filter(pk__in=application_ids).values_list("pk", "applicant_id")
    )
    rows: list[tuple] = []
    for application_id in application_ids:
        for requirement in kinds:
            code = requirement.document_type.code
            digest = hashlib.sha256(f"{application_id}:{code}".encode()).hexdigest()
            rows.append(
                (
                    str(uuid.uuid4()) if connection.vendor == "postgresql" else uuid.uuid4().hex,
                    application_id,
                    requirement.document_type_id,
                    requirement.pk,
                    f"generated/{digest[:2]}/{digest}.pdf",
                    f"{code}.pdf",
                    rng.randint(80_000, 2_500_000),
                    "application/pdf",
                    digest,
                    applicants[application_id],
                    now - dt.timedelta(days=rng.randint(1, 40)),
                    DocumentStatus.UPLOADED,
                    "",
                )
            )
    _insert_many(
        Document,
        [
            "public_id",
            "application_id",
            "document_type_id",
            "requirement_id",
            "stored_name",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by_id",
            "uploaded_at",
            "status",
            "review_text",
        ],
        rows,
    )
    return len(rows)


def _insert_many(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """Plain ``executemany``: for the largest table, Django's per-value preparation in
    ``bulk_create`` costs more than the database does. Values are already in the
    database's form (aware datetimes are adapted by the driver)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608  # quoted names, values bound
        quote(model._meta.db_table),
        ", ".join(quote(fields[c]) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    if connection.vendor == "sqlite":
        rows = [
            tuple(
                v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
                if isinstance(v, dt.datetime)
                else v
                for v in row
            )
            for row in rows
        ]
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, rows[offset : offset + BATCH * 5])


# --------------------------------------------------------------------------------------------
# The committee


def create_committee(
    rng: random.Random, *, intake: Intake, reviewers: int, applications: int, seed: int
) -> tuple[Committee, list[CommitteeMember]]:
    """The intake's committee (made if missing) with ``reviewers`` new members: a chair, a
    fifth external. Capacities vary around the fair share (demand ÷ members) and add up to
    at least 1.3 × the reviews an intake of ``applications`` needs."""
    programme = intake.programme
    per_application = rubric_of(programme).reviewers_per_application
    committee, _created = Committee.objects.get_or_create(
        intake=intake,
        round=None,
        entry_level=None,
        defaults={
            "name": f"{programme.name_en} committee {intake.academic_year}",
            "reviewers_per_application": per_application,
        },
    )
    share = max(1, math.ceil(committee.reviewers_per_application * applications / reviewers))
    prefix = f"reviewer{seed}."
    start = User.objects.filter(email__startswith=prefix).count()
    no_password = make_password(None)
    fields = [f for f, _w in FIELDS]
    people = [_person(rng) for _ in range(reviewers)]
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{start + i}@example.org",
                password=no_password,
                first_name=person["first"],
                last_name=person["last"],
                preferred_language=person["language"],
            )
            for i, person in enumerate(people)
        ]
    )
    if users and users[0].pk is None:
        users = list(User.objects.filter(email__startswith=prefix).order_by("pk"))[start:]
    has_chair = CommitteeMember.objects.filter(committee=committee, role=MemberRole.CHAIR).exists()
    members: list[CommitteeMember] = []
    roles: list[RoleAssignment] = []
    for i, user in enumerate(users):
        if i == 0 and not has_chair:
            role, staff_role = MemberRole.CHAIR, Role.COMMITTEE_CHAIR
        elif i % 5 == 4:
            role, staff_role = MemberRole.EXTERNAL, Role.EXTERNAL_REVIEWER
        else:
            role, staff_role = MemberRole.INTERNAL, Role.REVIEWER
        capacity = math.ceil(share * rng.choice([1.3, 1.3, 1.5, 2.0]))
        members.append(
            CommitteeMember(
                committee=committee,
                user=user,
                role=role,
                capacity=capacity,
                expertise=rng.sample(fields, 2)
                + ([rng.choice(["ai", "iot", "systems"])] if rng.random() < 0.3 else []),
                institution=rng.choice(MEMBER_INSTITUTIONS),
            )
        )
        roles.append(RoleAssignment(user=user, role=staff_role, programme=programme))
    CommitteeMember.objects.bulk_create(members)
    RoleAssignment.objects.bulk_create(roles)
    return committee, list(
        CommitteeMember.objects.filter(committee=committee, user__in=users).select_related("user")
    )
