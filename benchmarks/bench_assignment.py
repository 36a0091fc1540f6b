"""Reviewer assignment at scale: 10,000 applications × 200 reviewers × 3 reviews, ~5 % conflicts.

    .venv/bin/python benchmarks/bench_assignment.py [--applications N] [--reviewers R]
                                                    [--seed S] [--database-url URL]

Builds a throwaway database (a temporary SQLite file by default; with ``--database-url
postgres://user@host:port/`` a temporary database on that server, dropped at the end),
loads the seed programmes and fills the MSc's current intake with ``generate_intake`` (the
same generator as ``manage.py generate_intake``): N eligible applicants with degrees from
institutions, language tests and documents' rows, and a committee of R members whose
institutions give about 5 % of (member, application) pairs a derived conflict.

Then, each against baselines measured in the same run:

1. reading the instance: the derived conflicts refreshed (found from the institutions and
   written), the applications' tags and the members read — what ``draft_assignment`` does
   before it solves;
2. a trivial greedy fill (each application in turn takes its least loaded eligible
   reviewers, no expertise, no guarantee), in memory;
3. the solver (``review.assignment.solver.solve``: OR-Tools' min-cost flow with convex
   per-reviewer costs, pruned arcs, the balance repair) on that instance, printed with its
   ratio to both baselines;
4. the whole ``draft_assignment`` service, which also writes the 30,000 draft rows.

It prints the solver's time against the 10-second target, the minimum and maximum load
(and the widest spread among reviewers with the same capacity, which must be at most one),
the expertise matches, and the optimality gap against the lower bound (the perfect spread
plus the mismatches no assignment can avoid; ``solver`` explains both). It exits non-zero
when the solver misses the target, leaves an application short or a capacity class spread.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_eligibility import load, setup_django, throwaway_database  # noqa: E402

TARGET_SECONDS = 10.0
NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def run(applications: int, reviewers: int, seed: int) -> bool:
    from admissions.catalogue.services import load_programme_files
    from admissions.core.permissions import SYSTEM
    from admissions.demo.generator import generate_intake
    from admissions.review.assignment import solver
    from admissions.review.assignment.conflicts import refresh_derived_conflicts
    from admissions.review.assignment.services import (
        applications_in_scope,
        draft_assignment,
        expertise_of,
        tags_of,
    )
    from admissions.review.models import Conflict

    load_programme_files([ROOT / "programmes"])
    seconds, generated = timed(
        lambda: generate_intake(applications=applications, reviewers=reviewers, seed=seed, now=NOW)
    )
    committee = generated.committee
    per_application = committee.reviewers_per_application
    print(
        f"generated {applications:,} applications, {generated.documents:,} documents' rows "
        f"and {reviewers} members in {seconds:.1f} s ({load()})"
    )

    def read_instance():
        members = generated.members
        in_scope = applications_in_scope(committee)
        refresh_derived_conflicts(members=members, applications=in_scope, now=NOW)
        tags = tags_of(in_scope)
        conflicts = set(
            Conflict.objects.filter(member__committee=committee).values_list(
                "member_id", "application_id"
            )
        )
        return (
            [
                solver.Reviewer(id=m.pk, capacity=m.capacity, expertise=expertise_of(m))
                for m in members
            ],
            [solver.Application(id=pk, tags=tags[pk]) for pk in sorted(tags)],
            conflicts,
        )

    read_seconds, (people, items, conflicts) = timed(read_instance)
    rate = len(conflicts) / (len(people) * len(items))
    print(
        f"{'baseline 1: reading the instance (conflicts refreshed)':<58} {read_seconds:7.2f} s"
        f"   conflicts: {len(conflicts):,} ({rate:.1%} of pairs)"
    )
    greedy_seconds, greedy = timed(
        lambda: solver.greedy_fill(
            reviewers=people,
            applications=items,
            conflicts=conflicts,
            per_application=per_application,
        )
    )
    stranded = sum(1 for chosen in greedy.values() if len(chosen) < per_application)
    print(
        f"{'baseline 2: greedy fill in memory':<58} {greedy_seconds:7.2f} s"
        f"   applications left short by it: {stranded}"
    )
    solve_seconds, solution = timed(
        lambda: solver.solve(
            reviewers=people,
            applications=items,
            conflicts=conflicts,
            per_application=per_application,
            seed=seed,
        )
    )
    print(
        f"{'solver: min-cost flow, pruned arcs, balance repair':<58} {solve_seconds:7.2f} s"
        f"   {solve_seconds / read_seconds:.2f}x baseline 1, "
        f"{solve_seconds / greedy_seconds:.2f}x baseline 2  ({load()})"
    )
    loads = solution.loads
    by_capacity: dict[int, list[int]] = defaultdict(list)
    for person in people:
        by_capacity[person.capacity].append(loads[person.id])
    widest = max(max(group) - min(group) for group in by_capacity.values())
    utilisation = [loads[p.id] / p.capacity for p in people]
    print(
        f"feasible: {solution.feasible}; arcs: {solution.arcs:,} "
        f"({'pruned' if solution.pruned else 'full'}"
        f"{', fell back to the full set' if solution.fell_back else ''})"
    )
    print(
        f"load: min {min(loads.values())}, max {max(loads.values())}; utilisation "
        f"{min(utilisation):.1%}–{max(utilisation):.1%}; widest spread among equal "
        f"capacities: {widest} ({len(by_capacity)} capacity classes)"
    )
    print(
        f"expertise: {solution.matches:,} matches, {solution.mismatches:,} mismatches "
        f"(at least {solution.least_mismatches:,} unavoidable)"
    )
    print(
        f"cost {solution.cost:,} vs lower bound {solution.lower_bound:,}: "
        f"optimality gap {solution.gap:.4%}"
    )
    draft_seconds, outcome = timed(
        lambda: draft_assignment(committee=committee, actor=SYSTEM, now=NOW)
    )
    print(
        f"{'draft_assignment (read, solve, write the drafts)':<58} {draft_seconds:7.2f} s"
        f"   {outcome.created:,} draft assignments written"
    )
    within = solve_seconds < TARGET_SECONDS
    print(
        f"solver: {solve_seconds:.1f} s, {'under' if within else 'OVER'} the "
        f"{TARGET_SECONDS:.0f} s target"
    )
    return within and solution.feasible and widest <= 1 and outcome.feasible


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=200)
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

        print(
            f"database: {connection.vendor}; {arguments.applications:,} applications × "
            f"{arguments.reviewers} reviewers × 3 reviews; {load()}"
        )
        ok = run(arguments.applications, arguments.reviewers, arguments.seed)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
