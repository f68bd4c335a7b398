"""Counts a user adds: checked like the bundled file, marked as added, capped, and carried by files and links."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator import uncertainty
from simulator.errors import InputError
from simulator.io import added, scenario_files, vintages
from simulator.parameters import Scenario

SEPTEMBER = {"date": "2023-09", "value": "23100000", "said_on": "2023-10-05"}


def test_added_rows_are_kept_apart_and_extend_the_vintages() -> None:
    combined = added.combine(added.normalise([SEPTEMBER]))
    bundled = added.combine(())
    assert len(combined) == len(bundled) + 1
    marked = combined[added.is_added(combined)]
    assert len(marked) == 1 and marked["value"].iloc[0] == 23_100_000
    assert not added.is_added(bundled).any()
    assert vintages.vintage_range(combined)[1] == "2023-10"  # the month it was said
    # A vintage before the count was said does not see it.
    assert not added.is_added(vintages.as_of(combined, "2023-09")).any()
    assert added.is_added(vintages.as_of(combined, "2023-10")).sum() == 1


@pytest.mark.parametrize(("row", "words"), [
    ({"date": "2023-09", "value": "-5"}, "out of range"),
    ({"date": "2023-09", "value": "banyak"}, "not a number"),
    ({"date": "2030-01", "value": "30000000"}, "future"),
    ({"date": "2099-01", "value": "30000000"}, "between 2020-01 and"),
    ({"date": "2021-06-22", "value": "13000000"}, "same day as bundled row"),
    ({"date": "2023-09", "value": "3000000", "definition": "bps_survey"}, "cannot be fitted"),
    ({"date": "2023-09", "value": "23000000", "definition": "rumour"}, "definition"),
    ({"date": "September", "value": "23000000"}, "date"),
    ({"value": "23000000"}, "a date"),
    ({"date": "2023-09", "value": "23000000", "colour": "red"}, "unknown field"),
])
def test_hostile_added_counts_get_a_clear_message(row: dict[str, str], words: str) -> None:
    with pytest.raises(ValueError, match=words) as info:
        added.combine(added.normalise([row]))
    assert "\n" not in str(info.value)


def test_two_added_counts_on_one_day_are_refused_naming_both() -> None:
    rows = [{"date": "2023-09-15", "value": "23000000"}, {"date": "2023-09-15", "value": "23100000"}]
    with pytest.raises(ValueError, match=r"added count 2: .* same day as added count 1"):
        added.combine(added.normalise(rows))


def test_ten_thousand_rows_are_refused_before_any_parsing() -> None:
    with pytest.raises(ValueError, match=f"at most {added.MAX_ADDED}"):
        added.normalise([SEPTEMBER] * 10_000)


def test_link_round_trip_and_limits() -> None:
    rows = added.normalise([SEPTEMBER, {"date": "2023-12", "value": "24000000"}])
    text = added.to_link(rows)
    assert text == "2023-09:23100000:2023-10-05,2023-12:24000000"
    assert added.from_link(text) == rows
    assert added.to_link(added.normalise([{**SEPTEMBER, "definition": "platform_data"}])) is None  # file only
    with pytest.raises(ValueError, match="at most"):
        added.from_link(",".join(["2023-09:23100000"] * (added.MAX_LINK_ADDED + 1)))
    with pytest.raises(ValueError, match="date:value"):
        added.from_link("2023-09:lots")
    with pytest.raises(InputError) as refused:
        added.from_link("2023-09:lots")
    assert "bukan tanggal:nilai" in refused.value.message("id") and "2023-09:23100000" in refused.value.message("id")


def test_scenario_file_round_trip_carries_the_vintage_and_the_counts() -> None:
    rows = added.normalise([SEPTEMBER])
    text = scenario_files.dumps(Scenario(training_per_year=1e6), as_of="2023-10", observations=rows)
    loaded = scenario_files.parse(text)
    assert loaded.as_of == "2023-10" and loaded.observations == rows
    assert loaded.scenario.training_per_year == 1e6
    bad = json.loads(text)
    bad["observations"][0]["value"] = "-1"
    with pytest.raises(ValueError, match="added count 1: value"):
        scenario_files.parse(json.dumps(bad))
    bad["observations"] = "lots"
    with pytest.raises(ValueError, match="list of rows"):
        scenario_files.parse(json.dumps(bad))
    with pytest.raises(ValueError, match="as_of"):
        scenario_files.parse(json.dumps({"as_of": "June"}))


@pytest.mark.slow
def test_an_added_count_moves_the_forecast_toward_it() -> None:
    """A count well above the forecast, added at the latest vintage, raises the median at the deadline."""
    bundled = added.combine(())
    high = added.combine(added.normalise([{"date": "2023-06-30", "value": "25000000", "said_on": "2023-06-30"}]))
    scenario = Scenario(deadline="2024-12")
    before = uncertainty.ensemble(scenario, uncertainty.sample(draws=200, observations=vintages.as_of(
        bundled, "2023-06")), levers=False)
    after = uncertainty.ensemble(scenario, uncertainty.sample(draws=200, observations=vintages.as_of(
        high, "2023-06")), levers=False)
    assert after.adopters_at_deadline_p50 > before.adopters_at_deadline_p50
    assert np.isfinite(after.probability_reached)
