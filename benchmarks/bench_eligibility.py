"""Re-evaluating a whole intake's eligibility: 100,000 stored applications.

    .venv/bin/python benchmarks/bench_eligibility.py [--count N] [--database-url URL]

Builds a throwaway database (a temporary SQLite file by default; with ``--database-url
postgres://user@host:port/`` a temporary database on that server, dropped at the end), loads
the seed programmes from programmes/*.yaml and bulk-creates N applicants with varied,
realistic profiles (degrees from France and abroad, TOEIC / TOEFL / IELTS / Cambridge / DELF
results, experience, the MOOC passed, pending or not declared) and one submitted
application each, spread over the seed programmes' 2027 intakes and entry levels.

Then it times, each against a baseline measured in the same run (the same profiles evaluated
in memory with the compiled rules: no database at all):

1. first evaluation: ``reruns.apply_rerun`` over every intake while no application has a
   snapshot yet, so each profile is read from the applicant tables (degrees, tests,
   certifications, experience prefetched per chunk) and a full snapshot is written;
2. after a rule change (the Post-Master's TOEIC threshold raised from 700 to 785, the MSc M1
   ECTS minimum lowered to 170): ``reruns.preview_rerun`` and then ``reruns.apply_rerun``,
   which read the profiles stored in the snapshots (only the keys a re-run needs), evaluate
   with the compiled rules, write the snapshots in bulk (one prepared UPDATE per chunk,
   ``snapshots.store``) and a timeline event for each changed outcome. On PostgreSQL two
   chunks are in flight at once (one evaluated while the other is written), their commits do
   not wait for the disk, and the snapshots are compressed with LZ4 (migration
   applications/0002).

It prints applications per second, the ratio to the baseline, the machine's load average when
each step ends (other work on the machine slows every step, the baseline included: compare
the ratios), and whether the whole intake's re-run (step 2's apply) finishes under the
30-second target.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TARGET_SECONDS = 30.0
NOW_ISO = "2026-12-01T10:00:00+01:00"


# --------------------------------------------------------------------------------------------
# The throwaway database


@contextlib.contextmanager
def throwaway_database(url: str | None) -> Iterator[str]:
    if not url:
        folder = tempfile.mkdtemp(prefix="bench-eligibility-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = f"admissions_bench_{os.getpid()}_{secrets.token_hex(3)}"
    server = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(server.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(
            server.replace("postgres://", "postgresql://", 1), autocommit=True
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # no query log kept in memory
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admissions.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --------------------------------------------------------------------------------------------
# Realistic profiles

CS_FIELDS = ["computer_science", "computer_science", "computer_science", "telecommunications"]
OTHER_FIELDS = [
    "applied_mathematics",
    "data_science",
    "software_engineering",
    "electronics",
    "physics",
    "business",
]
FOREIGN = ["MA", "TN", "SN", "CN", "IN", "VN", "LB", "BR", "US", "DE", "IT", "CM"]
LEVELS = {  # entry level code -> (degree level, ects, years) of a typical applicant
    "m1": ("bachelor", 180, 3),
    "m2": ("master1", 240, 4),
    "pm": ("engineering", 300, 5),
}


def random_profile(rng: random.Random, level: str) -> dict:
    """One applicant in the engine's profile shape, varied the way real intakes are."""
    abroad = rng.random() < 0.35
    country = rng.choice(FOREIGN) if abroad else "FR"
    degree_level, ects, years = LEVELS[level]
    if level == "pm":
        degree_level = rng.choices(
            ["engineering", "master", "master1", "mba"], weights=[45, 35, 15, 5]
        )[0]
        if degree_level == "master1":
            ects, years = 240, 4
    ects += rng.choice([-30, -5, 0, 0, 0, 0, 10, 60])
    degree = {
        "level": degree_level,
        "field": rng.choice(CS_FIELDS if rng.random() < 0.8 else OTHER_FIELDS),
        "ects": None if abroad and rng.random() < 0.5 else ects,
        "years": years,
        "country": country,
        "cti_accredited": (rng.random() < 0.9) if degree_level == "engineering" else None,
        "completed": rng.random() < 0.8,
    }
    native = ["fr"] if country in ("FR", "MA", "TN", "SN", "CM", "LB") else ["xx"]
    if country == "US":
        native = ["en"]
    native = [code for code in native if code != "xx"]
    tests = []
    taken = dt.date(2026, 12, 1) - dt.timedelta(days=rng.randint(10, 900))
    kind = rng.random()
    if kind < 0.55:
        tests.append({"test": "TOEIC_LR", "score": rng.randrange(500, 995, 5)})
    elif kind < 0.7:
        tests.append({"test": "TOEFL_IBT", "score": rng.randint(55, 115)})
    elif kind < 0.8:
        tests.append({"test": "IELTS", "score": rng.choice([5.0, 5.5, 6.0, 6.5, 7.0, 7.5])})
    elif kind < 0.85:
        tests.append({"test": "CAMBRIDGE", "score": rng.randint(150, 200)})
    elif kind < 0.9:
        tests.append({"test": "ACADEMIC", "level": rng.choice(["B1", "B2", "C1"])})
    for test in tests:
        if test["test"] != "ACADEMIC":
            test["date"] = taken.isoformat()
    if rng.random() < 0.2:
        tests.append({"test": "DELF", "level": rng.choice(["B1", "B2"]), "date": "2024-06-01"})
    certifications = []
    mooc = rng.random()
    if mooc < 0.6:
        certifications.append({"code": "mooc-big-data-basics", "status": "passed"})
    elif mooc < 0.85:
        certifications.append({"code": "mooc-big-data-basics", "status": "pending"})
    return {
        "nationalities": [country],
        "residence_country": country,
        "native_languages": native,
        "instruction_languages": ["fr"] if country == "FR" else rng.choice([["en"], ["fr"], []]),
        "degrees": [{k: v for k, v in degree.items() if v is not None}],
        "experience_months": rng.choice([0, 0, 6, 12, 24, 35, 36, 48, 80]),
        "language_tests": tests,
        "certifications": certifications,
    }


# --------------------------------------------------------------------------------------------
# Bulk creation


def create_applications(count: int, seed: int) -> list[tuple[int, str, dict]]:
    """N applicants with their profile rows and one submitted application each; returns
    (entry level id, entry level code, profile dict) per application for the baseline."""
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password

    from admissions.accounts.models import User
    from admissions.applicants.models import (
        Certification,
        Degree,
        Experience,
        LanguageTest,
        Profile,
    )
    from admissions.applications.models import Application
    from admissions.applications.states import Status
    from admissions.catalogue.models import EntryLevel, Intake
    from admissions.catalogue.services import load_programme_files

    load_programme_files([ROOT / "programmes"])
    levels = {
        level.code: level
        for level in EntryLevel.objects.select_related("programme").filter(
            programme__slug__in=["post-master-ai", "msc-cps2-ai-iot"]
        )
    }
    intakes = {
        intake.programme_id: intake
        for intake in Intake.objects.filter(academic_year=2027).prefetch_related("rounds")
    }
    rng = random.Random(seed)
    now = dt.datetime.fromisoformat(NOW_ISO)
    plan = rng.choices(["pm", "m1", "m2"], weights=[50, 30, 20], k=count)
    profiles = [random_profile(rng, code) for code in plan]
    statuses = rng.choices(
        [Status.SUBMITTED, Status.ELIGIBLE, Status.INCOMPLETE, Status.INELIGIBLE],
        weights=[70, 15, 10, 5],
        k=count,
    )
    batch = 5000
    counters: dict[str, int] = {}
    no_password = make_password(None)  # an unusable password: nobody signs in as these
    for start in range(0, count, batch):
        stop = min(start + batch, count)
        users = User.objects.bulk_create(
            [
                User(email=f"bench{i}@example.org", password=no_password, first_name="Bench")
                for i in range(start, stop)
            ]
        )
        if users[0].pk is None:  # back ends that do not return primary keys
            users = list(User.objects.filter(email__startswith="bench").order_by("pk")[start:stop])
        rows = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    nationalities=profiles[i]["nationalities"],
                    residence_country=profiles[i]["residence_country"],
                    native_languages=profiles[i]["native_languages"],
                    instruction_languages=profiles[i]["instruction_languages"],
                    no_professional_experience=profiles[i]["experience_months"] == 0,
                )
                for i, user in zip(range(start, stop), users, strict=True)
            ]
        )
        if rows[0].pk is None:
            rows = list(Profile.objects.filter(user__in=users).order_by("user_id"))
        degrees, tests, certifications, jobs, applications = [], [], [], [], []
        for i, user, profile in zip(range(start, stop), users, rows, strict=True):
            data = profiles[i]
            for degree in data["degrees"]:
                degrees.append(
                    Degree(
                        profile=profile,
                        level=degree["level"],
                        field=degree["field"],
                        institution="Université",
                        country=degree["country"],
                        ects=degree.get("ects"),
                        years_of_study=Decimal(degree["years"]),
                        started_on=dt.date(2019, 9, 1),
                        ended_on=dt.date(2026, 6, 30) if degree["completed"] else None,
                        completed=degree["completed"],
                        cti_accredited=degree.get("cti_accredited"),
                    )
                )
            for test in data["language_tests"]:
                tests.append(
                    LanguageTest(
                        profile=profile,
                        test=test["test"],
                        score=None if test.get("score") is None else Decimal(str(test["score"])),
                        level=test.get("level", ""),
                        taken_on=dt.date.fromisoformat(test["date"]) if "date" in test else None,
                    )
                )
            for certification in data["certifications"]:
                certifications.append(
                    Certification(
                        profile=profile,
                        code=certification["code"],
                        name="The Basics of Big Data",
                        status=certification["status"],
                    )
                )
            months = data["experience_months"]
            if months:
                ended = dt.date(2026, 11, 30)
                jobs.append(
                    Experience(
                        profile=profile,
                        employer="Company",
                        role="Engineer",
                        started_on=ended - dt.timedelta(days=int(months * 30.4375) + 2),
                        ended_on=ended,
                    )
                )
            level = levels[plan[i]]
            intake = intakes[level.programme_id]
            prefix = level.programme.reference_prefix
            counters[prefix] = counters.get(prefix, 0) + 1
            applications.append(
                Application(
                    reference=f"{prefix}-2027-{counters[prefix]:06d}",
                    applicant=user,
                    programme=level.programme,
                    intake=intake,
                    entry_level=level,
                    round=intake.rounds.all()[0],
                    status=statuses[i],
                    submitted_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
        Degree.objects.bulk_create(degrees)
        LanguageTest.objects.bulk_create(tests)
        Certification.objects.bulk_create(certifications)
        Experience.objects.bulk_create(jobs)
        Application.objects.bulk_create(applications)
    return [(levels[code].pk, code, profile) for code, profile in zip(plan, profiles, strict=True)]


def change_the_rules() -> None:
    from admissions.catalogue.models import EntryLevel

    for level in EntryLevel.objects.filter(code__in=["pm", "m1"]):
        rules = copy.deepcopy(level.eligibility_rules)
        for node in _walk(rules):
            if node.get("code") == "english" and "min_scores" in node:
                node["min_scores"]["TOEIC_LR"] = 785
            if node.get("code") == "bachelor-or-higher":
                node["min_ects"] = 170
        level.eligibility_rules = rules
        level.save(update_fields=["eligibility_rules"])


def _walk(node):
    yield node
    for key in ("all_of", "any_of"):
        for child in node.get(key) or []:
            yield from _walk(child)


# --------------------------------------------------------------------------------------------
# Timings


def baseline(samples: list[tuple[int, str, dict]]) -> float:
    """Seconds to evaluate the same profiles in memory: read each profile dict, evaluate it
    with its entry level's compiled rules. No database, no snapshot written."""
    from admissions.catalogue.models import EntryLevel
    from admissions.eligibility import services
    from admissions.rules import eligibility as engine

    rules = {level.pk: services.compiled_rules(level) for level in EntryLevel.objects.all()}
    today = dt.date(2026, 12, 1)
    started = time.perf_counter()
    for level_id, _code, profile in samples:
        engine.evaluate(rules[level_id], engine.Profile.from_dict(profile), today=today)
    return time.perf_counter() - started


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes) and cores: a timing taken while other
    work runs is slower, and the reader should know."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def timed(label: str, function, count: int, reference: float) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    rate = count / seconds if seconds else float("inf")
    print(
        f"{label:<58} {seconds:8.2f} s  {rate:10,.0f} applications/s  "
        f"{seconds / reference:6.1f}x the baseline  ({load()})"
    )
    return seconds, result


def run(count: int, seed: int) -> bool:
    from admissions.catalogue.models import Intake
    from admissions.eligibility import reruns

    now = dt.datetime.fromisoformat(NOW_ISO)
    started = time.perf_counter()
    samples = create_applications(count, seed)
    print(
        f"created {count:,} applicants, profiles and applications in "
        f"{time.perf_counter() - started:.1f} s"
    )
    intakes = list(Intake.objects.filter(academic_year=2027).select_related("programme"))

    reference = baseline(samples)
    print(
        f"{'baseline: the same profiles evaluated in memory':<58} {reference:8.2f} s  "
        f"{count / reference:10,.0f} applications/s"
    )

    def rerun_all():
        return [
            change
            for intake in intakes
            for change in reruns.apply_rerun(intake=intake, actor=None, now=now)
        ]

    def preview_all():
        return [
            change for intake in intakes for change in reruns.preview_rerun(intake=intake, now=now)
        ]

    timed("1. first evaluation (profiles from the applicant tables)", rerun_all, count, reference)
    change_the_rules()
    _, previewed = timed(
        "2a. preview after a rule change (nothing written)", preview_all, count, reference
    )
    seconds, changes = timed(
        "2b. re-run after a rule change (snapshots written)", rerun_all, count, reference
    )
    assert len(changes) == len(previewed), (len(changes), len(previewed))
    print(f"outcomes changed by the rule change: {len(changes):,} of {count:,}")
    within = seconds < TARGET_SECONDS
    verdict = "under" if within else "OVER"
    print(f"whole intake re-run: {seconds:.1f} s, {verdict} the {TARGET_SECONDS:.0f} s target")
    return within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="postgres://user@host:port/ to run on a throwaway PostgreSQL database "
        "(default: a temporary SQLite file)",
    )
    arguments = parser.parse_args()
    with throwaway_database(arguments.database_url) as url:
        setup_django(url)
        from django.db import connection

        print(f"database: {connection.vendor}; applications: {arguments.count:,}; {load()}")
        within = run(arguments.count, arguments.seed)
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
