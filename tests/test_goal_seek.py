"""Goal seek: its answer holds when run forward, no cheaper feasible mix on a brute-force grid, honest failure."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator import goal_seek as gs
from simulator import timeline
from simulator import uncertainty as mc
from simulator.parameters import LEVERS, Scenario

WINDOW = timeline.parse_month("2021-07")


@pytest.fixture(scope="module")
def draws() -> mc.Draws:
    return mc.sample(draws=150, seed=13)


@pytest.fixture(scope="module")
def answer(draws: mc.Draws) -> gs.GoalSeekResult:
    return gs.goal_seek(target=28_500_000, probability=0.6, draws=draws)


def _brute_force(draws: mc.Draws, result: gs.GoalSeekResult, fractions: np.ndarray) -> list[tuple[float, float]]:
    """(expected cost, probability) of every mix on a grid, levers from the window start, run directly."""
    levels = [[round(f * lever.maximum / lever.step) * lever.step for f in fractions] for lever in LEVERS]
    mixes = [(a, b, c) for a in levels[0] for b in levels[1] for c in levels[2]]
    scenarios = [Scenario(**{lever.key: x for lever, x in zip(LEVERS, mix, strict=True)},
                          target=result.target, deadline=result.deadline) for mix in mixes]
    last = timeline.parse_month(result.deadline)

    def reduce(trajectory):
        spend = mc.spend_through(trajectory, first=WINDOW, last=last).sum(axis=0)
        return {"adopters": trajectory.n_adopters[..., last], "cost": spend}

    arrays = mc.map_draws(draws, scenarios, reduce, n_months=last + 1)
    probability = (arrays["adopters"] >= result.target) @ draws.weights
    cost = arrays["cost"] @ draws.weights
    return list(zip(cost, probability, strict=True))


def test_the_answer_meets_the_target_when_run_forward(draws: mc.Draws, answer: gs.GoalSeekResult) -> None:
    assert answer.found
    forward = mc.ensemble(answer.scenario, draws)
    # Up to the search's tolerance: a share of equal weights, 90 of 150, sums to 0.6 give or take 1e-16.
    assert forward.probability_reached >= answer.required_probability - 1e-9
    assert forward.probability_reached == pytest.approx(answer.probability, abs=1e-12)
    assert forward.adopters_at_deadline_p50 == pytest.approx(answer.adopters_at_deadline_p50, rel=1e-9)
    assert answer.cost_idr_p10 <= answer.cost_idr <= answer.cost_idr_p90 or answer.cost_idr_p10 == answer.cost_idr_p90
    for lever in LEVERS:
        value = getattr(answer.scenario, lever.key)
        assert 0 <= value <= lever.maximum
        assert value == pytest.approx(round(value / lever.step) * lever.step)  # on the app's slider steps
        assert timeline.parse_month(getattr(answer.scenario, lever.start_key)) >= WINDOW


@pytest.mark.parametrize("fractions", [np.linspace(0, 1, 3), np.linspace(0, 1, 5)], ids=["3-level", "5-level"])
def test_no_cheaper_feasible_mix_on_a_brute_force_grid(draws: mc.Draws, answer: gs.GoalSeekResult,
                                                       fractions: np.ndarray) -> None:
    feasible = [c for c, p in _brute_force(draws, answer, fractions) if p >= answer.required_probability]
    assert feasible, "the grid should hold a feasible mix for this test to mean anything"
    assert answer.cost_idr <= min(feasible) * (1 + 1e-9)


def test_a_budget_is_respected(draws: mc.Draws, answer: gs.GoalSeekResult) -> None:
    roomy = gs.goal_seek(target=28_500_000, probability=0.6, draws=draws, budget_idr=answer.cost_idr * 1.5)
    assert roomy.found and roomy.cost_idr <= answer.cost_idr * 1.5
    tight = gs.goal_seek(target=28_500_000, probability=0.6, draws=draws, budget_idr=answer.cost_idr * 0.3)
    assert not tight.found
    assert tight.cost_idr <= answer.cost_idr * 0.3 * (1 + 1e-9)
    assert tight.probability < 0.6
    assert "budget" in tight.message


def test_a_budget_at_the_answers_cost_finds_the_answer(draws: mc.Draws, answer: gs.GoalSeekResult) -> None:
    """The cheapest feasible mix is within a budget or no mix is: a budget of exactly its cost finds it, one
    just below finds nothing (regression: a grid restricted to the budget held no feasible mix, though the
    refined answer, between grid points, was affordable)."""
    exact = gs.goal_seek(target=28_500_000, probability=0.6, draws=draws, budget_idr=answer.cost_idr)
    assert exact.found and exact.scenario == answer.scenario
    below = gs.goal_seek(target=28_500_000, probability=0.6, draws=draws, budget_idr=answer.cost_idr * 0.99)
    assert not below.found and below.cost_idr <= answer.cost_idr * 0.99 * (1 + 1e-9)
    assert below.probability < 0.6


def test_an_impossible_goal_says_so_and_reports_the_closest_mix(draws: mc.Draws) -> None:
    result = gs.goal_seek(target=30_000_000, deadline="2024-12", probability=0.99, draws=draws)
    assert not result.found
    assert result.message.startswith("No mix")
    # The closest mix is every lever at its maximum from the window start (probability rises with every lever).
    for lever in LEVERS:
        assert getattr(result.scenario, lever.key) == lever.maximum
        assert getattr(result.scenario, lever.start_key) == "2021-07"
    assert 0.0 <= result.probability < 0.99
    assert result.adopters_at_deadline_p10 <= result.adopters_at_deadline_p50 <= result.adopters_at_deadline_p90


def test_an_easy_goal_costs_nothing(draws: mc.Draws) -> None:
    """Reached without any programme spending: every lever off from the window start."""
    result = gs.goal_seek(target=15_000_000, probability=0.8, draws=draws)
    assert result.found
    assert result.cost_idr == 0.0
    assert result.probability >= 0.8


def test_to_dict_is_plain_json(answer: gs.GoalSeekResult) -> None:
    data = json.loads(json.dumps(answer.to_dict(), allow_nan=False))
    for key in ("found", "scenario", "probability", "cost_idr", "adopters_at_deadline_p50", "message"):
        assert key in data
    assert Scenario.from_mapping(data["scenario"]) == answer.scenario
    assert data["deadline"] == "2024-12"


def test_invalid_input_raises(draws: mc.Draws) -> None:
    with pytest.raises(ValueError, match="probability"):
        gs.goal_seek(probability=1.5, draws=draws)
    with pytest.raises(ValueError, match="target"):
        gs.goal_seek(target=100, draws=draws)
    with pytest.raises(ValueError, match="budget"):
        gs.goal_seek(budget_idr=-1.0, draws=draws)
    with pytest.raises(ValueError, match="deadline"):
        gs.goal_seek(deadline="2024-13", draws=draws)
    with pytest.raises(ValueError, match="earliest_start"):
        gs.goal_seek(earliest_start="2025-01", deadline="2024-12", draws=draws)
