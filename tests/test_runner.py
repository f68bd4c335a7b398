"""From scenarios to results: lever schedules, the verdict, the baseline, contributions and costs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from simulator import timeline
from simulator.parameters import LEVER_SPECS, LEVERS, ModelParameters, Scenario
from simulator.runner import assess, lever_paths, run, run_many, verdict_from_path

SCENARIOS = [
    Scenario(),
    Scenario.from_mapping({"training_per_year": 5e6, "financing_idr_per_year": 20e12,
                           "infrastructure_villages_per_year": 5_000}),
    Scenario.from_mapping({"target": 20e6, "deadline": "2022-06"}),
    Scenario.from_mapping({"target": 80e6}),  # never reached
    Scenario.from_mapping({"training_per_year": 0, "financing_idr_per_year": 0, "start": "2020-01",
                           "target": 25e6, "deadline": "2026-12"}),
]


def test_lever_paths_run_at_the_status_quo_until_each_start_month() -> None:
    scenario = Scenario.from_mapping({"training_per_year": 2e6, "training_start": "2021-07",
                                      "financing_idr_per_year": 0, "financing_start": "2020-01",
                                      "infrastructure_villages_per_year": 5_000,
                                      "infrastructure_start": "2023-01"})
    paths = lever_paths([scenario, Scenario()], n_months=60)
    assert paths.training_per_year.shape == (2, 60)
    training, villages, financing = paths.training_per_year[0], paths.villages_per_year[0], \
        paths.financing_idr_per_year[0]
    assert np.all(training[:18] == LEVER_SPECS["training_per_year"].status_quo) and np.all(training[18:] == 2e6)
    assert np.all(financing == 0.0)
    # BAKTI's programme has a history start (2021-01): none before it, its status-quo pace after it.
    infrastructure = LEVER_SPECS["infrastructure_villages_per_year"]
    history = timeline.parse_month(infrastructure.history_start)
    assert history == 12
    assert np.all(villages[:history] == 0.0)
    assert np.all(villages[history:36] == infrastructure.status_quo) and np.all(villages[36:] == 5_000)
    # The default scenario follows the same history.
    default = paths.villages_per_year[1]
    assert np.all(default[:history] == 0.0) and np.all(default[history:] == infrastructure.status_quo)


def test_a_lever_started_before_its_history_runs_from_its_own_start() -> None:
    scenario = Scenario.from_mapping({"infrastructure_villages_per_year": 3_000, "infrastructure_start": "2020-04"})
    villages = lever_paths([scenario], n_months=24).villages_per_year[0]
    assert np.all(villages[:3] == 0.0) and np.all(villages[3:] == 3_000)


def test_frame_is_tidy_with_the_date_first() -> None:
    result = run(Scenario())
    frame = result.frame
    assert frame.columns[0] == "date"
    assert len(frame) == Scenario().n_months == 132
    assert frame["date"].iloc[0] == pd.Timestamp("2020-01-01") and frame["date"].iloc[-1] == pd.Timestamp("2030-12-01")
    for column in frame.columns[1:]:
        assert column.startswith(("n_", "new_", "cum_")) or column.endswith(("_share", "_idr", "_potential",
                                                                               "_covered")), column
    assert_allclose(frame["cum_spend_idr"], frame["spend_idr"].cumsum(), rtol=1e-12)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=range(len(SCENARIOS)))
def test_verdict_is_consistent_with_the_monthly_path(scenario: Scenario) -> None:
    result = run(scenario)
    adopters = result.frame["n_adopters"].to_numpy()
    verdict = result.verdict
    deadline = scenario.month_index("deadline")
    assert verdict.deadline == scenario.deadline and verdict.target == scenario.target
    assert verdict.adopters_at_deadline == adopters[deadline]
    assert verdict.gap == max(scenario.target - adopters[deadline], 0.0)
    if verdict.reached_on is None:
        assert np.all(adopters < scenario.target)
    else:
        first = timeline.parse_month(verdict.reached_on)
        assert adopters[first] >= scenario.target
        assert np.all(adopters[:first] < scenario.target)
    reached_in_time = verdict.reached_on is not None and timeline.parse_month(verdict.reached_on) <= deadline
    assert verdict.reached_by_deadline == reached_in_time


def test_both_verdicts_occur_in_the_scenarios_above() -> None:
    verdicts = [result.verdict for result in run_many(SCENARIOS)]
    assert {v.reached_by_deadline for v in verdicts} == {True, False}
    assert any(v.reached_on is None for v in verdicts)


def test_verdict_from_path_at_the_threshold() -> None:
    path = np.array([1.0, 2.0, 3.0, 3.0, 5.0])
    assert verdict_from_path(path, target=3.0, deadline=1) == ("2020-03", 2.0)
    assert verdict_from_path(path, target=6.0, deadline=4) == (None, 5.0)


def test_run_many_equals_separate_runs() -> None:
    together = run_many(SCENARIOS)
    for scenario, result in zip(SCENARIOS, together, strict=True):
        alone = run(scenario)
        assert result.verdict == alone.verdict
        pd.testing.assert_frame_equal(result.frame, alone.frame, rtol=1e-12)
    assert run_many([]) == []
    with pytest.raises(ValueError, match="share a horizon"):
        run_many([Scenario(), Scenario(horizon="2035-12")])


def test_baseline_is_the_status_quo_of_the_same_target_and_deadline() -> None:
    scenario = SCENARIOS[1].replace(target=35e6, deadline="2026-06")
    assessment = assess(scenario)
    assert assessment.baseline.scenario == scenario.status_quo()
    reference = run(scenario.status_quo())
    assert assessment.baseline.verdict == reference.verdict
    pd.testing.assert_frame_equal(assessment.baseline.frame, reference.frame, rtol=1e-12)
    assert assessment.scenario.verdict == run(scenario).verdict


def test_contributions_are_zero_at_the_status_quo() -> None:
    assessment = assess(Scenario())
    assert [c.lever for c in assessment.contributions] == [lever.key for lever in LEVERS]
    for contribution in assessment.contributions:
        assert contribution.adopters_added == 0.0 and contribution.extra_cost_idr == 0.0
        assert contribution.cost_per_adopter_idr is None
    assert assessment.interaction == 0.0


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.key)
def test_raising_one_lever_adds_adopters_through_that_lever_only(lever) -> None:
    assessment = assess(Scenario.from_mapping({lever.key: lever.maximum}))
    by_lever = {c.lever: c for c in assessment.contributions}
    assert by_lever[lever.key].adopters_added > 1_000
    for other in LEVERS:
        if other.key != lever.key:
            assert by_lever[other.key].adopters_added == 0.0 and by_lever[other.key].extra_cost_idr == 0.0
    if lever.key == "infrastructure_villages_per_year":
        # Funding stops once every village without 4G is funded, so the extra money is the price of the extra
        # villages funded through the deadline: at the status quo from the history start, at the maximum from
        # the scenario's start.
        scenario = assessment.scenario.scenario
        parameters = ModelParameters()
        history = timeline.parse_month(lever.history_start)
        start, deadline = scenario.month_index(lever.start_key), scenario.month_index("deadline")
        at_status_quo = lever.status_quo * (deadline + 1 - history) / 12
        at_maximum = lever.status_quo * (start - history) / 12 + lever.maximum * (deadline + 1 - start) / 12
        extra_villages = (min(at_maximum, parameters.villages_without_4g)
                          - min(at_status_quo, parameters.villages_without_4g))
        assert extra_villages > 0
        assert_allclose(by_lever[lever.key].extra_cost_idr, extra_villages * parameters.village_cost_idr, rtol=1e-9)
    else:
        assert by_lever[lever.key].extra_cost_idr > 0
        assert by_lever[lever.key].cost_per_adopter_idr > 0
    assert_allclose(assessment.interaction, 0.0, atol=1e-6)
    total = assessment.scenario.verdict.adopters_at_deadline - assessment.baseline.verdict.adopters_at_deadline
    assert_allclose(by_lever[lever.key].adopters_added, total, rtol=1e-12)


def test_contributions_and_interaction_add_up_to_the_total() -> None:
    assessment = assess(SCENARIOS[1])
    total = assessment.scenario.verdict.adopters_at_deadline - assessment.baseline.verdict.adopters_at_deadline
    assert total > 0
    assert_allclose(sum(c.adopters_added for c in assessment.contributions) + assessment.interaction, total,
                    rtol=1e-12)


def test_status_quo_cost_is_intensity_times_unit_cost_times_months() -> None:
    parameters = ModelParameters()
    yearly = {lever.key: lever.status_quo for lever in LEVERS}
    # July 2021 to June 2022: 12 months, well before the villages without 4G run out.
    short = run(Scenario(deadline="2022-06"))
    expected = (yearly["training_per_year"] * parameters.training_cost_idr
                + yearly["infrastructure_villages_per_year"] * parameters.village_cost_idr
                + yearly["financing_idr_per_year"]) * 12 / 12
    assert_allclose(short.verdict.cost_idr, expected, rtol=1e-12)
    # July 2021 to December 2024: 42 months; the 6,548 villages still unfunded in July 2021 run out first.
    months = 42
    left = parameters.villages_without_4g - yearly["infrastructure_villages_per_year"] * 18 / 12
    expected = ((yearly["training_per_year"] * parameters.training_cost_idr + yearly["financing_idr_per_year"])
                * months / 12 + min(yearly["infrastructure_villages_per_year"] * months / 12, left)
                * parameters.village_cost_idr)
    assert_allclose(run(Scenario()).verdict.cost_idr, expected, rtol=1e-12)


def test_cost_counts_each_lever_from_its_own_start_month() -> None:
    parameters = ModelParameters()
    scenario = Scenario.from_mapping({"training_per_year": 1e6, "training_start": "2022-01",
                                      "financing_idr_per_year": 2e12, "financing_start": "2023-01",
                                      "infrastructure_villages_per_year": 0, "deadline": "2023-12"})
    expected = 1e6 * parameters.training_cost_idr * 24 / 12 + 2e12 * 12 / 12
    assert_allclose(run(scenario).verdict.cost_idr, expected, rtol=1e-12)


def test_importing_the_package_does_not_import_streamlit() -> None:
    root = Path(__file__).resolve().parents[1]
    code = ("import sys, simulator, simulator.cli; "
            "assert 'streamlit' not in sys.modules, 'simulator imported streamlit'")
    completed = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                               timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
