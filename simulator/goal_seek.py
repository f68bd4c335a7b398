"""Goal seek: the cheapest lever mix that reaches a target by a deadline with a required probability.

A mix sets each lever's intensity within ``[0, LeverSpec.maximum]`` and its start month (from
``earliest_start``, default 2021-07, to the deadline; before it the lever runs at its status-quo pace). Its cost
is the expected programme spending of all three levers over the programme window, ``earliest_start`` through
the end of the deadline month [rupiah], including status-quo spending before a lever's later start, so that
mixes with different start months are compared over the same months. (:class:`simulator.runner.Verdict`
counts each lever only from its own start month; for mixes starting at ``earliest_start`` the two agree.)
Unit costs are uncertain, so the cost is the weighted mean over the draws; P10 and P90 are reported beside it.
The probability is the weighted share of draws whose adopters at the end of the deadline month reach the
target, all mixes being run against the same draws (common random numbers).

Search
    1. A coarse grid: every lever at 0, 25, 50, 75 or 100% of its maximum from ``earliest_start`` (125 mixes).
       First the strongest mix (every lever at its maximum) and the weakest (every lever at zero) are run:
       probability rises with every lever in every draw, so if the strongest mix falls short no mix is
       feasible, and the draws the two settle either way need not be run again. Then the grid is scanned in
       order of cost, a batch of mixes per vectorised run, skipping any mix no stronger than one found
       infeasible, and stops at the first feasible one: the cheapest feasible grid mix.
    2. From there, a pattern search: each round runs, in one batch, every neighbour that is cheaper (spending
       needs no draws): one lever lowered, or one lowered and another raised, by the current step; a lever
       held below its status-quo pace may also cut in earlier or later, a month step away. The cheapest
       feasible neighbour is taken; when none is feasible the steps halve, down to each lever's slider step
       and one month. Earlier start months are only searched for levers below the status quo: above it,
       starting at ``earliest_start`` with a lower intensity spends the same for more effect.
    3. The answer is run once more on every draw, for its probability, P10/P50/P90 and cost quantiles.

    When no mix is feasible the result says so and reports the mix that comes closest: every lever at its
    maximum from ``earliest_start``, or with a budget, the most probable mix within it among those run.

:mod:`simulator.regional_goal_seek` runs the same steps (:func:`_solve`, :func:`_refine`) on the regional model,
through a subclass of :class:`_Search` whose mixes carry a regional allocation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator import timeline
from simulator import uncertainty as mc
from simulator.model import simulate
from simulator.parameters import (
    DEFAULT_DEADLINE,
    DEFAULT_HORIZON,
    DEFAULT_START,
    DEFAULT_TARGET,
    LEVERS,
    TARGET_RANGE,
    ModelParameters,
    Scenario,
)
from simulator.runner import lever_paths

DEFAULT_PROBABILITY = 0.8
GRID_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)  # coarse grid: fractions of each lever's maximum
SCAN_BATCH = 12  # grid mixes run per batch while scanning in order of cost
MAX_EVALUATIONS = 400  # mixes run against the draws, a safety cap; a search typically needs 60-150
_TOLERANCE = 1e-9

Mix = tuple[float, float, float, int, int, int]  # intensities in LEVERS order, then start month indices


@dataclass(frozen=True, kw_only=True)
class GoalSeekResult:
    """The cheapest feasible mix, or, when none is feasible, the one that comes closest."""

    found: bool
    scenario: Scenario
    probability: float  # weighted P(adopters at the deadline >= target) of ``scenario``
    cost_idr: float  # expected programme spending, window start through deadline [rupiah]
    cost_idr_p10: float
    cost_idr_p90: float
    adopters_at_deadline_p50: float  # [UMKM]
    adopters_at_deadline_p10: float
    adopters_at_deadline_p90: float
    target: float  # [UMKM]
    deadline: str  # "YYYY-MM"
    required_probability: float
    budget_idr: float | None
    window_start: str  # "YYYY-MM", first month of the cost window and earliest start
    evaluated: int  # mixes run against the draws
    draws: int
    effective_draws: float
    seed: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (money in rupiah, counts in UMKM, months "YYYY-MM")."""
        return {
            "found": self.found, "scenario": self.scenario.to_mapping(), "probability": self.probability,
            "cost_idr": self.cost_idr, "cost_idr_p10": self.cost_idr_p10, "cost_idr_p90": self.cost_idr_p90,
            "adopters_at_deadline_p50": self.adopters_at_deadline_p50,
            "adopters_at_deadline_p10": self.adopters_at_deadline_p10,
            "adopters_at_deadline_p90": self.adopters_at_deadline_p90,
            "target": self.target, "deadline": self.deadline, "required_probability": self.required_probability,
            "budget_idr": self.budget_idr, "window_start": self.window_start, "evaluated": self.evaluated,
            "draws": self.draws, "effective_draws": round(self.effective_draws, 1), "seed": self.seed,
            "message": self.message,
        }


@dataclass(frozen=True, kw_only=True)
class _Outcome:
    probability: float
    cost: float  # expected [rupiah]
    cost_p10: float
    cost_p90: float
    adopters: tuple[float, float, float]  # P10, P50, P90 at the deadline [UMKM]


class _Search:
    """Runs mixes against the draws (each mix once) and prices them.

    Two shortcuts keep a search to a fraction of a second per hundred mixes, both exact:

    * Spending needs no draws: it is linear in the unit costs, and the villages funded do not depend on the
      draw (while their number is fixed, as in the registry), so one cheap run at the weighted-mean unit costs
      prices a mix, and each draw's cost follows by scaling each lever's spending by its unit cost.
    * Probability rises with every lever in every draw, so a draw that misses the target with every lever at
      its maximum misses it under any mix, and one that reaches it with every lever at zero reaches it under
      any mix. Once those two mixes are run, only the undecided draws are simulated.
    """

    scan_batch = SCAN_BATCH  # grid mixes run per batch while scanning

    def __init__(self, *, draws: mc.Draws, target: float, deadline: str, horizon: str, window: int,
                 workers: int | None) -> None:
        self.draws, self.target, self.deadline, self.horizon = draws, target, deadline, horizon
        self.window, self.last = window, timeline.parse_month(deadline)
        self.workers = workers
        self.probability: dict[Mix, float] = {}
        w = draws.weights
        self._unit_costs = {lever.cost_parameter: draws.values(lever.cost_parameter)
                            for lever in LEVERS if lever.cost_parameter is not None}
        means = {name: float(np.sum(w * values)) for name, values in self._unit_costs.items()}
        self._pricing = ModelParameters(**means)
        self._spend: dict[Mix, np.ndarray] = {}  # per lever at the mean unit costs [rupiah]
        self._undecided: np.ndarray | None = None  # draws still to simulate
        self._decided = 0.0  # weight of the draws known to reach the target under any mix

    def mix(self, intensities: Sequence[float], starts: Sequence[int]) -> Mix:
        """The search's key of a mix: intensities, then start months (a subclass may add to it, e.g. a regional
        allocation; every step of the search keeps what follows the start months)."""
        return (*intensities, *starts)  # type: ignore[return-value]

    def scenario(self, mix: Mix) -> Scenario:
        values: dict[str, Any] = {"target": self.target, "deadline": self.deadline, "horizon": self.horizon}
        for lever, x, start in zip(LEVERS, mix[:3], mix[3:6], strict=True):
            values[lever.key] = x
            values[lever.start_key] = timeline.format_month(start)
        return Scenario(**values)

    def costs(self, mixes: Sequence[Mix]) -> list[float]:
        """Expected programme spending of each mix over the window [rupiah]."""
        todo = [m for m in dict.fromkeys(mixes) if m not in self._spend]
        if todo:
            self._spend.update(zip(todo, self._price(todo).T, strict=True))
        return [float(self._spend[m].sum()) for m in mixes]

    def _price(self, mixes: Sequence[Mix]) -> np.ndarray:
        """Spending per lever over the window at the mean unit costs, shaped ``(levers, mixes)`` [rupiah]."""
        trajectory = simulate(self._pricing, lever_paths([self.scenario(m) for m in mixes], n_months=self.last + 1))
        return mc.spend_through(trajectory, first=self.window, last=self.last)

    def cost_per_draw(self, mix: Mix) -> np.ndarray:
        self.costs([mix])
        total: np.ndarray | float = 0.0
        for lever, spend in zip(LEVERS, self._spend[mix], strict=True):
            name = lever.cost_parameter
            if name is None:  # the intensity is itself rupiah
                total = total + spend
            else:  # each draw's spending scales with its unit cost
                total = total + spend * self._unit_costs[name] / max(getattr(self._pricing, name), 1e-300)
        return np.asarray(total)

    def rank(self, mix: Mix) -> tuple[float, float]:
        """Order of preference: expected cost (to the million rupiah), then the smaller levers.

        Mixes often tie on cost: every village left without 4G gets funded before the deadline at any pace
        above about 2,000 a year. Preferring the smaller lever on a tie lets the search walk off such plateaus.
        """
        effort = sum(x / lever.maximum for x, lever in zip(mix[:3], LEVERS, strict=True))
        return round(self.costs([mix])[0] / 1e6), effort

    def _adopters(self, mixes: Sequence[Mix], index: np.ndarray | None) -> np.ndarray:
        """Adopters at the deadline, shaped ``(mixes, draws)`` (only the draws in ``index`` if given)."""
        last = self.last

        def reduce(trajectory: Any) -> dict[str, np.ndarray]:
            return {"adopters": trajectory.n_adopters[..., last]}

        parameters = self.draws.parameters if index is None else self.draws.subset(index)
        n = self.draws.draws if index is None else int(index.size)
        return mc.map_parameters(parameters, n, [self.scenario(m) for m in mixes], reduce, n_months=last + 1,
                                 workers=self.workers)["adopters"]

    def bracket(self, *, strongest: Mix, weakest: Mix) -> None:
        """Run the strongest and weakest mixes on every draw and keep only the draws they leave undecided."""
        adopters = self._adopters([strongest, weakest], None)
        reach = adopters >= self.target
        w = self.draws.weights
        self.probability[strongest] = float(w @ reach[0])
        self.probability[weakest] = float(w @ reach[1])
        self._decided = float(w @ (reach[1] & reach[0]))
        self._undecided = np.flatnonzero(reach[0] & ~reach[1])

    def run(self, mixes: Sequence[Mix]) -> None:
        todo = [m for m in dict.fromkeys(mixes) if m not in self.probability]
        if not todo:
            return
        self.costs(todo)
        if self._undecided is None:
            reach = self._adopters(todo, None) >= self.target
            probability = reach @ self.draws.weights
        elif self._undecided.size == 0:
            probability = np.full(len(todo), self._decided)
        else:
            reach = self._adopters(todo, self._undecided) >= self.target
            probability = self._decided + reach @ self.draws.weights[self._undecided]
        self.probability.update(zip(todo, (float(p) for p in probability), strict=True))

    def outcome(self, mix: Mix) -> _Outcome:
        """Everything reported about one mix, from a run on every draw."""
        w = self.draws.weights
        adopters = self._adopters([mix], None)[0]
        cost = self.cost_per_draw(mix)
        cost_q = mc.weighted_quantiles(cost, w, (0.1, 0.9))
        a_q = mc.weighted_quantiles(adopters, w)
        return _Outcome(probability=float(w @ (adopters >= self.target)), cost=float(w @ cost),
                        cost_p10=float(cost_q[0]), cost_p90=float(cost_q[1]),
                        adopters=(float(a_q[0]), float(a_q[1]), float(a_q[2])))


def _round_to_step(value: float, step: float, maximum: float) -> float:
    return float(min(max(round(value / step) * step, 0.0), maximum))


def goal_seek(*, target: float = DEFAULT_TARGET, deadline: str = DEFAULT_DEADLINE,
              probability: float = DEFAULT_PROBABILITY, budget_idr: float | None = None,
              draws: mc.Draws | None = None, earliest_start: str = DEFAULT_START,
              workers: int | None = None) -> GoalSeekResult:
    """Find the cheapest lever mix reaching ``target`` by ``deadline`` with at least ``probability``.

    Parameters
    ----------
    target
        UMKM selling online at the end of the deadline month [UMKM].
    deadline
        "YYYY-MM".
    probability
        Required probability, in (0, 1].
    budget_idr
        Optional cap on the expected programme spending over ``earliest_start`` through ``deadline`` [rupiah].
    draws
        Conditioned Monte Carlo draws (default :func:`simulator.uncertainty.default_draws`).
    earliest_start
        First month a lever may change ("YYYY-MM"), also the first month of the cost window.
    workers
        Threads for the batched runs (default 1; see :func:`simulator.uncertainty.resolve_workers`).

    Returns
    -------
    GoalSeekResult

    Raises
    ------
    ValueError
        On a target, deadline, probability, budget or start month outside what is allowed.
    """
    last, window = check_goal(target=target, deadline=deadline, probability=probability, budget_idr=budget_idr,
                              earliest_start=earliest_start)
    draws = draws or mc.default_draws()
    search = _Search(draws=draws, target=float(target), deadline=timeline.format_month(last),
                     horizon=horizon_for(last), window=window, workers=workers)
    required = float(probability)
    best, outcome, found = _solve(search, required=required, budget_idr=budget_idr, window=window, last=last)
    return _result(search, best, outcome, found=found, required=required, budget_idr=budget_idr)


def check_goal(*, target: float, deadline: str, probability: float, budget_idr: float | None,
               earliest_start: str) -> tuple[int, int]:
    """The deadline and the earliest start as month indices, or a ``ValueError`` naming what is not allowed."""
    if not TARGET_RANGE[0] <= float(target) <= TARGET_RANGE[1]:
        raise ValueError(f"target: {target!r} is out of range; allowed {TARGET_RANGE[0]:,} to {TARGET_RANGE[1]:,} UMKM")
    if not 0.0 < float(probability) <= 1.0:
        raise ValueError(f"probability: {probability!r}; allowed above 0 up to 1")
    if budget_idr is not None and not float(budget_idr) >= 0.0:
        raise ValueError(f"budget_idr: {budget_idr!r}; allowed a non-negative number of rupiah")
    last = timeline.parse_month(deadline, name="deadline")
    window = timeline.parse_month(earliest_start, name="earliest_start")
    if window > last:
        raise ValueError(f"earliest_start: {earliest_start!r} is after the deadline {deadline}")
    return last, window


def horizon_for(last: int) -> str:
    """The answer's horizon: the default, or the deadline when it is later."""
    return timeline.format_month(last) if last > timeline.parse_month(DEFAULT_HORIZON) else DEFAULT_HORIZON


def _solve(search: _Search, *, required: float, budget_idr: float | None, window: int, last: int,
           known_short: Sequence[Mix] = ()) -> tuple[Mix, _Outcome, bool]:
    """Steps 1-3 of the module docstring on ``search``: the answer's mix, its outcome on every draw, and whether
    it reaches the goal within the budget (else the mix that comes closest). The scan skips ``known_short``
    and every grid mix no stronger than one of them."""

    def affordable(mix: Mix) -> bool:
        return budget_idr is None or search.costs([mix])[0] <= float(budget_idr) * (1 + _TOLERANCE)

    def reaches(mix: Mix) -> bool:
        return search.probability[mix] >= required - _TOLERANCE

    starts = (window,) * 3
    levels = [sorted({_round_to_step(f * lever.maximum, lever.step, lever.maximum) for f in GRID_LEVELS})
              for lever in LEVERS]
    grid: list[Mix] = [search.mix((a, b, c), starts) for a in levels[0] for b in levels[1] for c in levels[2]]
    search.costs(grid)
    strongest = search.mix([lever.maximum for lever in LEVERS], starts)
    weakest = search.mix((0.0, 0.0, 0.0), starts)
    search.bracket(strongest=strongest, weakest=weakest)
    best: Mix | None = None
    # Probability rises with every lever, so if the strongest mix falls short, every mix does.
    # The budget is checked on the answer, not on the way to it: the cheapest mix reaching the goal is within
    # the budget or nothing is, and the refined answer often lies between grid mixes that are not (a grid
    # restricted to the budget can hold no feasible mix while a cheaper refined one exists).
    if search.probability[strongest] >= required - _TOLERANCE:
        best = _scan(search, grid, feasible=reaches, known_short=known_short)
    outcome = None
    if best is not None:
        best, outcome = confirm(search, _refine(search, best, feasible=reaches, window=window, last=last),
                                required=required)
    found = outcome is not None and best is not None and affordable(best)
    if not found:
        if budget_idr is not None and not affordable(strongest):
            # The most probable mix within the budget is one no other affordable grid mix dominates.
            within = [m for m in grid if affordable(m)]
            search.run([m for m in within if not any(n != m and _dominated(m, n) for n in within)])
        evaluated = [m for m in search.probability if affordable(m)]
        best = max(evaluated, key=lambda m: (search.probability[m], -search.rank(m)[0]))
        outcome = search.outcome(best)
    assert best is not None and outcome is not None
    return best, outcome, found


def confirm(search: _Search, path: Sequence[Mix], *, required: float) -> tuple[Mix | None, _Outcome | None]:
    """The last mix of a search path that reaches ``required`` when run on every draw, with its outcome (the
    shortcuts are exact, but the answer is what gets reported); (None, None) if none does."""
    for mix in reversed(path):
        outcome = search.outcome(mix)
        if outcome.probability >= required - _TOLERANCE:
            return mix, outcome
    return None, None


def _result(search: _Search, best: Mix, outcome: _Outcome, *, found: bool, required: float,
            budget_idr: float | None) -> GoalSeekResult:
    draws = search.draws
    scenario = search.scenario(best)
    return GoalSeekResult(
        found=found, scenario=scenario, probability=outcome.probability, cost_idr=outcome.cost,
        cost_idr_p10=outcome.cost_p10, cost_idr_p90=outcome.cost_p90,
        adopters_at_deadline_p10=outcome.adopters[0], adopters_at_deadline_p50=outcome.adopters[1],
        adopters_at_deadline_p90=outcome.adopters[2], target=search.target, deadline=scenario.deadline,
        required_probability=required, budget_idr=None if budget_idr is None else float(budget_idr),
        window_start=timeline.format_month(search.window), evaluated=len(search.probability), draws=draws.draws,
        effective_draws=draws.effective_draws, seed=draws.seed,
        message=_message(found=found, scenario=scenario, outcome=outcome, required=required,
                         budget_idr=budget_idr))


def _dominated(mix: Mix, other: Mix) -> bool:
    """Whether ``mix`` is no stronger than ``other`` in every lever (same start months)."""
    return mix[3:] == other[3:] and all(a <= b for a, b in zip(mix[:3], other[:3], strict=True))


def _scan(search: _Search, grid: Sequence[Mix], *, feasible: Callable[[Mix], bool],
          known_short: Sequence[Mix] = ()) -> Mix | None:
    """The cheapest feasible grid mix: run mixes in order of cost, a batch at a time, skipping any mix that is
    no stronger than one already found infeasible (or in ``known_short``), and stop at the first feasible one."""
    order = sorted(grid, key=search.rank)
    infeasible: list[Mix] = list(known_short)
    i = 0
    while i < len(order):
        batch: list[Mix] = []
        while i < len(order) and len(batch) < search.scan_batch:
            mix = order[i]
            i += 1
            if not any(_dominated(mix, n) for n in infeasible):
                batch.append(mix)
        search.run(batch)
        for mix in batch:
            if feasible(mix):
                return mix
            infeasible.append(mix)
    return None


def _refine(search: _Search, best: Mix, *, feasible: Callable[[Mix], bool], window: int, last: int) -> list[Mix]:
    """Pattern search from a feasible mix toward cheaper feasible ones; the mixes taken, in order."""
    steps = [_round_to_step(0.5 * GRID_LEVELS[1] * lever.maximum, lever.step, lever.maximum) for lever in LEVERS]
    month_step = 12
    path = [best]
    while len(search.probability) < MAX_EVALUATIONS:
        neighbours = _neighbours(best, steps=steps, month_step=month_step, window=window, last=last)
        search.costs(neighbours)
        cheaper = sorted((m for m in neighbours if search.rank(m) < search.rank(best)), key=search.rank)
        search.run(cheaper[:MAX_EVALUATIONS - len(search.probability)])
        improving = [m for m in cheaper if m in search.probability and feasible(m)]
        if improving:
            best = min(improving, key=search.rank)
            path.append(best)
            continue
        at_finest = all(s <= lever.step for s, lever in zip(steps, LEVERS, strict=True)) and month_step <= 1
        if at_finest:
            break
        steps = [max(lever.step, _round_to_step(0.5 * s, lever.step, lever.maximum))
                 for s, lever in zip(steps, LEVERS, strict=True)]
        month_step = max(1, month_step // 2)
    return path


def _neighbours(mix: Mix, *, steps: Sequence[float], month_step: int, window: int, last: int) -> list[Mix]:
    """Cheaper-direction moves of one lever, alone or paired with a costlier move of another lever."""
    down: list[tuple[int, Mix]] = []
    up: list[tuple[int, Mix]] = []
    for i, lever in enumerate(LEVERS):
        x, start = mix[i], mix[3 + i]
        for sign, moves in ((-1, down), (+1, up)):
            new_x = _round_to_step(x + sign * steps[i], lever.step, lever.maximum)
            if new_x != x:
                # Above the status quo an earlier start dominates (same spending, more effect).
                new_start = start if new_x < lever.status_quo else window
                moves.append((i, _with(mix, i, new_x, new_start)))
            if x < lever.status_quo:
                # Below the status quo, cutting later spends more and helps more.
                new_start = min(max(start + sign * month_step, window), last)
                if new_start != start:
                    moves.append((i, _with(mix, i, x, new_start)))
    out = [m for _, m in down]
    for i, m_down in down:
        for j, m_up in up:
            if i != j:
                combined = list(m_down)
                combined[j], combined[3 + j] = m_up[j], m_up[3 + j]
                out.append(tuple(combined))  # type: ignore[arg-type]
    return [m for m in dict.fromkeys(_normal(m, window=window) for m in out) if m != mix]


def _with(mix: Mix, i: int, x: float, start: int) -> Mix:
    values = list(mix)
    values[i], values[3 + i] = x, start
    return tuple(values)  # type: ignore[return-value]


def _normal(mix: Mix, *, window: int) -> Mix:
    """A lever at its status-quo pace has no start month that matters: put it at the window start."""
    values = list(mix)
    for i, lever in enumerate(LEVERS):
        if values[i] == lever.status_quo:
            values[3 + i] = window
    return tuple(values)  # type: ignore[return-value]


def _message(*, found: bool, scenario: Scenario, outcome: _Outcome, required: float, budget_idr: float | None
             ) -> str:
    goal = f"{scenario.target / 1e6:,.1f} million UMKM online by {scenario.deadline}"
    mix = "; ".join(f"{lever.key} {getattr(scenario, lever.key):,.0f} from {getattr(scenario, lever.start_key)}"
                    for lever in LEVERS)
    closeness = (f"probability {outcome.probability:.0%}, median {outcome.adopters[1] / 1e6:,.1f} million at the "
                 f"deadline, expected cost Rp{outcome.cost / 1e12:,.1f} trillion")
    if found:
        return f"Cheapest mix reaching {goal} with probability at least {required:.0%}: {mix} ({closeness})."
    limit = "within the lever ranges" if budget_idr is None else \
        f"within the lever ranges and a budget of Rp{budget_idr / 1e12:,.1f} trillion"
    return (f"No mix {limit} reaches {goal} with probability at least {required:.0%}. "
            f"Closest: {mix} ({closeness}).")
