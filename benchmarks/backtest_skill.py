"""Backtest skill against the aim: ``python -m benchmarks.backtest_skill [DRAWS]``.

Prints the rolling-origin backtest table (:mod:`simulator.backtest`, bundled data to June 2023) and checks the
aim of the issue "Forecasts you can check": averaged over the origins, the model's MAPE below the best reference
forecast's, and its P10-P90 coverage within 70-90%. It says plainly whether the aim is met; nothing is tuned to
meet it.
"""

from __future__ import annotations

import sys
import time

from simulator import backtest, uncertainty
from simulator.io import observations

COVERAGE_AIM = (0.70, 0.90)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    draws = int(args[0]) if args else uncertainty.DEFAULT_DRAWS
    start = time.perf_counter()
    result = backtest.backtest(observations.load(as_of=None), draws=draws)
    seconds = time.perf_counter() - start
    print(f"Rolling-origin backtest, {draws} draws, seed {result.seed}, {seconds:.1f} s "
          "(MAPE of the median; CRPS in millions of UMKM; share of later counts inside P10-P90)")
    print(backtest.table_text(result))
    mean = result.mean
    best = min(backtest.REFERENCES, key=lambda name: mean[name]["mape"])
    mape_ok = mean["model"]["mape"] < mean[best]["mape"]
    coverage = mean["model"]["coverage_80"]
    coverage_ok = COVERAGE_AIM[0] <= coverage <= COVERAGE_AIM[1]
    print()
    print(f"MAPE: model {mean['model']['mape']:.1%} vs best reference {best} {mean[best]['mape']:.1%}: "
          f"{'met' if mape_ok else 'NOT met'}")
    print(f"P10-P90 coverage: model {coverage:.0%} vs aim {COVERAGE_AIM[0]:.0%}-{COVERAGE_AIM[1]:.0%}: "
          f"{'met' if coverage_ok else 'NOT met'}")
    print(f"Aim {'met' if mape_ok and coverage_ok else 'NOT met'} by today's model.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
