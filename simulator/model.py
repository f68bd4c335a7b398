r"""The vectorised onboarding engine.

Time ``t`` is in years since 2020-01-01, shares are fractions, counts are UMKM, money is rupiah. The model
forecasts the quantity the target counts: UMKM *onboarded* to e-commerce, cumulative, as the ministries tally
them (``O``). UMKM still *actively selling* (``A``, net of sellers going dormant) are a labelled side output.

.. math::

    N(t) &= N_{2019} (1 + g)^t                                              && \text{UMKM}\\
    c(t) &= c_{max} - (c_{max} - c_{2020}) e^{-k t}                          && \text{connected share}\\
    r(t) &= \min\bigl(1,\ r_{2020} + r' t + r_F (1 - e^{-K(t) / (\kappa r_F N(t))})\bigr)
                                                                            && \text{reachable share}\\
    M(t) &= r(t) \bigl(N c + \phi \min(u V, N (1 - c))\bigr)                 && \text{reachable pool}\\
    g(t) &= \min\bigl(1, \tfrac{(t - t_c)^+}{R}\bigr)\, e^{-\lambda (t - t_f)^+} && \text{campaign intensity}\\
    \frac{dO}{dt} &= \Bigl(p + q \frac{O}{M} + \frac{C g(t)}{M}\Bigr)(M - O)^+
                     + e T \frac{(M - O)^+}{(M - O)^+ + e T \cdot 1\,yr}      && \text{onboarded}\\
    \frac{dA}{dt} &= \frac{dO}{dt} - \delta \bigl(1 - h \min(1, S/A)\bigr) A  && \text{active sellers}\\
    \frac{dB}{dt} &= b(t) - B/\tau, \quad \frac{dV}{dt} = B/\tau             && \text{villages being built, covered}\\
    \frac{dK}{dt} &= F(t), \quad \frac{dS}{dt} = T(t)                       && \text{cumulative financing, trainees}

Onboarding has three sources: the national campaign (from its launch ``t_c``, 14 May 2020, ramping to its full
pace ``C`` over ``R`` years and fading at rate ``lambda`` after ``t_f`` as offline selling recovered), outside
influence ``p`` and word of mouth ``q``; all draw on the reachable pool ``M`` (connected, ready and willing UMKM),
so each slows as the pool is used up. Nothing switches a lever off: infrastructure adds the UMKM of newly covered
villages (``u`` per village, with their own reachable share ``phi r``), financing raises the reachable share with
diminishing returns, and training onboards a share ``e`` of trainees (recruited among the UMKM not yet onboarded)
while mentoring lowers drop-out among active sellers.

``T``, ``b`` and ``F`` are the three levers (UMKM trained, villages funded, rupiah per year), constant within a
month. ``K``, ``S``, ``B`` and ``V`` are integrated exactly; ``O`` and ``A`` with one classical Runge-Kutta step
per month (the pool is evaluated at the start, middle and end of the month), which matches the Bass closed form
to about 1e-6 when the campaign and the levers are off. Funding for villages stops once every village without 4G
is built or being built.

Every coefficient may be an array: the batch shape is the broadcast of all coefficient shapes and of the lever
paths without their last (month) axis, so Monte Carlo draws, scenarios and regions are leading axes. Two
engines compute the same steps: the default runs the month loop of every batch element in the compiled kernel of
:mod:`simulator.kernel`; ``engine="numpy"`` runs it as array operations with one Python loop over months, the
readable reference the kernel is tested against.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from simulator.parameters import LEVERS, LeverSpec, ModelParameters

MONTH = 1.0 / 12.0
"""Time step [years]."""


@dataclass(frozen=True, kw_only=True)
class LeverPaths:
    """Lever intensities for each month, arrays shaped ``(..., months)``."""

    training_per_year: np.ndarray  # [UMKM per year]
    villages_per_year: np.ndarray  # [villages per year]
    financing_idr_per_year: np.ndarray  # [rupiah per year]


@dataclass(frozen=True, kw_only=True)
class Trajectory:
    """Engine output; every array is shaped ``(*batch, months)`` and holds end-of-month values or monthly flows.

    A field left out of :func:`simulate`'s ``fields`` is ``None``.
    """

    n_adopters: np.ndarray  # UMKM onboarded to e-commerce, cumulative (the ministries' count), end of month [UMKM]
    n_active: np.ndarray  # onboarded UMKM still actively selling online (side output), end of month [UMKM]
    new_adopters: np.ndarray  # onboardings during the month [UMKM]
    new_dropouts: np.ndarray  # active sellers that went dormant during the month [UMKM]
    new_from_training: np.ndarray  # onboardings caused directly by training during the month [UMKM]
    new_from_campaign: np.ndarray  # onboardings by the national campaign during the month [UMKM]
    market_potential: np.ndarray  # reachable pool, end of month [UMKM]
    n_umkm: np.ndarray  # all UMKM, end of month [UMKM]
    connected_share: np.ndarray  # [fraction of UMKM]
    ready_share: np.ndarray  # reachable share [fraction of connected UMKM]
    villages_covered: np.ndarray  # cumulative villages newly covered since 2020 [villages]
    spend_training_idr: np.ndarray  # spending during the month [rupiah]
    spend_infrastructure_idr: np.ndarray  # [rupiah]
    spend_financing_idr: np.ndarray  # [rupiah]
    initial_adopters: np.ndarray  # onboarded at 2020-01-01, shaped ``batch`` [UMKM]

    @property
    def spend_idr(self) -> np.ndarray:
        """Total programme spending during each month [rupiah]."""
        return self.spend_training_idr + self.spend_infrastructure_idr + self.spend_financing_idr


ENGINES = ("compiled", "numpy")
"""``compiled``: the fused kernel of :mod:`simulator.kernel` (default; about 60 times faster for one run and 4
times for 1,000 draws, ``benchmarks/bench_model.py``); ``numpy``: the same steps as array operations, the readable
reference the kernel is tested against."""


PATH_FIELDS = tuple(field.name for field in dataclasses.fields(LeverPaths))
"""The lever paths in the engines' order: training, villages, financing. The engines cap the second (no more
villages are funded than are left without 4G), so that lever's spending is priced on the ``funded`` series."""


def _unit_spend(lever: LeverSpec, P: Mapping[str, np.ndarray]) -> np.ndarray:
    """Rupiah per unit of the lever's intensity and month: one month times its unit cost (1 for a lever whose
    intensity is itself rupiah per year). The one pricing rule of every lever's spending."""
    return MONTH * (P[lever.cost_parameter] if lever.cost_parameter is not None else np.ones(()))


PATH_PRICED = tuple(lever for lever in LEVERS if lever.path_field != PATH_FIELDS[1])
"""Levers whose spending is their own path priced (training, financing); the villages lever is priced on the
villages the engine actually funded (capped by those left without 4G), so it needs the engine's series."""


def path_spend(parameters: ModelParameters, levers: LeverPaths, first: np.ndarray, last: np.ndarray
               ) -> np.ndarray:
    """Spending of the :data:`PATH_PRICED` levers from month ``first`` through ``last`` (inclusive, one pair per
    path, the first axis of ``levers``), summed [rupiah], shaped ``(paths, *coefficient shape)``.

    The same numbers as summing those levers' :class:`Trajectory` spending series over the months, without
    forming a months-long series for every draw: a path is shared by the draws, so its sum is taken once and
    priced per draw (what a Monte Carlo needs of the cost).
    """
    P = {lever.cost_parameter: np.asarray(getattr(parameters, lever.cost_parameter), dtype=float)
         for lever in PATH_PRICED if lever.cost_parameter is not None}
    first, last = np.asarray(first), np.asarray(last)
    units = [_unit_spend(lever, P) for lever in PATH_PRICED]
    shape = np.broadcast_shapes(*(unit.shape for unit in units))
    total = np.zeros((len(first), *shape))
    for lever, unit in zip(PATH_PRICED, units, strict=True):
        path = np.asarray(getattr(levers, lever.path_field), dtype=float)
        path = path.reshape(path.shape[0], path.shape[-1])  # (paths, months): one path per row
        cumulative = np.concatenate([np.zeros((path.shape[0], 1)), np.cumsum(path, axis=-1)], axis=-1)
        rows = np.arange(path.shape[0])
        summed = cumulative[rows, last + 1] - cumulative[rows, first]  # (paths,)
        total += summed.reshape((-1, *([1] * len(shape)))) * unit
    return total


def _series_of(name: str) -> str | None:
    """The engine series a :class:`Trajectory` field is made from (``None``: lever paths and coefficients)."""
    lever = next((lever for lever in LEVERS if lever.spend_field == name), None)
    if lever is not None:
        return "funded" if lever.path_field == PATH_FIELDS[1] else None
    return None if name == "initial_adopters" else name


def simulate(parameters: ModelParameters, levers: LeverPaths, *, engine: str = "compiled",
             fields: Collection[str] | None = None) -> Trajectory:
    """Run the model from 2020-01-01 for as many months as the lever paths have.

    Parameters
    ----------
    parameters
        Coefficients; floats or arrays broadcastable to the batch shape.
    levers
        Monthly lever intensities shaped ``(..., months)``.
    engine
        One of :data:`ENGINES`; both give the same numbers (to about 1e-12 relative).
    fields
        The :class:`Trajectory` fields to compute (``initial_adopters`` always is); the others are ``None``.
        Default: all. The Monte Carlo keeps only the adopters and the spending, and the compiled engine is
        about a third faster when it writes only what is kept.

    Returns
    -------
    Trajectory
        Arrays shaped ``(*batch, months)``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine: {engine!r}; allowed {', '.join(ENGINES)}")
    names = tuple(Trajectory.__dataclass_fields__)
    wanted = set(names if fields is None else fields) | {"initial_adopters"}
    if wanted - set(names):
        raise ValueError(f"fields: {', '.join(sorted(wanted - set(names)))}; allowed {', '.join(names)}")
    P = {name: np.asarray(value, dtype=float) for name, value in parameters.as_dict().items()}
    T = np.asarray(levers.training_per_year, dtype=float)
    b = np.asarray(levers.villages_per_year, dtype=float)
    F = np.asarray(levers.financing_idr_per_year, dtype=float)
    n_months = T.shape[-1]
    if b.shape[-1] != n_months or F.shape[-1] != n_months:
        raise ValueError("lever paths must have the same number of months")
    if np.any(T < 0) or np.any(b < 0) or np.any(F < 0):
        raise ValueError("lever intensities must be non-negative")
    batch = np.broadcast_shapes(*(v.shape for v in P.values()), T.shape[:-1], b.shape[:-1], F.shape[:-1])
    series_wanted = {_series_of(name) for name in wanted} - {None}
    if engine == "compiled":
        from simulator import kernel  # imported on first use: compiling costs time the numpy engine does not need

        series = kernel.run(P, batch, T, b, F, outputs=series_wanted)
    else:
        series = {key: value for key, value in _month_loop(P, batch, T, b, F).items() if key in series_wanted}
    full = (*batch, n_months)
    funded = series.pop("funded", None)
    result: dict[str, np.ndarray | None] = dict.fromkeys(names)
    result.update(series)
    used = dict(zip(PATH_FIELDS, (T, funded, F), strict=True))  # villages as funded (capped), not as asked
    for lever in LEVERS:
        if lever.spend_field not in wanted:
            continue
        # Spending [rupiah per month] = intensity x one month x unit cost, formed without full-size temporaries.
        intensity = used[lever.path_field]
        unit = _unit_spend(lever, P)
        if intensity is funded:
            spend = funded
            spend *= np.broadcast_to(unit, batch)[..., None]
        else:
            # A path and a cost shared by the draws (the usual case) make one row per scenario, shown to every
            # draw as a read-only broadcast view instead of copied to each.
            spend = np.broadcast_to(intensity * unit.reshape((*unit.shape, 1)), full)
        result[lever.spend_field] = spend
    result["initial_adopters"] = np.broadcast_to(P["adopters_2020"], batch).astype(float)
    return Trajectory(**result)


def _month_loop(P: dict[str, np.ndarray], batch: tuple[int, ...], T: np.ndarray, b: np.ndarray, F: np.ndarray
                ) -> dict[str, np.ndarray]:
    """The numpy engine: the month loop over whole arrays; returns each series shaped ``(*batch, months)``."""
    n_months = T.shape[-1]
    # Coefficients keep their own shape (padded to the batch's axes) rather than being broadcast to the batch:
    # quantities that depend on coefficients only are then computed once per draw, not once per draw and
    # scenario. Results are stored month-major and returned as (*batch, months) views.
    def coef(name: str) -> np.ndarray:
        value = P[name]
        return value.reshape((1,) * (len(batch) - value.ndim) + value.shape)

    N0, growth = coef("umkm_2019"), np.log1p(coef("umkm_growth"))
    c_max, c0, c_rate = coef("connected_share_max"), coef("connected_share_2020"), coef("connected_share_rate")
    per_village, remote = coef("umkm_per_uncovered_village"), coef("remote_ready_factor")
    r0, r_trend = coef("ready_share_2020"), coef("ready_share_trend")
    gain_max = coef("financing_max_ready_gain")
    scale_per_umkm = coef("financing_cost_per_ready_idr") * np.maximum(gain_max, 1e-12)
    tau, v_max = coef("build_delay"), coef("villages_without_4g")
    p, q = coef("innovation"), coef("imitation")
    pace, t_c, ramp = coef("campaign_pace"), coef("campaign_start"), coef("campaign_ramp")
    t_f, fade = coef("campaign_fade_start"), coef("campaign_fade_rate")
    e, delta, h = coef("training_effectiveness"), coef("dropout_rate"), coef("training_dropout_reduction")

    t = (np.arange(n_months)[:, None] + np.array([0.0, 0.5, 1.0])[None, :]) * MONTH  # (months, 3) stage times
    K_start = np.cumsum(F, axis=-1) * MONTH - F * MONTH  # cumulative financing at the start of each month
    S_start = np.cumsum(T, axis=-1) * MONTH - T * MONTH  # cumulative trainees at the start of each month
    decay_half = np.exp(-0.5 * MONTH / tau)
    decay_full = decay_half * decay_half

    # Coefficient-only exponentials of time, e^{ln(1+g) t} and e^{-k t}, advance by one factor per half month
    # instead of an exp() per stage; the rounding that accumulates over 2040-12's 1,000 half months stays
    # below 1e-13.
    half = 0.5 * MONTH
    grow_step, decay_step = np.exp(growth * half), np.exp(-c_rate * half)
    gap_c = c_max - c0

    def stage(ts: float, grown: np.ndarray, decayed: np.ndarray, covered: np.ndarray, K: np.ndarray
              ) -> tuple[np.ndarray, ...]:
        """UMKM, connected share, reachable share, pool and campaign pace [UMKM per year] at time ``ts``."""
        n_umkm = N0 * grown
        connected_base = c_max - gap_c * decayed
        newly = np.minimum(per_village * covered, n_umkm * (1.0 - connected_base))
        ready = np.minimum(1.0, r0 + r_trend * ts + gain_max * -np.expm1(-K / (scale_per_umkm * n_umkm)))
        pool = ready * (n_umkm * connected_base + remote * newly)
        intensity = np.minimum(1.0, np.maximum(ts - t_c, 0.0) / ramp) * np.exp(-fade * np.maximum(ts - t_f, 0.0))
        return n_umkm, connected_base + newly / n_umkm, ready, pool, pace * intensity

    def flows(O: np.ndarray, A: np.ndarray, M: np.ndarray, C: np.ndarray, S: np.ndarray, converts: np.ndarray,
              pool: np.ndarray) -> tuple[np.ndarray, ...]:
        gap = np.maximum(M - O, 0.0)
        # A zero pool (a valid zero share) would make O / M = 0 / 0; a floor of one UMKM changes nothing real.
        M_safe = np.maximum(M, 1.0)
        campaign = C / M_safe * gap
        # Trainees are recruited among reachable UMKM not yet onboarded; conversions saturate when that pool
        # runs low (it cannot be drained faster than in about a year).
        trained = converts * gap / (gap + pool)
        inflow = (p + q * O / M_safe) * gap + campaign + trained
        mentored = np.minimum(1.0, S / np.maximum(A, 1.0))
        dropouts = delta * (1.0 - h * mentored) * A
        return inflow, trained, campaign, dropouts

    out = {key: np.empty((n_months, *batch)) for key in (
        "n_adopters", "n_active", "new_adopters", "new_dropouts", "new_from_training", "new_from_campaign",
        "market_potential", "n_umkm", "connected_share", "ready_share", "villages_covered", "funded")}
    O = np.broadcast_to(P["adopters_2020"], batch).astype(float).copy()
    A = O.copy()
    building = np.zeros(batch)  # villages funded, signal not yet on air
    covered_now = np.zeros(batch)  # villages newly covered since 2020
    grown, decayed = np.ones_like(grow_step), np.ones_like(decay_step)
    _, _, _, M2, C2 = stage(t[0, 0], grown, decayed, covered_now, K_start[..., 0])
    dt = MONTH
    for m in range(n_months):
        # Villages: fund no more than are left without 4G (built or under construction); B and V exactly.
        room = np.maximum(v_max - covered_now - building, 0.0)
        rate = np.minimum(b[..., m], room / MONTH)
        steady = rate * tau
        covered_mid = covered_now + rate * (0.5 * MONTH) - (steady + (building - steady) * decay_half - building)
        building_end = steady + (building - steady) * decay_full
        covered_end = covered_now + rate * MONTH - (building_end - building)
        building, covered_now = building_end, covered_end

        Km, Fm = K_start[..., m], F[..., m]
        M0, C0 = M2, C2  # the end of last month is the start of this one
        grown_mid, decayed_mid = grown * grow_step, decayed * decay_step
        grown, decayed = grown_mid * grow_step, decayed_mid * decay_step
        _, _, _, M1, C1 = stage(t[m, 1], grown_mid, decayed_mid, covered_mid, Km + Fm * (t[m, 1] - t[m, 0]))
        n_end, connected_end, ready_end, M2, C2 = stage(t[m, 2], grown, decayed, covered_end,
                                                        Km + Fm * (t[m, 2] - t[m, 0]))

        Tm = T[..., m]
        converts = e * Tm
        pool = converts * 1.0 + 1e-9  # [UMKM]: conversions in one year, the pool that saturates them
        S0 = S_start[..., m]
        S1, S2 = S0 + Tm * 0.5 * dt, S0 + Tm * dt
        i1, t1, c1, d1 = flows(O, A, M0, C0, S0, converts, pool)
        O2, A2 = O + 0.5 * dt * i1, A + 0.5 * dt * (i1 - d1)
        i2, t2, c2, d2 = flows(O2, A2, M1, C1, S1, converts, pool)
        O3, A3 = O + 0.5 * dt * i2, A + 0.5 * dt * (i2 - d2)
        i3, t3, c3, d3 = flows(O3, A3, M1, C1, S1, converts, pool)
        O4, A4 = O + dt * i3, A + dt * (i3 - d3)
        i4, t4, c4, d4 = flows(O4, A4, M2, C2, S2, converts, pool)
        inflow = dt / 6.0 * (i1 + 2 * i2 + 2 * i3 + i4)
        outflow = dt / 6.0 * (d1 + 2 * d2 + 2 * d3 + d4)
        O = np.minimum(O + inflow, np.maximum(M2, O))  # never falls; never past the pool while it grows
        A = np.minimum(np.maximum(A + inflow - outflow, 0.0), O)
        out["n_adopters"][m] = O
        out["n_active"][m] = A
        out["new_adopters"][m] = inflow
        out["new_dropouts"][m] = outflow
        out["new_from_training"][m] = dt / 6.0 * (t1 + 2 * t2 + 2 * t3 + t4)
        out["new_from_campaign"][m] = dt / 6.0 * (c1 + 2 * c2 + 2 * c3 + c4)
        out["market_potential"][m] = M2
        out["n_umkm"][m] = n_end
        out["connected_share"][m] = connected_end
        out["ready_share"][m] = ready_end
        out["villages_covered"][m] = covered_end
        out["funded"][m] = rate

    return {key: np.moveaxis(value, 0, -1) for key, value in out.items()}


def bass_cumulative(t: np.ndarray, *, innovation: float, imitation: float) -> np.ndarray:
    """Bass closed form: fraction of the potential adopted by time ``t`` [years], starting from zero.

    F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})
    """
    p, q = innovation, imitation
    decay = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1.0 - decay) / (1.0 + q / p * decay)
