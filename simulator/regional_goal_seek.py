"""Goal seek by region: the cheapest mix of lever intensities, start months *and regional allocations* that
reaches a target by a deadline with a required probability, in the regional model.

The goal, the cost and the probability are those of :mod:`simulator.goal_seek`: the expected programme
spending of all three levers over the programme window (``earliest_start`` through the end of the deadline
month, summed over the regions, at each region's unit costs: a tower in Maluku-Papua costs more), and the
weighted share of draws whose nation (the sum of the six regions) reaches the target at the end of the deadline
month. The search alternates the two searches that already exist:

1. **Intensities at the starting allocation** (default: the default allocation): :func:`simulator.goal_seek`'s
   grid, bracket, scan and pattern search, run on the regional model through :class:`_RegionalSearch`. Its
   answer is reported beside the final one (``at_start_allocation``): what the goal costs when only the
   intensities move. When no mix reaches the goal placed that way, the strongest mix (every lever at its
   maximum) is placed first and the search runs again at that allocation (one round).
2. **Placement at those intensities**: :func:`simulator.placement.best_placement` moves the regional shares to
   onboard the most UMKM by the deadline at no extra spending (central parameters).
3. **Intensities again at the new allocation**: the pattern search from the mix of step 1, now placed; the
   answer is confirmed on every draw and kept only if it is cheaper. Steps 2 and 3 repeat up to
   :data:`ROUNDS` times, until placement moves nothing or the cost no longer falls.

So the answer never costs more than the one at the starting allocation, and it moves the allocation only when
that buys a cheaper mix. Both shortcuts of the national search carry over: spending needs no draws, and the
draws that the weakest mix (every lever at zero: where the levers go does not matter) already carries over the
target, or that the strongest mix *at the allocation in use* leaves short, are not run again (probability
rises with every lever's intensity in every region and draw, so both bounds hold for any mix placed the same
way). And from the default allocation, the scan of step 1 skips the grid mixes the national goal seek (run
first, a fraction of the time) finds short, and those no stronger than them: at the default allocation the six
regions sum to at most the national model in every draw (0.1-7% below it; ``tests/test_regional_goal_seek.py``
checks it on the grid), so a mix short nationally is short by region. That skip is the only step that is not
exact; a scan from any other allocation runs every grid mix it needs.

``benchmarks/bench_regional_goal_seek.py`` times it beside the national goal seek (under 2 s at the app's cap
of 2,000 draws).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator import goal_seek, placement, regions, timeline
from simulator import uncertainty as mc
from simulator.model import LeverPaths, simulate
from simulator.parameters import (
    DEFAULT_DEADLINE,
    DEFAULT_START,
    DEFAULT_TARGET,
    LEVERS,
    central_parameters,
)

ROUNDS = 2
"""Placement-then-intensities rounds after the first intensity search (each: one placement, one pattern
search); a third round measured no cheaper answer on the app's goals."""
MAX_ELEMENTS = mc.MAX_BATCH * 132
"""Mix x draw x region x month elements per engine call: the national engine's memory bound per call."""

AllocationKey = tuple[tuple[float, ...], ...]  # shares per lever in LEVERS order, per region


def allocation_key(allocation: regions.Allocation) -> AllocationKey:
    return tuple(tuple(allocation.shares[lever.key]) for lever in LEVERS)


def allocation_of(key: AllocationKey) -> regions.Allocation:
    return regions.Allocation(shares={lever.key: shares for lever, shares in zip(LEVERS, key, strict=True)})


class _RegionalSearch(goal_seek._Search):
    """:class:`simulator.goal_seek._Search` on the regional model: a mix is the national one (intensities, start
    months) followed by its :data:`AllocationKey`; new mixes take the allocation in use (:attr:`placed`)."""

    scan_batch = 4  # the scan starts where the national model's ends (see the module docstring): near the answer

    def __init__(self, *, allocation: regions.Allocation, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.placed: AllocationKey = allocation_key(allocation)
        self._allocations: dict[AllocationKey, regions.Allocation] = {self.placed: allocation}
        self._zero: np.ndarray | None = None  # each draw reaches the target with every lever at zero
        self._brackets: dict[AllocationKey, tuple[np.ndarray, float]] = {}  # undecided draws, decided weight

    def mix(self, intensities: Sequence[float], starts: Sequence[int]) -> goal_seek.Mix:
        return (*intensities, *starts, self.placed)  # type: ignore[return-value]

    def allocation(self, mix: goal_seek.Mix) -> regions.Allocation:
        key: AllocationKey = mix[6]  # type: ignore[misc]
        if key not in self._allocations:
            self._allocations[key] = allocation_of(key)
        return self._allocations[key]

    def _paths(self, mixes: Sequence[goal_seek.Mix]) -> LeverPaths:
        return regions.regional_lever_paths([self.scenario(m) for m in mixes], [self.allocation(m) for m in mixes],
                                            n_months=self.last + 1)

    def _price(self, mixes: Sequence[goal_seek.Mix]) -> np.ndarray:
        trajectory = simulate(regions.regional_parameters(self._pricing), self._paths(mixes))
        return mc.spend_through(trajectory, first=self.window, last=self.last).sum(axis=-1)  # (levers, mixes)

    def _adopters(self, mixes: Sequence[goal_seek.Mix], index: np.ndarray | None) -> np.ndarray:
        """The nation's adopters at the deadline (the sum of the regions), shaped ``(mixes, draws)``."""
        index = np.arange(self.draws.draws) if index is None else index
        paths = self._paths(mixes)
        paths = LeverPaths(**{k: v[:, None] for k, v in vars(paths).items()})  # (mixes, 1, regions, months)
        n_regions = len(regions.REGION_KEYS)
        per_call = max(1, MAX_ELEMENTS // (len(mixes) * n_regions * (self.last + 1)))
        n_workers = mc.resolve_workers(self.workers)
        per_chunk = max(1, min(per_call, -(-index.size // n_workers)))
        chunks = [index[a:a + per_chunk] for a in range(0, index.size, per_chunk)]

        def job(chunk: np.ndarray) -> np.ndarray:
            parameters = regions.regional_parameters(self.draws.subset(chunk))
            return simulate(parameters, paths).n_adopters[..., self.last].sum(axis=-1)  # (mixes, draws)

        if n_workers == 1 or len(chunks) == 1:
            parts = [job(chunk) for chunk in chunks]
        else:
            with ThreadPoolExecutor(max_workers=n_workers) as pool:
                parts = list(pool.map(job, chunks))
        return np.concatenate(parts, axis=1)

    def _bracket(self, key: AllocationKey, strongest: goal_seek.Mix) -> tuple[np.ndarray, float]:
        """The draws left undecided by the weakest mix and the strongest mix placed as ``key``, and the weight of
        those that reach the target whatever the intensities."""
        if key not in self._brackets:
            w = self.draws.weights
            if self._zero is None:
                weakest = self.mix((0.0, 0.0, 0.0), strongest[3:6])
                both = self._adopters([strongest, weakest], None) >= self.target
                self._zero = both[1]
                self.probability[weakest] = float(w @ both[1])
                reach = both[0]
            else:
                reach = self._adopters([strongest], None)[0] >= self.target
            self.probability[strongest] = float(w @ reach)
            self._brackets[key] = (np.flatnonzero(reach & ~self._zero), float(w @ (reach & self._zero)))
        return self._brackets[key]

    def strongest(self, key: AllocationKey) -> goal_seek.Mix:
        start = (self.window,) * 3
        return (*(lever.maximum for lever in LEVERS), *start, key)  # type: ignore[return-value]

    def bracket(self, *, strongest: goal_seek.Mix, weakest: goal_seek.Mix) -> None:
        self._bracket(strongest[6], strongest)  # type: ignore[arg-type]

    def run(self, mixes: Sequence[goal_seek.Mix]) -> None:
        todo = [m for m in dict.fromkeys(mixes) if m not in self.probability]
        if not todo:
            return
        self.costs(todo)
        w = self.draws.weights
        for key in dict.fromkeys(m[6] for m in todo):
            group = [m for m in todo if m[6] == key]
            undecided, decided = self._bracket(key, self.strongest(key))  # type: ignore[arg-type]
            group = [m for m in group if m not in self.probability]
            if not group:
                continue
            if undecided.size == 0:
                probability = np.full(len(group), decided)
            else:
                reach = self._adopters(group, undecided) >= self.target
                probability = decided + reach @ w[undecided]
            self.probability.update(zip(group, (float(p) for p in probability), strict=True))


@dataclass(frozen=True, kw_only=True)
class RegionalGoalSeekResult:
    """The cheapest mix found by region (``result``, its scenario's levers placed by ``allocation``), beside the
    cheapest with only the intensities searched at the starting allocation (``at_start_allocation``)."""

    result: goal_seek.GoalSeekResult
    allocation: regions.Allocation
    at_start_allocation: goal_seek.GoalSeekResult
    start_allocation: regions.Allocation
    rounds: int  # placement rounds that lowered the cost

    @property
    def found(self) -> bool:
        return self.result.found

    @property
    def below_status_quo(self) -> list[str]:
        """Levers the answer cuts below their status-quo pace (keys), as the national panel flags them."""
        return [lever.key for lever in LEVERS if getattr(self.result.scenario, lever.key) < lever.status_quo - 1e-9]

    @property
    def saving_idr(self) -> float:
        """What searching the allocation saves against the starting allocation [rupiah] (0 when not found)."""
        if not (self.result.found and self.at_start_allocation.found):
            return 0.0
        return self.at_start_allocation.cost_idr - self.result.cost_idr

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the national goal seek's keys, then ``allocation`` (``{key: {region: share}}``), the
        answer at the starting allocation and what moving the allocation saves."""
        return {**self.result.to_dict(), "allocation": self.allocation.to_mapping(),
                "start_allocation": self.start_allocation.to_mapping(),
                "at_start_allocation": self.at_start_allocation.to_dict(), "saving_idr": self.saving_idr,
                "levers_below_status_quo": self.below_status_quo, "placement_rounds": self.rounds}


def regional_goal_seek(*, target: float = DEFAULT_TARGET, deadline: str = DEFAULT_DEADLINE,
                       probability: float = goal_seek.DEFAULT_PROBABILITY, budget_idr: float | None = None,
                       draws: mc.Draws | None = None, earliest_start: str = DEFAULT_START,
                       allocation: regions.Allocation | None = None, workers: int | None = None,
                       rounds: int = ROUNDS) -> RegionalGoalSeekResult:
    """The cheapest mix of intensities, start months and regional allocations reaching ``target`` by
    ``deadline`` with at least ``probability`` (see the module docstring).

    Parameters are those of :func:`simulator.goal_seek.goal_seek`, plus ``allocation`` (where the search starts,
    default the default allocation) and ``rounds`` (placement rounds, 0 for the intensities only).

    Raises
    ------
    ValueError
        On a target, deadline, probability, budget, start month or number of rounds outside what is allowed.
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 0 <= rounds <= 10:
        raise ValueError(f"rounds: {rounds!r}; allowed a whole number from 0 to 10")
    last, window = goal_seek.check_goal(target=target, deadline=deadline, probability=probability,
                                        budget_idr=budget_idr, earliest_start=earliest_start)
    start_allocation = allocation or regions.Allocation()
    draws = draws or mc.default_draws()
    required = float(probability)
    common = {"target": float(target), "deadline": timeline.format_month(last),
              "horizon": goal_seek.horizon_for(last), "window": window, "workers": workers}
    search = _RegionalSearch(allocation=start_allocation, draws=draws, **common)
    known_short: list[goal_seek.Mix] = []
    if start_allocation.is_default():
        # Seed the scan with the grid mixes the national model finds short (see the module docstring).
        national = goal_seek._Search(draws=draws, target=float(target), deadline=timeline.format_month(last),
                                     horizon=goal_seek.horizon_for(last), window=window, workers=workers)
        goal_seek._solve(national, required=required, budget_idr=budget_idr, window=window, last=last)
        known_short = [(*m[:6], search.placed) for m, p in national.probability.items()  # type: ignore[misc]
                       if p < required - goal_seek._TOLERANCE]
    best, outcome, found = goal_seek._solve(search, required=required, budget_idr=budget_idr, window=window,
                                            last=last, known_short=known_short)
    fixed = goal_seek._result(search, best, outcome, found=found, required=required, budget_idr=budget_idr)
    taken = 0
    parameters = central_parameters()
    if not found and rounds:
        # Nothing reaches the goal placed as at the start: place the strongest mix, and search again there.
        strongest = search.strongest(search.placed)
        moved = placement.best_placement(search.scenario(strongest), search.allocation(strongest),
                                         parameters=parameters)
        if allocation_key(moved.best) != search.placed:
            search.placed = allocation_key(moved.best)
            again = goal_seek._solve(search, required=required, budget_idr=budget_idr, window=window, last=last)
            if again[2]:
                (best, outcome, found), taken = again, 1
    if found:
        for _ in range(rounds - taken):
            moved = placement.best_placement(search.scenario(best), search.allocation(best), parameters=parameters)
            key = allocation_key(moved.best)
            if key == best[6]:
                break
            search.placed = key
            placed: goal_seek.Mix = (*best[:6], key)  # type: ignore[assignment]
            search.run([placed])
            if search.probability[placed] < required - goal_seek._TOLERANCE:
                break  # more UMKM at the centre, yet less likely: keep what was found
            path = goal_seek._refine(search, placed, feasible=lambda m: search.probability[m] >= required
                                     - goal_seek._TOLERANCE, window=window, last=last)
            mix, confirmed = goal_seek.confirm(search, path, required=required)
            if mix is None or confirmed is None or confirmed.cost >= outcome.cost * (1.0 - 1e-9):
                break
            affordable = budget_idr is None or confirmed.cost <= float(budget_idr) * (1 + goal_seek._TOLERANCE)
            if not affordable:
                break
            best, outcome, taken = mix, confirmed, taken + 1
    answer = goal_seek._result(search, best, outcome, found=found, required=required, budget_idr=budget_idr)
    # Where a lever at zero goes changes nothing: it keeps the starting shares, so the answer moves only what acts.
    chosen = search.allocation(best)
    for lever in LEVERS:
        if getattr(answer.scenario, lever.key) == 0.0:
            chosen = chosen.replace(lever.key, start_allocation.shares[lever.key])
    return RegionalGoalSeekResult(result=answer, allocation=chosen, at_start_allocation=fixed,
                                  start_allocation=start_allocation, rounds=taken)
