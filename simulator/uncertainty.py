r"""Monte Carlo over every uncertain parameter, conditioned on the observations, vectorised across draws.

Priors
    Every registry entry (:data:`simulator.parameters.PARAMETERS`) whose ``distribution`` is not ``"fixed"`` is
    drawn over its ``plausible`` range, uniformly or log-uniformly; the registry is the one place priors are
    written down. Every other parameter stays at its default.

Structures
    The data to mid-2021 cannot tell whether onboarding was led by the national campaign or by word of mouth
    (both fit the counts to within a few per cent), and the two forecast differently: a campaign-led rise slows
    as the campaign fades, a word-of-mouth-led one keeps going. Each of :data:`STRUCTURES` narrows the registry's
    priors of the imitation coefficient and the campaign's pace to its own part of them and is sampled and
    conditioned on its own; the ensemble combines them with the shares :data:`STRUCTURE_SHARES` (equal: an
    assumption, since the data cannot choose), and every result also reports each structure alone.

Conditioning
    The draws are conditioned on the observation model's likelihood (:mod:`simulator.observation_model`: the
    observations marked ``use``, a log offset per definition, the error size integrated out), the same
    likelihood the calibration maximises (:mod:`simulator.calibration`), by tempered sequential Monte Carlo
    (:func:`_smc`): the draws start as prior draws in logit coordinates :math:`z = \operatorname{logit}(u)`, where
    :math:`u \in (0, 1)` is the position in the plausible range (on the log scale for log-uniform priors); for
    each power :math:`\beta` of :data:`TEMPERING` they are weighted by :math:`L^{\beta - \beta_{prev}}`,
    resampled (systematic) and moved by :data:`MOVES` random-walk Metropolis steps targeting
    :math:`\pi(z) L(\theta)^\beta`, each step's covariance the draws' own scaled by :math:`2.38 / \sqrt{d}`
    and adapted toward a quarter acceptance. The result is equally weighted posterior draws (``weights`` all
    equal within a structure), whatever the vintage: the importance sampling this replaces kept fewer than 1 in
    10 draws effective once the data reached 2022, because the posterior narrows in a dozen dimensions at once.
    Resampled draws are correlated, so a probability's Monte Carlo error is the binomial one times
    :data:`DESIGN_EFFECT`.

Draws are made once per (seed, number of draws, observations) as a :class:`Draws` and every scenario is
simulated against the same :class:`Draws` in one batched call shaped ``(scenarios, draws, months)``. The same
seed gives the same numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import statistics
import threading
import weakref
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator import calibration, observation_model, timeline
from simulator.io import observations as observations_module
from simulator.model import PATH_PRICED, LeverPaths, Trajectory, path_spend, simulate
from simulator.numbers import finite_or_none
from simulator.parameters import (
    DEFAULT_START,
    LEVERS,
    PARAMETER_SPECS,
    PARAMETERS,
    ModelParameters,
    Scenario,
    Text,
    central_parameters,
)
from simulator.runner import lever_paths

DEFAULT_DRAWS = 1000
"""Draws used when none are given: enough for P10/P90 and probabilities to about +-0.02, fast enough for
goal seek in well under two seconds."""
DEFAULT_SEED = 20210611  # the day the 30-million target was announced
QUANTILES = (0.1, 0.5, 0.9)
NOT_REACHED = "not before horizon"
"""Category of :attr:`Ensemble.reached` for draws that do not reach the target by the horizon."""

TEMPERING = (0.01, 0.03, 0.1, 0.3, 1.0)
"""Powers of the likelihood the particles are brought through, from the priors to the posterior."""
MOVES = 20
"""Metropolis steps per tempering stage: with 8, 1,000 draws kept 92-95% distinct values and the probability
of the status quo moved 28-35% across four seeds; with 25, all distinct and 29-33%."""
DESIGN_EFFECT = 1.5
"""Variance of a probability over the SMC draws relative to independent draws (resampled draws are correlated):
four seeds gave a spread of about 1.8 points where independent draws would give 1.5 (1.5 = (1.8/1.5)^2,
rounded up). Multiplies the binomial variance in :attr:`Ensemble.probability_error`."""
MAX_BATCH = 20_000  # scenarios x draws per engine call: bounds a call's memory (~250 MiB for 132 months)
MIN_THREAD_BATCH = 4_000  # scenarios x draws per thread below which chunks run in one thread
LEVER_KEYS = tuple(lever.key for lever in LEVERS)


@dataclass(frozen=True, kw_only=True)
class Structure:
    """One account of what drove onboarding: the registry's priors, with some narrowed to ``priors``."""

    name: str
    label: Text
    description: Text
    priors: Mapping[str, tuple[float, float]]


STRUCTURES: tuple[Structure, ...] = (
    Structure(
        name="campaign", label=Text(en="Campaign-led", id="Dipimpin kampanye"),
        description=Text(
            en="The national campaign (from May 2020, ramping up to its full pace) brought most UMKM online; "
               "word of mouth adds little. Onboarding slows as the campaign fades and the reachable pool is used.",
            id="Kampanye nasional (sejak Mei 2020, naik hingga laju penuhnya) membawa sebagian besar UMKM daring; "
               "getok tular menambah sedikit. Onboarding melambat saat kampanye memudar dan pool terpakai."),
        priors={"imitation": (0.0, 0.15), "campaign_pace": (3e6, 14e6)}),
    Structure(
        name="diffusion", label=Text(en="Word-of-mouth-led", id="Dipimpin getok tular"),
        description=Text(
            en="UMKM mostly followed other UMKM (Bass imitation in the literature's range); the campaign gave a "
               "smaller push. Onboarding keeps its pace longer after the campaign fades.",
            id="UMKM sebagian besar mengikuti UMKM lain (imitasi Bass dalam rentang literatur); kampanye memberi "
               "dorongan lebih kecil. Onboarding bertahan lebih lama setelah kampanye memudar."),
        priors={"imitation": (0.2, 0.9), "campaign_pace": (0.0, 6e6)}),
)
"""The structures every forecast is run with (see the module docstring)."""
STRUCTURE_NAMES = tuple(structure.name for structure in STRUCTURES)
STRUCTURE_SHARES = {structure.name: 1.0 / len(STRUCTURES) for structure in STRUCTURES}
"""Weight of each structure in the combined forecast: equal (an assumption: the counts fit both about equally
well, see the backtest for how each did out of sample)."""


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


def registry_priors(structure: str | None = None) -> dict[str, Prior]:
    """The priors written in the registry (every parameter whose distribution is not fixed and range not empty),
    with ``structure``'s narrower ranges where it has them."""
    priors = {spec.name: Prior(name=spec.name, low=spec.plausible[0], high=spec.plausible[1],
                               distribution=spec.distribution)
              for spec in PARAMETERS if spec.distribution != "fixed" and spec.plausible[1] > spec.plausible[0]}
    if structure is not None:
        if structure not in STRUCTURE_NAMES:
            raise ValueError(f"structure: {structure!r}; allowed {', '.join(STRUCTURE_NAMES)}")
        chosen = STRUCTURES[STRUCTURE_NAMES.index(structure)]
        for name, (low, high) in chosen.priors.items():
            priors[name] = Prior(name=name, low=low, high=high, distribution=priors[name].distribution)
    return priors


def _log_logistic(z: np.ndarray) -> np.ndarray:
    """Log density of the standard logistic distribution (a uniform prior seen in logit coordinates):
    -ln(1 + e^z) - ln(1 + e^-z) = -|z| - 2 ln(1 + e^-|z|), one exponential instead of four."""
    a = np.abs(z)
    return -a - 2.0 * np.log1p(np.exp(-a))


def _logit(u: np.ndarray) -> np.ndarray:
    u = np.clip(u, 1e-12, 1.0 - 1e-12)
    return np.log(u) - np.log1p(-u)


def _expit(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


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
    priors: Mapping[str, Prior]  # the parameters drawn (zero-width priors are fixed, not drawn)
    seed: int
    conditioned: bool
    observed_times: np.ndarray  # years since 2020-01-01 of the observations conditioned on
    observed_values: np.ndarray  # [UMKM]
    observed_definitions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    unit_positions: Mapping[str, np.ndarray] = field(default_factory=dict, repr=False)  # u of each drawn field
    structure: np.ndarray | None = field(default=None, repr=False)  # index into structure_names, per draw
    structure_names: tuple[str, ...] = ()
    parts: tuple[Draws, ...] = field(default=(), repr=False)  # one Draws per structure, when combined

    @property
    def draws(self) -> int:
        """Number of draws."""
        return int(self.weights.shape[0])

    @property
    def effective_draws(self) -> float:
        """Kish effective sample size, 1 / sum(w^2)."""
        return float(1.0 / np.sum(self.weights ** 2))

    @property
    def structure_shares(self) -> dict[str, float]:
        """Total weight of each structure (sums to one); one structure "custom" for hand-given priors."""
        if self.structure is None:
            return {self.structure_names[0] if self.structure_names else "custom": 1.0}
        return {name: float(self.weights[self.structure == k].sum()) for k, name in enumerate(self.structure_names)}

    def residuals(self) -> np.ndarray:
        """Log residuals of each draw on the observations conditioned on, shaped ``(draws, rows)``."""
        predicted = calibration.model_at(self.parameters, self.observed_times)
        offset = observation_model.offsets(self.parameters, self.observed_definitions)
        return observation_model.residuals(np.broadcast_to(predicted, (self.draws, predicted.shape[-1])),
                                           self.observed_values, offset)

    def values(self, name: str) -> np.ndarray:
        """Values of parameter ``name`` per draw, shaped ``(draws,)``."""
        return np.broadcast_to(np.asarray(getattr(self.parameters, name), dtype=float), (self.draws,))

    def subset(self, index: slice | np.ndarray) -> ModelParameters:
        """The parameters of some draws only."""
        return ModelParameters(**{name: (value[index] if np.ndim(value) else value)
                                  for name, value in self.parameters.as_dict().items()})


def log_likelihood(parameters: ModelParameters, *, times: np.ndarray, values: np.ndarray,
                   definitions: np.ndarray | None = None) -> np.ndarray:
    """The observation model's log likelihood of ``values`` [UMKM] at ``times`` [years], per draw.

    ``definitions`` (default: all the ministries' count) sets each row's source offset. More than
    :data:`MAX_BATCH` draws are run in chunks, so memory stays bounded.
    """
    fields = parameters.as_dict()
    definitions = (np.full(len(np.atleast_1d(values)), "ministry_count", dtype=object) if definitions is None
                   else np.asarray(definitions, dtype=object))
    shape = np.broadcast_shapes(*(np.shape(value) for value in fields.values()))
    if len(shape) == 1 and shape[0] > MAX_BATCH:
        parts = []
        for a in range(0, shape[0], MAX_BATCH):
            chunk = slice(a, a + MAX_BATCH)
            subset = ModelParameters(**{name: (np.broadcast_to(value, shape)[chunk] if np.ndim(value) else value)
                                        for name, value in fields.items()})
            parts.append(log_likelihood(subset, times=times, values=values, definitions=definitions))
        return np.concatenate(parts)
    predicted = calibration.model_at(parameters, np.asarray(times, dtype=float))
    offset = observation_model.offsets(parameters, definitions)
    return observation_model.log_likelihood(observation_model.residuals(predicted, values, offset))


def _normalise(log_w: np.ndarray) -> np.ndarray:
    finite = np.isfinite(log_w)
    if not finite.any():
        raise ValueError("every draw has zero weight: the observations cannot be reproduced within the priors")
    w = np.where(finite, np.exp(log_w - np.max(log_w[finite])), 0.0)
    return w / w.sum()


def _build(values: Mapping[str, np.ndarray], base: ModelParameters, n: int, *, checked: bool = True
           ) -> ModelParameters:
    """``base`` with the drawn ``values``; every field shaped ``(n,)`` (undrawn ones as read-only views).

    ``checked=False`` skips the range checks, for values the sampler itself maps into each prior's range (which
    lies within the parameter's bounds, checked when the prior was made) from a base that was checked already.
    """
    fields = {name: np.broadcast_to(np.asarray(value, dtype=float), (n,)) for name, value in base.as_dict().items()}
    return ModelParameters(**{**fields, **values}) if checked else ModelParameters.unchecked(**{**fields, **values})


def _systematic(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """Indices of a systematic resample of size ``n`` from normalised ``weights``."""
    positions = (rng.random() + np.arange(n)) / n
    return np.minimum(np.searchsorted(np.cumsum(weights), positions), len(weights) - 1)


def _smc(rng: np.random.Generator, n: int, drawn: Mapping[str, Prior], base: ModelParameters,
         data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Positions in each prior's range of ``n`` posterior draws, and their log likelihoods (tempered SMC).

    The particles start as prior draws; for each power of :data:`TEMPERING` they are weighted by the rise of
    the tempered likelihood, resampled (systematic), and moved by :data:`MOVES` random-walk Metropolis steps
    in logit coordinates (uniform priors become logistic densities there), the step's covariance the particles'
    own, scaled by 2.38 / sqrt(dimension) and halved or doubled to keep acceptance near a quarter.
    """
    times, values, definitions = data
    names = list(drawn)

    def log_l(z: np.ndarray) -> np.ndarray:
        u = _expit(z)
        parameters = _build({name: drawn[name].from_unit(u[:, k]) for k, name in enumerate(names)}, base, n,
                            checked=False)
        return log_likelihood(parameters, times=times, values=values, definitions=definitions)

    z = _logit(rng.random((n, len(names))))
    _build({name: drawn[name].from_unit(_expit(z[:, k])) for k, name in enumerate(names)}, base, n)  # checked once
    current = log_l(z)
    prior = np.sum(_log_logistic(z), axis=1)
    power = 0.0
    scale = 2.38 / math.sqrt(len(names))
    for step in TEMPERING:
        weights = _normalise((step - power) * current)
        keep = _systematic(rng, weights, n)
        z, current, prior, power = z[keep], current[keep], prior[keep], step
        covariance = np.cov(z, rowvar=False) + 1e-9 * np.eye(len(names))
        chol = np.linalg.cholesky(covariance)
        for _ in range(MOVES):
            candidate = z + scale * rng.standard_normal(z.shape) @ chol.T
            proposed = log_l(candidate)
            proposed_prior = np.sum(_log_logistic(candidate), axis=1)
            accept = np.log(rng.random(n)) < power * (proposed - current) + proposed_prior - prior
            z = np.where(accept[:, None], candidate, z)
            current = np.where(accept, proposed, current)
            prior = np.where(accept, proposed_prior, prior)
            rate = float(accept.mean())
            scale *= 1.5 if rate > 0.35 else 0.67 if rate < 0.15 else 1.0
    u = _expit(z)
    return {name: u[:, k] for k, name in enumerate(names)}, current


def sample(*, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, observations: pd.DataFrame | None = None,
           conditioned: bool = True, priors: Mapping[str, Prior] | None = None,
           base: ModelParameters | None = None, structures: Sequence[str] | None = None) -> Draws:
    """Draw every uncertain parameter and weight the draws by the observations.

    Parameters
    ----------
    draws
        Number of draws (at least 10 per structure).
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same draws and weights.
    observations
        As returned by :func:`simulator.io.observations.load` (default: the bundled file); rows with ``use``.
    conditioned
        Weight by the likelihood (default). If false, plain prior draws with equal weights.
    priors
        Parameter name -> :class:`Prior`: one set of priors, no structures. Default: each structure's
        :func:`registry_priors`. An empty mapping (or zero-width priors) fixes every parameter at ``base``.
    base
        Values of the parameters that are not drawn (default: the registry).
    structures
        Names from :data:`STRUCTURE_NAMES` (default all): the draws are split evenly among them and each
        structure's weights scaled to its share of :data:`STRUCTURE_SHARES` (renormalised over those given).

    Returns
    -------
    Draws
    """
    if not isinstance(draws, int | np.integer) or isinstance(draws, bool) or draws < 10:
        raise ValueError(f"draws: {draws!r}; allowed a whole number of at least 10")
    base = base or central_parameters()
    times = values = np.zeros(0)
    definitions = np.zeros(0, dtype=object)
    if conditioned:
        if observations is None:
            observations = observations_module.load()
        used = observation_model.fitted(observations)
        times, values = used["t"].to_numpy(float), used["value"].to_numpy(float)
        definitions = used["definition"].to_numpy(dtype=object)
    data = (times, values, definitions)
    if priors is not None:
        return _sample_one(draws, np.random.default_rng(seed), data, conditioned, priors, base, seed)
    names = tuple(STRUCTURE_NAMES if structures is None else structures)
    for name in names:
        if name not in STRUCTURE_NAMES:
            raise ValueError(f"structure: {name!r}; allowed {', '.join(STRUCTURE_NAMES)}")
    if not names or draws < 10 * len(names):
        raise ValueError(f"draws: {draws!r}; allowed at least {10 * max(len(names), 1)} for {len(names)} structures")
    sizes = [draws // len(names) + (1 if k < draws % len(names) else 0) for k in range(len(names))]
    # One generator per structure, spawned from the seed: a structure's draws do not move when another is added.
    rngs = np.random.SeedSequence(seed).spawn(len(STRUCTURE_NAMES))
    parts = tuple(_sample_one(size, np.random.default_rng(rngs[STRUCTURE_NAMES.index(name)]), data, conditioned,
                              registry_priors(name), base, seed)
                  for name, size in zip(names, sizes, strict=True))
    return combine(parts, names)


def _sample_one(draws: int, rng: np.random.Generator, data: tuple[np.ndarray, np.ndarray, np.ndarray],
                conditioned: bool, priors: Mapping[str, Prior], base: ModelParameters, seed: int) -> Draws:
    """Draws of one set of priors (one structure), weighted by the observations ``data``."""
    drawn = {name: prior for name, prior in priors.items() if prior.width > 0.0}
    if conditioned and drawn:
        u, log_l = _smc(rng, draws, drawn, base, data)
    else:
        u, log_l = {n: rng.random(draws) for n in drawn}, np.zeros(draws)
    parameters = _build({n: drawn[n].from_unit(u[n]) for n in drawn}, base, draws)
    if conditioned and not drawn:
        log_l = np.broadcast_to(log_likelihood(parameters, times=data[0], values=data[1], definitions=data[2]),
                                (draws,))
    return Draws(parameters=parameters, weights=np.full(draws, 1.0 / draws), log_likelihood=log_l,
                 priors=drawn, seed=int(seed), conditioned=conditioned, observed_times=data[0],
                 observed_values=data[1], observed_definitions=data[2], unit_positions=u)


def combine(parts: Sequence[Draws], names: Sequence[str]) -> Draws:
    """One :class:`Draws` of several structures' draws, each part's weights scaled to its structure's share.

    The parts are kept in ``parts`` (for :func:`fix`); ``priors`` spans every part's range of each parameter.
    """
    if len(parts) == 1:
        only = parts[0]
        return dataclasses.replace(only, structure=np.zeros(only.draws, dtype=np.int64), structure_names=tuple(names),
                                   parts=(only,))
    shares = np.array([STRUCTURE_SHARES[name] for name in names])
    shares = shares / shares.sum()
    fields = {}
    for name in central_parameters().as_dict():
        values = [np.broadcast_to(np.asarray(getattr(part.parameters, name), dtype=float), (part.draws,))
                  for part in parts]
        fields[name] = np.concatenate(values)
    priors: dict[str, Prior] = {}
    for part in parts:
        for name, prior in part.priors.items():
            old = priors.get(name)
            priors[name] = prior if old is None else Prior(name=name, low=min(old.low, prior.low),
                                                            high=max(old.high, prior.high),
                                                            distribution=prior.distribution)
    first = parts[0]
    return Draws(parameters=ModelParameters(**fields),
                 weights=np.concatenate([share * part.weights for share, part in zip(shares, parts, strict=True)]),
                 log_likelihood=np.concatenate([part.log_likelihood for part in parts]),
                 priors=priors, seed=first.seed, conditioned=first.conditioned, observed_times=first.observed_times,
                 observed_values=first.observed_values, observed_definitions=first.observed_definitions,
                 unit_positions={},
                 structure=np.concatenate([np.full(part.draws, k, dtype=np.int64) for k, part in enumerate(parts)]),
                 structure_names=tuple(names), parts=tuple(parts))


@functools.lru_cache(maxsize=8)
def default_draws(draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, as_of: str | None = None) -> Draws:
    """:func:`sample` with the bundled observations of vintage ``as_of`` (default the decision) and the registry
    priors of every structure, cached per (draws, seed, vintage)."""
    observations = observations_module.load() if as_of is None else observations_module.load(as_of=as_of)
    return sample(draws=draws, seed=seed, observations=observations)


def fix(draws: Draws, name: str, value: float) -> Draws:
    """The same draws with parameter ``name`` fixed at ``value`` and the weights conditioned again.

    Used by sensitivity analysis. The draws are posterior draws; each is weighted by how much fixing the value
    changes its likelihood, ``L(theta with name = value) / L(theta)``, and, for a parameter the data barely
    inform, that is close to conditioning exactly. Combined draws are fixed structure by structure.
    """
    if name not in PARAMETER_SPECS:
        raise ValueError(f"unknown parameter {name!r}")
    if draws.parts:
        return combine([fix(part, name, value) for part in draws.parts], draws.structure_names)
    parameters = draws.parameters.replace(**{name: float(value)})
    if draws.conditioned:
        log_l = log_likelihood(parameters, times=draws.observed_times, values=draws.observed_values,
                               definitions=draws.observed_definitions)
        weights = _normalise(np.log(draws.weights) + log_l - draws.log_likelihood)
    else:
        log_l, weights = draws.log_likelihood, draws.weights
    priors = {n: p for n, p in draws.priors.items() if n != name}
    positions = {n: u for n, u in draws.unit_positions.items() if n != name}
    return dataclasses.replace(draws, parameters=parameters, weights=weights, log_likelihood=log_l, priors=priors,
                               unit_positions=positions)


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
              *, n_months: int, workers: int | None = None, fields: Collection[str] | None = None,
              paths: LeverPaths | None = None) -> dict[str, np.ndarray]:
    """Simulate every scenario against every draw and reduce the trajectories, in chunks of draws.

    The engine runs on ``(scenarios, draws_in_chunk, months)`` batches, chunks in threads when ``workers`` > 1
    (numpy releases the GIL in its array loops); ``reduce`` turns each chunk's
    :class:`~simulator.model.Trajectory` into arrays whose second axis is the draw axis, which are concatenated.
    ``fields``: the trajectory fields ``reduce`` reads (default all; see :func:`~simulator.model.simulate`).
    """
    return map_parameters(draws.parameters, draws.draws, scenarios, reduce, n_months=n_months, workers=workers,
                          fields=fields, paths=paths)


def map_parameters(parameters: ModelParameters, n_draws: int, scenarios: Sequence[Scenario],
                   reduce: Callable[[Trajectory], Mapping[str, np.ndarray]], *, n_months: int,
                   workers: int | None = None, fields: Collection[str] | None = None,
                   paths: LeverPaths | None = None) -> dict[str, np.ndarray]:
    """:func:`map_draws` for parameters whose fields are floats or arrays shaped ``(n_draws,)``; ``paths``: the
    scenarios' :func:`~simulator.runner.lever_paths` when the caller has them already."""
    if not scenarios:
        raise ValueError("no scenarios to run")
    paths = paths if paths is not None else lever_paths(scenarios, n_months=n_months)
    paths = LeverPaths(**{key: value[:, None, :] for key, value in vars(paths).items()})
    # Threads pay off only on big arrays: below a few thousand elements per operation the GIL hand-offs of the
    # engine's ~200 array operations per month cost more than they save.
    n_workers = max(1, min(resolve_workers(workers), len(scenarios) * n_draws // MIN_THREAD_BATCH))
    per_chunk = max(1, min(-(-n_draws // n_workers), MAX_BATCH // len(scenarios)))
    chunks = [slice(a, min(a + per_chunk, n_draws)) for a in range(0, n_draws, per_chunk)]
    coefficients = parameters.as_dict()

    def job(chunk: slice) -> Mapping[str, np.ndarray]:
        if len(chunks) == 1:  # all draws at once: the parameters as they are, validated already
            subset = parameters
        else:
            subset = ModelParameters(**{name: (value[chunk] if np.ndim(value) else value)
                                        for name, value in coefficients.items()})
        # The engine's outputs are views of one buffer holding every field it wrote: a reduced view (e.g. the
        # adopters at the deadline) would keep the whole chunk's trajectory alive, up to 13 fields x months per
        # draw, until the parts are joined. What is kept is copied when its buffer is more than twice its size;
        # the Monte Carlo's lean run (adopters and villages funded) keeps its series as they are, a copy of
        # 1,000 draws x 132 months saved per new scenario.
        return {key: (value.copy() if isinstance(value, np.ndarray) and value.base is not None
                      and value.base.nbytes > 2 * value.nbytes else value)
                for key, value in reduce(simulate(subset, paths, fields=fields)).items()}

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


def spend_through(trajectory: Trajectory, *, first: np.ndarray | int, last: np.ndarray | int) -> np.ndarray:
    """Programme spending per lever from month ``first`` through month ``last`` (inclusive) [rupiah].

    Returns an array shaped ``(3, *batch)`` in the order of :data:`~simulator.parameters.LEVERS`; ``first`` and
    ``last`` may be arrays broadcastable to the batch's leading axes.
    """
    months = np.arange(trajectory.n_adopters.shape[-1])
    ndim = trajectory.n_adopters.ndim

    def pad(value: np.ndarray | int) -> np.ndarray:
        value = np.asarray(value)
        return value.reshape(value.shape + (1,) * (ndim - value.ndim))

    mask = (months >= pad(first)) & (months <= pad(last))
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
    weights = np.asarray(weights, dtype=float)
    if _equal_weights(weights, n_draws) and np.isfinite(v).all():
        return _hazen_quantiles(v, quantiles).reshape((len(quantiles), *shape))
    w = np.broadcast_to(weights, v.shape)
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


def _equal_weights(weights: np.ndarray, n_draws: int) -> bool:
    """One positive weight shared by every draw (the sampler's resampled draws)."""
    return (weights.ndim == 1 and weights.shape[0] == n_draws and n_draws > 0 and bool(weights[0] > 0)
            and bool(np.all(weights == weights[0])))


def _hazen_quantiles(v: np.ndarray, quantiles: Sequence[float]) -> np.ndarray:
    """What the weighted interpolation gives when every weight is equal and every value finite, the Hazen
    quantile at (i - 1/2) / n: a plain sort of each row of ``v`` ``(columns, draws)`` and one interpolation,
    about 8 times faster than the general path at the app's 1,000 draws x 132 months."""
    ordered = np.sort(v, axis=1)
    n = ordered.shape[1]
    out = []
    for q in quantiles:
        h = min(max(n * float(q) - 0.5, 0.0), n - 1.0)  # 0-based position between sorted draws
        lo = math.floor(h)
        hi, frac = min(lo + 1, n - 1), h - lo
        low, high = ordered[:, lo], ordered[:, hi]
        out.append(low if frac == 0 else np.where(low == high, low, low + frac * (high - low)))
    return np.array(out)


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


def error_sizes(draws: Draws) -> np.ndarray:
    """Observation error size [log scale] of each draw (:func:`simulator.observation_model.sigma`), ``(draws,)``."""
    if draws.observed_values.size == 0:
        return np.broadcast_to(observation_model.sigma(np.zeros((1, 0))), (draws.draws,))
    return observation_model.sigma(draws.residuals())


def predictive_sample(draws: Draws, times: np.ndarray, *, strata: int = 21) -> tuple[np.ndarray, np.ndarray]:
    """A weighted sample of the *ministries' count* reported at ``times`` [years since 2020-01-01] [UMKM].

    Each draw's modelled count times its own log-normal observation error (:func:`error_sizes`), represented
    by ``strata`` equal-probability points of the normal; returns samples ``(draws x strata, times)`` and
    their weights. This, not the model fan, is what a reported count should fall within.
    """
    modelled = calibration.model_at(draws.parameters, np.asarray(times, dtype=float))  # (draws, times)
    modelled = np.broadcast_to(modelled, (draws.draws, modelled.shape[-1]))
    normal = statistics.NormalDist()
    z = np.array([normal.inv_cdf((k + 0.5) / strata) for k in range(strata)])
    sigma = error_sizes(draws)
    noisy = (modelled[:, None, :] * np.exp(sigma[:, None, None] * z[None, :, None])).reshape(-1, modelled.shape[1])
    return noisy, np.repeat(draws.weights / strata, strata)


def predictive_quantiles(draws: Draws, times: np.ndarray, quantiles: Sequence[float] = QUANTILES, *,
                         strata: int = 41) -> np.ndarray:
    """Quantiles of :func:`predictive_sample`, shaped ``(len(quantiles), len(times))`` [UMKM]."""
    samples, weights = predictive_sample(draws, times, strata=strata)
    return weighted_quantiles(samples, weights, quantiles)


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
    fan: np.ndarray = field(repr=False)  # (len(QUANTILES), months): P10/P50/P90 of the scenario's count [UMKM]
    baseline_fan: np.ndarray = field(repr=False)  # the same for the baseline [UMKM]
    first_reached: np.ndarray = field(repr=False)  # (draws,) first month index at or above the target, -1 never
    weights: np.ndarray = field(repr=False)  # (draws,) the draws' weights
    probability_reached: float  # weighted P(adopters at the end of the deadline month >= target)
    baseline_probability_reached: float
    adopters_at_deadline_p10: float  # [UMKM]
    adopters_at_deadline_p50: float
    adopters_at_deadline_p90: float
    cost_rows: tuple[dict[str, Any], ...]  # the rows of cost_effectiveness, as plain dicts
    effective_draws: float
    draws: int
    seed: int
    conditioned: bool
    probability_error: float = float("nan")  # Monte Carlo standard error of probability_reached [fraction]
    cost_idr: float = float("nan")  # expected programme spending over the programme window [rupiah]
    baseline_cost_idr: float = float("nan")  # the same for the status quo [rupiah]
    structure_rows: tuple[dict[str, Any], ...] = ()  # the rows of structures, as plain dicts

    @functools.cached_property
    def cost_effectiveness(self) -> pd.DataFrame:
        """:attr:`Ensemble.cost_rows` as a table (built when first read: the page reads the rows)."""
        return pd.DataFrame(list(self.cost_rows))

    @functools.cached_property
    def structures(self) -> pd.DataFrame:
        """Each structure alone: ``structure``, ``share``, ``probability_reached``,
        ``adopters_at_deadline_p10`` / ``_p50`` / ``_p90`` (:attr:`Ensemble.structure_rows` as a table, built
        when read)."""
        return pd.DataFrame(list(self.structure_rows))

    def quantile(self, q: float, *, baseline: bool = False) -> np.ndarray:
        """The fan's ``q`` quantile (one of :data:`QUANTILES`) in each month, of the scenario or its baseline
        [UMKM]; read-only."""
        return (self.baseline_fan if baseline else self.fan)[QUANTILES.index(q)]

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The fan as a table, built when first read (the scenario page reads :attr:`Ensemble.fan` and
        :attr:`Ensemble.baseline_fan` directly: a DataFrame per new scenario costs more than its numbers)."""
        return pd.DataFrame({"date": timeline.month_dates(self.fan.shape[-1]),
                             **{f"n_adopters_p{round(q * 100)}": self.fan[j] for j, q in enumerate(QUANTILES)},
                             **{f"baseline_n_adopters_p{round(q * 100)}": self.baseline_fan[j]
                                for j, q in enumerate(QUANTILES)}})

    @functools.cached_property
    def reached(self) -> pd.DataFrame:
        """When the draws first reach the target: ``reached_on`` ("YYYY-MM", or :data:`NOT_REACHED` last),
        ``probability`` and ``cumulative_probability`` (built when first read)."""
        return _reached_table(self.first_reached, self.weights, self.fan.shape[-1])

    @property
    def median_reached_on(self) -> str | None:
        """First month ("YYYY-MM") whose median forecast reaches the target, None before the horizon."""
        hits = np.flatnonzero(self.fan[QUANTILES.index(0.5)] >= self.scenario.target)
        return timeline.format_month(int(hits[0])) if hits.size else None

    @property
    def median_reached_by_deadline(self) -> bool:
        return self.adopters_at_deadline_p50 >= self.scenario.target

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
            "probability_error": json_number(self.probability_error),
            "cost_idr": json_number(self.cost_idr), "baseline_cost_idr": json_number(self.baseline_cost_idr),
            "baseline_probability_reached": self.baseline_probability_reached,
            "median_reached_on": self.median_reached_on,
            "structures": [{k: (v if isinstance(v, str) else json_number(v)) for k, v in r.items()}
                           for r in self.structure_rows],
            "adopters_at_deadline": {"p10": self.adopters_at_deadline_p10, "p50": self.adopters_at_deadline_p50,
                                     "p90": self.adopters_at_deadline_p90},
            "reached": [{"reached_on": r["reached_on"], "probability": r["probability"],
                         "cumulative_probability": r["cumulative_probability"]}
                        for r in self.reached.to_dict("records")],
            "cost_effectiveness": [{k: (v if isinstance(v, str) else json_number(v)) for k, v in r.items()}
                                   for r in self.cost_rows],
            "fan": fan,
        }


def _unique(scenarios: Sequence[Scenario]) -> tuple[list[Scenario], list[int]]:
    seen: dict[tuple, int] = {}
    unique: list[Scenario] = []
    index = []
    for s in scenarios:
        key = s.key()
        if key not in seen:
            seen[key] = len(unique)
            unique.append(s)
        index.append(seen[key])
    return unique, index


def _first_reached(n_adopters: np.ndarray, target: float) -> np.ndarray:
    """Each draw's first month index whose count reaches ``target`` (-1 when none does); ``(draws, months)``."""
    hits = n_adopters >= target
    return np.where(hits.any(axis=1), np.argmax(hits, axis=1), -1)


def _reached_table(first: np.ndarray, weights: np.ndarray, n_months: int) -> pd.DataFrame:
    """Distribution of the first month reaching the target, from each draw's :func:`_first_reached`."""
    ever = first >= 0
    by_month = np.bincount(first[ever], weights=weights[ever], minlength=n_months) / weights.sum()
    months = np.flatnonzero(by_month > 0)
    labels = [timeline.format_month(int(m)) for m in months] + [NOT_REACHED]
    probability = np.append(by_month[months], weights[~ever].sum() / weights.sum())
    return pd.DataFrame({"reached_on": labels, "probability": probability,
                         "cumulative_probability": np.cumsum(probability)})


@dataclass(eq=False)
class _Run:
    """One scenario against every draw: adopters ``(draws, months)``, all levers' spending through the deadline
    and over the programme window ``(draws,)`` and, once asked for, its P10/P50/P90 fan."""

    n_adopters: np.ndarray
    spend: np.ndarray  # all levers' spending from the first month through the deadline, per draw [rupiah]
    programme: np.ndarray  # all levers' spending over the programme window, per draw [rupiah]
    _fan: np.ndarray | None = None

    def fan(self, weights: np.ndarray) -> np.ndarray:
        if self._fan is None:
            self._fan = weighted_quantiles(self.n_adopters, weights)
            self._fan.flags.writeable = False  # shared by every ensemble that reads it (a baseline's is memoised)
        return self._fan


def programme_window(scenario: Scenario) -> int:
    """First month (index) of the programme window a scenario's cost is counted over: the programme's start,
    July 2021 (:data:`~simulator.parameters.DEFAULT_START`, the goal seek's default earliest start), or an
    earlier lever start. Counting every mix over the same months is what lets goal seek and the page quote the
    same cost for the same mix."""
    return min(timeline.parse_month(DEFAULT_START), *(scenario.month_index(lever.start_key) for lever in LEVERS))


BASELINE_MEMO = 8
"""Status-quo runs kept per :class:`Draws` (every scenario's ensemble needs its baseline; in the app it is the
same one for every lever setting, so it is run once instead of with each scenario)."""
_baselines: weakref.WeakKeyDictionary[Draws, dict[tuple, _Run]] = weakref.WeakKeyDictionary()
_baselines_lock = threading.Lock()


ENGINE_PRICED_SPEND = tuple(lever.spend_field for lever in LEVERS if lever not in PATH_PRICED)
"""The spending series an ensemble takes from the engine (villages as funded); the other levers' spending is
their path priced per draw (:func:`simulator.model.path_spend`)."""
ENSEMBLE_FIELDS = ("n_adopters", *ENGINE_PRICED_SPEND)
"""What an ensemble keeps of each run: the count and :data:`ENGINE_PRICED_SPEND`."""


def _reduced_runs(draws: Draws, scenarios: Sequence[Scenario], *, n_months: int, workers: int | None
                  ) -> list[_Run]:
    """:class:`_Run` of each scenario; status-quo scenarios come from (and go to) a small per-draws memo."""
    keys = [(n_months, s.key()) for s in scenarios]
    with _baselines_lock:
        memo = _baselines.setdefault(draws, {})
        runs: list[_Run | None] = [memo.get(key) for key in keys]
    todo = [k for k, run in enumerate(runs) if run is None]
    if todo:
        deadlines = np.array([scenarios[k].month_index("deadline") for k in todo])
        windows = np.array([programme_window(scenarios[k]) for k in todo])

        def reduce(trajectory: Trajectory) -> dict[str, np.ndarray]:
            # Per scenario, sums over its own months: slices instead of masks over every draw and month.
            spend = [getattr(trajectory, field) for field in ENGINE_PRICED_SPEND]  # (scenarios, draws, months)
            return {"n_adopters": trajectory.n_adopters,
                    "spend": np.stack([sum(x[j, :, :last + 1].sum(axis=-1) for x in spend)
                                       for j, last in enumerate(deadlines)]),
                    "programme": np.stack([sum(x[j, :, first:last + 1].sum(axis=-1) for x in spend)
                                           for j, (first, last) in enumerate(zip(windows, deadlines, strict=True))])}

        chosen = [scenarios[k] for k in todo]
        paths = lever_paths(chosen, n_months=n_months)
        arrays = map_draws(draws, chosen, reduce, n_months=n_months, workers=workers, fields=ENSEMBLE_FIELDS,
                           paths=paths)
        arrays["spend"] = arrays["spend"] + path_spend(draws.parameters, paths, np.zeros_like(deadlines), deadlines)
        arrays["programme"] = arrays["programme"] + path_spend(draws.parameters, paths, windows, deadlines)
        for j, k in enumerate(todo):
            runs[k] = _Run(n_adopters=arrays["n_adopters"][j], spend=arrays["spend"][j],
                           programme=arrays["programme"][j])
            if scenarios[k] == scenarios[k].status_quo():
                runs[k].n_adopters.flags.writeable = runs[k].spend.flags.writeable = False  # shared from now on
                runs[k].programme.flags.writeable = False
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
        wanted += [s, s.status_quo(), *((s.lever_alone(key) if levers else s) for key in LEVER_KEYS)]
    unique, index = _unique(wanted)
    runs = _reduced_runs(draws, unique, n_months=n_months, workers=workers)
    w = draws.weights
    out = []
    stride = 2 + len(LEVER_KEYS)  # the scenario, its baseline, each lever alone
    for k, s in enumerate(scenarios):
        i_s, i_b, *i_alone = index[k * stride:(k + 1) * stride]
        deadline = s.month_index("deadline")
        A, B = runs[i_s].n_adopters, runs[i_b].n_adopters
        fan = runs[i_s].fan(w)
        base_fan = runs[i_b].fan(w)
        at_deadline = fan[:, deadline]
        rows = []
        pairs = (*zip(LEVER_KEYS, i_alone, strict=True), ("total", i_s)) if levers else (("total", i_s),)
        status_quo = s.status_quo()
        for key, i_l in pairs:
            moved = any(getattr(s, name) != getattr(status_quo, name)
                        for name in (LEVER_KEYS if key == "total" else [key]))
            added = runs[i_l].n_adopters[:, deadline] - B[:, deadline]
            extra = runs[i_l].spend - runs[i_b].spend
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(added > 1.0, extra / added, np.where(extra > 0, np.inf, np.nan))
            if not moved:
                ratio = np.full_like(ratio, np.nan)
            qa, qc, qp = (weighted_quantiles(x, w) for x in (added, extra, ratio))
            rows.append({"lever": key,
                         **{f"adopters_added_p{round(q * 100)}": qa[j] for j, q in enumerate(QUANTILES)},
                         **{f"extra_cost_idr_p{round(q * 100)}": qc[j] for j, q in enumerate(QUANTILES)},
                         **{f"cost_per_adopter_idr_p{round(q * 100)}": qp[j] for j, q in enumerate(QUANTILES)}})
        hit = A[:, deadline] >= s.target
        probability = float(weighted_probability(hit, w))
        out.append(Ensemble(
            scenario=s, fan=fan, baseline_fan=base_fan, first_reached=_first_reached(A, s.target), weights=w,
            probability_reached=probability,
            probability_error=float(np.sqrt(DESIGN_EFFECT * np.sum((w / w.sum()) ** 2 * (hit - probability) ** 2))),
            structure_rows=_structure_rows(draws, A[:, deadline], hit),
            cost_idr=float(np.sum(w * runs[i_s].programme) / np.sum(w)),
            baseline_cost_idr=float(np.sum(w * runs[i_b].programme) / np.sum(w)),
            baseline_probability_reached=float(weighted_probability(B[:, deadline] >= s.target, w)),
            adopters_at_deadline_p10=float(at_deadline[0]), adopters_at_deadline_p50=float(at_deadline[1]),
            adopters_at_deadline_p90=float(at_deadline[2]),
            cost_rows=tuple(rows),
            effective_draws=draws.effective_draws, draws=draws.draws, seed=draws.seed,
            conditioned=draws.conditioned))
    return out


def _structure_rows(draws: Draws, at_deadline: np.ndarray, hit: np.ndarray) -> tuple[dict[str, Any], ...]:
    """Each structure alone: its share, probability of reaching the target and P10/P50/P90 at the deadline."""
    rows = []
    labels = draws.structure if draws.structure is not None else np.zeros(draws.draws, dtype=np.int64)
    names = draws.structure_names or ("custom",)
    for k, name in enumerate(names):
        mask = labels == k
        w = draws.weights[mask]
        if not mask.any() or w.sum() <= 0:
            continue
        q = weighted_quantiles(at_deadline[mask], w)
        rows.append({"structure": name, "share": float(w.sum() / draws.weights.sum()),
                     "probability_reached": float(weighted_probability(hit[mask], w)),
                     **{f"adopters_at_deadline_p{round(p * 100)}": float(q[j]) for j, p in enumerate(QUANTILES)}})
    return tuple(rows)


def ensemble(scenario: Scenario, draws: Draws | None = None, *, workers: int | None = None,
             levers: bool = True) -> Ensemble:
    """One scenario under uncertainty (see :func:`ensembles`); default draws: :func:`default_draws`."""
    return ensembles([scenario], draws, workers=workers, levers=levers)[0]
