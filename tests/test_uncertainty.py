"""Monte Carlo: reproducibility, structures, the SMC posterior, the deterministic limit, fit to the data,
monotone levers."""

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
    for name in ("innovation", "imitation", "dropout_rate", "remote_ready_factor", "campaign_pace", "campaign_ramp",
                 "campaign_fade_start", "platform_offset", "training_effectiveness", "financing_max_ready_gain",
                 "build_delay", "training_cost_idr", "village_cost_idr"):
        assert name in priors
        assert (priors[name].low, priors[name].high) == PARAMETER_SPECS[name].plausible
        assert priors[name].distribution == PARAMETER_SPECS[name].distribution
    assert "campaign_start" not in priors  # a date, fixed (zero-width plausible range)


@pytest.mark.parametrize("structure", mc.STRUCTURES, ids=lambda s: s.name)
def test_each_structure_narrows_only_its_own_priors(structure: mc.Structure) -> None:
    registry, narrowed = mc.registry_priors(), mc.registry_priors(structure.name)
    assert set(narrowed) == set(registry)
    for name, prior in narrowed.items():
        if name in structure.priors:
            assert (prior.low, prior.high) == structure.priors[name]
            assert registry[name].low <= prior.low < prior.high <= registry[name].high  # inside the registry's
        else:
            assert prior == registry[name], name
    with pytest.raises(ValueError, match="structure: 'mixed'; allowed campaign, diffusion"):
        mc.registry_priors("mixed")


def test_the_structures_tell_campaign_from_word_of_mouth() -> None:
    campaign, diffusion = (mc.registry_priors(name) for name in ("campaign", "diffusion"))
    assert campaign["imitation"].high < diffusion["imitation"].low
    assert campaign["campaign_pace"].high > diffusion["campaign_pace"].high


def test_draws_stay_within_the_plausible_ranges(draws: mc.Draws) -> None:
    for name, prior in draws.priors.items():
        values = draws.values(name)
        assert values.min() >= prior.low and values.max() <= prior.high, name
        assert np.ptp(values) > 0.3 * prior.width or prior.distribution == "loguniform", name


def test_same_seed_same_numbers_and_different_seed_different_numbers(draws: mc.Draws) -> None:
    again = mc.sample(draws=DRAWS, seed=11)
    other = mc.sample(draws=DRAWS, seed=12)
    assert_array_equal(again.weights, draws.weights)
    assert_array_equal(again.log_likelihood, draws.log_likelihood)
    for name in draws.priors:
        assert_array_equal(again.values(name), draws.values(name))
        assert not np.array_equal(other.values(name), draws.values(name))
    assert not np.array_equal(other.log_likelihood, draws.log_likelihood)
    first, second = mc.ensemble(Scenario(), draws), mc.ensemble(Scenario(), again)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.probability_reached == second.probability_reached


def test_weights_are_equal_within_each_structure_and_sum_to_its_share(draws: mc.Draws) -> None:
    """Resample-move leaves equally weighted particles; each structure carries its share of the total."""
    assert_allclose(draws.weights.sum(), 1.0, rtol=1e-12)
    assert draws.structure_names == mc.STRUCTURE_NAMES
    assert [part.draws for part in draws.parts] == [DRAWS // 2, DRAWS // 2]
    for k, name in enumerate(draws.structure_names):
        mine = draws.weights[draws.structure == k]
        assert_allclose(mine, mc.STRUCTURE_SHARES[name] / mine.size, rtol=1e-12)
    assert_allclose(draws.effective_draws, DRAWS, rtol=1e-12)  # equal shares of equal halves: all equal
    prior_only = mc.sample(draws=50, seed=3, conditioned=False)
    assert_allclose(prior_only.effective_draws, 50)
    assert not prior_only.conditioned and np.all(prior_only.log_likelihood == 0.0)


def test_structure_shares_sum_to_one_and_the_parts_make_up_the_whole(draws: mc.Draws) -> None:
    shares = draws.structure_shares
    assert set(shares) == set(mc.STRUCTURE_NAMES)
    assert_allclose(sum(shares.values()), 1.0, rtol=1e-12)
    for name, share in shares.items():
        assert_allclose(share, mc.STRUCTURE_SHARES[name], rtol=1e-12)
    offset = 0
    for k, part in enumerate(draws.parts):
        block = slice(offset, offset + part.draws)
        assert np.all(draws.structure[block] == k)
        for name in PARAMETER_SPECS:
            assert_array_equal(draws.values(name)[block], part.values(name))
        assert_array_equal(draws.log_likelihood[block], part.log_likelihood)
        # Every part conditions on the same data as the whole.
        assert_array_equal(part.observed_times, draws.observed_times)
        assert_array_equal(part.observed_values, draws.observed_values)
        assert_array_equal(part.observed_definitions, draws.observed_definitions)
        offset += part.draws
    assert offset == draws.draws
    obs = observations.load()
    used = obs[obs["use"]]
    assert_array_equal(draws.observed_values, used["value"].to_numpy(float))
    assert_array_equal(draws.observed_definitions, used["definition"].to_numpy(object))


@pytest.mark.parametrize("name", mc.STRUCTURE_NAMES)
def test_a_structure_sampled_alone_draws_what_it_draws_in_the_ensemble(name: str, draws: mc.Draws) -> None:
    """One generator per structure, spawned from the seed: adding a structure does not move another's draws."""
    alone = mc.sample(draws=DRAWS // 2, seed=11, structures=(name,))
    part = draws.parts[draws.structure_names.index(name)]
    assert alone.structure_names == (name,) and alone.structure_shares == {name: pytest.approx(1.0, rel=1e-12)}
    for parameter in part.priors:
        assert_array_equal(alone.values(parameter), part.values(parameter))


def test_each_structures_draws_lie_in_its_own_priors(draws: mc.Draws) -> None:
    for part, name in zip(draws.parts, draws.structure_names, strict=True):
        for parameter, (low, high) in mc.STRUCTURES[mc.STRUCTURE_NAMES.index(name)].priors.items():
            values = part.values(parameter)
            assert values.min() >= low and values.max() <= high, (name, parameter)


def test_stored_log_likelihood_is_that_of_the_draws(draws: mc.Draws) -> None:
    recomputed = mc.log_likelihood(draws.parameters, times=draws.observed_times, values=draws.observed_values,
                                   definitions=draws.observed_definitions)
    assert_allclose(draws.log_likelihood, recomputed, rtol=1e-12)


def test_one_set_of_priors_gives_one_structure() -> None:
    custom = mc.sample(draws=20, seed=4, priors=mc.registry_priors("campaign"))
    assert custom.parts == () and custom.structure is None
    assert custom.structure_shares == {"custom": 1.0}
    assert_allclose(custom.weights, 1 / 20)


@pytest.mark.parametrize("structure", mc.STRUCTURE_NAMES)
def test_smc_draws_the_posterior_that_weighting_plain_prior_draws_gives(structure: str) -> None:
    """Tempered SMC and importance weighting of many prior draws target the same posterior: the posterior
    means agree to a third of a posterior standard deviation (measured at most 0.18) and the spreads to 20%."""
    priors = mc.registry_priors(structure)
    smc = mc.sample(draws=2000, seed=5, priors=priors)
    prior = mc.sample(draws=30000, seed=6, priors=priors, conditioned=False)
    log_l = mc.log_likelihood(prior.parameters, times=smc.observed_times, values=smc.observed_values,
                              definitions=smc.observed_definitions)
    w = np.exp(log_l - log_l.max())
    w /= w.sum()
    assert 1.0 / np.sum(w ** 2) > 200  # enough effective prior draws for the comparison
    for name in ("adopters_2020", "campaign_pace", "campaign_ramp", "imitation", "platform_offset",
                 "ready_share_2020", "dropout_rate"):
        reference = np.sum(w * prior.values(name))
        spread = np.sqrt(np.sum(w * (prior.values(name) - reference) ** 2))
        values = smc.values(name)
        assert abs(values.mean() - reference) < 0.3 * spread, name
        assert 0.8 < values.std() / spread < 1.25, name
    # The data inform the start count: its posterior is far narrower than its prior.
    assert smc.values("adopters_2020").std() < 0.6 * priors["adopters_2020"].width / np.sqrt(12)


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
    # Both outcomes: a target just above the deterministic count at the deadline is missed by every draw,
    # one just below it is reached by every draw.
    at_deadline = run(Scenario()).verdict.adopters_at_deadline
    assert mc.ensemble(Scenario(target=at_deadline * 1.001), collapsed).probability_reached == 0.0
    assert mc.ensemble(Scenario(target=at_deadline * 0.999), collapsed).probability_reached == 1.0


def test_no_priors_at_all_is_the_deterministic_run_too() -> None:
    fixed = mc.sample(draws=10, seed=0, priors={})
    assert_allclose(mc.ensemble(Scenario(), fixed).frame["n_adopters_p50"], run(Scenario()).frame["n_adopters"],
                    rtol=1e-12)


def reported_band(draws: mc.Draws, times: np.ndarray, definitions: np.ndarray, quantiles: tuple[float, ...],
                  *, strata: int = 41) -> np.ndarray:
    """Quantiles of the counts each source would report: the ministries' count of :func:`mc.predictive_sample`,
    times each draw's own ``exp(platform_offset)`` for a platform tally."""
    samples, weights = mc.predictive_sample(draws, times, strata=strata)  # draw-major: strata rows per draw
    offset = np.where(definitions == "platform_data", 1.0, 0.0)[None, :] * draws.values("platform_offset")[:, None]
    return mc.weighted_quantiles(samples * np.exp(np.repeat(offset, strata, axis=0)), weights, quantiles)


@pytest.mark.parametrize("which", ["combined", *mc.STRUCTURE_NAMES])
def test_the_conditioned_predictive_band_covers_the_fitted_observations(draws: mc.Draws, which: str) -> None:
    """The band of reported counts (model, source offset and each draw's error size) holds every fitted count
    within P5-P95, for the ensemble and for each structure alone, and the ensemble's within P10-P90 too. The
    band of the ministries' count alone misses idEA's tally of May 2021, which runs platform_offset above it."""
    part = draws if which == "combined" else draws.parts[draws.structure_names.index(which)]
    t, y, definition = part.observed_times, part.observed_values, part.observed_definitions
    low, high = reported_band(part, t, definition, (0.05, 0.95))
    assert np.all((low <= y) & (y <= high))
    ministry_low, ministry_high = mc.predictive_quantiles(part, t, (0.05, 0.95))
    if which == "combined":
        low, high = reported_band(part, t, definition, (0.1, 0.9))
        assert np.all((low <= y) & (y <= high))
        platform = definition == "platform_data"
        assert np.all(y[platform] > ministry_high[platform])
    # The model fan alone (no observation error) is narrower than the predictive band.
    fan = mc.weighted_quantiles(calibration.model_at(part.parameters, t), part.weights, (0.05, 0.95))
    assert np.all(ministry_low < fan[0]) and np.all(fan[1] < ministry_high)


def test_error_sizes_are_the_observation_models_per_draw(draws: mc.Draws) -> None:
    from simulator import observation_model

    sizes = mc.error_sizes(draws)
    assert_allclose(sizes, observation_model.sigma(draws.residuals()), rtol=1e-12)
    assert np.all(sizes > 0.0) and np.all(sizes < 3 * observation_model.PRIOR_SIGMA)
    unconditioned = mc.sample(draws=20, seed=2, conditioned=False)
    assert_allclose(mc.error_sizes(unconditioned), observation_model.PRIOR_SIGMA, rtol=1e-12)


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


def test_the_tables_of_an_ensemble_are_its_plain_rows(draws: mc.Draws) -> None:
    """The page reads ``cost_rows`` and ``structure_rows``; the tables are the same rows, built when read."""
    fan = mc.ensemble(Scenario(training_per_year=2_000_000), draws)
    assert list(fan.cost_effectiveness["lever"]) == [r["lever"] for r in fan.cost_rows]
    assert_allclose(fan.cost_effectiveness["adopters_added_p50"], [r["adopters_added_p50"] for r in fan.cost_rows])
    rows = fan.structure_rows
    assert [r["structure"] for r in rows] == list(fan.structures["structure"]) == list(mc.STRUCTURE_NAMES)
    # Each structure alone, combined by its share, is the ensemble: shares add up, probabilities average.
    assert_allclose(sum(r["share"] for r in rows), 1.0)
    assert_allclose(sum(r["share"] * r["probability_reached"] for r in rows), fan.probability_reached)
    assert all(r["adopters_at_deadline_p10"] <= r["adopters_at_deadline_p50"] <= r["adopters_at_deadline_p90"]
               for r in rows)
    assert fan.cost_effectiveness is fan.cost_effectiveness  # built once, when first read


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


def test_the_fan_read_as_arrays_is_the_fan_of_the_frame_and_cannot_be_changed(draws: mc.Draws) -> None:
    """The page reads ``quantile()`` (the frame is built only when something reads it): both views agree, the
    median is the one the verdict quotes, and the arrays shared with the memoised baseline are read-only."""
    ensemble = mc.ensemble(Scenario(financing_idr_per_year=6e12), draws, levers=False)
    frame = ensemble.frame
    assert list(frame["date"]) == list(timeline.month_dates(Scenario().n_months))
    for q in mc.QUANTILES:
        name = f"n_adopters_p{round(q * 100)}"
        assert_array_equal(frame[name].to_numpy(), ensemble.quantile(q))
        assert_array_equal(frame[f"baseline_{name}"].to_numpy(), ensemble.quantile(q, baseline=True))
    deadline = Scenario().month_index("deadline")
    assert ensemble.quantile(0.5)[deadline] == ensemble.adopters_at_deadline_p50
    with pytest.raises(ValueError, match="read-only"):
        ensemble.quantile(0.5, baseline=True)[0] = 0.0


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


def test_fixing_a_parameter_reweights_by_the_likelihood_ratio(draws: mc.Draws) -> None:
    fixed = mc.fix(draws, "imitation", 0.3)
    assert np.all(fixed.values("imitation") == 0.3)
    assert "imitation" not in fixed.priors
    assert_allclose(fixed.weights.sum(), 1.0, rtol=1e-12)
    # Within each structure: w' proportional to w L(theta with q = 0.3) / L(theta); shares are kept.
    for k, (part, name) in enumerate(zip(draws.parts, draws.structure_names, strict=True)):
        log_l = mc.log_likelihood(part.parameters.replace(imitation=0.3), times=part.observed_times,
                                  values=part.observed_values, definitions=part.observed_definitions)
        ratio = np.exp(log_l - part.log_likelihood - np.max(log_l - part.log_likelihood))
        expected = mc.STRUCTURE_SHARES[name] * ratio / ratio.sum()
        assert_allclose(fixed.weights[fixed.structure == k], expected, rtol=1e-9)
        assert_allclose(fixed.structure_shares[name], mc.STRUCTURE_SHARES[name], rtol=1e-12)
        assert_allclose(fixed.log_likelihood[fixed.structure == k], log_l, rtol=1e-12)
    # q = 0.3 is outside the campaign structure's range and fits its draws worse: fewer effective draws.
    assert fixed.effective_draws < draws.effective_draws


@pytest.mark.parametrize("name", ["training_cost_idr", "village_cost_idr", "campaign_start"])
def test_fixing_a_parameter_the_history_does_not_depend_on_keeps_the_weights(draws: mc.Draws, name: str) -> None:
    """Unit costs never touch the onboarded count, and a fixed parameter at its own value changes nothing:
    the likelihood ratio is one."""
    value = PARAMETER_SPECS[name].default * (1.5 if name != "campaign_start" else 1.0)
    fixed = mc.fix(draws, name, value)
    assert_allclose(fixed.weights, draws.weights, rtol=1e-9)
    assert np.all(fixed.values(name) == value)


def test_fixing_the_start_count_far_from_the_data_concentrates_the_weights(draws: mc.Draws) -> None:
    near = mc.fix(draws, "adopters_2020", float(np.median(draws.values("adopters_2020"))))
    far = mc.fix(draws, "adopters_2020", 6.0e6)  # 2 million below the counts of early 2020
    # The start count is pinned by the data together with the campaign: fixing it at any one value keeps few
    # draws (both below a tenth of them), and a value the data rule out leaves the fit far worse.
    assert far.effective_draws < 0.1 * draws.effective_draws and near.effective_draws < 0.1 * draws.effective_draws
    assert np.max(far.log_likelihood) < np.max(near.log_likelihood) - 5.0
    assert np.all(np.isfinite(far.weights)) and np.all(far.weights >= 0.0)
    # Unconditioned draws are fixed without reweighting.
    prior_only = mc.sample(draws=20, seed=3, conditioned=False)
    assert_allclose(mc.fix(prior_only, "adopters_2020", 6.0e6).weights, prior_only.weights)


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


@pytest.mark.parametrize("n_draws", [1, 2, 7, 1000])
def test_equal_weights_take_the_sorting_shortcut_to_the_same_quantiles(n_draws: int) -> None:
    """Equal weights (the sampler's resampled draws) go through a plain sort; a zero-weight extra draw sends
    the same values through the general weighted interpolation, which must agree, ties included."""
    rng = np.random.default_rng(n_draws)
    values = np.round(rng.lognormal(size=(n_draws, 6)), 1)  # rounded: ties
    quantiles = (0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0)
    shortcut = mc.weighted_quantiles(values, np.full(n_draws, 0.25), quantiles)
    general = mc.weighted_quantiles(np.vstack([values, rng.random((1, 6))]), np.append(np.full(n_draws, 0.25), 0.0),
                                    quantiles)
    assert_allclose(shortcut, general, rtol=1e-12)
    assert_allclose(shortcut, np.quantile(values, quantiles, axis=0, method="hazen"), rtol=1e-12)
