r"""Calibration of the central run: the campaign and the starting count fitted to the observations.

The free parameters are the onboarded count at the start of 2020 ``O_0`` (``adopters_2020``), the campaign's full
pace ``C`` (``campaign_pace``) and its ramp ``R`` (``campaign_ramp``); every other parameter stays at its registry
value. They maximise the observation model's likelihood (:mod:`simulator.observation_model`: source offsets,
error size integrated out). The search evaluates a whole grid of candidates in one vectorised model call, then
zooms in around the best one.

This point fit gives the registry's calibrated defaults and the fit table; forecasts come from the Monte Carlo of
:mod:`simulator.uncertainty`, which draws every uncertain parameter and weighs the structures, and their skill is
judged out of sample by :mod:`simulator.backtest`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator import observation_model
from simulator.io import observations as obs_module
from simulator.model import simulate
from simulator.parameters import PARAMETER_SPECS, ModelParameters, Scenario, central_parameters
from simulator.runner import lever_paths

FREE_PARAMETERS = ("adopters_2020", "campaign_pace", "campaign_ramp")
SEARCH_BOUNDS = {"adopters_2020": (4.0e6, 11.0e6), "campaign_pace": (0.5e6, 40e6), "campaign_ramp": (0.05, 4.0)}


@dataclass(frozen=True, kw_only=True)
class Calibration:
    """Fitted parameters and the fit error on the observations used."""

    parameters: ModelParameters
    fitted: dict[str, float]
    table: pd.DataFrame  # date, observed, modelled, error, relative_error, use
    rmse: float  # root-mean-square error on fitted observations [UMKM]
    mape: float  # mean absolute relative error on fitted observations [fraction]
    warnings: tuple[str, ...] = field(default=())  # one line per fitted value pinned at its search bound


def model_at(parameters: ModelParameters, times: np.ndarray) -> np.ndarray:
    """Adopters [UMKM] at ``times`` [years since 2020-01-01] under the status quo, shaped ``(*batch, len(times))``."""
    times = np.asarray(times, dtype=float)
    n_months = max(int(np.ceil(np.max(times) * 12)), 1)
    trajectory = simulate(parameters, lever_paths([Scenario()], n_months=n_months))
    path = np.concatenate([trajectory.initial_adopters[..., None], trajectory.n_adopters], axis=-1)
    grid = np.arange(path.shape[-1]) / 12.0
    idx = np.clip(np.searchsorted(grid, times, side="right") - 1, 0, len(grid) - 2)
    weight = (times - grid[idx]) / (grid[idx + 1] - grid[idx])
    return path[..., idx] * (1.0 - weight) + path[..., idx + 1] * weight


def _loss(parameters: ModelParameters, pred: np.ndarray, observed: np.ndarray, definitions: np.ndarray
          ) -> np.ndarray:
    """Minus the observation model's log likelihood of each candidate."""
    offset = observation_model.offsets(parameters, definitions)
    return -observation_model.log_likelihood(observation_model.residuals(pred, observed, offset))


def fit(observations: pd.DataFrame | None = None, *, base: ModelParameters | None = None,
        rounds: int = 6, points: int = 14) -> Calibration:
    """Fit ``adopters_2020``, ``campaign_pace`` and ``campaign_ramp`` to the observations marked ``use``.

    Parameters
    ----------
    observations
        As returned by :func:`simulator.io.observations.load`; default the bundled file.
    base
        Values of every other parameter (default: the registry).
    rounds, points
        Zoom rounds and grid points per axis and round.
    """
    if observations is None:
        observations = obs_module.load()
    base = base or central_parameters()
    used = observation_model.fitted(observations)
    times = used["t"].to_numpy(float)
    observed = used["value"].to_numpy(float)
    definitions = used["definition"].to_numpy()
    potential_2020 = float(base.umkm_2019 * base.connected_share_2020 * min(base.ready_share_2020, 1.0))
    lo = {k: v[0] for k, v in SEARCH_BOUNDS.items()}
    hi = {k: v[1] for k, v in SEARCH_BOUNDS.items()}
    hi["adopters_2020"] = min(hi["adopters_2020"], 0.98 * potential_2020)
    lo["adopters_2020"] = min(lo["adopters_2020"], 0.5 * hi["adopters_2020"])
    bounds = {k: (lo[k], hi[k]) for k in FREE_PARAMETERS}
    best = None
    for _ in range(rounds):
        axes = [np.geomspace(lo[k], hi[k], points) for k in FREE_PARAMETERS]
        grid = np.meshgrid(*axes, indexing="ij")
        cand = {k: g.ravel() for k, g in zip(FREE_PARAMETERS, grid, strict=True)}
        candidates = base.replace(**cand)
        loss = _loss(candidates, model_at(candidates, times), observed, definitions)
        i = int(np.nanargmin(loss))
        best = {k: float(cand[k][i]) for k in FREE_PARAMETERS}
        for k, axis in zip(FREE_PARAMETERS, axes, strict=True):
            ratio = axis[1] / axis[0]  # zoom to two grid steps either side of the best point
            lo[k] = max(best[k] / ratio ** 2, SEARCH_BOUNDS[k][0] if k != "adopters_2020" else lo[k])
            hi[k] = min(best[k] * ratio ** 2, hi[k] if k == "adopters_2020" else SEARCH_BOUNDS[k][1])
    assert best is not None
    fitted = base.replace(**best)
    modelled = model_at(fitted, observations["t"].to_numpy(float)).reshape(-1)
    table = pd.DataFrame({
        "date": observations["date"].to_numpy(), "observed": observations["value"].to_numpy(float),
        "modelled": modelled, "use": observations["use"].to_numpy(bool),
    })
    table["error"] = table["modelled"] - table["observed"]
    table["relative_error"] = table["error"] / table["observed"]
    fitted_rows = table[table["use"]]
    mape = float(np.mean(np.abs(fitted_rows["relative_error"])))
    return Calibration(parameters=fitted, fitted=best, table=table,
                       rmse=float(np.sqrt(np.mean(fitted_rows["error"] ** 2))), mape=mape,
                       warnings=_bound_warnings(best, bounds, mape=mape))


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def _bound_warnings(best: dict[str, float], bounds: dict[str, tuple[float, float]], *, mape: float
                    ) -> tuple[str, ...]:
    """One line per fitted value at an end of its search range: the optimum may lie beyond it, so the fit is
    a poor description of the observations (often counts of something else, or in the wrong unit)."""
    out = []
    for name, (low, high) in bounds.items():
        value = best[name]
        end = "lower" if np.isclose(value, low, rtol=1e-9) else "upper" if np.isclose(value, high, rtol=1e-9) else None
        if end is not None:
            out.append(f"calibration: {name} = {_number(value)} is at the {end} end of its search range "
                       f"({_number(low)} to {_number(high)}); the best fit may lie outside it (mean error "
                       f"{mape * 100:,.0f}% on the fitted observations): check that they count UMKM online")
    return tuple(out)


def registry_values() -> dict[str, float]:
    """The calibrated values stored in the registry (checked against :func:`fit` by the tests)."""
    return {k: PARAMETER_SPECS[k].default for k in FREE_PARAMETERS}
