"""The compiled kernel's own machinery: a batch split over threads gives the numbers of one thread, bit for bit.

(That the kernel computes what the numpy reference engine computes is tested in ``test_model.py``.)
"""

from __future__ import annotations

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


def test_a_batch_uses_threads_only_when_each_has_enough_draws() -> None:
    import numba

    most = numba.config.NUMBA_NUM_THREADS
    assert kernel._threads_for(1_000, 2) == min(2, most)  # the app's 1,000 draws: two threads on two cores
    assert kernel._threads_for(300, 2) == 1  # too few to be worth a second thread
    assert kernel._threads_for(5, 8) == 1  # the central runs
    assert kernel._threads_for(20_000, 64) == min(64, most, 20_000 // kernel.MIN_PER_THREAD)
    assert kernel._threads_for(1_000, 0) == 1


def test_threads_default_to_at_most_the_machines_cores() -> None:
    import os
    assert 1 <= kernel.THREADS <= (os.cpu_count() or 1)


def test_calls_from_many_threads_at_once_give_each_its_own_numbers() -> None:
    """Streamlit runs sessions in threads, and heavy jobs beside page runs: threaded kernel calls made at the same
    time (serialised inside, see ``kernel._parallel_lock``) each return what they would alone."""
    from concurrent.futures import ThreadPoolExecutor

    coefficients, batch, levers = _inputs(1_000)
    scaled = [[lever * f for lever in levers] for f in (0.5, 1.0, 1.5, 2.0)]
    alone = [kernel.run(coefficients, batch, *paths, outputs=kernel.MONTE_CARLO_OUTPUTS) for paths in scaled]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda paths: kernel.run(coefficients, batch, *paths,
                                                          outputs=kernel.MONTE_CARLO_OUTPUTS), scaled * 3))
    for k, result in enumerate(together):
        np.testing.assert_array_equal(result["n_adopters"], alone[k % 4]["n_adopters"])


def test_openmp_threads_sleep_between_calls_unless_told_otherwise() -> None:
    """GNU OpenMP's threads spin after each threaded call by default (2.3 ms of CPU per 1,000-draw ensemble on
    this machine): the kernel asks for passive threads before its pool starts, and leaves a user's choice alone."""
    import os
    import subprocess
    import sys

    code = "import os, simulator.kernel; print(os.environ['OMP_WAIT_POLICY'])"
    for preset, expected in ((None, "PASSIVE"), ("ACTIVE", "ACTIVE")):
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        if preset:
            env["OMP_WAIT_POLICY"] = preset
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert done.stdout.strip() == expected, done.stderr[-1000:]
