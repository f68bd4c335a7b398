"""The compiled kernel's own machinery: a batch split over threads gives the numbers of one thread, bit for bit.

(That the kernel computes what the numpy reference engine computes is tested in ``test_model.py``.)
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from simulator import kernel, uncertainty
from simulator.parameters import Scenario
from simulator.runner import lever_paths


def _inputs(n_draws: int):
    draws = uncertainty.default_draws(n_draws)
    scenarios = [Scenario(training_per_year=2e6), Scenario(infrastructure_villages_per_year=4_000)]
    paths = lever_paths(scenarios, n_months=scenarios[0].n_months)
    coefficients = {name: np.asarray(value, dtype=float) for name, value in draws.parameters.as_dict().items()}
    levers = [getattr(paths, name)[:, None, :] for name in
              ("training_per_year", "villages_per_year", "financing_idr_per_year")]
    return coefficients, (len(scenarios), n_draws), levers


@pytest.mark.parametrize("outputs", [kernel.OUTPUTS, kernel.MONTE_CARLO_OUTPUTS])
@pytest.mark.parametrize("threads", [2, 3, 7])
def test_a_batch_split_over_threads_gives_the_numbers_of_one_thread(outputs, threads: int) -> None:
    coefficients, batch, levers = _inputs(1_000)
    one = kernel.run(coefficients, batch, *levers, outputs=outputs, threads=1)
    split = kernel.run(coefficients, batch, *levers, outputs=outputs, threads=threads)
    assert set(split) == set(outputs)
    for name in outputs:
        assert split[name].shape == (*batch, levers[0].shape[-1])
        np.testing.assert_array_equal(split[name], one[name], err_msg=name)


def test_the_split_covers_the_batch_once_in_contiguous_parts_none_too_small() -> None:
    for n in (0, 1, 255, 256, 511, 512, 1_000, 2_001, 20_000):
        for threads in (1, 2, 3, 8):
            parts = kernel._split(n, threads)
            assert parts[0].start == 0 and parts[-1].stop == n
            assert all(a.stop == b.start for a, b in itertools.pairwise(parts))
            assert len(parts) <= threads
            if len(parts) > 1:
                assert min(p.stop - p.start for p in parts) >= kernel.MIN_PER_THREAD
    assert len(kernel._split(1_000, 2)) == 2  # the app's 1,000 draws: two halves
    assert len(kernel._split(300, 2)) == 1  # too few to be worth a thread


def test_threads_default_to_at_most_the_machines_cores() -> None:
    import os
    assert 1 <= kernel.THREADS <= (os.cpu_count() or 1)
