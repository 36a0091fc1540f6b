"""Reviewer assignment as a min-cost flow: a pure function, no database.

The network (OR-Tools' ``SimpleMinCostFlow``)::

    source ──need──▶ application ──1──▶ reviewer ══unit arcs══▶ sink
                                  (no arc for a conflict)

- ``source → application`` carries the reviewers the application still needs (``N`` minus
  the reviewers it already has);
- ``application → reviewer`` has capacity 1, so an application gets *distinct* reviewers;
  it costs ``MISMATCH_COST`` when the reviewer shares none of the application's tags, 0 when
  the expertise matches; a conflict (or a reviewer who already reviews it, or declined it)
  has no arc at all;
- ``reviewer → sink`` is split into one arc per unit of remaining capacity, the ``k``-th
  costing ``round(B·(2k−1)/capacity)``: the marginal costs of ``B·load²/capacity``, a convex
  cost whose minimum spreads the work in proportion to each reviewer's capacity (the
  capacity is a hard maximum: there is no arc past it).

``B`` is chosen so that the balance dominates: two consecutive units of one reviewer differ
by more than any chain of expertise swaps can gain, so among the most balanced assignments
the flow picks the one with the most expertise matches. Reviewers with the same capacity
have the same unit costs, so at the optimum their loads differ by at most one unless the
conflicts leave no way to move an application from one to the other. Arc pruning (below)
can hide such a move, so a repair pass walks alternating paths over *every* eligible pair
afterwards and moves single applications until the loads of each capacity class differ by
at most one, or reports the pairs it cannot balance (``Solution.unbalanced``).

**Pruning.** Past ``PRUNE_ABOVE`` application–reviewer pairs, each application keeps only
its ``candidates`` best reviewers (``DEFAULT_CANDIDATES``, at least ``6 × N``): expertise
matches first, then a pseudo-random order drawn from ``seed`` so that every reviewer appears
in about as many lists as every other (ranking by id would send every application to the
same few people). If the pruned network cannot carry every needed review, the solver falls
back to the full set of arcs before it declares anything infeasible.

**Infeasible instances.** The solver then returns the maximum flow and names every
application left short with its reason: fewer reviewers without a conflict (and with room)
than it needs (``conflicts``), or the reviewers it could have had are full
(``capacity``). The caller saves nothing (``Solution.feasible`` is false).

**Lower bound.** ``lower_bound`` adds two relaxations that each ignore the other's
constraints: the cheapest ``D`` unit arcs of all reviewers together (``D`` the reviews
needed, conflicts ignored: the perfect spread), and, per application, the mismatches it
cannot avoid (fewer matching eligible reviewers than it needs). ``gap`` is
``(cost − lower_bound) / lower_bound``.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

MISMATCH_COST = 1
PRUNE_ABOVE = 250_000  # application × reviewer pairs past which arcs are pruned
DEFAULT_CANDIDATES = 24  # reviewers kept per application when pruning (at least 6 × N)

CONFLICTS = "conflicts"
CAPACITY = "capacity"


@dataclass(frozen=True)
class Reviewer:
    id: Hashable
    capacity: int
    expertise: frozenset[str] = frozenset()
    load: int = 0  # reviews already held (active assignments): they count toward capacity


@dataclass(frozen=True)
class Application:
    id: Hashable
    tags: frozenset[str] = frozenset()
    need: int | None = None  # reviewers still needed; None: the instance's N


@dataclass(frozen=True)
class Shortfall:
    application: Hashable
    needed: int
    found: int
    reason: str  # CONFLICTS or CAPACITY
    eligible: int  # reviewers without a conflict who had room at the start


@dataclass
class Solution:
    assignments: dict[Hashable, tuple[Hashable, ...]]
    loads: dict[Hashable, int]
    short: list[Shortfall]
    matches: int = 0
    mismatches: int = 0
    cost: int = 0
    lower_bound: int = 0
    least_mismatches: int = 0
    pruned: bool = False
    fell_back: bool = False
    arcs: int = 0
    unbalanced: list[tuple[Hashable, Hashable]] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.short

    @property
    def gap(self) -> float:
        if self.lower_bound <= 0:
            return 0.0
        return (self.cost - self.lower_bound) / self.lower_bound


def solve(
    *,
    reviewers: Sequence[Reviewer],
    applications: Sequence[Application],
    conflicts: Iterable[tuple[Hashable, Hashable]],
    per_application: int,
    candidates: int = DEFAULT_CANDIDATES,
    prune_above: int = PRUNE_ABOVE,
    seed: int = 0,
) -> Solution:
    """Assign ``per_application`` distinct reviewers to each application (or its ``need``).

    ``conflicts`` are (reviewer id, application id) pairs that may not be assigned.
    """
    instance = _Instance(reviewers, applications, conflicts, per_application)
    eligible = instance.eligible
    full_pairs = int(eligible.sum())
    pruned = instance.n_apps * instance.n_reviewers > prune_above
    fell_back = False
    arcs = eligible
    if pruned:
        arcs = instance.pruned_arcs(max(candidates, 6 * per_application), seed)
    flow = _flow(instance, arcs)
    if pruned and flow.carried < instance.demand:
        fell_back = True
        arcs = eligible
        flow = _flow(instance, arcs)
    assigned = flow.assigned
    if flow.carried < instance.demand:
        return instance.report_short(assigned, pruned=pruned, fell_back=fell_back, arcs=full_pairs)
    unbalanced = instance.rebalance(assigned)
    return instance.solution(
        assigned, pruned=pruned, fell_back=fell_back, arcs=int(arcs.sum()), unbalanced=unbalanced
    )


# --------------------------------------------------------------------------------------------


class _Flow:
    def __init__(self, carried: int, assigned: list[set[int]]):
        self.carried = carried
        self.assigned = assigned


class _Instance:
    def __init__(
        self,
        reviewers: Sequence[Reviewer],
        applications: Sequence[Application],
        conflicts: Iterable[tuple[Hashable, Hashable]],
        per_application: int,
    ):
        if per_application < 1:
            raise ValueError("Each application needs at least one reviewer.")
        self.reviewers = list(reviewers)
        self.applications = list(applications)
        self.n_reviewers = len(self.reviewers)
        self.n_apps = len(self.applications)
        self.reviewer_index = {r.id: i for i, r in enumerate(self.reviewers)}
        self.app_index = {a.id: i for i, a in enumerate(self.applications)}
        if len(self.reviewer_index) != self.n_reviewers or len(self.app_index) != self.n_apps:
            raise ValueError("Reviewer and application ids must be unique.")
        self.need = np.array(
            [per_application if a.need is None else max(0, a.need) for a in self.applications],
            dtype=np.int64,
        )
        self.demand = int(self.need.sum())
        self.capacity = np.array([max(0, r.capacity) for r in self.reviewers], dtype=np.int64)
        self.start_load = np.array([max(0, r.load) for r in self.reviewers], dtype=np.int64)
        self.room = np.maximum(self.capacity - self.start_load, 0)
        # Expertise: one column per tag; a match is any shared tag.
        vocabulary = sorted(
            {t for r in self.reviewers for t in r.expertise}
            | {t for a in self.applications for t in a.tags}
        )
        column = {tag: j for j, tag in enumerate(vocabulary)}
        reviewer_tags = np.zeros((self.n_reviewers, len(vocabulary)), dtype=np.int32)
        for i, r in enumerate(self.reviewers):
            for tag in r.expertise:
                reviewer_tags[i, column[tag]] = 1
        app_tags = np.zeros((self.n_apps, len(vocabulary)), dtype=np.int32)
        for i, a in enumerate(self.applications):
            for tag in a.tags:
                app_tags[i, column[tag]] = 1
        self.match = (
            (app_tags @ reviewer_tags.T) > 0
            if vocabulary
            else np.zeros((self.n_apps, self.n_reviewers), dtype=bool)
        )
        eligible = np.ones((self.n_apps, self.n_reviewers), dtype=bool)
        for reviewer_id, app_id in conflicts:
            row = self.app_index.get(app_id)
            col = self.reviewer_index.get(reviewer_id)
            if row is not None and col is not None:
                eligible[row, col] = False
        self.not_conflicted = eligible.copy()
        eligible[:, self.room == 0] = False
        eligible[self.need == 0, :] = False
        self.eligible = eligible
        # Unit costs: B·(2k−1)/capacity for the k-th review of a reviewer. B makes one step
        # of a reviewer's load cost more than any chain of expertise changes can save
        # (a chain visits each reviewer at most once).
        max_capacity = int(self.capacity.max()) if self.n_reviewers else 1
        self.scale = 2 * (self.n_reviewers + 2) * MISMATCH_COST * max(max_capacity, 1)

    # -- costs

    def unit_cost(self, reviewer: int, k: int) -> int:
        """The cost of the ``k``-th review (1-based, counting reviews already held)."""
        return round(self.scale * (2 * k - 1) / int(self.capacity[reviewer]))

    def balance_cost(self, loads: np.ndarray) -> int:
        return sum(
            self.unit_cost(r, k)
            for r in range(self.n_reviewers)
            for k in range(int(self.start_load[r]) + 1, int(loads[r]) + 1)
        )

    # -- arcs

    def pruned_arcs(self, keep: int, seed: int) -> np.ndarray:
        """Each application's ``keep`` best eligible reviewers: matches first, then a
        seeded pseudo-random order that spreads applications over every reviewer."""
        if keep >= self.n_reviewers:
            return self.eligible
        rng = np.random.default_rng(seed)
        score = rng.random((self.n_apps, self.n_reviewers))
        score += np.where(self.match, 0.0, 2.0)
        score[~self.eligible] = np.inf
        best = np.argpartition(score, keep - 1, axis=1)[:, :keep]
        kept = np.zeros_like(self.eligible)
        np.put_along_axis(kept, best, True, axis=1)
        return kept & self.eligible

    # -- solving

    def solution(
        self,
        assigned: list[set[int]],
        *,
        pruned: bool,
        fell_back: bool,
        arcs: int,
        unbalanced: list[tuple[int, int]],
    ) -> Solution:
        loads = self.start_load.copy()
        matches = mismatches = 0
        for a, chosen in enumerate(assigned):
            for r in chosen:
                loads[r] += 1
                if self.match[a, r]:
                    matches += 1
                else:
                    mismatches += 1
        least = self.least_mismatches()
        return Solution(
            assignments={
                self.applications[a].id: tuple(
                    self.reviewers[r].id for r in sorted(chosen, key=self._order)
                )
                for a, chosen in enumerate(assigned)
                if chosen
            },
            loads={r.id: int(loads[i]) for i, r in enumerate(self.reviewers)},
            short=[],
            matches=matches,
            mismatches=mismatches,
            cost=self.balance_cost(loads) + MISMATCH_COST * mismatches,
            lower_bound=self.balance_lower_bound() + MISMATCH_COST * least,
            least_mismatches=least,
            pruned=pruned,
            fell_back=fell_back,
            arcs=arcs,
            unbalanced=[(self.reviewers[i].id, self.reviewers[j].id) for i, j in unbalanced],
        )

    def _order(self, r: int) -> int:
        return r

    def report_short(
        self, assigned: list[set[int]], *, pruned: bool, fell_back: bool, arcs: int
    ) -> Solution:
        eligible_count = self.eligible.sum(axis=1)
        short = []
        for a, chosen in enumerate(assigned):
            needed = int(self.need[a])
            if len(chosen) >= needed:
                continue
            count = int(eligible_count[a])
            short.append(
                Shortfall(
                    application=self.applications[a].id,
                    needed=needed,
                    found=len(chosen),
                    reason=CONFLICTS if count < needed else CAPACITY,
                    eligible=count,
                )
            )
        loads = self.start_load.copy()
        for chosen in assigned:
            for r in chosen:
                loads[r] += 1
        return Solution(
            assignments={},
            loads={r.id: int(loads[i]) for i, r in enumerate(self.reviewers)},
            short=short,
            pruned=pruned,
            fell_back=fell_back,
            arcs=arcs,
        )

    def least_mismatches(self) -> int:
        matching = (self.eligible & self.match).sum(axis=1)
        return int(np.maximum(self.need - matching, 0).sum())

    def balance_lower_bound(self) -> int:
        """The ``demand`` cheapest unit arcs over every reviewer: the spread a network
        without conflicts would reach (per-reviewer costs are increasing, so taking the
        cheapest units overall is that network's optimum)."""
        units = [
            self.unit_cost(r, k)
            for r in range(self.n_reviewers)
            for k in range(int(self.start_load[r]) + 1, int(self.capacity[r]) + 1)
        ]
        if not units:
            return 0
        take = min(self.demand, len(units))
        return int(np.sort(np.array(units, dtype=np.int64))[:take].sum())

    # -- repair: the loads of reviewers with the same capacity differ by at most one

    def rebalance(self, assigned: list[set[int]]) -> list[tuple[int, int]]:
        """Move single applications along alternating paths (an application of the heavier
        reviewer goes to a reviewer eligible for it, whose own application goes on, … to
        the lighter one) until each capacity class's loads differ by at most one. Only the
        two ends' loads change, so capacities and conflicts stay satisfied. Returns the
        (heavier, lighter) pairs left apart because no such path exists."""
        loads = self.start_load.copy()
        of_reviewer: list[set[int]] = [set() for _ in range(self.n_reviewers)]
        for a, chosen in enumerate(assigned):
            for r in chosen:
                loads[r] += 1
                of_reviewer[r].add(a)
        stuck: set[tuple[int, int]] = set()
        classes: dict[int, list[int]] = {}
        for r in range(self.n_reviewers):
            classes.setdefault(int(self.capacity[r]), []).append(r)
        for members in classes.values():
            if len(members) < 2:
                continue
            while True:
                order = sorted(members, key=lambda r: int(loads[r]))
                moved = False
                for heavy in reversed(order):
                    lighter = {
                        r
                        for r in members
                        if loads[r] <= loads[heavy] - 2 and (heavy, r) not in stuck
                    }
                    if not lighter:
                        continue
                    path = self._path(heavy, lighter, assigned, of_reviewer)
                    if path is None:
                        stuck.update((heavy, r) for r in lighter)
                        continue
                    for app, source, target in path:
                        assigned[app].remove(source)
                        assigned[app].add(target)
                        of_reviewer[source].remove(app)
                        of_reviewer[target].add(app)
                    loads[heavy] -= 1
                    loads[path[-1][2]] += 1
                    moved = True
                    break
                if not moved:
                    break
        return sorted((h, light) for h, light in stuck if loads[h] - loads[light] >= 2)

    def _path(
        self,
        start: int,
        targets: set[int],
        assigned: list[set[int]],
        of_reviewer: list[set[int]],
    ) -> list[tuple[int, int, int]] | None:
        """A shortest alternating path from ``start`` to one of ``targets``: a list of
        (application, from reviewer, to reviewer) moves."""
        came_from: dict[int, tuple[int, int]] = {start: (-1, -1)}
        queue = deque([start])
        while queue:
            reviewer = queue.popleft()
            for app in of_reviewer[reviewer]:
                candidates = np.flatnonzero(self.not_conflicted[app] & (self.capacity > 0))
                for other in candidates.tolist():
                    if other in came_from or other in assigned[app]:
                        continue
                    came_from[other] = (app, reviewer)
                    if other in targets:
                        path: list[tuple[int, int, int]] = []
                        node: int = other
                        while node != start:
                            app_of, previous = came_from[node]
                            path.append((app_of, previous, node))
                            node = previous
                        return list(reversed(path))
                    queue.append(other)
        return None


def _flow(instance: _Instance, arcs: np.ndarray) -> _Flow:
    """Solve the network over the application–reviewer ``arcs``; the maximum flow at the
    least cost when every need cannot be met."""
    n_apps, n_reviewers = instance.n_apps, instance.n_reviewers
    source = n_apps + n_reviewers
    sink = source + 1
    network = min_cost_flow.SimpleMinCostFlow()
    apps_with_need = np.flatnonzero(instance.need > 0)
    network.add_arcs_with_capacity_and_unit_cost(
        np.full(len(apps_with_need), source, dtype=np.int32),
        apps_with_need.astype(np.int32),
        instance.need[apps_with_need],
        np.zeros(len(apps_with_need), dtype=np.int64),
    )
    pair_apps, pair_reviewers = np.nonzero(arcs)
    first_pair_arc = len(apps_with_need)
    network.add_arcs_with_capacity_and_unit_cost(
        pair_apps.astype(np.int32),
        (n_apps + pair_reviewers).astype(np.int32),
        np.ones(len(pair_apps), dtype=np.int64),
        np.where(instance.match[pair_apps, pair_reviewers], 0, MISMATCH_COST).astype(np.int64),
    )
    tails, costs = [], []
    for r in range(n_reviewers):
        start = int(instance.start_load[r])
        for k in range(start + 1, int(instance.capacity[r]) + 1):
            tails.append(n_apps + r)
            costs.append(instance.unit_cost(r, k))
    if tails:
        network.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32),
            np.full(len(tails), sink, dtype=np.int32),
            np.ones(len(tails), dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
    network.set_node_supply(source, instance.demand)
    network.set_node_supply(sink, -instance.demand)
    status = network.solve_max_flow_with_min_cost()
    if status != network.OPTIMAL:
        raise RuntimeError(f"The min-cost flow solver answered {status}.")
    assigned: list[set[int]] = [set() for _ in range(n_apps)]
    if len(pair_apps):
        pair_arc_ids = np.arange(first_pair_arc, first_pair_arc + len(pair_apps))
        used = network.flows(pair_arc_ids) > 0
        for a, r in zip(pair_apps[used].tolist(), pair_reviewers[used].tolist(), strict=True):
            assigned[a].add(r)
    return _Flow(int(network.maximum_flow()), assigned)


def greedy_fill(
    *,
    reviewers: Sequence[Reviewer],
    applications: Sequence[Application],
    conflicts: Iterable[tuple[Hashable, Hashable]],
    per_application: int,
    seed: int = 0,
) -> dict[Hashable, tuple[Hashable, ...]]:
    """A trivial baseline for the benchmark: each application in turn takes the least
    loaded eligible reviewers. Not used to assign anything (it can strand applications
    that a flow would serve and ignores expertise)."""
    blocked = set(conflicts)
    loads = {r.id: r.load for r in reviewers}
    by_id = {r.id: r for r in reviewers}
    order = list(applications)
    random.Random(seed).shuffle(order)  # noqa: S311  # nosec B311  # a benchmark baseline, not a secret
    result: dict[Hashable, tuple[Hashable, ...]] = {}
    for application in order:
        need = per_application if application.need is None else application.need
        options = sorted(
            (
                r_id
                for r_id, load in loads.items()
                if load < by_id[r_id].capacity and (r_id, application.id) not in blocked
            ),
            key=lambda r_id: (loads[r_id] / max(by_id[r_id].capacity, 1), str(r_id)),
        )[:need]
        for r_id in options:
            loads[r_id] += 1
        result[application.id] = tuple(options)
    return result
