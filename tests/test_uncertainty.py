"""Monte Carlo: reproducibility, order of quantiles, the deterministic limit, fit to the data, monotone levers."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from simulator import calibration, run, timeline
from simulator import uncertainty as mc
from simulator.io import observations
from simulator.parameters import LEVERS, PARAMETER_SPECS, PARAMETERS, Scenario

DRAWS = 200


@pytest.fixture(scope="module")
def draws() -> mc.Draws:
    return mc.sample(draws=DRAWS, seed=11)


@pytest.fixture(scope="module")
def collapsed() -> mc.Draws:
    """Every prior of zero width: each draw is the registry default."""
    priors = {s.name: mc.Prior(name=s.name, low=s.default, high=s.default) for s in PARAMETERS}
    return mc.sample(draws=12, seed=1, priors=priors)


def test_priors_come_from_the_registry() -> None:
    priors = mc.registry_priors()
    expected = {s.name for s in PARAMETERS if s.distribution != "fixed" and s.plausible[1] > s.plausible[0]}
    assert set(priors) == expected
    for name in ("innovation", "imitation", "dropout_rate", "willing_share", "training_effectiveness",
                 "financing_max_ready_gain", "build_delay", "training_cost_idr", "village_cost_idr"):
        assert name in priors
        assert (priors[name].low, priors[name].high) == PARAMETER_SPECS[name].plausible
        assert priors[name].distribution == PARAMETER_SPECS[name].distribution


def test_draws_stay_within_the_plausible_ranges(draws: mc.Draws) -> None:
    for name, prior in draws.priors.items():
        values = draws.values(name)
        assert values.min() >= prior.low and values.max() <= prior.high, name
        assert np.ptp(values) > 0.3 * prior.width or prior.distribution == "loguniform", name


def test_same_seed_same_numbers_and_different_seed_different_numbers(draws: mc.Draws) -> None:
    again = mc.sample(draws=DRAWS, seed=11)
    other = mc.sample(draws=DRAWS, seed=12)
    assert_array_equal(again.weights, draws.weights)
    for name in draws.priors:
        assert_array_equal(again.values(name), draws.values(name))
        assert not np.array_equal(other.values(name), draws.values(name))
    assert not np.array_equal(other.weights, draws.weights)
    first, second = mc.ensemble(Scenario(), draws), mc.ensemble(Scenario(), again)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.probability_reached == second.probability_reached


def test_weights_are_normalised_and_the_effective_sample_is_reported(draws: mc.Draws) -> None:
    assert_allclose(draws.weights.sum(), 1.0, rtol=1e-12)
    assert np.all(draws.weights >= 0)
    assert 0.15 * DRAWS < draws.effective_draws <= DRAWS  # about 40% with the bundled observations
    prior_only = mc.sample(draws=50, seed=3, conditioned=False)
    assert_allclose(prior_only.effective_draws, 50)


def test_importance_weights_agree_with_weighting_plain_prior_draws() -> None:
    """The proposal changes which draws are made, not the posterior they represent."""
    proposed = mc.sample(draws=3000, seed=5)
    prior = mc.sample(draws=12000, seed=6, conditioned=False)
    obs = observations.load()
    used = obs[obs["use"]]
    log_l = mc.log_likelihood(prior.parameters, times=used["t"].to_numpy(float), values=used["value"].to_numpy(float))
    w = np.exp(log_l - log_l.max())
    w /= w.sum()
    for name in ("imitation", "adopters_2020", "innovation", "willing_share"):
        a = np.sum(proposed.weights * proposed.values(name))
        b = np.sum(w * prior.values(name))
        spread = np.sqrt(np.sum(w * (prior.values(name) - b) ** 2))
        assert abs(a - b) < 0.15 * spread, name


def test_quantiles_are_ordered_every_month(draws: mc.Draws) -> None:
    scenario = Scenario(training_per_year=2_000_000)
    frame = mc.ensemble(scenario, draws).frame
    assert list(frame.columns[:4]) == ["date", "n_adopters_p10", "n_adopters_p50", "n_adopters_p90"]
    assert len(frame) == scenario.n_months
    for prefix in ("", "baseline_"):
        p10, p50, p90 = (frame[f"{prefix}n_adopters_p{q}"].to_numpy() for q in (10, 50, 90))
        assert np.all(p10 <= p50) and np.all(p50 <= p90)
        assert np.all(p90 - p10 > 0)


def test_collapsed_priors_reproduce_the_deterministic_run(collapsed: mc.Draws) -> None:
    assert_allclose(collapsed.effective_draws, collapsed.draws)
    for scenario in (Scenario(), Scenario(training_per_year=5_000_000, financing_idr_per_year=20e12)):
        deterministic = run(scenario)
        ensemble = mc.ensemble(scenario, collapsed)
        for q in (10, 50, 90):
            assert_allclose(ensemble.frame[f"n_adopters_p{q}"], deterministic.frame["n_adopters"], rtol=1e-12)
        assert ensemble.probability_reached == (1.0 if deterministic.verdict.reached_by_deadline else 0.0)
        first = ensemble.reached["reached_on"].iloc[0]
        assert first == (deterministic.verdict.reached_on or mc.NOT_REACHED)
        assert_allclose(ensemble.reached["probability"].iloc[0], 1.0)
    # The status quo misses 30 million by 2024-12 at the defaults, the levers at their maximum do not.
    assert mc.ensemble(Scenario(), collapsed).probability_reached == 0.0
    assert mc.ensemble(Scenario(training_per_year=5_000_000, financing_idr_per_year=20e12),
                       collapsed).probability_reached == 1.0


def test_no_priors_at_all_is_the_deterministic_run_too() -> None:
    fixed = mc.sample(draws=10, seed=0, priors={})
    assert_allclose(mc.ensemble(Scenario(), fixed).frame["n_adopters_p50"], run(Scenario()).frame["n_adopters"],
                    rtol=1e-12)


def test_the_conditioned_fan_covers_the_fitted_observations(draws: mc.Draws) -> None:
    """What holds with the bundled data: the predictive band (model plus the 5% observation error) holds every
    fitted observation within P5-P95 and at least four of six within P10-P90; the model fan alone (no
    observation error) holds at least half of them within P10-P90. The two outside are 9.4 million in October
    2020 and 13.7 million in May 2021, the points that disagree most with their neighbours."""
    obs = observations.load()
    used = obs[obs["use"]]
    t, y = used["t"].to_numpy(float), used["value"].to_numpy(float)
    p5, p95 = mc.predictive_quantiles(draws, t, (0.05, 0.95))
    assert np.all((p5 <= y) & (y <= p95))
    p10, p90 = mc.predictive_quantiles(draws, t, (0.1, 0.9))
    assert np.sum((p10 <= y) & (y <= p90)) >= 4
    fan = mc.weighted_quantiles(calibration.model_at(draws.parameters, t), draws.weights)
    assert np.sum((fan[0] <= y) & (y <= fan[2])) >= len(y) / 2
    # Within two observation errors of the model fan.
    sigma = calibration.OBSERVATION_ERROR
    assert np.all((fan[0] * np.exp(-2 * sigma) <= y) & (y <= fan[2] * np.exp(2 * sigma)))


def test_probability_rises_with_every_lever(draws: mc.Draws) -> None:
    """Common random numbers: the same draws, so more of any lever never lowers any draw's adopters."""
    for lever in LEVERS:
        intensities = np.linspace(0.0, lever.maximum, 5)
        ensembles = mc.ensembles([Scenario(**{lever.key: x}) for x in intensities], draws)
        probability = [e.probability_reached for e in ensembles]
        median = [e.adopters_at_deadline_p50 for e in ensembles]
        assert np.all(np.diff(probability) >= 0), lever.key
        assert np.all(np.diff(median) >= -1e-6), lever.key


def test_per_draw_adopters_rise_with_every_lever(draws: mc.Draws) -> None:
    def reduce(trajectory):
        return {"n_adopters": trajectory.n_adopters}

    for lever in LEVERS:
        scenarios = [Scenario(**{lever.key: x}) for x in np.linspace(0.0, lever.maximum, 4)]
        adopters = mc.map_draws(draws, scenarios, reduce, n_months=72)["n_adopters"]
        assert np.all(np.diff(adopters, axis=0) >= -1e-6 * adopters[1:]), lever.key


def test_cost_effectiveness_per_lever_and_in_total(draws: mc.Draws) -> None:
    scenario = Scenario(training_per_year=2_000_000, financing_idr_per_year=5e12)
    table = mc.ensemble(scenario, draws).cost_effectiveness
    assert list(table["lever"]) == [*(lever.key for lever in LEVERS), "total"]
    rows = table.set_index("lever")
    # Infrastructure is not moved: no cost, no effect, no ratio.
    assert rows.loc["infrastructure_villages_per_year", "extra_cost_idr_p50"] == 0.0
    assert np.isnan(rows.loc["infrastructure_villages_per_year", "cost_per_adopter_idr_p50"])
    for lever in ("training_per_year", "financing_idr_per_year", "total"):
        row = rows.loc[lever]
        for what in ("adopters_added", "extra_cost_idr", "cost_per_adopter_idr"):
            assert row[f"{what}_p10"] <= row[f"{what}_p50"] <= row[f"{what}_p90"], (lever, what)
        assert row["adopters_added_p10"] > 0 and row["cost_per_adopter_idr_p10"] > 0
    # Training's cost is uncertain through its unit cost; financing's cost is certain.
    training, financing = rows.loc["training_per_year"], rows.loc["financing_idr_per_year"]
    assert training["extra_cost_idr_p90"] > 1.5 * training["extra_cost_idr_p10"]
    months = scenario.month_index("deadline") - scenario.month_index("financing_start") + 1
    assert_allclose(financing["extra_cost_idr_p50"], (5e12 - 1e12) * months / 12, rtol=1e-9)


def test_cost_effectiveness_matches_the_runner_when_nothing_is_uncertain(collapsed: mc.Draws) -> None:
    from simulator.runner import assess

    scenario = Scenario(training_per_year=2_000_000, infrastructure_villages_per_year=5_000)
    rows = mc.ensemble(scenario, collapsed).cost_effectiveness.set_index("lever")
    for contribution in assess(scenario).contributions:
        row = rows.loc[contribution.lever]
        assert_allclose(row["adopters_added_p50"], contribution.adopters_added, rtol=1e-9, atol=1e-3)
        assert_allclose(row["extra_cost_idr_p50"], contribution.extra_cost_idr, rtol=1e-9, atol=1.0)


def test_reached_distribution_sums_to_one_and_agrees_with_the_probability(draws: mc.Draws) -> None:
    scenario = Scenario(training_per_year=3_000_000)
    ensemble = mc.ensemble(scenario, draws)
    reached = ensemble.reached
    assert reached["reached_on"].iloc[-1] == mc.NOT_REACHED
    assert_allclose(reached["probability"].sum(), 1.0, rtol=1e-12)
    months = reached["reached_on"].iloc[:-1]
    assert list(months) == sorted(months)
    by_deadline = reached.loc[reached["reached_on"].iloc[:-1].index][months <= scenario.deadline]
    # Adopters never fall back under the target here, so "first reached by the deadline" = "at the deadline".
    assert_allclose(by_deadline["probability"].sum(), ensemble.probability_reached, atol=1e-9)


def test_to_dict_is_plain_json(draws: mc.Draws) -> None:
    data = mc.ensemble(Scenario(training_per_year=1_000_000), draws).to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["fan"][0]["date"] == "2020-01"
    assert data["fan"][-1]["date"] == "2030-12"
    assert set(data["adopters_at_deadline"]) == {"p10", "p50", "p90"}
    assert data["draws"] == DRAWS and data["seed"] == 11
    assert data["reached"][-1]["reached_on"] == mc.NOT_REACHED
    assert data["scenario"]["training_per_year"] == 1_000_000


def test_weighted_quantiles() -> None:
    values = np.array([3.0, 1.0, 2.0, 4.0])
    assert_allclose(mc.weighted_quantiles(values, np.ones(4), (0.1, 0.5, 0.9)),
                    np.quantile(values, (0.1, 0.5, 0.9), method="hazen"))
    assert_allclose(mc.weighted_quantiles(values, np.array([0.0, 0.0, 1.0, 0.0]), (0.1, 0.9)), [2.0, 2.0])
    with_nan = np.array([[1.0, np.nan], [2.0, np.nan], [3.0, 5.0]])
    out = mc.weighted_quantiles(with_nan, np.ones(3), (0.5,))
    assert_allclose(out, [[2.0, 5.0]])
    assert np.isnan(mc.weighted_quantiles(np.full(3, np.nan), np.ones(3), (0.5,))[0])
    assert mc.weighted_quantiles(np.array([1.0, np.inf]), np.ones(2), (0.9,))[0] == np.inf


def test_fixing_a_parameter_conditions_again(draws: mc.Draws) -> None:
    low = mc.fix(draws, "willing_share", 0.38)
    assert np.all(low.values("willing_share") == 0.38)
    assert_allclose(low.weights.sum(), 1.0)
    assert "willing_share" not in low.priors
    # Fixing a proposal parameter keeps valid weights too, and q = 0.3 fits the data worse than the prior mix.
    low_q = mc.fix(draws, "imitation", 0.3)
    assert low_q.effective_draws < draws.effective_draws
    assert np.all(np.isfinite(low_q.weights))


def test_invalid_input_raises() -> None:
    with pytest.raises(ValueError, match="draws"):
        mc.sample(draws=5)
    with pytest.raises(ValueError, match="innovation"):
        mc.Prior(name="innovation", low=0.1, high=0.01)
    with pytest.raises(ValueError, match="unknown parameter"):
        mc.Prior(name="nope", low=0.0, high=1.0)
    with pytest.raises(ValueError, match="log-uniform"):
        mc.Prior(name="dropout_rate", low=0.0, high=0.1, distribution="loguniform")
    with pytest.raises(ValueError, match="horizon"):
        mc.ensembles([Scenario(), Scenario(horizon="2028-12")])
    with pytest.raises(ValueError, match="unknown parameter"):
        mc.fix(mc.sample(draws=10, seed=0, priors={}), "nope", 1.0)


def test_dates_in_the_frame_are_month_starts(draws: mc.Draws) -> None:
    frame = mc.ensemble(Scenario(horizon="2026-12", deadline="2025-06"), draws).frame
    assert frame["date"].iloc[0] == pd.Timestamp("2020-01-01")
    assert frame["date"].iloc[-1] == pd.Timestamp(timeline.month_start(timeline.parse_month("2026-12")))


def test_modules_do_not_import_streamlit() -> None:
    code = ("import sys, simulator.uncertainty, simulator.goal_seek, simulator.sensitivity; "
            "sys.exit(1 if 'streamlit' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_ensemble_without_levers_matches_the_full_one() -> None:
    from simulator import uncertainty as mc
    from simulator.parameters import Scenario

    draws = mc.sample(draws=200, seed=5)
    scenario = Scenario(training_per_year=2e6, financing_idr_per_year=5e12)
    full = mc.ensemble(scenario, draws)
    light = mc.ensemble(scenario, draws, levers=False)
    assert light.probability_reached == full.probability_reached
    pd.testing.assert_frame_equal(light.frame, full.frame)
    assert list(light.cost_effectiveness["lever"]) == ["total"]
    pd.testing.assert_series_equal(light.cost_effectiveness.iloc[0], full.cost_effectiveness.iloc[-1],
                                   check_names=False)


def test_the_baseline_is_run_once_per_draws_and_gives_the_same_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the app every lever move needs the same status-quo run; it is memoised per draws, not rerun."""
    draws = mc.sample(draws=200, seed=6)
    asked: list[list[dict[str, object]]] = []
    real = mc.map_draws

    def recording(d: mc.Draws, scenarios, *args, **kwargs):
        asked.append([s.to_mapping() for s in scenarios])
        return real(d, scenarios, *args, **kwargs)

    monkeypatch.setattr(mc, "map_draws", recording)
    first = mc.ensemble(Scenario(training_per_year=2e6), draws, levers=False)
    second = mc.ensemble(Scenario(training_per_year=3e6), draws, levers=False)
    baseline = Scenario().to_mapping()
    assert baseline in asked[0] and len(asked[0]) == 2
    assert asked[1] == [Scenario(training_per_year=3e6).to_mapping()]  # only the new scenario is simulated
    columns = [c for c in first.frame.columns if c.startswith("baseline_")]
    pd.testing.assert_frame_equal(first.frame[columns], second.frame[columns])
    assert second.baseline_probability_reached == first.baseline_probability_reached
    # The same draws under another identity share no memo: the numbers computed afresh are identical.
    monkeypatch.setattr(mc, "map_draws", real)
    fresh = mc.ensemble(Scenario(training_per_year=3e6), mc.sample(draws=200, seed=6), levers=False)
    pd.testing.assert_frame_equal(fresh.frame, second.frame)
    pd.testing.assert_frame_equal(fresh.cost_effectiveness, second.cost_effectiveness)
    assert fresh.probability_reached == second.probability_reached


def test_the_baseline_memo_is_bounded_and_read_only() -> None:
    draws = mc.sample(draws=50, seed=7)
    deadlines = timeline.format_month(timeline.parse_month("2022-01"))
    for k in range(mc.BASELINE_MEMO + 3):  # each deadline is another status quo
        deadline = timeline.format_month(timeline.parse_month(deadlines) + k)
        mc.ensemble(Scenario(deadline=deadline, training_per_year=2e6), draws, levers=False)
    memo = mc._baselines[draws]
    assert len(memo) == mc.BASELINE_MEMO
    run = next(iter(memo.values()))
    with pytest.raises(ValueError, match="read-only"):
        run.n_adopters[0, 0] = 0.0


def test_weighted_quantiles_of_an_array_are_those_of_each_column() -> None:
    rng = np.random.default_rng(8)
    values, weights = rng.lognormal(size=(300, 4, 5)), rng.random(300)
    values[rng.random(values.shape) < 0.05] = np.nan
    together = mc.weighted_quantiles(values, weights)
    assert together.shape == (3, 4, 5)
    for i in range(4):
        for j in range(5):
            assert_allclose(together[:, i, j], mc.weighted_quantiles(values[:, i, j], weights), rtol=1e-12)


def test_log_likelihood_in_chunks_equals_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = mc.sample(draws=250, seed=5)
    whole = mc.log_likelihood(draws.parameters, times=draws.observed_times, values=draws.observed_values)
    monkeypatch.setattr(mc, "MAX_BATCH", 60)
    chunked = mc.log_likelihood(draws.parameters, times=draws.observed_times, values=draws.observed_values)
    np.testing.assert_allclose(chunked, whole, rtol=1e-13)
