"""Sensitivity by region: what moves one island group's onboarded UMKM at the deadline most (or the nation's, the
sum of the regions), a tornado of the national parameters, the levers and where the levers go.

The pattern of :func:`simulator.sensitivity.tornado`'s deterministic columns, on the regional model with central
parameters (registry defaults) and the scenario's allocation, every row one input moved alone between its two
ends, all rows in three batched runs:

* ``parameter``: each uncertain parameter at the low and high end of its plausible range (the ranges the
  national tornado uses, those of the Monte Carlo priors);
* ``lever``: each lever at 0 and at its maximum from the scenario's start month, placed as in the scenario;
* ``allocation``: each lever's share in each region at 0 and at 1 (the whole lever there), the other regions'
  shares scaled in proportion so that they still sum to one; the lever's intensity is the scenario's, so a
  lever at zero moves nothing wherever it goes.

``value_low`` / ``value_high`` are the chosen region's (or the nation's) onboarded UMKM at the end of the
deadline month [UMKM]; ``swing`` is their absolute difference. Rows are sorted by swing, largest first. The
probability of reaching the national target under each input fixed is the national tornado's
(:mod:`simulator.sensitivity`): the regions add nothing to it but where the levers go, which this table shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simulator import regions, timeline
from simulator import uncertainty as mc
from simulator.numbers import finite_or_none
from simulator.parameters import HORIZON_RANGE, LEVERS, Scenario, central_parameters

NATIONAL = "national"
"""The ``region`` that asks for the nation's total (the sum of the six regions)."""
COLUMNS = ("input", "kind", "lever", "region", "low", "high", "value_low", "value_high", "swing")
"""Columns of the table: ``input`` (a parameter name, a lever key, or ``<allocation key>:<region>``), ``kind``
(``parameter``, ``lever``, ``allocation``), ``lever`` and ``region`` (allocation rows; empty otherwise),
``low`` / ``high`` (the input's two ends, in its unit; a share for allocation rows), the values and the swing
[UMKM]."""


@dataclass(frozen=True, kw_only=True, eq=False)
class RegionalSensitivity:
    """The tornado of one region's value (or the nation's) under one scenario and allocation."""

    scenario: Scenario
    allocation: regions.Allocation
    region: str  # a key of regions.REGION_KEYS, or NATIONAL
    value: float  # the region's onboarded at the deadline, central run [UMKM]
    table: pd.DataFrame  # COLUMNS, largest swing first

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: counts in UMKM, shares as fractions."""
        rows = [{k: (v if isinstance(v, str) else finite_or_none(v)) for k, v in row.items()}
                for row in self.table.to_dict("records")]
        return {"scenario": self.scenario.to_mapping(), "allocation": self.allocation.to_mapping(),
                "region": self.region, "adopters_at_deadline": self.value, "tornado": rows}


def check_region(region: str) -> str:
    """``region`` if it is a region key or :data:`NATIONAL`, else a ``ValueError`` naming what is allowed."""
    if region != NATIONAL and region not in regions.REGION_KEYS:
        raise ValueError(f"region: {region!r} is not one of {', '.join((*regions.REGION_KEYS, NATIONAL))}")
    return region


def moved_share(shares: Sequence[float], index: int, value: float) -> tuple[float, ...]:
    """``shares`` with region ``index`` at ``value`` [fraction] and the others scaled in proportion to sum to one
    (when they held nothing, they share the rest like the UMKM)."""
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"share: {value!r}; allowed 0 to 1")
    others = np.array(shares, dtype=float)
    others[index] = 0.0
    if others.sum() <= 0.0:
        others = np.array(regions.FACTORS.umkm_share, dtype=float)
        others[index] = 0.0
    out = others / others.sum() * (1.0 - value)
    out[index] = value
    return tuple(float(x) for x in out)


def regional_tornado(scenario: Scenario | None = None, allocation: regions.Allocation | None = None, *,
                     region: str = NATIONAL, draws: mc.Draws | None = None) -> RegionalSensitivity:
    """The tornado of ``region``'s onboarded UMKM at the deadline (see the module docstring).

    ``draws`` only names the uncertain parameters and their ranges (default: the cached draws'); the runs use
    central parameters.

    Raises
    ------
    ValueError
        On an unknown region.
    """
    region = check_region(region)
    scenario = scenario or Scenario()
    allocation = allocation or regions.Allocation()
    priors = (draws or mc.default_draws()).priors
    # Run only to the deadline (the months after it do not change the value), where the horizon may end there.
    short = (scenario.replace(horizon=scenario.deadline)
             if scenario.month_index("deadline") >= timeline.parse_month(HORIZON_RANGE[0]) else scenario)
    deadline = short.month_index("deadline")
    pick = slice(None) if region == NATIONAL else slice(regions.REGION_KEYS.index(region),
                                                        regions.REGION_KEYS.index(region) + 1)

    def value(n_adopters: np.ndarray) -> np.ndarray:
        return n_adopters[..., pick, deadline].sum(axis=-1)

    base = central_parameters()
    names = list(priors)
    k = len(names)
    columns = {}
    for i, name in enumerate(names):
        column = np.full(2 * k + 1, float(getattr(base, name)))
        column[2 * i], column[2 * i + 1] = priors[name].low, priors[name].high
        columns[name] = column
    parameter_values = value(regions.simulate_regions(base.replace(**columns), [short], [allocation]).n_adopters)[0]

    lever_scenarios = [short.replace(**{lever.key: x}) for lever in LEVERS for x in (0.0, lever.maximum)]
    lever_values = value(regions.simulate_regions(base, lever_scenarios, [allocation] * len(lever_scenarios)
                                                  ).n_adopters)
    moves = [(lever, j, allocation.replace(lever.key, moved_share(allocation.shares[lever.key], j, x)))
             for lever in LEVERS for j in range(len(regions.REGION_KEYS)) for x in (0.0, 1.0)]
    placed = value(regions.simulate_regions(base, [short] * len(moves), [m[2] for m in moves]).n_adopters)

    rows = [{"input": name, "kind": "parameter", "lever": "", "region": "", "low": priors[name].low,
             "high": priors[name].high, "value_low": parameter_values[2 * i], "value_high": parameter_values[2 * i + 1]}
            for i, name in enumerate(names)]
    rows += [{"input": lever.key, "kind": "lever", "lever": lever.key, "region": "", "low": 0.0,
              "high": lever.maximum, "value_low": lever_values[2 * j], "value_high": lever_values[2 * j + 1]}
             for j, lever in enumerate(LEVERS)]
    for m in range(0, len(moves), 2):
        lever, j, _ = moves[m]
        key = regions.REGION_KEYS[j]
        rows.append({"input": f"{regions.allocation_key(lever.key)}:{key}", "kind": "allocation", "lever": lever.key,
                     "region": key, "low": 0.0, "high": 1.0, "value_low": placed[m], "value_high": placed[m + 1]})
    table = pd.DataFrame(rows)
    table["swing"] = (table["value_high"] - table["value_low"]).abs()
    table = table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)[list(COLUMNS)]
    return RegionalSensitivity(scenario=scenario, allocation=allocation, region=region,
                               value=float(parameter_values[-1]), table=table)
