"""The cost model of simulator.limits: estimates grow with the draws, caps follow the budgets."""

from __future__ import annotations

import pytest

from simulator import limits


@pytest.mark.parametrize("command", sorted(limits.COSTS))
def test_max_draws_fits_both_budgets(command: str) -> None:
    allowed = limits.max_draws(command)
    assert 0 < allowed <= limits.MAX_DRAWS
    need = limits.estimate(command, allowed)
    assert need.bytes <= limits.memory_budget_bytes() and need.seconds <= limits.time_budget_seconds()
    assert limits.draws_problem(command, allowed) is None
    if allowed < limits.MAX_DRAWS:
        assert limits.draws_problem(command, allowed + 1000) is not None


def test_sensitivity_memory_per_draw_is_small_and_run_scales_with_months() -> None:
    # Sensitivity reduces every chunk to one number per draw and variant: under 1 kB a draw (was ~200 KiB).
    assert limits.COSTS["sensitivity"].mb_per_1000_draws < 1.0
    assert limits.estimate("sensitivity", 1_000_000).bytes < limits.memory_budget_bytes()
    assert limits.max_draws("run", months=264) < limits.max_draws("run") < limits.max_draws("run", months=36)


def test_budgets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(limits.MEMORY_ENV, "1000")
    monkeypatch.setenv(limits.TIME_ENV, "10")
    assert limits.max_draws("sensitivity") == pytest.approx(10 / limits.COSTS["sensitivity"].seconds_per_1000_draws
                                                            * 1000, abs=1000)
    monkeypatch.setenv(limits.TIME_ENV, "-5")
    with pytest.raises(ValueError, match=r"^UMKM_TIME_BUDGET_S='-5' is out of range; give a positive number"):
        limits.max_draws("run")


def test_an_unknown_command_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no cost model for command 'describe'; known: run, goal-seek, sensitivity"):
        limits.max_draws("describe")
