"""The assignment solver on random instances: every capacity and conflict holds, each
application gets exactly N distinct reviewers, reviewers with the same capacity carry loads
within one of each other, and an instance that cannot be served names the applications left
short, with nothing assigned."""

from __future__ import annotations

from collections import Counter, deque

from hypothesis import given, settings
from hypothesis import strategies as st

from admissions.review.assignment.solver import (
    CAPACITY,
    CONFLICTS,
    Application,
    Reviewer,
    solve,
)

TAGS = ("ai", "iot", "systems", "maths", "data")


@st.composite
def instances(draw):
    n_reviewers = draw(st.integers(min_value=1, max_value=9))
    n_apps = draw(st.integers(min_value=0, max_value=25))
    per_application = draw(st.integers(min_value=1, max_value=3))
    capacities = st.sampled_from([0, 2, 4, 6, 10])
    reviewers = [
        Reviewer(
            id=f"r{i}",
            capacity=draw(capacities),
            expertise=frozenset(draw(st.sets(st.sampled_from(TAGS), max_size=2))),
        )
        for i in range(n_reviewers)
    ]
    applications = [
        Application(id=i, tags=frozenset(draw(st.sets(st.sampled_from(TAGS), max_size=2))))
        for i in range(n_apps)
    ]
    rate = draw(st.sampled_from([0.0, 0.05, 0.2]))
    chance = draw(st.randoms(use_true_random=False))
    conflicts = {(r.id, a.id) for r in reviewers for a in applications if chance.random() < rate}
    prune_above = draw(st.sampled_from([0, 10**9]))  # pruned (with fall-back) or full
    return reviewers, applications, conflicts, per_application, prune_above


def _movable(solution, reviewers, applications, conflicts, heavy, light) -> bool:
    """Whether an alternating path moves one application from ``heavy`` to ``light``."""
    capacity = {r.id: r.capacity for r in reviewers}
    assigned = {a.id: set(solution.assignments.get(a.id, ())) for a in applications}
    seen, queue = {heavy}, deque([heavy])
    while queue:
        reviewer = queue.popleft()
        for app, chosen in assigned.items():
            if reviewer not in chosen:
                continue
            for other in capacity:
                if other in seen or other in chosen or capacity[other] == 0:
                    continue
                if (other, app) in conflicts:
                    continue
                if other == light:
                    return True
                seen.add(other)
                queue.append(other)
    return False


@settings(max_examples=40, deadline=None)
@given(instances())
def test_every_capacity_conflict_and_reviewer_count_holds_on_random_instances(instance):
    reviewers, applications, conflicts, n, prune_above = instance
    solution = solve(
        reviewers=reviewers,
        applications=applications,
        conflicts=conflicts,
        per_application=n,
        prune_above=prune_above,
    )
    if not solution.feasible:
        assert solution.assignments == {}
        assert solution.short
        for shortfall in solution.short:
            assert shortfall.found < shortfall.needed == n
            assert shortfall.reason in (CONFLICTS, CAPACITY)
            assert (shortfall.reason == CONFLICTS) == (shortfall.eligible < n)
        return
    loads = Counter()
    for application in applications:
        chosen = solution.assignments[application.id] if n else ()
        assert len(chosen) == n
        assert len(set(chosen)) == n
        for reviewer in chosen:
            assert (reviewer, application.id) not in conflicts
            loads[reviewer] += 1
    for reviewer in reviewers:
        assert loads[reviewer.id] <= reviewer.capacity
        assert solution.loads[reviewer.id] == loads[reviewer.id]
    for first in reviewers:
        for second in reviewers:
            if first.capacity != second.capacity:
                continue
            if loads[first.id] - loads[second.id] >= 2:
                # Only when no single move can bring them closer, and then it is said.
                assert (first.id, second.id) in solution.unbalanced
                assert not _movable(
                    solution, reviewers, applications, conflicts, first.id, second.id
                )
    assert solution.cost >= solution.lower_bound


def test_equal_capacities_share_the_work_within_one_review():
    reviewers = [Reviewer(id=i, capacity=20) for i in range(7)]
    applications = [Application(id=i) for i in range(30)]
    solution = solve(
        reviewers=reviewers, applications=applications, conflicts=set(), per_application=3
    )
    assert sorted(solution.loads.values()) == [12, 13, 13, 13, 13, 13, 13]


def test_the_work_is_shared_in_proportion_to_capacity():
    reviewers = [Reviewer(id="small", capacity=10), Reviewer(id="large", capacity=30)]
    reviewers += [Reviewer(id=f"other{i}", capacity=20) for i in range(3)]
    applications = [Application(id=i) for i in range(20)]
    solution = solve(
        reviewers=reviewers, applications=applications, conflicts=set(), per_application=2
    )
    assert solution.loads["small"] == 4
    assert solution.loads["large"] == 12
    assert all(solution.loads[f"other{i}"] == 8 for i in range(3))


def test_a_matching_expertise_is_preferred_when_the_loads_allow_it():
    reviewers = [
        Reviewer(id="ai", capacity=5, expertise=frozenset({"ai"})),
        Reviewer(id="iot", capacity=5, expertise=frozenset({"iot"})),
    ]
    applications = [
        Application(id="a1", tags=frozenset({"ai"})),
        Application(id="a2", tags=frozenset({"iot"})),
    ]
    solution = solve(
        reviewers=reviewers, applications=applications, conflicts=set(), per_application=1
    )
    assert solution.assignments == {"a1": ("ai",), "a2": ("iot",)}
    assert solution.mismatches == 0
    assert solution.gap == 0


def test_an_application_with_too_many_conflicts_is_reported_short_and_nothing_is_assigned():
    reviewers = [Reviewer(id=i, capacity=10) for i in range(3)]
    applications = [Application(id="ok"), Application(id="tied")]
    conflicts = {(0, "tied"), (1, "tied")}
    solution = solve(
        reviewers=reviewers, applications=applications, conflicts=conflicts, per_application=2
    )
    assert not solution.feasible
    assert solution.assignments == {}
    [shortfall] = solution.short
    assert (shortfall.application, shortfall.reason, shortfall.eligible) == ("tied", CONFLICTS, 1)


def test_too_little_capacity_reports_the_applications_left_short_for_capacity():
    reviewers = [Reviewer(id=i, capacity=2) for i in range(3)]  # 6 reviews for 4 × 2
    applications = [Application(id=i) for i in range(4)]
    solution = solve(
        reviewers=reviewers, applications=applications, conflicts=set(), per_application=2
    )
    assert not solution.feasible
    assert {s.reason for s in solution.short} == {CAPACITY}
    assert sum(s.needed - s.found for s in solution.short) == 2


def test_reviews_already_held_count_toward_capacity_and_balance():
    reviewers = [Reviewer(id="busy", capacity=6, load=5), Reviewer(id="free", capacity=6)]
    applications = [Application(id=i, need=1) for i in range(4)]
    solution = solve(
        reviewers=reviewers, applications=applications, conflicts=set(), per_application=3
    )
    assert solution.loads == {"busy": 5, "free": 4}


def test_a_pruned_instance_falls_back_to_every_arc_when_pruning_leaves_it_short():
    # Pruning keeps each application's 6 best candidates: expertise matches first. The 13
    # matching reviewers can take one review each, fewer than the 20 applications: only the
    # full network reaches the 7 generalists.
    reviewers = [Reviewer(id=f"m{i}", capacity=1, expertise=frozenset({"ai"})) for i in range(13)]
    reviewers += [Reviewer(id=f"g{i}", capacity=100) for i in range(7)]
    applications = [Application(id=i, tags=frozenset({"ai"})) for i in range(20)]
    solution = solve(
        reviewers=reviewers,
        applications=applications,
        conflicts=set(),
        per_application=1,
        prune_above=0,
        candidates=6,
    )
    assert solution.pruned and solution.fell_back
    assert solution.feasible
    assert len(solution.assignments) == 20
