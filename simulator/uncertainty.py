r"""Monte Carlo over every uncertain parameter, conditioned on the observations, vectorised across draws.

Priors
    Every registry entry (:data:`simulator.parameters.PARAMETERS`) whose ``distribution`` is not ``"fixed"`` is
    drawn over its ``plausible`` range, uniformly or log-uniformly; the registry is the one place priors are
    written down. Every other parameter stays at its default.

Conditioning
    Each draw is weighted by the likelihood the calibration maximises (:mod:`simulator.calibration`): the
    observations marked ``use``, with a Gaussian error of :data:`~simulator.calibration.OBSERVATION_ERROR` (5%)
    on the log scale,

    .. math::

        \ln L(\theta) = -\frac12 \sum_i \Bigl(\frac{\ln y_i - \ln \hat y_i(\theta)}{\sigma}\Bigr)^2 .

    We weight (importance sampling) rather than reject (ABC): the likelihood is explicit and cheap (an 18-month
    run), so weighting is exact as the number of draws grows, has no tolerance to tune and wastes no draw, and
    fixed weights let every scenario be run against the same draws (common random numbers). The calibration's
    soft pull of ``p`` and ``q`` toward literature values is not applied: it picks a point on the ``p``-``q``
    ridge that eighteen months of data cannot resolve, whereas here that ridge is uncertainty and belongs in
    the fan; the registry's plausible ranges already carry the literature.

Proposal
    ``innovation``, ``imitation`` and ``adopters_2020`` are pinned by the data together with the other
    parameters (the growth of 2020-21 fixes a combination of ``p``, ``q``, drop-out, readiness and the rest),
    so drawn from their broad priors most draws get tiny weights (Kish effective sample about 14% of the
    draws). They are drawn instead in unbounded coordinates :math:`z = \operatorname{logit}(u)`, where
    :math:`u \in (0, 1)` is the position in the plausible range (on the log scale for log-uniform priors), from

    .. math::

        g(z \mid \theta_{other}) = (1 - \alpha)\, t_\nu\bigl(z;\ a + B u_{other},\ c^2 \Sigma\bigr)
                                   + \alpha\, \pi(z):

    a Student-t approximation of their posterior given the other parameters, whose centre is a linear
    regression of :math:`z` on the other parameters' positions :math:`u_{other}` and whose scale is the
    residual covariance :math:`\Sigma`, both fitted to a likelihood-weighted pilot of prior draws
    (:math:`\nu = 4`, :math:`c = 0.8`, so the proposal's covariance is 1.28 :math:`\Sigma`), mixed with the prior
    :math:`\pi` itself (:math:`\alpha = 0.1`), which bounds every weight by :math:`L / \alpha`. The other
    parameters are drawn from their priors. The weight of a draw is
    :math:`w \propto \pi(z) L(\theta) / g(z \mid \theta_{other})`, normalised to sum to one, and the effective
    number of draws is Kish's :math:`1 / \sum w^2`: about 40% of 10,000 draws with the bundled observations;
    at the default 1,000 draws it moves with the seed (466 with :data:`DEFAULT_SEED`). A Gaussian proposal or a
    per-draw Laplace approximation did no better: the rest of the weight spread is the other parameters' own
    fit to the data.

Draws are made once per (seed, number of draws, observations) as a :class:`Draws` and every scenario is
simulated against the same :class:`Draws` in one batched call shaped ``(scenarios, draws, months)``. The same
seed gives the same numbers.
"""

from __future__ import annotations

import functools
import math
import statistics
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator import calibration, timeline
from simulator.io import observations as observations_module
from simulator.model import LeverPaths, Trajectory, simulate
from simulator.numbers import finite_or_none
from simulator.parameters import LEVERS, PARAMETER_SPECS, PARAMETERS, ModelParameters, Scenario
from simulator.runner import lever_paths

DEFAULT_DRAWS = 1000
"""Draws used when none are given: enough for P10/P90 and probabilities to about +-0.02, fast enough for
goal seek in well under two seconds."""
DEFAULT_SEED = 20210611  # the day the 30-million target was announced
QUANTILES = (0.1, 0.5, 0.9)
NOT_REACHED = "not before horizon"
"""Category of :attr:`Ensemble.reached` for draws that do not reach the target by the horizon."""

PROPOSAL_PARAMETERS = ("innovation", "imitation", "adopters_2020")
"""Parameters drawn from the posterior-shaped proposal instead of their prior (see the module docstring)."""
PILOT_DRAWS = 6000
PROPOSAL_WIDTH = 0.8  # c: scale of the Student-t relative to the residual covariance (its covariance is 1.28x)
DEGREES_OF_FREEDOM = 4.0  # nu: Student-t rather than Gaussian tails, so no part of the posterior is starved
DEFENSIVE_SHARE = 0.1  # alpha: share of the proposal that is the prior itself
MAX_BATCH = 20_000  # scenarios x draws per engine call: bounds a call's memory (~250 MiB for 132 months)
MIN_THREAD_BATCH = 4_000  # scenarios x draws per thread below which chunks run in one thread
LEVER_KEYS = tuple(lever.key for lever in LEVERS)


# ------------------------------------------------------------------------------------------------------------
# Priors
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class Prior:
    """Uniform or log-uniform prior of one parameter over ``[low, high]`` [the parameter's unit]."""

    name: str
    low: float
    high: float
    distribution: str = "uniform"

    def __post_init__(self) -> None:
        if self.name not in PARAMETER_SPECS:
            raise ValueError(f"prior: unknown parameter {self.name!r}")
        if self.distribution not in ("uniform", "loguniform"):
            raise ValueError(f"prior {self.name}: distribution {self.distribution!r}; allowed uniform, loguniform")
        lo, hi = PARAMETER_SPECS[self.name].bounds
        if not lo <= self.low <= self.high <= hi:
            raise ValueError(f"prior {self.name}: range {self.low:g} to {self.high:g} must lie within {lo:g} to "
                             f"{hi:g} with low <= high")
        if self.distribution == "loguniform" and self.low <= 0.0:
            raise ValueError(f"prior {self.name}: a log-uniform range must be positive, not from {self.low:g}")

    @property
    def width(self) -> float:
        return self.high - self.low

    def _ends(self) -> tuple[float, float]:
        if self.distribution == "loguniform":
            return math.log(self.low), math.log(self.high)
        return self.low, self.high

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Value at position ``u`` in [0, 1] of the range (on the log scale for log-uniform)."""
        a, b = self._ends()
        x = a + np.asarray(u, dtype=float) * (b - a)
        x = np.exp(x) if self.distribution == "loguniform" else x
        return np.clip(x, self.low, self.high)

    def to_unit(self, x: np.ndarray) -> np.ndarray:
        """Position of ``x`` in the range, in [0, 1]."""
        a, b = self._ends()
        x = np.asarray(x, dtype=float)
        x = np.log(x) if self.distribution == "loguniform" else x
        return (x - a) / (b - a)


def registry_priors() -> dict[str, Prior]:
    """The priors written in the registry: every parameter whose distribution is not fixed and range not empty."""
    return {spec.name: Prior(name=spec.name, low=spec.plausible[0], high=spec.plausible[1],
                             distribution=spec.distribution)
            for spec in PARAMETERS if spec.distribution != "fixed" and spec.plausible[1] > spec.plausible[0]}


def _log_logistic(z: np.ndarray) -> np.ndarray:
    """Log density of the standard logistic distribution (a uniform prior seen in logit coordinates)."""
    return -np.logaddexp(0.0, z) - np.logaddexp(0.0, -z)


def _logit(u: np.ndarray) -> np.ndarray:
    u = np.clip(u, 1e-12, 1.0 - 1e-12)
    return np.log(u) - np.log1p(-u)


def _expit(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass(frozen=True, kw_only=True, eq=False)
class Proposal:
    """Gaussian-plus-prior mixture for the :data:`PROPOSAL_PARAMETERS`, in logit coordinates.

    ``mean`` is shaped ``(draws, k)``; ``covariance`` ``(k, k)`` already includes the widening.
    """

    names: tuple[str, ...]
    mean: np.ndarray
    covariance: np.ndarray
    defensive_share: float
    degrees_of_freedom: float

    def log_density(self, z: np.ndarray, keep: Sequence[str] | None = None) -> np.ndarray:
        """Log density of ``z`` (shaped ``(draws, len(keep))``) under the proposal's marginal over ``keep``."""
        idx = [self.names.index(n) for n in (keep if keep is not None else self.names)]
        if not idx:
            return np.zeros(z.shape[0])
        cov = self.covariance[np.ix_(idx, idx)]
        resid = z - self.mean[:, idx]
        chol = np.linalg.cholesky(cov)
        solved = np.linalg.solve(chol, resid.T).T
        k, nu = len(idx), self.degrees_of_freedom
        log_t = (math.lgamma(0.5 * (nu + k)) - math.lgamma(0.5 * nu) - 0.5 * k * math.log(nu * math.pi)
                 - np.sum(np.log(np.diag(chol))) - 0.5 * (nu + k) * np.log1p(np.sum(solved ** 2, axis=1) / nu))
        log_prior = np.sum(_log_logistic(z), axis=1)
        return np.logaddexp(math.log1p(-self.defensive_share) + log_t,
                            math.log(self.defensive_share) + log_prior)


# ------------------------------------------------------------------------------------------------------------
# Draws
# ------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, eq=False)
class Draws:
    """Parameter draws and their importance weights, made once and shared by every scenario.

    ``parameters`` holds an array shaped ``(draws,)`` for each uncertain field and the registry default for
    the others. ``weights`` sum to one.
    """

    parameters: ModelParameters
    weights: np.ndarray
    log_likelihood: np.ndarray  # ln L of each draw (0 when not conditioned)
    log_prior_over_proposal: np.ndarray  # ln(prior / proposal) of the proposal parameters (0 for prior draws)
    priors: Mapping[str, Prior]  # the parameters drawn (zero-width priors are fixed, not drawn)
    seed: int
    conditioned: bool
    observed_times: np.ndarray  # years since 2020-01-01 of the observations conditioned on
    observed_values: np.ndarray  # [UMKM]
    proposal: Proposal | None = field(default=None, repr=False)
    unit_positions: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False)  # u of each drawn field

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.weights.shape[0])

    @property
    def effective_draws(self) -> float:
        """Kish effective sample size, 1 / sum(w^2)."""
        return float(1.0 / np.sum(self.weights ** 2))

    def values(self, name: str) -> np.ndarray:
        """Values of parameter ``name`` per draw, shaped ``(draws,)``."""
        return np.broadcast_to(np.asarray(getattr(self.parameters, name), dtype=float), (self.draws,))

    def subset(self, index: slice | np.ndarray) -> ModelParameters:
        """The parameters of some draws only."""
        return ModelParameters(**{name: (value[index] if np.ndim(value) else value)
                                  for name, value in self.parameters.as_dict().items()})


def log_likelihood(parameters: ModelParameters, *, times: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Gaussian log-error log likelihood of the observations ``values`` [UMKM] at ``times`` [years], per draw.

    The same error model as :func:`simulator.calibration.fit` (sigma = 5% on the log scale), without its prior
    penalty. More than :data:`MAX_BATCH` draws are run in chunks, so memory stays bounded.
    """
    fields = parameters.as_dict()
    shape = np.broadcast_shapes(*(np.shape(value) for value in fields.values()))
    if len(shape) == 1 and shape[0] > MAX_BATCH:
        parts = []
        for a in range(0, shape[0], MAX_BATCH):
            chunk = slice(a, a + MAX_BATCH)
            subset = ModelParameters(**{name: (np.broadcast_to(value, shape)[chunk] if np.ndim(value) else value)
                                        for name, value in fields.items()})
            parts.append(log_likelihood(subset, times=times, values=values))
        return np.concatenate(parts)
    predicted = calibration.model_at(parameters, np.asarray(times, dtype=float))
    resid = (np.log(np.asarray(values, dtype=float)) - np.log(np.maximum(predicted, 1.0))) / \
        calibration.OBSERVATION_ERROR
    return -0.5 * np.sum(resid ** 2, axis=-1)


def _normalise(log_w: np.ndarray) -> np.ndarray:
    finite = np.isfinite(log_w)
    if not finite.any():
        raise ValueError("every draw has zero weight: the observations cannot be reproduced within the priors")
    w = np.where(finite, np.exp(log_w - np.max(log_w[finite])), 0.0)
    return w / w.sum()


def _build(values: Mapping[str, np.ndarray], base: ModelParameters, n: int) -> ModelParameters:
    """``base`` with the drawn ``values``; every field shaped ``(n,)`` (undrawn ones as read-only views)."""
    fields = {name: np.broadcast_to(np.asarray(value, dtype=float), (n,)) for name, value in base.as_dict().items()}
    return ModelParameters(**{**fields, **values})


def _features(u: Mapping[str, np.ndarray], others: Sequence[str]) -> np.ndarray:
    """Regressors of the proposal centre: 1 and each other parameter's position in its range."""
    n = len(next(iter(u.values())))
    return np.column_stack([np.ones(n), *(u[name] for name in others)])


@dataclass(frozen=True, kw_only=True)
class _Fit:
    names: tuple[str, ...]
    others: tuple[str, ...]
    coef: np.ndarray
    covariance: np.ndarray

    def proposal(self, u: Mapping[str, np.ndarray]) -> Proposal:
        return Proposal(names=self.names, mean=_features(u, self.others) @ self.coef,
                        covariance=PROPOSAL_WIDTH ** 2 * self.covariance, defensive_share=DEFENSIVE_SHARE,
                        degrees_of_freedom=DEGREES_OF_FREEDOM)


def _fit_proposal(u: Mapping[str, np.ndarray], weights: np.ndarray, *, free: Sequence[str], others: Sequence[str]
                  ) -> _Fit:
    """Weighted least squares of the free parameters' logits on the others' positions, and residual covariance."""
    design = _features(u, others)
    target = np.column_stack([_logit(u[n]) for n in free])
    gram = design.T @ (design * weights[:, None]) + 1e-6 * np.eye(design.shape[1])
    coef = np.linalg.solve(gram, design.T @ (target * weights[:, None]))
    resid = target - design @ coef
    cov = (resid * weights[:, None]).T @ resid + 1e-9 * np.eye(len(free))
    return _Fit(names=tuple(free), others=tuple(others), coef=coef, covariance=cov)


def _draw_free(rng: np.random.Generator, fit: _Fit, u_others: dict[str, np.ndarray], *, free: Sequence[str],
               others: Sequence[str]) -> tuple[dict[str, np.ndarray], np.ndarray, Proposal]:
    """Draw the free parameters from the proposal given the others; positions, ln(prior / proposal), proposal."""
    proposal = fit.proposal(u_others)
    n = proposal.mean.shape[0]
    scale = np.sqrt(proposal.degrees_of_freedom / rng.chisquare(proposal.degrees_of_freedom, n))[:, None]
    student = proposal.mean + scale * (rng.standard_normal((n, len(free))) @ np.linalg.cholesky(proposal.covariance).T)
    from_prior = _logit(rng.random((n, len(free))))
    z = np.where((rng.random(n) < DEFENSIVE_SHARE)[:, None], from_prior, student)
    log_ratio = np.sum(_log_logistic(z), axis=1) - proposal.log_density(z)
    u = dict(u_others)
    for k, name in enumerate(free):
        u[name] = _expit(z[:, k])
    return u, log_ratio, proposal


def sample(*, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, observations: pd.DataFrame | None = None,
           conditioned: bool = True, priors: Mapping[str, Prior] | None = None,
           base: ModelParameters | None = None) -> Draws:
    """Draw every uncertain parameter and weight the draws by the observations.

    Parameters
    ----------
    draws
        Number of draws (at least 10).
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same draws and weights.
    observations
        As returned by :func:`simulator.io.observations.load` (default: the bundled file); rows with ``use``.
    conditioned
        Weight by the likelihood (default). If false, plain prior draws with equal weights.
    priors
        Parameter name -> :class:`Prior`; default :func:`registry_priors`. An empty mapping (or zero-width
        priors) fixes every parameter at ``base``.
    base
        Values of the parameters that are not drawn (default: the registry).

    Returns
    -------
    Draws
    """
    if not isinstance(draws, int | np.integer) or isinstance(draws, bool) or draws < 10:
        raise ValueError(f"draws: {draws!r}; allowed a whole number of at least 10")
    rng = np.random.default_rng(seed)
    base = base or ModelParameters()
    drawn = {name: prior for name, prior in (registry_priors() if priors is None else priors).items()
             if prior.width > 0.0}
    times = values = np.zeros(0)
    if conditioned:
        if observations is None:
            observations = observations_module.load()
        used = observations[observations["use"]]
        times, values = used["t"].to_numpy(float), used["value"].to_numpy(float)
    free = [n for n in PROPOSAL_PARAMETERS if n in drawn] if conditioned else []
    others = [n for n in drawn if n not in free]

    proposal, log_ratio = None, np.zeros(draws)
    if free:
        # Pilot: prior draws weighted by the likelihood (history-only runs) shape the proposal.
        u_pilot = {n: rng.random(PILOT_DRAWS) for n in drawn}
        log_w = log_likelihood(_build({n: drawn[n].from_unit(v) for n, v in u_pilot.items()}, base, PILOT_DRAWS),
                               times=times, values=values)
        fit = _fit_proposal(u_pilot, _normalise(log_w), free=free, others=others)
        u, log_ratio, proposal = _draw_free(rng, fit, {n: rng.random(draws) for n in others}, free=free, others=others)
    else:
        u = {n: rng.random(draws) for n in drawn}
    parameters = _build({n: drawn[n].from_unit(u[n]) for n in drawn}, base, draws)
    if conditioned:
        log_l = log_likelihood(parameters, times=times, values=values)
        weights = _normalise(log_ratio + log_l)
    else:
        log_l = np.zeros(draws)
        weights = np.full(draws, 1.0 / draws)
    return Draws(parameters=parameters, weights=weights, log_likelihood=log_l, log_prior_over_proposal=log_ratio,
                 priors=drawn, seed=int(seed), conditioned=conditioned, observed_times=times,
                 observed_values=values, proposal=proposal, unit_positions={n: u[n] for n in drawn})


@functools.lru_cache(maxsize=8)
def default_draws(draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> Draws:
    """:func:`sample` with the bundled observations and registry priors, cached per (draws, seed)."""
    return sample(draws=draws, seed=seed)


def fix(draws: Draws, name: str, value: float) -> Draws:
    """The same draws with parameter ``name`` fixed at ``value`` and the weights conditioned again.

    Used by sensitivity analysis: the importance weights stay exact because each draw keeps the proposal
    density it was drawn from (its marginal, when ``name`` is itself a proposal parameter).
    """
    if name not in PARAMETER_SPECS:
        raise ValueError(f"unknown parameter {name!r}")
    parameters = draws.parameters.replace(**{name: float(value)})
    log_ratio = draws.log_prior_over_proposal
    if draws.proposal is not None and name in draws.proposal.names:
        keep = [n for n in draws.proposal.names if n != name]
        z = np.column_stack([_logit(draws.unit_positions[n]) for n in keep]) if keep else np.zeros((draws.draws, 0))
        log_ratio = np.sum(_log_logistic(z), axis=1) - draws.proposal.log_density(z, keep)
    if draws.conditioned:
        log_l = log_likelihood(parameters, times=draws.observed_times, values=draws.observed_values)
        weights = _normalise(log_ratio + log_l)
    else:
        log_l, weights = draws.log_likelihood, draws.weights
    priors = {n: p for n, p in draws.priors.items() if n != name}
    positions = {n: u for n, u in draws.unit_positions.items() if n != name}
    return Draws(parameters=parameters, weights=weights, log_likelihood=log_l, log_prior_over_proposal=log_ratio,
                 priors=priors, seed=draws.seed, conditioned=draws.conditioned, observed_times=draws.observed_times,
                 observed_values=draws.observed_values, proposal=draws.proposal, unit_positions=positions)


# ------------------------------------------------------------------------------------------------------------
# Running scenarios against draws
# ------------------------------------------------------------------------------------------------------------

def resolve_workers(workers: int | None) -> int:
    """Threads to use: ``workers`` (at least 1), default 1.

    One thread is the default because two measured no faster on the 2-core target machine while other
    processes ran (see ``benchmarks/bench_model.py``), and a Streamlit server already runs sessions in
    parallel threads; pass ``workers=2`` to try on an idle machine.
    """
    return max(1, int(workers)) if workers is not None else 1


def map_draws(draws: Draws, scenarios: Sequence[Scenario], reduce: Callable[[Trajectory], Mapping[str, np.ndarray]],
              *, n_months: int, workers: int | None = None) -> dict[str, np.ndarray]:
    """Simulate every scenario against every draw and reduce the trajectories, in chunks of draws.

    The engine runs on ``(scenarios, draws_in_chunk, months)`` batches, chunks in threads when ``workers`` > 1
    (numpy releases the GIL in its array loops); ``reduce`` turns each chunk's
    :class:`~simulator.model.Trajectory` into arrays whose second axis is the draw axis, which are concatenated.
    """
    return map_parameters(draws.parameters, draws.draws, scenarios, reduce, n_months=n_months, workers=workers)


def map_parameters(parameters: ModelParameters, n_draws: int, scenarios: Sequence[Scenario],
                   reduce: Callable[[Trajectory], Mapping[str, np.ndarray]], *, n_months: int,
                   workers: int | None = None) -> dict[str, np.ndarray]:
    """:func:`map_draws` for parameters whose fields are floats or arrays shaped ``(n_draws,)``."""
    if not scenarios:
        raise ValueError("no scenarios to run")
    paths = lever_paths(scenarios, n_months=n_months)
    paths = LeverPaths(**{key: value[:, None, :] for key, value in vars(paths).items()})
    # Threads pay off only on big arrays: below a few thousand elements per operation the GIL hand-offs of the
    # engine's ~200 array operations per month cost more than they save.
    n_workers = max(1, min(resolve_workers(workers), len(scenarios) * n_draws // MIN_THREAD_BATCH))
    per_chunk = max(1, min(-(-n_draws // n_workers), MAX_BATCH // len(scenarios)))
    chunks = [slice(a, min(a + per_chunk, n_draws)) for a in range(0, n_draws, per_chunk)]
    fields = parameters.as_dict()

    def job(chunk: slice) -> Mapping[str, np.ndarray]:
        if len(chunks) == 1:  # all draws at once: the parameters as they are, validated already
            subset = parameters
        else:
            subset = ModelParameters(**{name: (value[chunk] if np.ndim(value) else value)
                                        for name, value in fields.items()})
        # The engine's outputs are views of one buffer holding every field: a reduced view (e.g. the adopters at
        # the deadline) would keep the whole chunk's trajectory alive, 13 fields x months per draw, until the
        # parts are joined. Copying what is kept frees the buffer now.
        return {key: (value.copy() if isinstance(value, np.ndarray) and value.base is not None else value)
                for key, value in reduce(simulate(subset, paths)).items()}

    if n_workers == 1 or len(chunks) == 1:
        parts = [job(chunk) for chunk in chunks]
    else:
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            parts = list(pool.map(job, chunks))
    if len(parts) == 1:
        return dict(parts[0])
    return {key: np.concatenate([part[key] for part in parts], axis=1) for key in parts[0]}


def simulate_draws(draws: Draws, scenarios: Sequence[Scenario], *, n_months: int | None = None,
                   workers: int | None = None) -> Trajectory:
    """Full trajectories of every scenario against every draw, arrays shaped ``(scenarios, draws, months)``.

    ``n_months`` defaults to the scenarios' common horizon.
    """
    if n_months is None:
        horizons = {s.n_months for s in scenarios}
        if len(horizons) != 1:
            raise ValueError("scenarios run together must share a horizon (or give n_months)")
        n_months = horizons.pop()
    names = [f for f in Trajectory.__dataclass_fields__ if f != "initial_adopters"]

    def reduce(trajectory: Trajectory) -> dict[str, np.ndarray]:
        out = {name: getattr(trajectory, name) for name in names}
        out["initial_adopters"] = trajectory.initial_adopters[..., None]
        return out

    arrays = map_draws(draws, scenarios, reduce, n_months=n_months, workers=workers)
    arrays["initial_adopters"] = arrays["initial_adopters"][..., 0]
    return Trajectory(**arrays)


def spend_through(trajectory: Trajectory, *, first: int, last: np.ndarray | int) -> np.ndarray:
    """Programme spending per lever from month ``first`` through month ``last`` (inclusive) [rupiah].

    Returns an array shaped ``(3, *batch)`` in the order of :data:`~simulator.parameters.LEVERS`; ``last`` may
    be an array broadcastable to the batch's leading axes.
    """
    months = np.arange(trajectory.n_adopters.shape[-1])
    last = np.asarray(last)
    mask = (months >= first) & (months <= last.reshape(last.shape + (1,) * (trajectory.n_adopters.ndim - last.ndim)))
    return np.stack([np.sum(np.where(mask, getattr(trajectory, lever.spend_field), 0.0), axis=-1)
                     for lever in LEVERS])


# ------------------------------------------------------------------------------------------------------------
# Weighted statistics
# ------------------------------------------------------------------------------------------------------------

def weighted_quantiles(values: np.ndarray, weights: np.ndarray, quantiles: Sequence[float] = QUANTILES
                       ) -> np.ndarray:
    """Weighted quantiles along the first axis (draws), linear between the draws' weight midpoints.

    ``values`` is shaped ``(draws, ...)``; NaN values and zero weights are left out, infinite values are kept.
    Returns an array shaped ``(len(quantiles), ...)``, NaN where no draw counts. With equal weights this is the
    Hazen quantile, (i - 1/2) / n.
    """
    values = np.asarray(values, dtype=float)
    n_draws, shape = values.shape[0], values.shape[1:]
    # Work with the draws on the last, contiguous axis: sorting and gathering (columns, draws) rows is several
    # times faster than along a strided first axis.
    v = np.ascontiguousarray(values.reshape(n_draws, -1).T)
    w = np.broadcast_to(np.asarray(weights, dtype=float), v.shape)
    w = np.where(np.isnan(v), 0.0, w)
    order = np.argsort(np.where(w > 0, v, np.nan), axis=1)  # NaN (not counted) sorts last
    rows = np.arange(v.shape[0])[:, None]
    v, w = v[rows, order], w[rows, order]
    counted = np.sum(w > 0, axis=1)
    total = np.sum(w, axis=1)
    mid = np.where(w > 0, (np.cumsum(w, axis=1) - 0.5 * w) / np.where(total > 0, total, 1.0)[:, None], np.inf)
    last = np.maximum(counted - 1, 0)
    with np.errstate(invalid="ignore"):  # inf - inf where no draw counts; masked below
        out = [_quantile_at(q, mid=mid, v=v, last=last, counted=counted, rows=rows[:, 0]) for q in quantiles]
    return np.array(out).reshape((len(quantiles), *shape))


def _quantile_at(q: float, *, mid: np.ndarray, v: np.ndarray, last: np.ndarray, counted: np.ndarray,
                 rows: np.ndarray) -> np.ndarray:
    """Interpolate sorted values ``v`` (one row per column) at cumulative weight ``q`` between bracketing midpoints."""
    below = np.sum(mid < q, axis=1)
    lo = np.minimum(np.maximum(below - 1, 0), last)
    hi = np.minimum(below, last)
    m_lo, m_hi = mid[rows, lo], mid[rows, hi]
    v_lo, v_hi = v[rows, lo], v[rows, hi]
    span = m_hi - m_lo
    frac = np.clip(np.where(span > 0, (q - m_lo) / np.where(span > 0, span, 1.0), 0.0), 0.0, 1.0)
    inner = np.where(frac == 1, v_hi, v_lo + frac * (v_hi - v_lo))
    between = np.where((frac == 0) | (v_lo == v_hi), v_lo, inner)
    return np.where(counted > 0, between, np.nan)


def weighted_probability(event: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted share of draws (first axis) where ``event`` is true."""
    w = np.asarray(weights, dtype=float).reshape((-1,) + (1,) * (np.ndim(event) - 1))
    return np.sum(np.asarray(event, dtype=bool) * w, axis=0) / np.sum(weights)


def predictive_quantiles(draws: Draws, times: np.ndarray, quantiles: Sequence[float] = QUANTILES, *,
                         error: float = calibration.OBSERVATION_ERROR, strata: int = 41) -> np.ndarray:
    """Posterior predictive quantiles of an *observation* at ``times`` [years since 2020-01-01] [UMKM].

    The modelled value of each draw times the documented log-normal observation error (the likelihood's
    sigma), represented by ``strata`` equal-probability points of the normal; shaped ``(len(quantiles),
    len(times))``. This, not the model fan, is what an observation should fall within.
    """
    modelled = calibration.model_at(draws.parameters, np.asarray(times, dtype=float))  # (draws, times)
    normal = statistics.NormalDist()
    z = np.array([normal.inv_cdf((k + 0.5) / strata) for k in range(strata)])
    noisy = (modelled[:, None, :] * np.exp(error * z)[None, :, None]).reshape(-1, modelled.shape[1])
    return weighted_quantiles(noisy, np.repeat(draws.weights / strata, strata), quantiles)


# ------------------------------------------------------------------------------------------------------------
# Ensemble result
# ------------------------------------------------------------------------------------------------------------

json_number = finite_or_none  # kept for callers (sensitivity); the rule lives in simulator.numbers


@dataclass(frozen=True, kw_only=True, eq=False)
class Ensemble:
    """A scenario under uncertainty: weighted fan, probability of reaching the target, cost-effectiveness.

    ``frame``: one row per month (``date`` first), ``n_adopters_p10``, ``n_adopters_p50``, ``n_adopters_p90``
    and the same for the baseline (every lever at its status-quo pace) [UMKM].
    ``reached``: ``reached_on`` ("YYYY-MM" or :data:`NOT_REACHED`), ``probability`` and
    ``cumulative_probability`` of the first month whose end-of-month value reaches the target.
    ``cost_effectiveness``: one row per lever (moved alone from the status quo) and ``total``:
    ``adopters_added_p*`` [UMKM at the deadline], ``extra_cost_idr_p*`` [rupiah through the deadline] and
    ``cost_per_adopter_idr_p*`` [rupiah per additional UMKM online at the deadline; infinite in a draw where
    the money adds no UMKM, NaN when the lever is not moved].
    """

    scenario: Scenario
    frame: pd.DataFrame
    probability_reached: float  # weighted P(adopters at the end of the deadline month >= target)
    baseline_probability_reached: float
    adopters_at_deadline_p10: float  # [UMKM]
    adopters_at_deadline_p50: float
    adopters_at_deadline_p90: float
    reached: pd.DataFrame
    cost_effectiveness: pd.DataFrame
    effective_draws: float
    draws: int
    seed: int
    conditioned: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: months as "YYYY-MM", counts in UMKM, money in rupiah, None for undefined."""
        fan = []
        for row in self.frame.to_dict("records"):
            entry = {"date": pd.Timestamp(row.pop("date")).strftime("%Y-%m")}
            entry.update({k: json_number(v) for k, v in row.items()})
            fan.append(entry)
        return {
            "scenario": self.scenario.to_mapping(),
            "draws": self.draws,
            "effective_draws": round(self.effective_draws, 1),
            "seed": self.seed,
            "conditioned": self.conditioned,
            "probability_reached": self.probability_reached,
            "baseline_probability_reached": self.baseline_probability_reached,
            "adopters_at_deadline": {"p10": self.adopters_at_deadline_p10, "p50": self.adopters_at_deadline_p50,
                                     "p90": self.adopters_at_deadline_p90},
            "reached": [{"reached_on": r["reached_on"], "probability": r["probability"],
                         "cumulative_probability": r["cumulative_probability"]}
                        for r in self.reached.to_dict("records")],
            "cost_effectiveness": [{k: (v if isinstance(v, str) else json_number(v)) for k, v in r.items()}
                                   for r in self.cost_effectiveness.to_dict("records")],
            "fan": fan,
        }


def _alone(scenario: Scenario, key: str) -> Scenario:
    return scenario.status_quo().replace(**{key: getattr(scenario, key)})


def _unique(scenarios: Sequence[Scenario]) -> tuple[list[Scenario], list[int]]:
    seen: dict[tuple, int] = {}
    unique: list[Scenario] = []
    index = []
    for s in scenarios:
        key = tuple(sorted(s.to_mapping().items()))
        if key not in seen:
            seen[key] = len(unique)
            unique.append(s)
        index.append(seen[key])
    return unique, index


def _reached_table(n_adopters: np.ndarray, weights: np.ndarray, target: float) -> pd.DataFrame:
    """Distribution of the first month reaching ``target``; ``n_adopters`` shaped ``(draws, months)``."""
    hits = n_adopters >= target
    ever = hits.any(axis=1)
    first = np.argmax(hits, axis=1)
    by_month = np.bincount(first[ever], weights=weights[ever], minlength=n_adopters.shape[1]) / weights.sum()
    months = np.flatnonzero(by_month > 0)
    labels = [timeline.format_month(int(m)) for m in months] + [NOT_REACHED]
    probability = np.append(by_month[months], weights[~ever].sum() / weights.sum())
    return pd.DataFrame({"reached_on": labels, "probability": probability,
                         "cumulative_probability": np.cumsum(probability)})


@dataclass(eq=False)
class _Run:
    """One scenario against every draw: adopters ``(draws, months)``, spending through the deadline
    ``(draws, levers)`` and, once asked for, its P10/P50/P90 fan."""

    n_adopters: np.ndarray
    spend: np.ndarray
    _fan: np.ndarray | None = None

    def fan(self, weights: np.ndarray) -> np.ndarray:
        if self._fan is None:
            self._fan = weighted_quantiles(self.n_adopters, weights)
        return self._fan


BASELINE_MEMO = 8
"""Status-quo runs kept per :class:`Draws` (every scenario's ensemble needs its baseline; in the app it is the
same one for every lever setting, so it is run once instead of with each scenario)."""
_baselines: weakref.WeakKeyDictionary[Draws, dict[tuple, _Run]] = weakref.WeakKeyDictionary()
_baselines_lock = threading.Lock()


def _reduced_runs(draws: Draws, scenarios: Sequence[Scenario], *, n_months: int, workers: int | None
                  ) -> list[_Run]:
    """:class:`_Run` of each scenario; status-quo scenarios come from (and go to) a small per-draws memo."""
    keys = [(n_months, tuple(sorted(s.to_mapping().items()))) for s in scenarios]
    with _baselines_lock:
        memo = _baselines.setdefault(draws, {})
        runs: list[_Run | None] = [memo.get(key) for key in keys]
    todo = [k for k, run in enumerate(runs) if run is None]
    if todo:
        deadlines = np.array([scenarios[k].month_index("deadline") for k in todo])

        def reduce(trajectory: Trajectory) -> dict[str, np.ndarray]:
            return {"n_adopters": trajectory.n_adopters,
                    "spend": np.moveaxis(spend_through(trajectory, first=0, last=deadlines[:, None]), 0, -1)}

        arrays = map_draws(draws, [scenarios[k] for k in todo], reduce, n_months=n_months, workers=workers)
        for j, k in enumerate(todo):
            runs[k] = _Run(n_adopters=arrays["n_adopters"][j], spend=arrays["spend"][j])
            if scenarios[k] == scenarios[k].status_quo():
                runs[k].n_adopters.flags.writeable = runs[k].spend.flags.writeable = False  # shared from now on
                with _baselines_lock:
                    memo[keys[k]] = runs[k]
                    while len(memo) > BASELINE_MEMO:
                        del memo[next(iter(memo))]
    return [run for run in runs if run is not None]


def ensembles(scenarios: Sequence[Scenario], draws: Draws | None = None, *, workers: int | None = None,
              levers: bool = True) -> list[Ensemble]:
    """:class:`Ensemble` of several scenarios (sharing a horizon), all against the same draws in one batch.

    Each scenario is run with its baseline and, with ``levers``, with each moved lever alone (for the per-lever
    rows of ``cost_effectiveness``; without, only the ``total`` row is computed, up to 2.5 times faster);
    duplicates are run once.
    """
    if not scenarios:
        return []
    horizons = {s.n_months for s in scenarios}
    if len(horizons) != 1:
        raise ValueError("scenarios run together must share a horizon")
    n_months = horizons.pop()
    draws = draws or default_draws()
    wanted: list[Scenario] = []
    for s in scenarios:
        # Without levers, the scenario stands in for each lever alone: deduplicated, and its rows are skipped.
        wanted += [s, s.status_quo(), *((_alone(s, key) if levers else s) for key in LEVER_KEYS)]
    unique, index = _unique(wanted)
    runs = _reduced_runs(draws, unique, n_months=n_months, workers=workers)
    w = draws.weights
    out = []
    dates = timeline.month_dates(n_months)
    stride = 2 + len(LEVER_KEYS)  # the scenario, its baseline, each lever alone
    for k, s in enumerate(scenarios):
        i_s, i_b, *i_alone = index[k * stride:(k + 1) * stride]
        deadline = s.month_index("deadline")
        A, B = runs[i_s].n_adopters, runs[i_b].n_adopters
        fan = runs[i_s].fan(w)
        base_fan = runs[i_b].fan(w)
        frame = pd.DataFrame({"date": dates,
                              **{f"n_adopters_p{round(q * 100)}": fan[j] for j, q in enumerate(QUANTILES)},
                              **{f"baseline_n_adopters_p{round(q * 100)}": base_fan[j]
                                 for j, q in enumerate(QUANTILES)}})
        at_deadline = fan[:, deadline]
        rows = []
        pairs = (*zip(LEVER_KEYS, i_alone, strict=True), ("total", i_s)) if levers else (("total", i_s),)
        for key, i_l in pairs:
            moved = any(getattr(s, name) != getattr(s.status_quo(), name)
                        for name in (LEVER_KEYS if key == "total" else [key]))
            added = runs[i_l].n_adopters[:, deadline] - B[:, deadline]
            extra = runs[i_l].spend.sum(axis=-1) - runs[i_b].spend.sum(axis=-1)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(added > 1.0, extra / added, np.where(extra > 0, np.inf, np.nan))
            if not moved:
                ratio = np.full_like(ratio, np.nan)
            qa, qc, qp = (weighted_quantiles(x, w) for x in (added, extra, ratio))
            rows.append({"lever": key,
                         **{f"adopters_added_p{round(q * 100)}": qa[j] for j, q in enumerate(QUANTILES)},
                         **{f"extra_cost_idr_p{round(q * 100)}": qc[j] for j, q in enumerate(QUANTILES)},
                         **{f"cost_per_adopter_idr_p{round(q * 100)}": qp[j] for j, q in enumerate(QUANTILES)}})
        out.append(Ensemble(
            scenario=s, frame=frame,
            probability_reached=float(weighted_probability(A[:, deadline] >= s.target, w)),
            baseline_probability_reached=float(weighted_probability(B[:, deadline] >= s.target, w)),
            adopters_at_deadline_p10=float(at_deadline[0]), adopters_at_deadline_p50=float(at_deadline[1]),
            adopters_at_deadline_p90=float(at_deadline[2]),
            reached=_reached_table(A, w, s.target), cost_effectiveness=pd.DataFrame(rows),
            effective_draws=draws.effective_draws, draws=draws.draws, seed=draws.seed,
            conditioned=draws.conditioned))
    return out


def ensemble(scenario: Scenario, draws: Draws | None = None, *, workers: int | None = None,
             levers: bool = True) -> Ensemble:
    """One scenario under uncertainty (see :func:`ensembles`); default draws: :func:`default_draws`."""
    return ensembles([scenario], draws, workers=workers, levers=levers)[0]
