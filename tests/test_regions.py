"""The regional model: the factors' invariants, the sum against the nation, one region, levers placed by region,
allocations validated."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from simulator import regions
from simulator import uncertainty as mc
from simulator.model import Trajectory, simulate
from simulator.parameters import LEVERS, ModelParameters, Scenario
from simulator.runner import lever_paths

F = regions.FACTORS
MP, JAWA = regions.REGION_KEYS.index("maluku_papua"), regions.REGION_KEYS.index("jawa")
ALL_LEVERS = Scenario(training_per_year=2_000_000, financing_idr_per_year=5e12,
                      infrastructure_villages_per_year=5_000)


def test_six_regions_in_the_issues_order() -> None:
    assert regions.REGION_KEYS == ("sumatera", "jawa", "bali_nusa_tenggara", "kalimantan", "sulawesi",
                                   "maluku_papua")


def test_factors_keep_the_national_totals() -> None:
    w = F.umkm_share
    assert_allclose(w.sum(), 1.0, rtol=1e-12)
    assert_allclose(np.sum(w * F.connectivity), 1.0, rtol=1e-12)  # mean connectivity is the nation's
    assert_allclose(np.sum(w * F.ceiling_gap), 1.0, rtol=1e-12)  # mean ceiling is the nation's
    assert_allclose(np.sum(F.per_village * F.village_share), 1.0, rtol=1e-12)  # u x V kept
    assert_allclose(F.village_share.sum(), 1.0, rtol=1e-12)
    assert_allclose(np.sum(w * F.connectivity * F.ready), 1.0, rtol=1e-12)  # the 2020 pool kept
    assert_allclose(F.pool_share.sum(), 1.0, rtol=1e-12)
    for shares in F.default_allocation.values():
        assert_allclose(shares.sum(), 1.0, rtol=1e-12)


def test_factors_match_the_evidence() -> None:
    assert F.pool_share[JAWA] == pytest.approx(0.7638, abs=1e-3)  # about three quarters online in Java
    assert F.umkm_share[JAWA] == pytest.approx(0.607, abs=2e-3)
    bakti = regions.REGIONS[MP].villages_no_4g_bakti
    assert bakti == 6_004 and sum(r.villages_no_4g_bakti for r in regions.REGIONS) == 7_904
    infrastructure = F.default_allocation["infrastructure_villages_per_year"]
    assert infrastructure[JAWA] == 0.0 and infrastructure[MP] == pytest.approx(6_004 / 7_904)
    training = F.default_allocation["training_per_year"]
    assert training[JAWA] > 0.5 and training.argmax() == JAWA
    # Towers cost more in Maluku-Papua and average to the national unit cost over BAKTI's list.
    assert F.village_cost[MP] == pytest.approx(1.5 * F.village_cost[JAWA])
    assert_allclose(np.sum(F.village_cost * infrastructure), 1.0, rtol=1e-12)


def test_regional_parameters_are_valid_and_shaped_by_region() -> None:
    p = regions.regional_parameters(ModelParameters())
    assert np.shape(p.umkm_2019) == (6,)
    assert np.all(p.connected_share_max >= p.connected_share_2020)
    assert p.connected_share_max[MP] < p.connected_share_max[JAWA]  # the 4G gap is in Maluku-Papua
    assert_allclose(np.sum(p.umkm_2019), ModelParameters().umkm_2019, rtol=1e-12)
    assert_allclose(np.sum(p.adopters_2020), ModelParameters().adopters_2020, rtol=1e-12)
    assert_allclose(np.sum(p.campaign_pace), ModelParameters().campaign_pace, rtol=1e-12)
    assert_allclose(np.sum(p.villages_without_4g), ModelParameters().villages_without_4g, rtol=1e-12)
    assert_allclose(np.sum(p.umkm_per_uncovered_village * p.villages_without_4g),
                    ModelParameters().umkm_per_uncovered_village * ModelParameters().villages_without_4g, rtol=1e-12)


def test_regional_parameters_of_draws_gain_a_region_axis() -> None:
    draws = mc.default_draws(200)
    p = regions.regional_parameters(draws.parameters)
    for name, value in p.as_dict().items():
        assert np.ndim(value) in (0, 2), name
        if np.ndim(value):
            assert np.shape(value)[0] == 200 and np.shape(value)[1] in (1, 6), name


def test_regions_sum_to_the_national_series_of_the_regional_run() -> None:
    run = regions.run_regions(ALL_LEVERS)
    frame = regions.long_frame(run)
    summed = frame.groupby("date", sort=True)["n_adopters"].sum().to_numpy()
    assert_allclose(summed, run.national(), rtol=1e-9)
    assert_allclose(run.table["adopters_at_deadline"].sum(),
                    run.national()[ALL_LEVERS.month_index("deadline")], rtol=1e-9)
    assert list(frame.columns) == list(regions.LONG_COLUMNS)
    assert list(frame["region"][:6]) == list(regions.REGION_KEYS) and frame["date"].iloc[0] == "2020-01"


@pytest.mark.parametrize("scenario", [Scenario(), ALL_LEVERS])
def test_the_regions_stay_close_to_the_national_model(scenario: Scenario) -> None:
    gap = regions.national_gap(scenario=scenario)
    assert gap["max_relative_2020_2024"] < 0.01  # measured 0.5-0.6%
    assert gap["max_relative_horizon"] < 0.02  # measured 1.2-1.3%


@pytest.mark.parametrize("engine", ["compiled", "numpy"])
def test_with_one_region_the_model_is_the_national_one(engine: str) -> None:
    one = regions.single_region()
    national = simulate(ModelParameters(), lever_paths([ALL_LEVERS], n_months=ALL_LEVERS.n_months), engine=engine)
    regional = regions.simulate_regions(ModelParameters(), [ALL_LEVERS], [regions.Allocation()], factors=one,
                                        engine=engine)
    for name in Trajectory.__dataclass_fields__:
        if name != "initial_adopters":
            assert_allclose(getattr(regional, name)[:, 0], getattr(national, name), rtol=1e-12, atol=1e-9)


def test_engines_agree_on_the_regional_batch() -> None:
    draws = mc.default_draws(50)
    a = regions.simulate_regions(draws.parameters, [ALL_LEVERS], [regions.Allocation()])
    b = regions.simulate_regions(draws.parameters, [ALL_LEVERS], [regions.Allocation()], engine="numpy")
    assert a.n_adopters.shape == (1, 50, 6, ALL_LEVERS.n_months)
    assert_allclose(a.n_adopters, b.n_adopters, rtol=1e-12)
    assert_allclose(a.connected_share, b.connected_share, rtol=1e-12)


def _all_to(region: str) -> regions.Allocation:
    return regions.Allocation().replace("infrastructure_villages_per_year",
                                        [1.0 if k == region else 0.0 for k in regions.REGION_KEYS])


def test_moving_infrastructure_changes_maluku_papua_far_more_than_jawa() -> None:
    scenario = Scenario(infrastructure_villages_per_year=5_000, infrastructure_start="2021-01")
    to_mp = regions.run_regions(scenario, _all_to("maluku_papua")).trajectory
    to_jawa = regions.run_regions(scenario, _all_to("jawa")).trajectory
    month = scenario.month_index("deadline")
    connected = np.abs(to_mp.connected_share[0, :, month] - to_jawa.connected_share[0, :, month])
    online = np.abs(to_mp.n_adopters[0, :, month] / to_jawa.n_adopters[0, :, month] - 1.0)
    assert connected[MP] > 3 * connected[JAWA]
    assert online[MP] > 3 * online[JAWA]
    # and the towers were spent where they were sent
    spend = to_mp.spend_infrastructure_idr[0].sum(axis=-1)
    assert spend[JAWA] == 0.0 and spend[MP] > 0.0


def test_history_runs_at_the_default_allocation() -> None:
    scenario = Scenario(infrastructure_start="2023-01")
    run = regions.run_regions(scenario, _all_to("jawa")).trajectory
    before = scenario.month_index("infrastructure_start") - 1
    assert_allclose(run.villages_covered[0, :, :before], run.villages_covered[1, :, :before], rtol=1e-12)
    assert run.villages_covered[0, JAWA, -1] > run.villages_covered[1, JAWA, -1]


def test_the_table_says_what_each_lever_adds_where() -> None:
    table = regions.run_regions(ALL_LEVERS).table
    assert list(table["region"]) == list(regions.REGION_KEYS)
    assert (table["online_share_at_deadline"] > table["online_share_now"]).all()
    assert table.loc[JAWA, "online_share_at_deadline"] > table.loc[MP, "online_share_at_deadline"]
    for lever in LEVERS:
        assert (table[f"{lever.key}_added"] >= 0).all()
    assert table.loc[JAWA, "training_per_year_added"] > table.loc[MP, "training_per_year_added"]
    per = table["training_per_year_cost_per_added_idr"]
    assert_allclose(per, table["training_per_year_extra_cost_idr"] / table["training_per_year_added"], rtol=1e-12)


# ------------------------------------------------------------------------------------------------------------
# Allocations
# ------------------------------------------------------------------------------------------------------------

def test_default_allocation_round_trips_through_its_mapping() -> None:
    a = regions.Allocation().replace("training_per_year", [0.1, 0.5, 0.1, 0.1, 0.1, 0.1])
    again = regions.allocation_from_mapping(a.to_mapping())
    assert again.shares == a.shares
    assert not a.is_default() and a.is_default("financing_idr_per_year")
    assert list(a.to_mapping(only_changed=True)) == ["training_allocation"]


@pytest.mark.parametrize(("value", "message"), [
    ({"jawa": 0.5, "sumatera": 0.4}, "sum to 0.9 (90%); they must sum to 1 (100%)"),
    ("jawa:0.6,sumatera:0.6", "sum to 1.2 (120%)"),
    ({"papua": 1.0}, "unknown region 'papua'; allowed regions: sumatera, jawa"),
    ({"jawa": 1.2, "sumatera": -0.2}, "sumatera share -0.2 is negative"),
    ("jawa=1", "is not REGION:SHARE"),
    ({"jawa": "all"}, "jawa 'all' is not a number"),
    ({"jawa": float("nan")}, "out of range"),
    ([1, 0, 0, 0, 0, 0], "expected a mapping of region to share"),
])
def test_bad_allocations_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValueError, match="training_allocation") as error:
        regions.allocation_from_mapping({"training_allocation": value})
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_an_unknown_allocation_key_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown allocation key 'towers_allocation'; allowed keys: "
                                         "infrastructure_allocation, training_allocation, financing_allocation"):
        regions.allocation_from_mapping({"towers_allocation": {"jawa": 1.0}})


def test_shares_are_not_normalised() -> None:
    with pytest.raises(ValueError, match="nothing is rescaled"):
        regions.Allocation().replace("training_per_year", [1, 1, 1, 1, 1, 1])
    kept = regions.Allocation().replace("training_per_year", [0.2, 0.3, 0.1, 0.1, 0.1, 0.2])
    assert kept.shares["training_per_year"] == (0.2, 0.3, 0.1, 0.1, 0.1, 0.2)


# ------------------------------------------------------------------------------------------------------------
# Under uncertainty
# ------------------------------------------------------------------------------------------------------------

def test_regional_ensemble_is_reproducible_and_near_the_national_one() -> None:
    draws = mc.default_draws()
    a = regions.regional_ensemble(ALL_LEVERS, None, draws)
    b = regions.regional_ensemble(ALL_LEVERS, None, draws)
    assert_allclose(a.fan, b.fan, rtol=0)
    assert a.fan.shape == (3, 6, ALL_LEVERS.n_months) and a.draws == draws.draws // regions.DRAW_STRIDE
    assert np.all(a.at_deadline[0] <= a.at_deadline[1]) and np.all(a.at_deadline[1] <= a.at_deadline[2])
    national = mc.ensemble(ALL_LEVERS, draws, levers=False)
    deadline = ALL_LEVERS.month_index("deadline")
    assert a.national_fan[1, deadline] == pytest.approx(national.adopters_at_deadline_p50, rel=0.03)
    frame = a.fan_frame()
    assert list(frame.columns) == ["date", "region", "n_adopters_p10", "n_adopters_p50", "n_adopters_p90"]


def test_the_readme_quotes_the_codes_regional_figures() -> None:
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    gap = regions.national_gap()
    assert (f"within {100 * gap['max_relative_2020_2024']:.1f}% of the national model through 2024 and "
            f"{100 * gap['max_relative_horizon']:.1f}% through 2030") in readme
    infrastructure = F.default_allocation["infrastructure_villages_per_year"]
    training = F.default_allocation["training_per_year"]
    assert f"({100 * infrastructure[MP]:.0f}% Maluku–Papua, 0% Jawa)" in readme
    assert f"UMKM not yet onboarded in 2020 ({100 * training[JAWA]:.0f}% Jawa)" in readme
    assert f"Jawa {100 * F.pool_share[JAWA]:.1f}%" in readme and f"Jawa {100 * F.umkm_share[JAWA]:.1f}%" in readme
    assert f"{F.per_village[MP]:.2f} of the national UMKM per village" in readme
    assert f"{regions.TOWER_COST_FACTOR_MALUKU_PAPUA:g} times as much in Maluku–Papua" in readme
    per_village = regions.regional_parameters(ModelParameters()).umkm_per_uncovered_village[MP]
    assert f"small villages with about {per_village:.0f} UMKM each" in readme


# ------------------------------------------------------------------------------------------------------------
# Where the levers work best
# ------------------------------------------------------------------------------------------------------------

def test_best_placement_adds_umkm_at_no_extra_cost() -> None:
    from simulator import placement

    result = placement.best_placement(ALL_LEVERS, draws=mc.default_draws(200))
    assert result.adopters_best >= result.adopters_start + 1.0
    assert result.cost_best_idr <= result.cost_start_idr * (1 + 1e-12) + 1.0
    check = regions.run_regions(ALL_LEVERS, result.best)
    assert check.national()[ALL_LEVERS.month_index("deadline")] == pytest.approx(result.adopters_best, rel=1e-9)
    assert result.probability_best >= result.probability_start - 1e-12
    for shares in result.best.shares.values():  # still a valid allocation, nothing rescaled
        assert abs(sum(shares) - 1.0) < 1e-9 and min(shares) >= 0.0


def test_best_placement_from_the_best_changes_nothing() -> None:
    from simulator import placement

    first = placement.best_placement(Scenario())
    again = placement.best_placement(Scenario(), first.best)
    assert again.adopters_added < 1.0 and again.best.shares == first.best.shares


def test_the_regional_ensembles_lean_run_is_the_full_runs_count() -> None:
    """``regional_ensemble`` asks the engine for the count only (its lean variant): the same numbers as the
    full run's count, which ``simulate_regions`` gives by default."""
    draws = mc.sample(draws=40, seed=9)
    scenario = Scenario(training_per_year=3e6)
    lean = regions.simulate_regions(draws.parameters, [scenario], [regions.Allocation()], fields=("n_adopters",))
    full = regions.simulate_regions(draws.parameters, [scenario], [regions.Allocation()])
    assert lean.n_active is None and full.n_active is not None
    assert_allclose(lean.n_adopters, full.n_adopters, rtol=0, atol=0)
    fan = regions.regional_ensemble(scenario, None, draws, stride=1)
    assert_allclose(fan.fan, mc.weighted_quantiles(full.n_adopters[0], draws.weights), rtol=1e-12)
