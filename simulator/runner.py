"""From scenarios to results: lever schedules, one tidy frame per run, the verdict and each lever's contribution."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator import timeline
from simulator.model import LeverPaths, Trajectory, simulate
from simulator.parameters import LEVERS, ModelParameters, Scenario, central_parameters


def lever_paths(scenarios: Sequence[Scenario], *, n_months: int) -> LeverPaths:
    """Monthly lever intensities shaped ``(len(scenarios), n_months)``: the status quo before each start month
    (zero before the lever's ``history_start``: the programme did not exist yet)."""
    months = np.arange(n_months)
    paths: dict[str, np.ndarray] = {}
    for lever in LEVERS:
        value = np.array([getattr(s, lever.key) for s in scenarios])[:, None]
        start = np.array([s.month_index(lever.start_key) for s in scenarios])[:, None]
        history = np.where(months >= timeline.parse_month(lever.history_start), lever.status_quo, 0.0)
        paths[lever.path_field] = np.where(months[None, :] >= start, value, history[None, :])
    return LeverPaths(**paths)


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """Whether and when the target is reached, and at what cost."""

    target: float  # [UMKM]
    deadline: str  # "YYYY-MM"
    reached_on: str | None  # first month whose end-of-month value reaches the target, or None before the horizon
    adopters_at_deadline: float  # [UMKM], end of the deadline month
    gap: float  # target minus adopters at the deadline, 0 when reached [UMKM]
    cost_idr: float  # lever spending from each lever's start month through the deadline [rupiah]

    @property
    def reached_by_deadline(self) -> bool:
        return self.gap <= 0.0


@dataclass(frozen=True, kw_only=True, eq=False)
class Run:
    """One scenario's result: the tidy monthly ``frame`` (date first) and the ``verdict``.

    The frame is built from ``trajectory`` (row ``index``) when first read: the scenario page reads only the
    verdicts of a new scenario's runs, and a DataFrame costs more than the run it holds."""

    scenario: Scenario
    verdict: Verdict
    trajectory: Trajectory = field(repr=False)
    index: tuple[int, ...] = field(default=(), repr=False)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """One row per month: ``date`` first, then each series [UMKM, shares, villages, rupiah]."""
        return _frame(self.trajectory, self.index)


def _programme_cost(trajectory: Trajectory, scenario: Scenario, index: tuple[int, ...]) -> float:
    deadline = scenario.month_index("deadline")
    total = 0.0
    for lever in LEVERS:
        spend = getattr(trajectory, lever.spend_field)
        start = scenario.month_index(lever.start_key)
        total += float(spend[index][start:deadline + 1].sum())
    return total


def _frame(trajectory: Trajectory, index: tuple[int, ...]) -> pd.DataFrame:
    n = trajectory.n_adopters.shape[-1]
    spend = trajectory.spend_idr[index]
    return pd.DataFrame({
        "date": timeline.month_dates(n),
        "n_adopters": trajectory.n_adopters[index],
        "n_active": trajectory.n_active[index],
        "new_adopters": trajectory.new_adopters[index],
        "new_dropouts": trajectory.new_dropouts[index],
        "new_from_training": trajectory.new_from_training[index],
        "new_from_campaign": trajectory.new_from_campaign[index],
        "market_potential": trajectory.market_potential[index],
        "n_umkm": trajectory.n_umkm[index],
        "connected_share": trajectory.connected_share[index],
        "ready_share": trajectory.ready_share[index],
        "villages_covered": trajectory.villages_covered[index],
        "spend_idr": spend,
        "cum_spend_idr": np.cumsum(spend),
    })


def verdict_from_path(n_adopters: np.ndarray, *, target: float, deadline: int) -> tuple[str | None, float]:
    """First month reaching ``target`` ("YYYY-MM" or None) and the value at month index ``deadline``."""
    hits = np.flatnonzero(n_adopters >= target)
    reached = timeline.format_month(int(hits[0])) if hits.size else None
    return reached, float(n_adopters[deadline])


def _verdicts(scenarios: Sequence[Scenario], parameters: ModelParameters | None) -> tuple[Trajectory, list[Verdict]]:
    """Simulate scenarios sharing a horizon in one vectorised call; the trajectory and each one's verdict."""
    horizons = {s.n_months for s in scenarios}
    if len(horizons) != 1:
        raise ValueError("scenarios run together must share a horizon")
    parameters = parameters or central_parameters()
    n_months = horizons.pop()
    trajectory = simulate(parameters, lever_paths(scenarios, n_months=n_months))
    verdicts = []
    for i, scenario in enumerate(scenarios):
        index = (i,)
        reached, at_deadline = verdict_from_path(trajectory.n_adopters[index], target=scenario.target,
                                                 deadline=scenario.month_index("deadline"))
        verdicts.append(Verdict(target=scenario.target, deadline=scenario.deadline, reached_on=reached,
                                adopters_at_deadline=at_deadline, gap=max(scenario.target - at_deadline, 0.0),
                                cost_idr=_programme_cost(trajectory, scenario, index)))
    return trajectory, verdicts


def run_many(scenarios: Sequence[Scenario], parameters: ModelParameters | None = None) -> list[Run]:
    """Run several scenarios in one vectorised call; they must share a horizon."""
    if not scenarios:
        return []
    trajectory, verdicts = _verdicts(scenarios, parameters)
    return [Run(scenario=scenario, verdict=verdict, trajectory=trajectory, index=(i,))
            for i, (scenario, verdict) in enumerate(zip(scenarios, verdicts, strict=True))]


def run(scenario: Scenario, parameters: ModelParameters | None = None) -> Run:
    """Run one scenario."""
    return run_many([scenario], parameters)[0]


@dataclass(frozen=True, kw_only=True)
class LeverContribution:
    """What one lever, moved alone from the status quo to the scenario's setting, changes at the deadline."""

    lever: str  # lever key
    adopters_added: float  # [UMKM] at the deadline, versus the baseline
    extra_cost_idr: float  # [rupiah] from its start month through the deadline, versus the baseline

    @property
    def cost_per_adopter_idr(self) -> float | None:
        """Extra rupiah per additional UMKM online at the deadline (None when it adds none)."""
        return self.extra_cost_idr / self.adopters_added if self.adopters_added > 1.0 else None


@dataclass(frozen=True, kw_only=True)
class Assessment:
    """A scenario beside its baseline (every lever at the status-quo pace) and each lever's contribution."""

    scenario: Run
    baseline: Run
    contributions: tuple[LeverContribution, ...]

    @property
    def interaction(self) -> float:
        """Adopters at the deadline not explained by the levers one at a time [UMKM]."""
        total = self.scenario.verdict.adopters_at_deadline - self.baseline.verdict.adopters_at_deadline
        return total - sum(c.adopters_added for c in self.contributions)


def assess(scenario: Scenario, parameters: ModelParameters | None = None) -> Assessment:
    """The scenario, its baseline and one run per lever moved alone, in one vectorised call."""
    baseline = scenario.status_quo()
    alone = [scenario.lever_alone(lever.key) for lever in LEVERS]
    trajectory, verdicts = _verdicts([scenario, baseline, *alone], parameters)
    base = verdicts[1]
    # Levers alone only need their verdicts: no frames for them (a DataFrame costs about a millisecond).
    contributions = tuple(
        LeverContribution(lever=lever.key,
                          adopters_added=v.adopters_at_deadline - base.adopters_at_deadline,
                          extra_cost_idr=v.cost_idr - base.cost_idr)
        for lever, v in zip(LEVERS, verdicts[2:], strict=True))
    return Assessment(scenario=Run(scenario=scenario, verdict=verdicts[0], trajectory=trajectory, index=(0,)),
                      baseline=Run(scenario=baseline, verdict=base, trajectory=trajectory, index=(1,)),
                      contributions=contributions)


RESULT_COLUMNS: tuple[str, ...] = (
    "date", "n_adopters", "baseline_n_adopters", "n_active", "market_potential", "new_adopters", "new_dropouts",
    "new_from_training", "new_from_campaign", "n_umkm", "connected_share", "ready_share", "villages_covered",
    "spend_idr", "cum_spend_idr", "baseline_cum_spend_idr",
)
"""Columns of :func:`results_frame`: ``date`` as ``YYYY-MM``, counts [UMKM], shares [fraction], villages,
money [rupiah]; ``new_*`` and ``spend_idr`` are flows during the month, the rest end-of-month values.
``n_adopters`` is the onboarded count the target counts; ``n_active`` (active sellers) a side output."""

def results_frame(assessment: Assessment) -> pd.DataFrame:
    """The scenario's monthly results beside the baseline's, columns :data:`RESULT_COLUMNS`, date first."""
    frame = assessment.scenario.frame
    base = assessment.baseline.frame
    out = frame.drop(columns="date")
    out.insert(0, "date", frame["date"].dt.strftime("%Y-%m"))
    out["baseline_n_adopters"] = base["n_adopters"].to_numpy()
    out["baseline_cum_spend_idr"] = base["cum_spend_idr"].to_numpy()
    return out.loc[:, list(RESULT_COLUMNS)].reset_index(drop=True)
