"""Resource caps by cost, not by count: how much memory and time a command needs for a number of draws.

Each command that takes ``--draws`` has a measured cost per draw (:data:`COSTS`): peak resident memory and
wall time grow linearly with the draws above a fixed start-up cost (the interpreter, numpy, pandas, the compiled
engine and one engine batch of :data:`simulator.uncertainty.MAX_BATCH` scenario-draws). Per-draw figures scale
with the months simulated per draw (``run``: to the horizon; ``goal-seek`` and ``sensitivity``: to the
deadline). A request is allowed when its estimate fits both budgets:

* memory: :data:`DEFAULT_MEMORY_BUDGET_MB` (environment variable ``UMKM_MEMORY_BUDGET_MB``);
* time: :data:`DEFAULT_TIME_BUDGET_S` (``UMKM_TIME_BUDGET_S``);

and never more than :data:`MAX_DRAWS`. The command line refuses a request over the cap before any work, with
one line saying what is allowed; the app can ask :func:`max_draws` for the same figure.

The figures were measured with ``/usr/bin/time -v`` (peak RSS, converted from KiB to MB) on this project's
2-vCPU machine, default arguments, one thread; see README.md, "The command line". ``calibrate`` takes no
draws: its cost is bounded by the observation file's caps (:data:`simulator.io.observations.MAX_BYTES`,
``MAX_ROWS``, ``MAX_COLUMNS``).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

MAX_DRAWS = 1_000_000
"""Most draws any command accepts, whatever the budgets."""
DEFAULT_MEMORY_BUDGET_MB = 2000
DEFAULT_TIME_BUDGET_S = 300
MEMORY_ENV, TIME_ENV = "UMKM_MEMORY_BUDGET_MB", "UMKM_TIME_BUDGET_S"
MB = 1_000_000


@dataclass(frozen=True, kw_only=True)
class Cost:
    """Measured cost of one command: fixed part plus a part per draw (at ``months`` months per draw)."""

    base_mb: float  # peak RSS extrapolated to no draws [MB, 10^6 bytes]
    mb_per_1000_draws: float  # slope of peak RSS [MB per 1,000 draws]
    seconds_per_1000_draws: float  # slope of wall time [s per 1,000 draws]
    months: int  # months simulated per draw when measured


COSTS: dict[str, Cost] = {
    # Peak RSS and wall time measured at 1,000 to 200,000 draws (README.md, "The command line"); slopes rounded up.
    # run: 10,000 draws 470 MB, 30,000 619 MB, 100,000 1,128 MB and 4.2 s (the full fan of five scenarios).
    "run": Cost(base_mb=400, mb_per_1000_draws=8.0, seconds_per_1000_draws=0.04, months=132),
    # goal-seek: 10,000 draws 447 MB, 50,000 487 MB, 1,000,000 838 MB and 16 s (a search finding no mix, which
    # runs many); time allows for searches up to three times longer.
    "goal-seek": Cost(base_mb=450, mb_per_1000_draws=0.5, seconds_per_1000_draws=0.05, months=60),
    # sensitivity: 20,000 draws 475 MB and 11 s, 100,000 510 MB and 30 s, 200,000 548 MB and 67 s.
    "sensitivity": Cost(base_mb=460, mb_per_1000_draws=0.65, seconds_per_1000_draws=0.35, months=60),
    # goal-seek --by-region: 2,000 draws 399 MB and 2.5 s, 10,000 draws 551 MB and 14.6 s (six regions per draw,
    # a national search to seed it, a placement and a second pattern search); time allows for slower searches.
    "goal-seek-by-region": Cost(base_mb=370, mb_per_1000_draws=20.0, seconds_per_1000_draws=2.0, months=60),
}
"""Cost model per command at its default arguments."""


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """Estimated peak memory [bytes] and wall time [s] of a command at some number of draws."""

    command: str
    draws: int
    bytes: float
    seconds: float


def _budget(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a number; give a positive number (default {default:g})") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name}={text!r} is out of range; give a positive number (default {default:g})")
    return value


def memory_budget_bytes() -> float:
    """Memory a command may use [bytes]: ``UMKM_MEMORY_BUDGET_MB`` MB, default 2,000 MB."""
    return _budget(MEMORY_ENV, DEFAULT_MEMORY_BUDGET_MB) * MB


def time_budget_seconds() -> float:
    """Wall time a command may take [s]: ``UMKM_TIME_BUDGET_S``, default 300 s."""
    return _budget(TIME_ENV, DEFAULT_TIME_BUDGET_S)


def _cost(command: str) -> Cost:
    try:
        return COSTS[command]
    except KeyError:
        raise ValueError(f"no cost model for command {command!r}; known: {', '.join(COSTS)}") from None


def estimate(command: str, draws: int, *, months: int | None = None) -> Estimate:
    """Estimated peak memory and wall time of ``command`` with ``draws`` draws of ``months`` months each."""
    cost = _cost(command)
    scale = (months or cost.months) / cost.months
    return Estimate(command=command, draws=int(draws),
                    bytes=(cost.base_mb + cost.mb_per_1000_draws * scale * draws / 1000) * MB,
                    seconds=cost.seconds_per_1000_draws * scale * draws / 1000)


def max_draws(command: str, *, months: int | None = None, memory_bytes: float | None = None,
              seconds: float | None = None) -> int:
    """Most draws ``command`` may use within the memory and time budgets (default: from the environment)."""
    cost = _cost(command)
    scale = (months or cost.months) / cost.months
    memory = memory_budget_bytes() if memory_bytes is None else memory_bytes
    limit = time_budget_seconds() if seconds is None else seconds
    by_memory = (memory / MB - cost.base_mb) / (cost.mb_per_1000_draws * scale) * 1000
    by_time = limit / (cost.seconds_per_1000_draws * scale) * 1000
    allowed = min(MAX_DRAWS, by_memory, by_time)
    if allowed >= 1000:  # a round figure to quote
        allowed = math.floor(allowed / 1000) * 1000
    return max(0, int(allowed))


def _gigabytes(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.1f} GB" if n_bytes >= 0.95e9 else f"{n_bytes / 1e6:,.0f} MB"


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{max(seconds, 1):.0f} s"


def draws_problem(command: str, draws: int, *, months: int | None = None) -> str | None:
    """``None`` if ``draws`` is within the caps, else one line saying what it would need and what is allowed."""
    allowed = max_draws(command, months=months)
    if draws <= allowed:
        return None
    need = estimate(command, draws, months=months)
    if draws > MAX_DRAWS:
        reason = f"at most {MAX_DRAWS:,} draws are accepted"
    else:
        reason = (f"at most {allowed:,} draws are allowed here (budgets: {_gigabytes(memory_budget_bytes())} of "
                  f"memory, {_duration(time_budget_seconds())}; set {MEMORY_ENV} or {TIME_ENV} to change them)")
    return (f"--draws {draws:,} for {command} would need about {_gigabytes(need.bytes)} and "
            f"{_duration(need.seconds)}; {reason}")
