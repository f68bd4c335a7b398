"""The engine's compiled kernel: the same equations and steps as ``simulate(..., engine="numpy")``, fused.

:func:`simulator.model.simulate` spends almost all of its time in the month loop. With numpy each of the ~130
array operations per month is a separate pass with its own Python overhead, which dominates at the app's
1,000 draws (about 40 microseconds of overhead per month, 5 ms per run before any arithmetic). Here the loop
over months runs inside one compiled function per draw, so a month costs its arithmetic only (about 70 ns per
draw and month). The numpy engine (:func:`simulator.model.simulate` with ``engine="numpy"``) stays as the
readable reference: tests require both to agree to 1e-12.

The kernel works on a flat batch: every coefficient broadcast to shape ``(n,)``, and each batch element reads
its lever paths from row ``row[i]`` of ``(rows, months)`` arrays, so scenarios are not copied once per draw.
It releases the GIL, so other sessions' threads of a Streamlit server keep running while it computes.
Compiled code is cached on disk (``cache=True``), so only the first process after an install pays the
compilation (about 2 s).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Collection

import numba
import numpy as np
from numba import njit, prange

# GNU OpenMP (numba's thread pool where it is installed) keeps its threads spinning for a while after each
# parallel loop, burning a core that a server's other sessions and its event loop need; passive threads sleep at
# once (waking costs microseconds). Read when the pool starts, so set before the first threaded call.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

MONTH = 1.0 / 12.0

THREADS = max(1, min(int(os.environ.get("UMKM_KERNEL_THREADS", "2")), os.cpu_count() or 1))
"""Threads one kernel call spreads its batch over (environment variable ``UMKM_KERNEL_THREADS``, default 2, at
most the machine's cores). Every batch element is independent, so the draws are shared out by the compiled
code's own threads (``numba.prange``), which need no GIL to start, and the numbers do not depend on how many:
a new scenario's 1,000 draws take about half the time. A server busy with other sessions loses nothing: the
work is the same, only spread (see ``benchmarks/bench_model.py``)."""
MIN_PER_THREAD = 256
"""Batch elements per thread below which a call runs in one thread (starting the threads costs ~20 µs)."""
_parallel_lock = threading.Lock()
"""One threaded kernel call at a time per process: numba's default thread pool (``workqueue``, where OpenMP is
missing) must not be entered from two threads at once; under this lock any of its thread pools may be used."""

COEFFICIENTS = (
    "umkm_2019", "umkm_growth", "connected_share_max", "connected_share_2020", "connected_share_rate",
    "umkm_per_uncovered_village", "remote_ready_factor", "ready_share_2020", "ready_share_trend",
    "financing_max_ready_gain", "financing_cost_per_ready_idr", "build_delay", "villages_without_4g",
    "innovation", "imitation", "campaign_pace", "campaign_start", "campaign_ramp", "campaign_fade_start",
    "campaign_fade_rate", "training_effectiveness", "dropout_rate", "training_dropout_reduction", "adopters_2020",
)
"""Coefficients the kernel reads, in the order of the rows of its ``coefficients`` argument."""

OUTPUTS = ("n_adopters", "n_active", "new_adopters", "new_dropouts", "new_from_training", "new_from_campaign",
           "market_potential", "n_umkm", "connected_share", "ready_share", "villages_covered", "funded")
"""Series the kernel writes, in the order of the first axis of its ``out`` argument."""


def _compiled(function, *, parallel: bool = False):
    """``function`` compiled on first call, releasing the GIL, with its machine code cached on disk; with
    ``parallel``, its ``prange`` loop shared out among numba's threads.

    Numba caches next to this file, else in the user's cache directory (or ``NUMBA_CACHE_DIR``); where none is
    writable (a read-only install without a home directory) it refuses to cache, and the kernel is then compiled
    in memory by every process instead of failing to import.
    """
    try:
        return njit(cache=True, nogil=True, parallel=parallel)(function)
    except RuntimeError:  # "cannot cache function ...: no locator available"
        return njit(nogil=True, parallel=parallel)(function)


@_compiled
def _stage(ts, n_umkm, connected_base, covered, K, per_village, remote, r0, r_trend, gain_max, scale_per_umkm,
           pace, t_c, ramp, t_f, fade):  # pragma: no cover - compiled
    """Connected share, reachable share, pool and campaign pace at time ``ts`` (see ``stage`` in model.py)."""
    newly = min(per_village * covered, n_umkm * (1.0 - connected_base))
    ready = min(1.0, r0 + r_trend * ts + gain_max * -math.expm1(-K / (scale_per_umkm * n_umkm)))
    pool = ready * (n_umkm * connected_base + remote * newly)
    intensity = min(1.0, max(ts - t_c, 0.0) / ramp) * math.exp(-fade * max(ts - t_f, 0.0))
    return connected_base + newly / n_umkm, ready, pool, pace * intensity


@_compiled
def _flows(O, A, M, C, S, converts, pool, p, q, delta, h):  # pragma: no cover - compiled
    """Onboarding, of it by training and by the campaign, and drop-out (see ``flows`` in model.py)."""
    gap = max(M - O, 0.0)
    M_safe = max(M, 1.0)
    campaign = C / M_safe * gap
    trained = converts * gap / (gap + pool)
    inflow = (p + q * O / M_safe) * gap + campaign + trained
    dropouts = delta * (1.0 - h * min(1.0, S / max(A, 1.0))) * A
    return inflow, trained, campaign, dropouts


MONTE_CARLO_OUTPUTS = ("n_adopters", "funded")
"""What the Monte Carlo keeps of a run (the count and the villages funded, which its cost needs): the kernel has
a variant that computes only these."""


def _month_loop(every_output: bool, parallel: bool = False):
    """The kernel's month loop, compiled; with ``every_output`` False it writes only
    :data:`MONTE_CARLO_OUTPUTS`, and the compiler drops the arithmetic of the series it no longer writes (a third
    of the time at 1,000 draws); with ``parallel`` the draws are shared out among threads. Both are constants of
    the compiled code, so each variant is compiled and cached once."""

    def run(coefficients: np.ndarray, row: np.ndarray, training: np.ndarray, villages: np.ndarray,
            financing: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
        # ``parallel`` is read here so that it is part of the closure: numba's disk cache tells variants apart by
        # the closure's values, not by the compile options, and would otherwise hand one variant's code to both.
        _draws(coefficients, row, training, villages, financing, out, every_output, parallel)

    return _compiled(run, parallel=parallel)


@njit(nogil=True, inline="always")  # compiled into both variants, which are cached
def _draws(coefficients: np.ndarray, row: np.ndarray, training: np.ndarray, villages: np.ndarray,
           financing: np.ndarray, out: np.ndarray, every_output: bool,
           parallel: bool) -> None:  # pragma: no cover - compiled
    """Fill ``out`` for ``coefficients`` (``(len(COEFFICIENTS), n)``): ``(len(OUTPUTS), n, months)`` with
    ``every_output``, else ``(len(MONTE_CARLO_OUTPUTS), n, months)``."""
    n = coefficients.shape[1]
    n_months = training.shape[1]
    half = 0.5 * MONTH
    dt = MONTH
    # One draw at a time through all months: its state stays in registers and its outputs are written in order.
    # (A plain loop in the one-thread variants; in the threaded ones each thread takes a share of the draws.)
    for i in prange(n):
        N0 = coefficients[0, i]
        c_max, c0 = coefficients[2, i], coefficients[3, i]
        per_village, remote = coefficients[5, i], coefficients[6, i]
        r0, r_trend = coefficients[7, i], coefficients[8, i]
        gain_max = coefficients[9, i]
        scale_per_umkm = coefficients[10, i] * max(gain_max, 1e-12)
        tau, v_max = coefficients[11, i], coefficients[12, i]
        p, q = coefficients[13, i], coefficients[14, i]
        pace, t_c, ramp = coefficients[15, i], coefficients[16, i], coefficients[17, i]
        t_f, fade = coefficients[18, i], coefficients[19, i]
        e, delta, h = coefficients[20, i], coefficients[21, i], coefficients[22, i]
        O = coefficients[23, i]
        A = O
        r = row[i]
        decay_half = math.exp(-0.5 * MONTH / tau)
        decay_full = decay_half * decay_half
        grow_step = math.exp(math.log1p(coefficients[1, i]) * half)
        decay_step = math.exp(-coefficients[4, i] * half)
        gap_c = c_max - c0
        building = covered_now = 0.0
        grown = decayed = 1.0
        K_start = S_start = 0.0
        _, _, M2, C2 = _stage(0.0, N0, c_max - gap_c, 0.0, 0.0, per_village, remote, r0, r_trend, gain_max,
                              scale_per_umkm, pace, t_c, ramp, t_f, fade)
        for m in range(n_months):
            Tm, bm, Fm = training[r, m], villages[r, m], financing[r, m]
            room = max(v_max - covered_now - building, 0.0)
            rate = min(bm, room / MONTH)
            steady = rate * tau
            covered_mid = covered_now + rate * (0.5 * MONTH) - (steady + (building - steady) * decay_half - building)
            building_end = steady + (building - steady) * decay_full
            covered_end = covered_now + rate * MONTH - (building_end - building)
            building, covered_now = building_end, covered_end

            t_mid, t_end = (m + 0.5) * MONTH, (m + 1.0) * MONTH
            M0, C0 = M2, C2
            grown_mid, decayed_mid = grown * grow_step, decayed * decay_step
            grown, decayed = grown_mid * grow_step, decayed_mid * decay_step
            _, _, M1, C1 = _stage(t_mid, N0 * grown_mid, c_max - gap_c * decayed_mid, covered_mid,
                                  K_start + Fm * (t_mid - m * MONTH), per_village, remote, r0, r_trend, gain_max,
                                  scale_per_umkm, pace, t_c, ramp, t_f, fade)
            n_end = N0 * grown
            connected_end, ready_end, M2, C2 = _stage(
                t_end, n_end, c_max - gap_c * decayed, covered_end, K_start + Fm * (t_end - m * MONTH),
                per_village, remote, r0, r_trend, gain_max, scale_per_umkm, pace, t_c, ramp, t_f, fade)

            converts = e * Tm
            pool = converts * 1.0 + 1e-9
            S0 = S_start
            S1, S2 = S0 + Tm * 0.5 * dt, S0 + Tm * dt
            i1, t1, c1, d1 = _flows(O, A, M0, C0, S0, converts, pool, p, q, delta, h)
            i2, t2, c2, d2 = _flows(O + 0.5 * dt * i1, A + 0.5 * dt * (i1 - d1), M1, C1, S1, converts, pool,
                                    p, q, delta, h)
            i3, t3, c3, d3 = _flows(O + 0.5 * dt * i2, A + 0.5 * dt * (i2 - d2), M1, C1, S1, converts, pool,
                                    p, q, delta, h)
            i4, t4, c4, d4 = _flows(O + dt * i3, A + dt * (i3 - d3), M2, C2, S2, converts, pool, p, q, delta, h)
            inflow = dt / 6.0 * (i1 + 2 * i2 + 2 * i3 + i4)
            outflow = dt / 6.0 * (d1 + 2 * d2 + 2 * d3 + d4)
            O = min(O + inflow, max(M2, O))
            A = min(max(A + inflow - outflow, 0.0), O)

            if every_output:
                out[0, i, m] = O
                out[1, i, m] = A
                out[2, i, m] = inflow
                out[3, i, m] = outflow
                out[4, i, m] = dt / 6.0 * (t1 + 2 * t2 + 2 * t3 + t4)
                out[5, i, m] = dt / 6.0 * (c1 + 2 * c2 + 2 * c3 + c4)
                out[6, i, m] = M2
                out[7, i, m] = n_end
                out[8, i, m] = connected_end
                out[9, i, m] = ready_end
                out[10, i, m] = covered_end
                out[11, i, m] = rate
            else:
                out[0, i, m] = O
                out[1, i, m] = rate
            K_start += Fm * MONTH
            S_start += Tm * MONTH


_run = _month_loop(every_output=True)
_run_monte_carlo = _month_loop(every_output=False)
_run_threaded = _month_loop(every_output=True, parallel=True)
_run_monte_carlo_threaded = _month_loop(every_output=False, parallel=True)


def run(coefficients: dict[str, np.ndarray], batch: tuple[int, ...], training: np.ndarray, villages: np.ndarray,
        financing: np.ndarray, outputs: Collection[str] = OUTPUTS, threads: int | None = None
        ) -> dict[str, np.ndarray]:
    """Run the kernel; returns each of ``outputs`` (by default all :data:`OUTPUTS`) shaped ``(*batch, months)``.

    ``coefficients`` maps each of :data:`COEFFICIENTS` to an array broadcastable to ``batch``; the lever paths
    are shaped ``(..., months)`` with leading axes broadcastable to ``batch``. Outputs within
    :data:`MONTE_CARLO_OUTPUTS` are computed by the kernel's leaner variant. ``threads``: how many threads the
    batch is split over (default :data:`THREADS`); the numbers do not depend on it.
    """
    unknown = set(outputs) - set(OUTPUTS)
    if unknown:
        raise ValueError(f"unknown kernel outputs: {', '.join(sorted(unknown))}; allowed {', '.join(OUTPUTS)}")
    lean = set(outputs) <= set(MONTE_CARLO_OUTPUTS)
    names = MONTE_CARLO_OUTPUTS if lean else OUTPUTS
    n = int(np.prod(batch, dtype=np.int64))
    n_months = training.shape[-1]
    stacked = np.empty((len(COEFFICIENTS), n))
    for k, name in enumerate(COEFFICIENTS):
        stacked[k] = np.broadcast_to(coefficients[name], batch).ravel()
    lever_batch = np.broadcast_shapes(training.shape[:-1], villages.shape[:-1], financing.shape[:-1])
    rows = int(np.prod(lever_batch, dtype=np.int64))

    def table(path: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.broadcast_to(path, (*lever_batch, n_months)).reshape(rows, n_months))

    row = np.ascontiguousarray(np.broadcast_to(np.arange(rows, dtype=np.int64).reshape(lever_batch), batch).ravel())
    out = np.empty((len(names), n, n_months))
    paths = table(training), table(villages), table(financing)
    k = _threads_for(n, threads)
    if k == 1:
        (_run_monte_carlo if lean else _run)(stacked, row, *paths, out)
    else:
        with _parallel_lock:
            numba.set_num_threads(k)
            (_run_monte_carlo_threaded if lean else _run_threaded)(stacked, row, *paths, out)
    return {name: out[k].reshape(*batch, n_months) for k, name in enumerate(names) if name in outputs}


def _threads_for(n: int, threads: int | None = None) -> int:
    """Threads for a batch of ``n`` elements: :data:`THREADS` (or ``threads``), at most numba's thread count, and
    none with fewer than :data:`MIN_PER_THREAD` elements."""
    wanted = THREADS if threads is None else threads
    return max(1, min(wanted, numba.config.NUMBA_NUM_THREADS, n // MIN_PER_THREAD))
