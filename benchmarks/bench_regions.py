"""Speed of the regional view beside the national ensemble, and how close the regions' sum is to the nation.

Run: ``.venv/bin/python -m benchmarks.bench_regions`` (about half a minute). Every figure and ratio printed is
measured in this run, at the app's default draws (:data:`simulator.uncertainty.DEFAULT_DRAWS`), one thread.

* A new scenario's national ensemble (every lever moved, so the scenario and each lever alone are run; the
  status quo is memoised as in the app) against the regional view of the same new scenario: the regional
  ensemble (every :data:`simulator.regions.DRAW_STRIDE`-th draw x six regions) plus the central regional run
  with each lever alone (the table). Target: at most 1.5 times the national time. The regional ensemble on
  every draw is printed beside it, to show what the stride buys.
* The best placement by region (:mod:`simulator.placement`) of a scenario moving every lever, at the app's
  default draws and at its cap (:data:`app_pages.state.MAX_APP_DRAWS` default, 2,000): target under 2 s.
* The regions' sum against the national model (central parameters; the status quo and a scenario moving
  every lever): the largest relative difference of the onboarded count over 2020-2024 and over the horizon.

Timings are the median of several repeats, each with a scenario not run before (wall clock; CPU beside it).
Exit status 1 if the target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from simulator import placement, regions
from simulator import uncertainty as mc
from simulator.parameters import Scenario

REPEATS = 9
TARGET_RATIO = 1.5
TARGET_PLACEMENT_S = 2.0
APP_DRAW_CAP = 2_000


def _scenario(k: int) -> Scenario:
    """A new scenario each call (every lever moved), so nothing is served from a memo."""
    return Scenario(training_per_year=1_000_000 + 1_000 * k, financing_idr_per_year=3e12 + 1e9 * k,
                    infrastructure_villages_per_year=4_000 + k % 500)


def _timed(fn: Callable[[Scenario], object], offset: int) -> tuple[float, float]:
    walls, cpus = [], []
    for k in range(REPEATS):
        scenario = _scenario(offset + k)
        w0, c0 = time.perf_counter(), time.process_time()
        fn(scenario)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    draws = mc.default_draws()
    print(f"Regional view against the national ensemble, {draws.draws:,} draws, one thread, median of {REPEATS}")
    # Warm up: compiled kernel, memoised baseline.
    mc.ensemble(_scenario(-1), draws)
    regions.regional_ensemble(_scenario(-1), None, draws)
    regions.run_regions(_scenario(-1))

    national = _timed(lambda s: mc.ensemble(s, draws), 0)
    regional = _timed(lambda s: (regions.regional_ensemble(s, None, draws), regions.run_regions(s)), 100)
    every = _timed(lambda s: (regions.regional_ensemble(s, None, draws, stride=1), regions.run_regions(s)), 200)
    ratio = regional[0] / national[0]
    print(f"  national ensemble, new scenario (wall / CPU)        {national[0]:.3f} s / {national[1]:.3f} s")
    print(f"  regional view, every {regions.DRAW_STRIDE}nd draw (wall / CPU)          "
          f"{regional[0]:.3f} s / {regional[1]:.3f} s")
    print(f"  regional view, every draw (wall / CPU)              {every[0]:.3f} s / {every[1]:.3f} s "
          f"({every[0] / national[0]:.2f}x national)")
    met = ratio <= TARGET_RATIO
    print(f"  ratio regional / national                           {ratio:.2f}x  target <= {TARGET_RATIO}x  "
          f"[{'met' if met else 'MISSED'}]")

    print("\nBest placement by region, every lever moved (search on central parameters, probability on every draw)")
    placement_met = True
    for n in (draws.draws, APP_DRAW_CAP):
        sized = mc.default_draws(n)
        placement.best_placement(_scenario(-2), draws=sized)  # warm: the draws sampled, the kernel compiled
        wall, cpu = _timed(lambda s, d=sized: placement.best_placement(s, draws=d), 300 + n // 100)
        ok = wall < TARGET_PLACEMENT_S
        placement_met &= ok
        result = placement.best_placement(_scenario(0), draws=sized)
        print(f"  {n:,} draws (wall / CPU)  {wall:.3f} s / {cpu:.3f} s  target < {TARGET_PLACEMENT_S} s  "
              f"[{'met' if ok else 'MISSED'}]  ({result.rounds} rounds, {result.evaluations} placements; "
              f"+{result.adopters_added:,.0f} UMKM, probability {result.probability_start:.3f} -> "
              f"{result.probability_best:.3f})")

    print("\nRegions' sum against the national model (central parameters, default allocation)")
    for name, scenario in (("status quo", Scenario()), ("every lever moved", _scenario(0))):
        gap = regions.national_gap(scenario=scenario)
        print(f"  {name:<20} max |sum/national - 1| 2020-2024 {gap['max_relative_2020_2024']:.2%}, "
              f"to the horizon {gap['max_relative_horizon']:.2%}, at the deadline {gap['at_deadline']:+.2%}")
    return 0 if met and placement_met else 1


if __name__ == "__main__":
    sys.exit(main())
