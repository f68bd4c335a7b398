r"""Calibration of the free diffusion parameters to observations, and an honest check of forecasting skill.

The free parameters are the Bass innovation ``p`` and imitation ``q`` coefficients and the adopters at the start
of 2020, ``A_0``. They minimise a penalised least-squares loss on log values,

.. math::

    L = \sum_i \Bigl(\frac{\ln y_i - \ln \hat y_i}{\sigma}\Bigr)^2
        + \Bigl(\frac{\ln q - \ln q_0}{s_q}\Bigr)^2 + \Bigl(\frac{\ln p - \ln p_0}{s_p}\Bigr)^2,

with an observation error ``sigma`` of 5% and a weak pull toward the literature values ``p_0 = 0.03``,
``q_0 = 0.38`` (log-scale widths 1.5 and 0.5): eighteen months of data cannot tell a high ``p`` with a low ``q``
from the reverse, and the pull settles that ridge the way the diffusion literature would. The search evaluates
a whole grid of candidates in one vectorised model call, then zooms in around the best one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.io import observations as obs_module
from simulator.model import simulate
from simulator.parameters import PARAMETER_SPECS, ModelParameters, Scenario
from simulator.runner import lever_paths

FREE_PARAMETERS = ("innovation", "imitation", "adopters_2020")
OBSERVATION_ERROR = 0.05  # relative [fraction]
PRIOR = {"innovation": (0.03, 1.5), "imitation": (0.38, 0.5)}  # centre, width of ln
SEARCH_BOUNDS = {"innovation": (0.002, 0.6), "imitation": (0.01, 2.0), "adopters_2020": (4.0e6, 11.0e6)}


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


def _loss(pred: np.ndarray, observed: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    resid = (np.log(observed) - np.log(np.maximum(pred, 1.0))) / OBSERVATION_ERROR
    penalty = ((np.log(p) - np.log(PRIOR["innovation"][0])) / PRIOR["innovation"][1]) ** 2 + (
        (np.log(q) - np.log(PRIOR["imitation"][0])) / PRIOR["imitation"][1]) ** 2
    return np.sum(resid ** 2, axis=-1) + penalty


def fit(observations: pd.DataFrame | None = None, *, base: ModelParameters | None = None,
        rounds: int = 6, points: int = 14) -> Calibration:
    """Fit ``innovation``, ``imitation`` and ``adopters_2020`` to the observations marked ``use``.

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
    base = base or ModelParameters()
    used = observations[observations["use"]]
    times = used["t"].to_numpy(float)
    observed = used["value"].to_numpy(float)
    potential_2020 = float(base.umkm_2019 * min(base.connected_share_2020 * base.ready_share_2020,
                                                  base.willing_share))
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
        pred = model_at(base.replace(**cand), times)
        loss = _loss(pred, observed, cand["innovation"], cand["imitation"])
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


@dataclass(frozen=True, kw_only=True)
class SkillCheck:
    """Fit on the observations before ``split``, predict the rest, and compare with a straight-line trend."""

    split: str  # first date held out, "YYYY-MM-DD"
    table: pd.DataFrame  # date, observed, model, trend
    model_mae: float  # mean absolute error of the model on held-out points [UMKM]
    trend_mae: float  # same for the straight line through the training points [UMKM]

    @property
    def model_beats_trend(self) -> bool:
        return self.model_mae < self.trend_mae

    @property
    def ratio(self) -> float:
        """Model error over trend error (below 1: the model forecasts better than the naive trend)."""
        return self.model_mae / self.trend_mae if self.trend_mae > 0 else float("inf")


def skill_check(observations: pd.DataFrame | None = None, *, split: str = "2021-01-01",
                base: ModelParameters | None = None) -> SkillCheck:
    """Fit on observations before ``split`` (2020), predict those after (2021), against a naive linear trend."""
    if observations is None:
        observations = obs_module.load()
    used = observations[observations["use"]]
    cut = pd.Timestamp(split)
    train, test = used[used["date"] < cut], used[used["date"] >= cut]
    if len(train) < 2 or len(test) < 1:
        raise ValueError("skill check needs at least two fitted observations before the split and one after")
    calibration = fit(train, base=base)
    model_pred = model_at(calibration.parameters, test["t"].to_numpy(float)).reshape(-1)
    slope, intercept = np.polyfit(train["t"].to_numpy(float), train["value"].to_numpy(float), 1)
    trend_pred = intercept + slope * test["t"].to_numpy(float)
    table = pd.DataFrame({"date": test["date"].to_numpy(), "observed": test["value"].to_numpy(float),
                          "model": model_pred, "trend": trend_pred})
    return SkillCheck(split=cut.strftime("%Y-%m-%d"), table=table,
                      model_mae=float(np.mean(np.abs(model_pred - table["observed"]))),
                      trend_mae=float(np.mean(np.abs(trend_pred - table["observed"]))))


def registry_values() -> dict[str, float]:
    """The calibrated values stored in the registry (checked against :func:`fit` by the tests)."""
    return {k: PARAMETER_SPECS[k].default for k in FREE_PARAMETERS}
