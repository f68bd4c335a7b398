r"""The vectorised diffusion engine.

Time ``t`` is in years since 2020-01-01, shares are fractions, counts are UMKM, money is rupiah.

.. math::

    N(t) &= N_{2019} (1 + g)^t                                          && \text{UMKM}\\
    c(t) &= \min\bigl(1,\ c_{max} - (c_{max} - c_{2020}) e^{-k t} + u V(t) / N(t)\bigr)
                                                                        && \text{connected share}\\
    r(t) &= \min\bigl(1,\ r_{2020} + r' t + r_F (1 - e^{-K(t) / (\kappa r_F N(t))})\bigr)
                                                                        && \text{ready share}\\
    M(t) &= N(t) \min\bigl(c(t) r(t),\ w\bigr)                          && \text{market potential}\\
    \frac{dA}{dt} &= \Bigl(p + q \frac{A}{M}\Bigr)(M - A)^+ + e T \frac{(M - A)^+}{(M - A)^+ + e T \cdot 1\,yr}
                     - \delta \bigl(1 - h \min(1, S/A)\bigr) A           && \text{adopters}\\
    \frac{dB}{dt} &= b(t) - B/\tau, \quad \frac{dV}{dt} = B/\tau         && \text{villages being built, covered}\\
    \frac{dK}{dt} &= F(t), \quad \frac{dS}{dt} = T(t)                   && \text{cumulative financing, trainees}

``T``, ``b`` and ``F`` are the three levers (UMKM trained, villages funded, rupiah per year), constant within a
month. ``K``, ``S``, ``B`` and ``V`` are integrated exactly; ``A`` with one classical Runge-Kutta step per month
(the potential is evaluated at the start, middle and end of the month), which matches the Bass closed form to
about 1e-6. Funding for villages stops once every village without 4G is built or being built.

Every coefficient may be an array: the batch shape is the broadcast of all coefficient shapes and of the lever
paths without their last (month) axis, so Monte Carlo draws, scenarios and regions are leading axes and the
only Python loop is over months.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.parameters import ModelParameters

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
    """Engine output; every array is shaped ``(*batch, months)`` and holds end-of-month values or monthly flows."""

    n_adopters: np.ndarray  # UMKM selling online, end of month [UMKM]
    new_adopters: np.ndarray  # gross adoptions during the month [UMKM]
    new_dropouts: np.ndarray  # UMKM that stopped selling online during the month [UMKM]
    new_from_training: np.ndarray  # adoptions caused directly by training during the month [UMKM]
    market_potential: np.ndarray  # end of month [UMKM]
    n_umkm: np.ndarray  # all UMKM, end of month [UMKM]
    connected_share: np.ndarray  # [fraction of UMKM]
    ready_share: np.ndarray  # [fraction of connected UMKM]
    villages_covered: np.ndarray  # cumulative villages newly covered since 2020 [villages]
    spend_training_idr: np.ndarray  # spending during the month [rupiah]
    spend_infrastructure_idr: np.ndarray  # [rupiah]
    spend_financing_idr: np.ndarray  # [rupiah]
    initial_adopters: np.ndarray  # value at 2020-01-01, shaped ``batch`` [UMKM]

    @property
    def spend_idr(self) -> np.ndarray:
        """Total programme spending during each month [rupiah]."""
        return self.spend_training_idr + self.spend_infrastructure_idr + self.spend_financing_idr


def _infrastructure(b_year: np.ndarray, tau: np.ndarray, v_max: np.ndarray, n_months: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Villages covered at the start, middle and end of each month, and villages funded per year.

    Returns ``covered`` shaped ``(*batch, months, 3)`` and ``funded`` shaped ``(*batch, months)``.
    """
    batch = np.broadcast_shapes(b_year.shape[:-1], tau.shape, v_max.shape)
    building = np.zeros(batch)
    covered_now = np.zeros(batch)
    covered = np.empty((*batch, n_months, 3))
    funded = np.empty((*batch, n_months))
    decay_half = np.exp(-0.5 * MONTH / tau)
    decay_full = decay_half * decay_half
    for m in range(n_months):
        # Fund no more villages than are left without 4G (built or under construction).
        room = np.maximum(v_max - covered_now - building, 0.0)
        rate = np.minimum(b_year[..., m], room / MONTH)
        funded[..., m] = rate
        covered[..., m, 0] = covered_now
        steady = rate * tau
        for k, decay in ((1, decay_half), (2, decay_full)):
            b_at = steady + (building - steady) * decay
            covered[..., m, k] = covered_now + rate * (0.5 * k * MONTH) - (b_at - building)
        building = steady + (building - steady) * decay_full
        covered_now = covered[..., m, 2]
    return covered, funded


def simulate(parameters: ModelParameters, levers: LeverPaths) -> Trajectory:
    """Run the model from 2020-01-01 for as many months as the lever paths have.

    Parameters
    ----------
    parameters
        Coefficients; floats or arrays broadcastable to the batch shape.
    levers
        Monthly lever intensities shaped ``(..., months)``.

    Returns
    -------
    Trajectory
        Arrays shaped ``(*batch, months)``.
    """
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

    def col(name: str) -> np.ndarray:  # coefficient shaped (*batch, 1, 1) to broadcast over months and stages
        return np.broadcast_to(P[name], batch)[..., None, None]

    # Stage times: start, middle and end of each month, shaped (months, 3).
    t = (np.arange(n_months)[:, None] + np.array([0.0, 0.5, 1.0])[None, :]) * MONTH
    n_umkm = col("umkm_2019") * np.exp(np.log1p(col("umkm_growth")) * t)
    covered, funded = _infrastructure(np.broadcast_to(b, (*batch, n_months)), np.broadcast_to(P["build_delay"], batch),
                                      np.broadcast_to(P["villages_without_4g"], batch), n_months)
    c_max, c0 = col("connected_share_max"), col("connected_share_2020")
    connected = np.minimum(1.0, c_max - (c_max - c0) * np.exp(-col("connected_share_rate") * t)
                           + col("umkm_per_uncovered_village") * covered / n_umkm)

    F_full = np.broadcast_to(F, (*batch, n_months))
    K_start = np.cumsum(F_full, axis=-1) * MONTH - F_full * MONTH
    K = K_start[..., None] + F_full[..., None] * (t - t[:, :1])
    gain_max = col("financing_max_ready_gain")
    scale = col("financing_cost_per_ready_idr") * np.maximum(gain_max, 1e-12) * n_umkm
    ready = np.minimum(1.0, col("ready_share_2020") + col("ready_share_trend") * t
                       + gain_max * -np.expm1(-K / scale))
    potential = n_umkm * np.minimum(connected * ready, col("willing_share"))

    T_full = np.broadcast_to(T, (*batch, n_months))
    S_start = np.cumsum(T_full, axis=-1) * MONTH - T_full * MONTH
    p, q = np.broadcast_to(P["innovation"], batch), np.broadcast_to(P["imitation"], batch)
    e = np.broadcast_to(P["training_effectiveness"], batch)
    delta = np.broadcast_to(P["dropout_rate"], batch)
    h = np.broadcast_to(P["training_dropout_reduction"], batch)

    def flows(A: np.ndarray, M: np.ndarray, S: np.ndarray, Tm: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        gap = np.maximum(M - A, 0.0)
        bass = (p + q * A / M) * gap
        # Trainees are recruited among UMKM in the potential not yet online; conversions saturate when that
        # pool runs low (it cannot be drained faster than in about a year).
        converts = e * Tm
        trained = converts * gap / (gap + converts * 1.0 + 1e-9)
        mentored = np.minimum(1.0, S / np.maximum(A, 1.0))
        dropouts = delta * (1.0 - h * mentored) * A
        return bass + trained, trained, dropouts

    A = np.broadcast_to(P["adopters_2020"], batch).astype(float).copy()
    out_A = np.empty((*batch, n_months))
    out_in = np.empty_like(out_A)
    out_train = np.empty_like(out_A)
    out_drop = np.empty_like(out_A)
    dt = MONTH
    for m in range(n_months):
        Tm = T_full[..., m]
        M0, M1, M2 = potential[..., m, 0], potential[..., m, 1], potential[..., m, 2]
        S0 = S_start[..., m]
        S1, S2 = S0 + Tm * 0.5 * dt, S0 + Tm * dt
        i1, t1, d1 = flows(A, M0, S0, Tm)
        A2 = A + 0.5 * dt * (i1 - d1)
        i2, t2, d2 = flows(A2, M1, S1, Tm)
        A3 = A + 0.5 * dt * (i2 - d2)
        i3, t3, d3 = flows(A3, M1, S1, Tm)
        A4 = A + dt * (i3 - d3)
        i4, t4, d4 = flows(A4, M2, S2, Tm)
        inflow = dt / 6.0 * (i1 + 2 * i2 + 2 * i3 + i4)
        outflow = dt / 6.0 * (d1 + 2 * d2 + 2 * d3 + d4)
        A = np.clip(A + inflow - outflow, 0.0, M2)
        out_A[..., m] = A
        out_in[..., m] = inflow
        out_drop[..., m] = outflow
        out_train[..., m] = dt / 6.0 * (t1 + 2 * t2 + 2 * t3 + t4)

    training_cost = np.broadcast_to(P["training_cost_idr"], batch)[..., None]
    village_cost = np.broadcast_to(P["village_cost_idr"], batch)[..., None]
    return Trajectory(
        n_adopters=out_A,
        new_adopters=out_in,
        new_dropouts=out_drop,
        new_from_training=out_train,
        market_potential=potential[..., 2],
        n_umkm=n_umkm[..., 2] * np.ones(batch)[..., None],
        connected_share=connected[..., 2],
        ready_share=ready[..., 2],
        villages_covered=covered[..., 2],
        spend_training_idr=T_full * MONTH * training_cost,
        spend_infrastructure_idr=funded * MONTH * village_cost,
        spend_financing_idr=F_full * MONTH * np.ones(batch)[..., None],
        initial_adopters=np.broadcast_to(P["adopters_2020"], batch).astype(float),
    )


def bass_cumulative(t: np.ndarray, *, innovation: float, imitation: float) -> np.ndarray:
    """Bass closed form: fraction of the potential adopted by time ``t`` [years], starting from zero.

    F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})
    """
    p, q = innovation, imitation
    decay = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1.0 - decay) / (1.0 + q / p * decay)
