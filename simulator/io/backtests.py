"""The rolling-origin backtest of the bundled observations, stored with the package.

The backtest at the default origins (:data:`simulator.backtest.DEFAULT_ORIGINS`, 1,000 draws, the default seed)
is a seeded, deterministic result of the bundled data; the app reads it from ``simulator/data/backtest.json``
instead of spending about three seconds of CPU per server process recomputing it. ``make baseline`` (which
regenerates ``tests/baseline.json``) rewrites it, and ``tests/test_io_backtests.py`` checks that it equals what
the code computes.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

from simulator import backtest
from simulator.io import observations


def path() -> Path:
    """Where the stored backtest lives."""
    return Path(str(resources.files("simulator") / "data" / "backtest.json"))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def compute() -> backtest.Backtest:
    """The backtest of the bundled observations at the default origins, draws and seed."""
    return backtest.backtest(observations.load(as_of=None))


def dumps(result: backtest.Backtest) -> str:
    return json.dumps(_plain(result.to_dict()), indent=1, allow_nan=False) + "\n"


def write() -> Path:
    """Recompute and store it (``make baseline``)."""
    target = path()
    target.write_text(dumps(compute()), encoding="utf-8")
    return target


@functools.lru_cache(maxsize=1)
def stored() -> backtest.Backtest:
    """The stored backtest, read once per process."""
    return backtest.Backtest.from_dict(json.loads(path().read_text(encoding="utf-8")))
