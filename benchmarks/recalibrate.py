"""Live recalibration: ``python -m benchmarks.recalibrate [DRAWS]``.

When a staffer adds a count, the app conditions its draws on the new data (:func:`simulator.uncertainty.sample`,
both structures, tempered SMC). The aim (issue "Forecasts you can check"): under a second on 2 cores at the
app's default draws, with the cap of added rows. Printed beside a reference measured in the same run: one
ensemble of the status quo against ready draws (what a lever move costs), so the ratio says how many lever moves
one recalibration is worth.
"""

from __future__ import annotations

import sys
import time

from simulator import uncertainty
from simulator.io import added, vintages
from simulator.parameters import Scenario

AIM_SECONDS = 1.0


def _best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _added_rows(n: int) -> tuple[added.Row, ...]:
    """``n`` counts twice a month after June 2023 (the 1st and the 15th), each said on its day (the cap is 50)."""
    rows = []
    for k in range(n):
        year, month, day = 2023 + (6 + k // 2) // 12, (6 + k // 2) % 12 + 1, 1 + 14 * (k % 2)
        rows.append({"date": f"{year}-{month:02d}-{day:02d}", "value": str(23_000_000 + 75_000 * k)})
    return added.normalise(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    draws = int(args[0]) if args else uncertainty.DEFAULT_DRAWS
    ready = uncertainty.sample(draws=draws)  # also compiles the kernel
    scenario = Scenario(training_per_year=1_000_000)
    reference = _best(lambda: uncertainty.ensemble(scenario, ready, levers=False))
    print(f"Reference: one lever move's ensemble against ready draws ({draws} draws): {reference * 1e3:.0f} ms")
    cases = {"decision (2021-06, 6 fitted counts)": vintages.as_of(added.combine(()), "2021-06"),
             "latest bundled (2023-06)": vintages.as_of(added.combine(()), "2023-06")}
    rows = _added_rows(added.MAX_ADDED)
    combined = added.combine(rows)
    cases[f"with {added.MAX_ADDED} added counts ({vintages.vintage_range(combined)[1]})"] = vintages.as_of(
        combined, vintages.vintage_range(combined)[1])
    worst = 0.0
    for name, data in cases.items():
        seconds = _best(lambda data=data: uncertainty.sample(draws=draws, observations=data), repeat=2)
        worst = max(worst, seconds)
        print(f"Recalibration, {name}: {seconds:.2f} s ({seconds / reference:.0f}x the reference, "
              f"{int(data['use'].sum())} fitted rows)")
    print(f"Aim: under {AIM_SECONDS:.0f} s at {draws} draws: {'met' if worst < AIM_SECONDS else 'NOT met'} "
          f"(slowest {worst:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
