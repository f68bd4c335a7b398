"""Sensitivity: which inputs move the adopters at the deadline and the probability of reaching the target most.

A tornado table with one row per uncertain parameter (each entry the Monte Carlo draws) and per lever:

* ``adopters_low`` / ``adopters_high``: the deterministic run (every other parameter at its registry default,
  levers as in the scenario) with the input at the low and high end of its plausible range; for a lever, at 0
  and at its maximum from the scenario's start month [UMKM at the end of the deadline month].
* ``probability_low`` / ``probability_high`` and ``p50_low`` / ``p50_high``: the conditioned ensemble with the
  input *fixed* at that value in every draw. Fixing a parameter changes how well each draw fits the
  observations, so the draws are weighted again by the likelihood (:func:`simulator.uncertainty.fix`); the
  ``effective_draws_low`` / ``_high`` columns show what is left. Levers do not touch the history, so their
  weights are unchanged.

Swings are absolute differences, high minus low; the table is sorted by the probability swing, then by the
deterministic swing. All variants run against the same draws (common random numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from simulator import uncertainty as mc
from simulator.model import simulate
from simulator.parameters import LEVERS, PARAMETER_SPECS, ModelParameters, Scenario, central_parameters
from simulator.runner import lever_paths

COLUMNS = ("input", "kind", "low", "high", "adopters_low", "adopters_high", "adopters_swing", "probability_low",
           "probability_high", "probability_swing", "p50_low", "p50_high", "p50_swing", "effective_draws_low",
           "effective_draws_high")


@dataclass(frozen=True, kw_only=True, eq=False)
class Sensitivity:
    """Tornado table of one scenario; ``table`` has :data:`COLUMNS`, one row per input, largest swing first."""

    scenario: Scenario
    table: pd.DataFrame
    adopters_at_deadline: float  # deterministic run of the scenario at the registry defaults [UMKM]
    probability_reached: float  # conditioned ensemble of the scenario
    draws: int
    effective_draws: float
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; numbers in the inputs' units, counts in UMKM."""
        rows = [{k: (v if isinstance(v, str) else mc.json_number(v)) for k, v in r.items()}
                for r in self.table.to_dict("records")]
        return {"scenario": self.scenario.to_mapping(), "adopters_at_deadline": self.adopters_at_deadline,
                "probability_reached": self.probability_reached, "draws": self.draws,
                "effective_draws": round(self.effective_draws, 1), "seed": self.seed, "tornado": rows}


def _stack(parameter_sets: Sequence[mc.Draws]) -> ModelParameters:
    """Parameters of several draw sets stacked on a leading variant axis, shaped ``(variants, draws)``."""
    names = central_parameters().as_dict()
    return ModelParameters(**{name: np.stack([d.values(name) for d in parameter_sets]) for name in names})


Variant = tuple[str, float] | None
"""The draws with one parameter fixed at a value (``(name, value)``), or as they are (``None``)."""


def _variant_statistics(draws: mc.Draws, variants: Sequence[Variant], scenario: Scenario, *, workers: int | None
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Probability of reaching the target, weighted median at the deadline and effective draws, per variant.

    Memory stays bounded whatever the number of draws: a variant's draws are made (:func:`~mc.fix`) only when
    it is run, each engine call holds at most :data:`~simulator.uncertainty.MAX_BATCH` variants x draws, and
    every call is reduced at once to the adopters at the deadline, the one number per draw the tornado needs.
    Small draw sets run several variants per call (one call shaped ``(variants, draws)``); larger ones run one
    variant at a time in chunks of draws.
    """
    deadline = scenario.month_index("deadline")
    per_group = max(1, mc.MAX_BATCH // draws.draws)
    groups = [variants[i:i + per_group] for i in range(0, len(variants), per_group)]
    paths = lever_paths([scenario], n_months=deadline + 1)

    def reduce(trajectory: Any) -> dict[str, np.ndarray]:
        return {"adopters": trajectory.n_adopters[..., deadline]}

    def job(group: Sequence[Variant], inner_workers: int | None) -> list[tuple[float, float, float]]:
        fixed = [draws if v is None else mc.fix(draws, *v) for v in group]
        if len(fixed) > 1:
            adopters = simulate(_stack(fixed), paths).n_adopters[..., deadline].copy()  # (variants, draws)
        else:
            adopters = mc.map_parameters(fixed[0].parameters, draws.draws, [scenario], reduce,
                                         n_months=deadline + 1, workers=inner_workers)["adopters"]
        return [(float(mc.weighted_probability(a >= scenario.target, v.weights)),
                 float(mc.weighted_quantiles(a, v.weights, (0.5,))[0]), v.effective_draws)
                for a, v in zip(adopters, fixed, strict=True)]

    n_workers = min(mc.resolve_workers(workers), len(groups))
    if per_group == 1 or n_workers == 1:  # big draw sets: the chunks of one variant share the threads
        rows = [row for group in groups for row in job(group, workers)]
    else:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            rows = [row for part in pool.map(lambda g: job(g, 1), groups) for row in part]
    probability, median, effective = (np.array(column) for column in zip(*rows, strict=True))
    return probability, median, effective


def tornado(scenario: Scenario | None = None, draws: mc.Draws | None = None, *, workers: int | None = None,
            sort_by: Literal["probability", "adopters"] = "probability") -> Sensitivity:
    """Tornado table for ``scenario`` (default the status quo) against ``draws`` (default the cached draws).

    Raises
    ------
    ValueError
        On an unknown ``sort_by``.
    """
    if sort_by not in ("probability", "adopters"):
        raise ValueError(f"sort_by: {sort_by!r}; allowed probability, adopters")
    scenario = scenario or Scenario()
    draws = draws or mc.default_draws()
    deadline = scenario.month_index("deadline")
    names = list(draws.priors)
    lows = [draws.priors[n].low for n in names]
    highs = [draws.priors[n].high for n in names]

    # Deterministic: one batched run, each variant one entry of the parameter arrays.
    base = central_parameters()
    k = len(names)
    values = {}
    for i, name in enumerate(names):
        column = np.full(2 * k + 1, float(getattr(base, name)))
        column[2 * i], column[2 * i + 1] = lows[i], highs[i]
        values[name] = column
    det = simulate(base.replace(**values), lever_paths([scenario], n_months=deadline + 1)).n_adopters[:, deadline]
    lever_scenarios = []
    for lever in LEVERS:
        lever_scenarios += [scenario.replace(**{lever.key: 0.0}), scenario.replace(**{lever.key: lever.maximum})]
    det_levers = simulate(base, lever_paths(lever_scenarios, n_months=deadline + 1)).n_adopters[:, deadline]

    # Conditioned ensemble: each parameter fixed at its low and high end, weights conditioned again.
    variants: list[Variant] = [None]
    for name, lo, hi in zip(names, lows, highs, strict=True):
        variants += [(name, lo), (name, hi)]
    probability, median, effective = _variant_statistics(draws, variants, scenario, workers=workers)

    def reduce(trajectory: Any) -> dict[str, np.ndarray]:
        return {"adopters": trajectory.n_adopters[..., deadline]}

    lever_adopters = mc.map_draws(draws, lever_scenarios, reduce, n_months=deadline + 1,
                                  workers=workers)["adopters"]
    lever_probability = mc.weighted_probability((lever_adopters >= scenario.target).T, draws.weights)
    lever_median = mc.weighted_quantiles(lever_adopters.T, draws.weights, (0.5,))[0]

    rows = []
    for i, name in enumerate(names):
        rows.append({"input": name, "kind": "parameter", "low": lows[i], "high": highs[i],
                     "adopters_low": det[2 * i], "adopters_high": det[2 * i + 1],
                     "probability_low": probability[1 + 2 * i], "probability_high": probability[2 + 2 * i],
                     "p50_low": median[1 + 2 * i], "p50_high": median[2 + 2 * i],
                     "effective_draws_low": effective[1 + 2 * i], "effective_draws_high": effective[2 + 2 * i]})
    for j, lever in enumerate(LEVERS):
        rows.append({"input": lever.key, "kind": "lever", "low": 0.0, "high": lever.maximum,
                     "adopters_low": det_levers[2 * j], "adopters_high": det_levers[2 * j + 1],
                     "probability_low": lever_probability[2 * j], "probability_high": lever_probability[2 * j + 1],
                     "p50_low": lever_median[2 * j], "p50_high": lever_median[2 * j + 1],
                     "effective_draws_low": draws.effective_draws, "effective_draws_high": draws.effective_draws})
    table = pd.DataFrame(rows)
    for what in ("adopters", "probability", "p50"):
        table[f"{what}_swing"] = (table[f"{what}_high"] - table[f"{what}_low"]).abs()
    keys = ["probability_swing", "adopters_swing"] if sort_by == "probability" else ["adopters_swing",
                                                                                      "probability_swing"]
    table = table.sort_values(keys, ascending=False, kind="stable").reset_index(drop=True)[list(COLUMNS)]
    return Sensitivity(scenario=scenario, table=table, adopters_at_deadline=float(det[-1]),
                       probability_reached=float(probability[0]), draws=draws.draws,
                       effective_draws=draws.effective_draws, seed=draws.seed)


def parameter_unit(name: str, language: str = "en") -> str:
    """Unit of a tornado row's ``low``/``high`` (a parameter's registry unit, or a lever's)."""
    if name in PARAMETER_SPECS:
        return PARAMETER_SPECS[name].unit(language)
    return {lever.key: lever.unit(language) for lever in LEVERS}[name]
