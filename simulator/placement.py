"""Where the levers work best: the placement of given lever intensities that onboards the most UMKM by the deadline.

The lever intensities and start months are the scenario's; only the regional allocation moves. The objective is
the nation's onboarded count at the end of the deadline month (the sum of the regions) with central parameters,
subject to the programme's spending through the deadline not rising above that of the starting allocation
(towers cost more in Maluku-Papua, so moving them there may be refused for the money). The probability of
reaching the target, before and after, is then computed against the Monte Carlo draws when they are given.

Search: a pattern search on shares. Each round runs, in one vectorised call, every transfer of ``step`` of one
lever's share from one region to another (three levers x 30 ordered pairs); the best feasible improvement is
taken; when none improves, the step halves, down to ``min_step``. Every candidate is one regional run of
about six batch elements, so a search of a few dozen rounds takes well under a second
(``benchmarks/bench_regions.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator import regions, timeline
from simulator.parameters import HORIZON_RANGE, LEVERS, ModelParameters, Scenario, central_parameters

DEFAULT_STEP = 0.1  # first transfer [fraction of a lever's intensity]
MIN_STEP = 0.0125  # smallest transfer: 1.25 percentage points
MAX_ROUNDS = 200
_TOLERANCE = 1e-9


@dataclass(frozen=True, kw_only=True)
class Placement:
    """The best placement found and what it changes."""

    scenario: Scenario
    start: regions.Allocation
    best: regions.Allocation
    adopters_start: float  # the nation's onboarded at the deadline, central parameters [UMKM]
    adopters_best: float
    cost_start_idr: float  # programme spending from each lever's start through the deadline [rupiah]
    cost_best_idr: float
    rounds: int
    evaluations: int
    probability_start: float | None = None  # weighted P(target reached by the deadline), every draw
    probability_best: float | None = None

    @property
    def adopters_added(self) -> float:
        return self.adopters_best - self.adopters_start

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: allocations as ``{key: {region: share}}``, counts in UMKM, money in rupiah."""
        return {"scenario": self.scenario.to_mapping(), "start": self.start.to_mapping(),
                "best": self.best.to_mapping(), "adopters_at_deadline_start": self.adopters_start,
                "adopters_at_deadline_best": self.adopters_best, "adopters_added": self.adopters_added,
                "cost_idr_start": self.cost_start_idr, "cost_idr_best": self.cost_best_idr,
                "probability_start": self.probability_start, "probability_best": self.probability_best,
                "rounds": self.rounds, "evaluations": self.evaluations}


def _short(scenario: Scenario) -> Scenario:
    """The scenario run only to its deadline (the months after it do not change the objective)."""
    deadline = scenario.month_index("deadline")
    if deadline >= timeline.parse_month(HORIZON_RANGE[0]):
        return scenario.replace(horizon=scenario.deadline)
    return scenario


def _evaluate(parameters: ModelParameters, scenario: Scenario, allocations: list[regions.Allocation]
              ) -> tuple[np.ndarray, np.ndarray]:
    """The nation's onboarded at the deadline and the spending through it, per allocation."""
    trajectory = regions.simulate_regions(parameters, [scenario] * len(allocations), allocations)
    deadline = scenario.month_index("deadline")
    adopters = trajectory.n_adopters[:, :, deadline].sum(axis=1)
    cost = np.zeros(len(allocations))
    for lever in LEVERS:
        start = scenario.month_index(lever.start_key)
        cost += getattr(trajectory, lever.spend_field)[:, :, start:deadline + 1].sum(axis=(1, 2))
    return adopters, cost


def _moves(allocation: regions.Allocation, step: float) -> list[regions.Allocation]:
    out = []
    n = len(regions.REGION_KEYS)
    for lever in LEVERS:
        shares = np.array(allocation.shares[lever.key])
        for a in range(n):
            moved = min(step, shares[a])
            if moved <= _TOLERANCE:
                continue
            for b in range(n):
                if b == a:
                    continue
                new = shares.copy()
                new[a] -= moved
                new[b] += moved
                new[a] = 0.0 if new[a] < _TOLERANCE else new[a]
                out.append(allocation.replace(lever.key, tuple(float(x) for x in new)))
    return out


def best_placement(scenario: Scenario, start: regions.Allocation | None = None, *,
                   parameters: ModelParameters | None = None, draws: Any = None, step: float = DEFAULT_STEP,
                   min_step: float = MIN_STEP) -> Placement:
    """The placement of the scenario's levers that onboards the most UMKM by its deadline at no extra cost.

    Parameters
    ----------
    scenario
        Lever intensities, start months, target and deadline (kept).
    start
        The allocation to start from (default: the default allocation).
    parameters
        Central parameters (default: the registry's).
    draws
        :class:`simulator.uncertainty.Draws` for the probability before and after (every draw), or None.
    """
    if not 0.0 < min_step <= step <= 1.0:
        raise ValueError(f"step: {step!r} and min_step: {min_step!r} must satisfy 0 < min_step <= step <= 1")
    start = start or regions.Allocation()
    parameters = parameters or central_parameters()
    short = _short(scenario)
    (adopters0,), (cost0,) = _evaluate(parameters, short, [start])
    best, best_adopters, best_cost = start, float(adopters0), float(cost0)
    rounds = evaluations = 0
    while step >= min_step - _TOLERANCE and rounds < MAX_ROUNDS:
        rounds += 1
        candidates = _moves(best, step)
        adopters, cost = _evaluate(parameters, short, candidates)
        evaluations += len(candidates)
        allowed = cost <= float(cost0) * (1.0 + 1e-12) + 1.0
        gain = np.where(allowed, adopters - best_adopters, -np.inf)
        k = int(np.argmax(gain))
        if gain[k] > 1.0:  # at least one UMKM
            best, best_adopters, best_cost = candidates[k], float(adopters[k]), float(cost[k])
        else:
            step /= 2.0
    probability_start = probability_best = None
    if draws is not None:
        from simulator.uncertainty import weighted_probability

        deadline = short.month_index("deadline")
        trajectory = regions.simulate_regions(draws.parameters, [short, short], [start, best])
        reached = trajectory.n_adopters[:, :, :, deadline].sum(axis=2) >= scenario.target  # (2, draws)
        probability_start, probability_best = (float(weighted_probability(reached[j], draws.weights))
                                               for j in range(2))
    return Placement(scenario=scenario, start=start, best=best, adopters_start=float(adopters0),
                     adopters_best=best_adopters, cost_start_idr=float(cost0), cost_best_idr=best_cost,
                     rounds=rounds, evaluations=evaluations, probability_start=probability_start,
                     probability_best=probability_best)
