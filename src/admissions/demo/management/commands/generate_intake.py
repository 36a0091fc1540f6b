"""``manage.py generate_intake --applications N [--reviewers R] [--programme slug] [--seed S]``:
a large, realistic intake (see ``admissions.demo.generator``) for load checks and benchmarks."""

from __future__ import annotations

import time

from django.core.management.base import CommandError

from admissions.catalogue.models import Programme
from admissions.catalogue.services import load_programme_files
from admissions.demo.generator import generate_intake
from admissions.demo.management.base import DemoCommand
from admissions.demo.services import programme_files


class Command(DemoCommand):
    help = (
        "Add N eligible applications (applicants with profiles, degrees, language tests and "
        "the documents' metadata) to a programme's current intake, and optionally a committee "
        "of R members with capacities, expertise and institutions (about 5 % conflicts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, required=True)
        parser.add_argument("--reviewers", type=int, default=0)
        parser.add_argument("--programme", default="msc-cps2-ai-iot")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, applications: int, reviewers: int, programme: str, seed: int, **kw):
        if applications < 0 or reviewers < 0:
            raise CommandError("--applications and --reviewers take a number of 0 or more.")
        if not Programme.objects.filter(slug=programme).exists():
            load_programme_files(programme_files())
        if not Programme.objects.filter(slug=programme).exists():
            raise CommandError(f"No programme {programme!r}: see programmes/*.yaml.")
        started = time.perf_counter()
        try:
            generated = generate_intake(
                applications=applications, reviewers=reviewers, programme=programme, seed=seed
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{len(generated.application_ids)} eligible applications and "
            f"{generated.documents} documents' rows in {generated.intake} "
            f"(round {generated.round.number}) in {elapsed:.1f} s."
        )
        if generated.committee is not None:
            self.stdout.write(
                f"Committee “{generated.committee.name}” ({generated.committee.public_id}): "
                f"{len(generated.members)} new members."
            )
