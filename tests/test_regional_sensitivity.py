"""Sensitivity by region: one row per parameter, lever and (lever, region) share; the swings are real runs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator import regional_sensitivity as rs
from simulator import regions
from simulator import uncertainty as mc
from simulator.parameters import LEVERS, PARAMETER_SPECS, ModelParameters, Scenario

SCENARIO = Scenario(infrastructure_villages_per_year=5_000, training_per_year=2_000_000)


@pytest.fixture(scope="module")
def draws() -> mc.Draws:
    return mc.sample(draws=50, seed=17)


@pytest.fixture(scope="module")
def papua(draws: mc.Draws) -> rs.RegionalSensitivity:
    return rs.regional_tornado(SCENARIO, region="maluku_papua", draws=draws)


def test_one_row_per_parameter_lever_and_placed_share(papua: rs.RegionalSensitivity, draws: mc.Draws) -> None:
    table = papua.table
    assert list(table.columns) == list(rs.COLUMNS)
    assert len(table) == len(draws.priors) + len(LEVERS) + len(LEVERS) * len(regions.REGION_KEYS)
    assert set(table["kind"]) == {"parameter", "lever", "allocation"}
    for _, row in table[table["kind"] == "parameter"].iterrows():
        assert (row["low"], row["high"]) == PARAMETER_SPECS[row["input"]].plausible
    shares = table[table["kind"] == "allocation"]
    assert set(zip(shares["lever"], shares["region"], strict=True)) == {
        (lever.key, key) for lever in LEVERS for key in regions.REGION_KEYS}
    assert np.all(np.diff(table["swing"].to_numpy()) <= 0)


def test_the_value_is_the_regions_onboarded_at_the_deadline(papua: rs.RegionalSensitivity) -> None:
    run = regions.run_regions(SCENARIO)
    row = run.table.set_index("region").loc["maluku_papua"]
    assert papua.value == pytest.approx(row["adopters_at_deadline"], rel=1e-9)


def test_a_row_is_the_run_it_describes(papua: rs.RegionalSensitivity) -> None:
    row = papua.table.set_index("input").loc["infrastructure_allocation:maluku_papua"]
    everything = tuple(1.0 if k == "maluku_papua" else 0.0 for k in regions.REGION_KEYS)
    run = regions.run_regions(SCENARIO, regions.Allocation().replace("infrastructure_villages_per_year", everything))
    assert row["value_high"] == pytest.approx(run.table.set_index("region").loc["maluku_papua", "adopters_at_deadline"],
                                              rel=1e-9)
    lever = papua.table.set_index("input").loc["training_per_year"]
    zero = regions.run_regions(SCENARIO.replace(training_per_year=0.0))
    assert lever["value_low"] == pytest.approx(zero.table.set_index("region").loc["maluku_papua",
                                                                                  "adopters_at_deadline"], rel=1e-9)


def test_towers_placed_in_maluku_papua_matter_there_more_than_in_jawa(draws: mc.Draws) -> None:
    def swing(region: str) -> float:
        table = rs.regional_tornado(SCENARIO, region=region, draws=draws).table.set_index("input")
        return float(table.loc[f"infrastructure_allocation:{region}", "swing"] / table.loc["campaign_pace", "swing"])

    # Relative to what the campaign moves in each: the 4G gap is where BAKTI says it is, mostly in the east.
    assert swing("maluku_papua") > 3 * swing("jawa")


def test_the_nation_is_the_sum_of_the_regions(draws: mc.Draws) -> None:
    national = rs.regional_tornado(SCENARIO, region=rs.NATIONAL, draws=draws)
    parts = [rs.regional_tornado(SCENARIO, region=k, draws=draws) for k in regions.REGION_KEYS]
    assert national.value == pytest.approx(sum(p.value for p in parts), rel=1e-12)
    row = national.table.set_index("input").loc["imitation"]
    assert row["value_high"] == pytest.approx(sum(p.table.set_index("input").loc["imitation", "value_high"]
                                                  for p in parts), rel=1e-12)


def test_a_lever_at_zero_moves_nothing_wherever_it_goes(draws: mc.Draws) -> None:
    table = rs.regional_tornado(SCENARIO.replace(financing_idr_per_year=0.0), region="jawa", draws=draws).table
    placed = table[(table["kind"] == "allocation") & (table["lever"] == "financing_idr_per_year")]
    assert placed["swing"].max() == pytest.approx(0.0, abs=1e-6)


def test_moved_share_keeps_the_sum_and_the_proportions() -> None:
    shares = (0.1, 0.5, 0.1, 0.1, 0.2, 0.0)
    moved = rs.moved_share(shares, 5, 0.5)
    assert sum(moved) == pytest.approx(1.0)
    assert moved[5] == 0.5 and moved[1] / moved[0] == pytest.approx(5.0)
    alone = rs.moved_share((0, 0, 0, 0, 0, 1.0), 5, 0.0)  # nothing elsewhere: the rest goes like the UMKM
    assert sum(alone) == pytest.approx(1.0) and alone[5] == 0.0
    with pytest.raises(ValueError, match="share"):
        rs.moved_share(shares, 0, 1.5)


def test_an_unknown_region_is_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"region: 'mars' is not one of sumatera, .*maluku_papua, national"):
        rs.regional_tornado(SCENARIO, region="mars")


def test_json_ready(papua: rs.RegionalSensitivity) -> None:
    document = json.loads(json.dumps(papua.to_dict()))
    assert document["region"] == "maluku_papua"
    assert len(document["tornado"]) == len(papua.table)


def test_central_parameters_are_the_registry_defaults(papua: rs.RegionalSensitivity) -> None:
    base = ModelParameters()
    row = papua.table.set_index("input").loc["imitation"]
    assert row["low"] < base.imitation < row["high"]
