"""Goal seek by region: the answer holds when run forward in the regional model, never costs more than the
answer at the starting allocation, moves the allocation when that helps, and refuses bad input clearly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator import goal_seek, regions, timeline
from simulator import regional_goal_seek as rgs
from simulator import uncertainty as mc
from simulator.parameters import LEVERS, Scenario

WINDOW = timeline.parse_month("2021-07")
GOAL = {"target": 28_500_000, "deadline": "2024-12", "probability": 0.6}


@pytest.fixture(scope="module")
def draws() -> mc.Draws:
    return mc.sample(draws=150, seed=13)


@pytest.fixture(scope="module")
def answer(draws: mc.Draws) -> rgs.RegionalGoalSeekResult:
    return rgs.regional_goal_seek(**GOAL, draws=draws)


def _poor_start() -> regions.Allocation:
    """Training and financing all in Maluku-Papua, where a trained UMKM is least likely to sell online."""
    everything = tuple(1.0 if key == "maluku_papua" else 0.0 for key in regions.REGION_KEYS)
    return regions.Allocation().replace("training_per_year", everything).replace("financing_idr_per_year", everything)


def _forward(draws: mc.Draws, scenario: Scenario, allocation: regions.Allocation) -> tuple[float, float]:
    """(probability, expected programme spending over the window) of a placed scenario, run directly."""
    trajectory = regions.simulate_regions(draws.parameters, [scenario], [allocation])
    last = scenario.month_index("deadline")
    reached = trajectory.n_adopters[0, :, :, last].sum(axis=1) >= scenario.target
    spend = mc.spend_through(trajectory, first=WINDOW, last=last).sum(axis=(0, 3))[0]  # (draws,)
    return float(draws.weights @ reached), float(draws.weights @ spend)


def test_the_answer_reaches_the_target_when_run_forward(draws: mc.Draws, answer: rgs.RegionalGoalSeekResult) -> None:
    assert answer.found
    probability, cost = _forward(draws, answer.result.scenario, answer.allocation)
    assert probability >= GOAL["probability"] - 1e-9
    assert probability == pytest.approx(answer.result.probability, abs=1e-12)
    # The same cost measure as the national goal seek: expected spending over the programme window.
    assert cost == pytest.approx(answer.result.cost_idr, rel=1e-9)
    assert answer.result.window_start == "2021-07"
    for lever in LEVERS:
        value = getattr(answer.result.scenario, lever.key)
        assert 0 <= value <= lever.maximum
        assert value == pytest.approx(round(value / lever.step) * lever.step)


def test_it_costs_no_more_than_the_answer_at_the_starting_allocation(
        draws: mc.Draws, answer: rgs.RegionalGoalSeekResult) -> None:
    fixed = rgs.regional_goal_seek(**GOAL, draws=draws, rounds=0)
    assert fixed.allocation.shares == regions.Allocation().shares
    assert fixed.result.cost_idr == pytest.approx(answer.at_start_allocation.cost_idr, rel=1e-12)
    assert answer.result.cost_idr <= fixed.result.cost_idr * (1 + 1e-12)
    assert answer.saving_idr >= 0.0
    # And the answer at the default allocation runs forward too (it is the intensities-only goal seek).
    probability, _ = _forward(draws, fixed.result.scenario, fixed.allocation)
    assert probability >= GOAL["probability"] - 1e-9


def test_moving_the_allocation_is_part_of_the_answer_when_it_helps(answer: rgs.RegionalGoalSeekResult) -> None:
    # At this goal the default placement is not the cheapest: the search moves shares and cuts the intensities.
    assert answer.rounds >= 1
    assert answer.allocation.shares != regions.Allocation().shares
    assert answer.result.cost_idr < answer.at_start_allocation.cost_idr * (1 - 1e-3)
    assert answer.saving_idr > 0


def test_a_goal_out_of_reach_where_the_levers_start_is_reached_by_moving_them(draws: mc.Draws) -> None:
    start = _poor_start()
    result = rgs.regional_goal_seek(**GOAL, draws=draws, allocation=start)
    assert not result.at_start_allocation.found  # every lever at its maximum in Maluku-Papua falls short
    assert result.found and result.rounds >= 1
    assert result.allocation.shares != start.shares
    probability, cost = _forward(draws, result.result.scenario, result.allocation)
    assert probability >= GOAL["probability"] - 1e-9
    assert cost == pytest.approx(result.result.cost_idr, rel=1e-9)


def test_a_lever_left_at_zero_keeps_its_starting_shares(draws: mc.Draws) -> None:
    result = rgs.regional_goal_seek(**GOAL, draws=draws, allocation=_poor_start())
    assert any(getattr(result.result.scenario, lever.key) == 0.0 for lever in LEVERS)
    for lever in LEVERS:
        if getattr(result.result.scenario, lever.key) == 0.0:
            assert result.allocation.shares[lever.key] == _poor_start().shares[lever.key]


def test_levers_cut_below_the_status_quo_are_flagged(answer: rgs.RegionalGoalSeekResult) -> None:
    expected = [lever.key for lever in LEVERS if getattr(answer.result.scenario, lever.key) < lever.status_quo]
    assert answer.below_status_quo == expected
    assert answer.to_dict()["levers_below_status_quo"] == expected


def test_an_unreachable_goal_says_so(draws: mc.Draws) -> None:
    result = rgs.regional_goal_seek(target=40_000_000, deadline="2022-12", probability=0.9, draws=draws)
    assert not result.found
    assert result.saving_idr == 0.0
    assert result.result.message.startswith("No mix")


def test_the_result_is_json_ready(answer: rgs.RegionalGoalSeekResult) -> None:
    document = json.loads(json.dumps(answer.to_dict()))
    assert document["found"] is True
    assert set(document["allocation"]) == set(regions.ALLOCATION_KEYS)
    for shares in document["allocation"].values():
        assert set(shares) == set(regions.REGION_KEYS)
        assert sum(shares.values()) == pytest.approx(1.0)
    assert document["at_start_allocation"]["cost_idr"] >= document["cost_idr"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"rounds": -1}, "rounds"),
    ({"rounds": True}, "rounds"),
    ({"probability": 0.0}, "probability"),
    ({"target": 1e12}, "target"),
    ({"deadline": "2024-13"}, "deadline"),
    ({"earliest_start": "2025-01"}, "earliest_start"),
    ({"budget_idr": -1.0}, "budget_idr"),
])
def test_bad_input_is_refused_naming_it(draws: mc.Draws, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rgs.regional_goal_seek(**{**GOAL, **kwargs}, draws=draws)


def test_the_regions_sum_below_the_nation_at_the_default_allocation(draws: mc.Draws) -> None:
    """What seeding the scan with the national model's short grid mixes rests on: at the default allocation the
    six regions' sum stays at or below the national model in every draw, so a grid mix short nationally is
    short by region."""
    last = timeline.parse_month("2024-12")
    mixes = [Scenario(horizon="2024-12", **{lever.key: f * lever.maximum for lever in LEVERS})
             for f in (0.0, 0.25, 0.5, 1.0)]
    national = mc.map_draws(draws, mixes, lambda t: {"a": t.n_adopters[..., last]}, n_months=last + 1)["a"]
    regional = regions.simulate_regions(draws.parameters, mixes, [regions.Allocation()] * len(mixes))
    assert np.all(regional.n_adopters[..., last].sum(axis=-1) <= national * (1 + 1e-12))


def test_the_search_reuses_the_national_machinery() -> None:
    assert issubclass(rgs._RegionalSearch, goal_seek._Search)
