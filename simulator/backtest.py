r"""Rolling-origin backtest: fit on what was known at each origin, forecast every count reported later.

For each origin month M (default every six months from 2020-12 to 2022-12, :data:`DEFAULT_ORIGINS`):

1. the data vintage as of M (:func:`simulator.io.vintages.as_of`: the rows said by the end of M) is the only
   information any forecaster sees;
2. the *later counts* are the bundled file's fitted ministry-count rows (``use`` and ``definition ==
   "ministry_count"``) said after the end of M, whatever month they refer to;
3. each forecaster gives a predictive distribution of each later count, as a weighted sample, and is scored by

   * ``mape``: the mean absolute relative error of the predictive median [fraction];
   * ``crps``: the mean continuous ranked probability score [UMKM], from the weighted sample with the estimator
     :math:`\mathrm{CRPS} = \sum_i w_i |x_i - y| - \tfrac12 \sum_{i,j} w_i w_j |x_i - x_j|` (computed in
     :math:`O(n \log n)` on the sorted sample; lower is better, and it equals the absolute error for a point
     forecast);
   * ``coverage_80``: the share of later counts inside the predictive P10-P90 [fraction]; a calibrated
     forecaster scores about 0.8.

Forecasters
    ``model``
        The Monte Carlo of :func:`simulator.uncertainty.sample` conditioned on the vintage (every structure,
        combined), each draw's modelled count times its own estimated log-normal observation error
        (:func:`simulator.uncertainty.predictive_sample`, :data:`MODEL_STRATA` equal-probability points), status
        quo levers: what the model would have said at the origin.
    ``structure_<name>``
        The same for each structure of :data:`simulator.uncertainty.STRUCTURES` alone.
    ``trend_12m``
        The least-squares straight line through the fitted counts dated in the 12 months before the end of the
        origin (the last two fitted counts if fewer than two fall in that window).
    ``pace_6m``
        The last six months' pace held: the slope from the earliest fitted count dated within six months before
        the latest one (or the latest count before that window) to the latest one, continued from the latest.
    ``plan_500k``
        The government's plan: 500,000 UMKM a month (:data:`PLAN_PER_MONTH`) from the latest fitted count.

    The reference forecasters are given a log-normal spread around their line, with

    .. math::

        \sigma_h^2 = \sigma_{obs}^2 + s^2 (1 + h),

    where :math:`\sigma_{obs}` is the observation model's prior error size
    (:data:`simulator.observation_model.PRIOR_SIGMA`, 3.7%), :math:`s` the root-mean-square log
    residual of the forecaster's own line over the fitted counts of the 12 months before the origin (for the
    anchored ``pace_6m`` and ``plan_500k`` lines, how far they miss the past year when run backwards) and
    :math:`h` the lead time in years (variance growing linearly with the lead, as for a random walk). The rule
    was fixed before any score was seen and is not tuned; the spread is represented by :data:`REFERENCE_STRATA`
    equal-probability points, so the same estimators score every forecaster.

The core is numpy and pandas only (no report or app imports).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simulator import observation_model, uncertainty
from simulator.io import vintages

DEFAULT_ORIGINS = ("2020-12", "2021-06", "2021-12", "2022-06", "2022-12")
STRUCTURE_FORECASTERS = tuple(f"structure_{name}" for name in uncertainty.STRUCTURE_NAMES)
REFERENCES = ("trend_12m", "pace_6m", "plan_500k")
FORECASTERS = ("model", *STRUCTURE_FORECASTERS, *REFERENCES)
SCORES = ("mape", "crps", "coverage_80")
TARGET_DEFINITION = "ministry_count"
PLAN_PER_MONTH = 500_000.0  # [UMKM per month], the campaign's pace target (Bisnis.com, 4 Apr 2021)
TREND_WINDOW = 1.0  # [years]
PACE_WINDOW = 0.5  # [years]
MODEL_STRATA = 21
REFERENCE_STRATA = 201
DAYS_PER_YEAR = 365.25


def _normal_points(strata: int) -> np.ndarray:
    normal = statistics.NormalDist()
    return np.array([normal.inv_cdf((k + 0.5) / strata) for k in range(strata)])


# ------------------------------------------------------------------------------------------------------------
# Scores of a weighted sample
# ------------------------------------------------------------------------------------------------------------

def crps(samples: np.ndarray, weights: np.ndarray, observed: np.ndarray) -> np.ndarray:
    """CRPS of each column of ``samples`` (shaped ``(points, targets)``, weights ``(points,)``) at ``observed``."""
    x = np.asarray(samples, dtype=float)
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    y = np.asarray(observed, dtype=float)
    order = np.argsort(x, axis=0)
    xs = np.take_along_axis(x, order, axis=0)
    ws = w[order]
    cum = np.cumsum(ws, axis=0)
    spread = 2.0 * np.sum(ws * xs * (2.0 * cum - ws - 1.0), axis=0)  # sum_ij w_i w_j |x_i - x_j|
    return np.sum(ws * np.abs(xs - y[None, :]), axis=0) - 0.5 * spread


def score(samples: np.ndarray, weights: np.ndarray, observed: np.ndarray) -> dict[str, float]:
    """``mape`` of the median, mean ``crps`` [UMKM] and ``coverage_80`` of P10-P90 over the targets."""
    observed = np.asarray(observed, dtype=float)
    if observed.size == 0:
        return {name: float("nan") for name in SCORES}
    p10, p50, p90 = uncertainty.weighted_quantiles(samples, weights, (0.1, 0.5, 0.9))
    return {"mape": float(np.mean(np.abs(p50 - observed) / observed)),
            "crps": float(np.mean(crps(samples, weights, observed))),
            "coverage_80": float(np.mean((observed >= p10) & (observed <= p90)))}


# ------------------------------------------------------------------------------------------------------------
# Forecasters
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Forecast:
    """A weighted predictive sample of each target: ``samples`` ``(points, targets)`` [UMKM], ``weights``."""

    samples: np.ndarray
    weights: np.ndarray

    @property
    def median(self) -> np.ndarray:
        return uncertainty.weighted_quantiles(self.samples, self.weights, (0.5,))[0]


def _fitted(vintage: pd.DataFrame) -> pd.DataFrame:
    """The fitted counts of the target's definition (the reference lines are drawn through these only)."""
    keep = vintage["use"].to_numpy(bool) & (vintage["definition"] == TARGET_DEFINITION).to_numpy()
    return vintage[keep].sort_values("date", kind="stable")


def model_forecast(vintage: pd.DataFrame, times: np.ndarray, *, draws: int = uncertainty.DEFAULT_DRAWS,
                   seed: int = uncertainty.DEFAULT_SEED) -> tuple[dict[str, Forecast], uncertainty.Draws]:
    """The Monte Carlo conditioned on ``vintage`` at ``times`` [years]: ``model`` (the structures combined) and
    each ``structure_<name>`` alone, each with its draws' observation errors."""
    sampled = uncertainty.sample(draws=draws, seed=seed, observations=vintage)
    out = {}
    for name, part in (("model", sampled), *zip(STRUCTURE_FORECASTERS, sampled.parts, strict=True)):
        samples, weights = uncertainty.predictive_sample(part, times, strata=MODEL_STRATA)
        out[name] = Forecast(samples=samples, weights=weights)
    return out, sampled


def reference_lines(vintage: pd.DataFrame, origin_end: pd.Timestamp
                    ) -> dict[str, tuple[float, float, float]]:
    """Each reference forecaster's line as (anchor time [years], anchor value [UMKM], slope [UMKM per year])."""
    fitted = _fitted(vintage)
    t, y = fitted["t"].to_numpy(float), fitted["value"].to_numpy(float)
    dates = fitted["date"]
    window = np.array(dates > origin_end - pd.Timedelta(days=TREND_WINDOW * DAYS_PER_YEAR), dtype=bool)
    if window.sum() < 2:
        window = np.zeros(len(t), dtype=bool)
        window[-2:] = True
    slope, intercept = np.polyfit(t[window], y[window], 1)
    t_last, y_last = float(t[-1]), float(y[-1])
    recent = np.array(dates >= dates.iloc[-1] - pd.Timedelta(days=PACE_WINDOW * DAYS_PER_YEAR), dtype=bool)
    recent[-1] = False
    k = int(np.flatnonzero(recent)[0]) if recent.any() else len(t) - 2
    pace = (y_last - y[k]) / (t_last - t[k])
    return {"trend_12m": (0.0, float(intercept), float(slope)),
            "pace_6m": (t_last, y_last, float(pace)),
            "plan_500k": (t_last, y_last, 12.0 * PLAN_PER_MONTH)}


def trend_path(vintage: pd.DataFrame, origin: str, *, until: str) -> pd.DataFrame:
    """The ``trend_12m`` reference forecast from vintage ``origin`` ("YYYY-MM") as monthly end-of-month values
    from the origin's month through ``until``: columns ``date`` (first day of the month, as the model's frames)
    and ``n_adopters`` [UMKM]."""
    from simulator import timeline

    line = reference_lines(vintage, vintages.month_end(origin))["trend_12m"]
    months = range(timeline.parse_month(origin), timeline.parse_month(until) + 1)
    dates = [pd.Timestamp(timeline.month_start(m)) for m in months]
    ends = np.array([years_since_start(d + pd.offsets.MonthEnd(0)) for d in dates])
    return pd.DataFrame({"date": dates, "n_adopters": np.maximum(_line(line, ends), 0.0)})


def _line(line: tuple[float, float, float], times: np.ndarray) -> np.ndarray:
    t0, y0, slope = line
    return y0 + slope * (np.asarray(times, dtype=float) - t0)


def residual_spread(vintage: pd.DataFrame, origin_end: pd.Timestamp, line: tuple[float, float, float]) -> float:
    """Root-mean-square log residual of ``line`` over the fitted counts of the 12 months before ``origin_end``."""
    fitted = _fitted(vintage)
    recent = fitted[fitted["date"] > origin_end - pd.Timedelta(days=TREND_WINDOW * DAYS_PER_YEAR)]
    if len(recent) < 2:
        recent = fitted.iloc[-2:]
    fit = np.maximum(_line(line, recent["t"].to_numpy(float)), 1.0)
    return float(np.sqrt(np.mean(np.log(recent["value"].to_numpy(float) / fit) ** 2)))


def reference_forecasts(vintage: pd.DataFrame, origin_end: pd.Timestamp, times: np.ndarray
                        ) -> dict[str, Forecast]:
    """``trend_12m``, ``pace_6m`` and ``plan_500k`` at ``times`` [years], each with its log-normal spread."""
    times = np.asarray(times, dtype=float)
    lead = np.maximum(times - years_since_start(origin_end), 0.0)
    z = _normal_points(REFERENCE_STRATA)
    out = {}
    for name, line in reference_lines(vintage, origin_end).items():
        s = residual_spread(vintage, origin_end, line)
        sigma = np.sqrt(observation_model.PRIOR_SIGMA ** 2 + s ** 2 * (1.0 + lead))
        centre = np.maximum(_line(line, times), 1.0)
        out[name] = Forecast(samples=centre[None, :] * np.exp(z[:, None] * sigma[None, :]),
                             weights=np.full(REFERENCE_STRATA, 1.0 / REFERENCE_STRATA))
    return out


def years_since_start(date: pd.Timestamp) -> float:
    """Model time [years since 2020-01-01] of a timestamp (the end of an origin month)."""
    return float((pd.Timestamp(date) - pd.Timestamp("2020-01-01")).days / DAYS_PER_YEAR)


# ------------------------------------------------------------------------------------------------------------
# The backtest
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Origin:
    """One forecast origin: what was known, what came later, and every forecaster's scores there."""

    as_of: str
    n_observations: int  # fitted rows in the vintage
    effective_draws: float
    later: pd.DataFrame  # date, said_on, observed, and each forecaster's median
    scores: Mapping[str, Mapping[str, float]]

    @property
    def n_later(self) -> int:
        return len(self.later)


@dataclass(frozen=True, kw_only=True)
class Backtest:
    """Scores per origin and their mean over the origins that have later counts."""

    origins: tuple[Origin, ...]
    draws: int
    seed: int

    @property
    def mean(self) -> dict[str, dict[str, float]]:
        scored = [o for o in self.origins if o.n_later > 0]
        return {name: {s: (float(np.mean([o.scores[name][s] for o in scored])) if scored else float("nan"))
                       for s in SCORES} for name in FORECASTERS}

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (NaN where an origin has no later count)."""
        return {
            "draws": self.draws, "seed": self.seed,
            "origins": [{"as_of": o.as_of, "n_observations": o.n_observations, "n_later": o.n_later,
                         "effective_draws": round(o.effective_draws, 1),
                         "scores": {name: dict(o.scores[name]) for name in FORECASTERS},
                         "later": [{"date": f"{r['date']:%Y-%m-%d}", "said_on": f"{r['said_on']:%Y-%m-%d}",
                                    **{k: float(r[k]) for k in ("observed", *FORECASTERS)}}
                                   for r in o.later.to_dict("records")]}
                        for o in self.origins],
            "mean": self.mean,
        }

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Backtest:
        """The inverse of :meth:`to_dict` (null scores, as JSON writes NaN, read back as NaN)."""
        def number(value: Any) -> float:
            return float("nan") if value is None else float(value)

        origins = []
        for o in document["origins"]:
            later = pd.DataFrame(o["later"], columns=["date", "said_on", "observed", *FORECASTERS])
            for column in ("date", "said_on"):
                later[column] = pd.to_datetime(later[column])
            scores = {name: {score: number(o["scores"][name][score]) for score in SCORES} for name in FORECASTERS}
            origins.append(Origin(as_of=o["as_of"], n_observations=int(o["n_observations"]),
                                  effective_draws=float(o["effective_draws"]), later=later, scores=scores))
        return cls(origins=tuple(origins), draws=int(document["draws"]), seed=int(document["seed"]))

    def frame(self) -> pd.DataFrame:
        """One row per origin and forecaster: as_of, forecaster, n_observations, n_later, mape, crps, coverage_80."""
        rows = [{"as_of": o.as_of, "forecaster": name, "n_observations": o.n_observations, "n_later": o.n_later,
                 **o.scores[name]} for o in self.origins for name in FORECASTERS]
        rows += [{"as_of": "mean", "forecaster": name, "n_observations": np.nan, "n_later": np.nan,
                  **self.mean[name]} for name in FORECASTERS]
        return pd.DataFrame(rows).astype({"n_observations": "Int64", "n_later": "Int64"})


def later_counts(observations: pd.DataFrame, origin: str) -> pd.DataFrame:
    """The fitted ministry-count rows of ``observations`` said after the end of ``origin``."""
    keep = (observations["use"].to_numpy(bool) & (observations["definition"] == TARGET_DEFINITION).to_numpy()
            & (observations["said_on"] > vintages.month_end(origin)).to_numpy())
    return observations[keep].reset_index(drop=True)


def run_origin(observations: pd.DataFrame, origin: str, *, draws: int = uncertainty.DEFAULT_DRAWS,
               seed: int = uncertainty.DEFAULT_SEED) -> Origin:
    """Fit on the vintage as of ``origin`` only, forecast and score every count reported later."""
    vintage = vintages.as_of(observations, origin)
    origin = vintage.attrs["as_of"]
    later = later_counts(observations, origin)
    times, observed = later["t"].to_numpy(float), later["value"].to_numpy(float)
    end = vintages.month_end(origin)
    table = pd.DataFrame({"date": later["date"], "said_on": later["said_on"], "observed": observed})
    if len(later) == 0:
        sampled = uncertainty.sample(draws=draws, seed=seed, observations=vintage)
        nan = {s: float("nan") for s in SCORES}
        for name in FORECASTERS:
            table[name] = np.zeros(0)
        return Origin(as_of=origin, n_observations=vintages.n_fitted(vintage),
                      effective_draws=sampled.effective_draws, later=table, scores={n: nan for n in FORECASTERS})
    models, sampled = model_forecast(vintage, times, draws=draws, seed=seed)
    forecasts = {**models, **reference_forecasts(vintage, end, times)}
    scores = {}
    for name in FORECASTERS:
        table[name] = forecasts[name].median
        scores[name] = score(forecasts[name].samples, forecasts[name].weights, observed)
    return Origin(as_of=origin, n_observations=vintages.n_fitted(vintage), effective_draws=sampled.effective_draws,
                  later=table, scores=scores)


def backtest(observations: pd.DataFrame, origins: Sequence[str] = DEFAULT_ORIGINS, *,
             draws: int = uncertainty.DEFAULT_DRAWS, seed: int = uncertainty.DEFAULT_SEED) -> Backtest:
    """:func:`run_origin` at every origin; ``observations`` holds every vintage (``load(as_of=None)``).

    Every origin is checked before any work, so a bad vintage fails at once with one line.
    """
    checked = [vintages.check(observations, origin) for origin in origins]
    return Backtest(origins=tuple(run_origin(observations, o, draws=draws, seed=seed) for o in checked),
                    draws=int(draws), seed=int(seed))


def table_text(result: Backtest) -> str:
    """The scores as a plain text table (MAPE and coverage in %, CRPS in millions of UMKM)."""
    lines = [f"{'as of':<8} {'later':>5}  " + "  ".join(f"{name:>22}" for name in FORECASTERS),
             f"{'':<8} {'':>5}  " + "  ".join(f"{'MAPE  CRPS(M)  cov80':>22}" for _ in FORECASTERS)]

    def cells(scores: Mapping[str, Mapping[str, float]]) -> str:
        return "  ".join(f"{scores[n]['mape']:>6.1%} {scores[n]['crps'] / 1e6:>7.2f} {scores[n]['coverage_80']:>6.0%}"
                         .rjust(22) for n in FORECASTERS)

    for o in result.origins:
        lines.append(f"{o.as_of:<8} {o.n_later:>5}  {cells(o.scores)}")
    lines.append(f"{'mean':<8} {'':>5}  {cells(result.mean)}")
    return "\n".join(lines)
