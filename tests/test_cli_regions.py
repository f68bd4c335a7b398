"""The command line's regions: the JSON list, the long CSV, the allocation keys of --set and scenario files."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from simulator import cli, regions
from simulator.io import scenario_files as sf
from simulator.parameters import Scenario


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(list(argv))
    return status, out.getvalue(), err.getvalue()


def test_run_json_has_six_regions() -> None:
    status, out, _ = _run("run", "--set", "training_per_year=2e6")
    assert status == 0
    document = json.loads(out)
    rows = document["regions"]
    assert [r["region"] for r in rows] == list(regions.REGION_KEYS)
    for row in rows:
        assert {"region", "n_umkm", "adopters_at_deadline", "online_share_at_deadline"} <= set(row)
        assert 0 < row["online_share_at_deadline"] < 1
    total = sum(r["adopters_at_deadline"] for r in rows)
    assert total == pytest.approx(document["summary"]["adopters_at_deadline"], rel=0.01)
    assert set(document["allocation"]) == set(regions.ALLOCATION_KEYS)


def test_run_json_with_draws_has_regional_quantiles() -> None:
    status, out, _ = _run("run", "--draws", "100")
    assert status == 0
    for row in json.loads(out)["regions"]:
        assert row["adopters_at_deadline_p10"] <= row["adopters_at_deadline_p50"] <= row["adopters_at_deadline_p90"]


def test_by_region_csv_is_long() -> None:
    status, out, _ = _run("run", "--format", "csv", "--by-region")
    assert status == 0
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == list(regions.LONG_COLUMNS)
    assert len(frame) == 6 * Scenario().n_months
    assert list(frame["region"][:6]) == list(regions.REGION_KEYS)


def test_set_allocation_moves_the_towers() -> None:
    _, out, _ = _run("run", "--set", "infrastructure_villages_per_year=5000",
                     "--set", "infrastructure_allocation=jawa:1")
    rows = {r["region"]: r for r in json.loads(out)["regions"]}
    assert rows["jawa"]["allocation"]["infrastructure_allocation"] == 1.0
    assert rows["jawa"]["levers"]["infrastructure_villages_per_year"]["adopters_added"] > 0


@pytest.mark.parametrize(("value", "message"), [
    ("jawa:0.5", "sum to 0.5 (50%)"), ("papua:1", "unknown region 'papua'"), ("jawa:1.5,sumatera:-0.5", "negative")])
def test_bad_allocation_on_the_command_line_is_one_line(value: str, message: str) -> None:
    status, out, err = _run("run", "--set", f"training_allocation={value}")
    assert status == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_by_region_needs_csv() -> None:
    status, _, err = _run("run", "--by-region")
    assert status == 2 and "--by-region" in err


def test_describe_lists_the_allocation_keys() -> None:
    _, out, _ = _run("describe")
    document = json.loads(out)
    assert list(document["allocation_keys"]) == list(regions.ALLOCATION_KEYS)
    assert [r["region"] for r in document["regions"]["regions"]] == list(regions.REGION_KEYS)
    sources = regions.REGION_SOURCES
    assert document["regions"]["sources"] == {key: source.en for key, source in sources.items()}
    assert document["regions"]["sources_id"] == {key: source.id for key, source in sources.items()}


def test_scenario_file_round_trip_with_allocation(tmp_path: Path) -> None:
    allocation = regions.Allocation().replace("financing_idr_per_year", [0.1, 0.2, 0.2, 0.2, 0.1, 0.2])
    scenario = Scenario(financing_idr_per_year=5e12)
    text = sf.dumps(scenario, allocation=allocation)
    parsed = sf.parse(text)
    assert parsed.scenario == scenario
    assert list(parsed.allocation) == ["financing_allocation"]
    assert regions.allocation_from_mapping(parsed.allocation).shares == allocation.shares
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    _, out, _ = _run("run", "--scenario", str(path))
    rows = json.loads(out)["regions"]
    assert [r["allocation"]["financing_allocation"] for r in rows] == [0.1, 0.2, 0.2, 0.2, 0.1, 0.2]


def test_scenario_file_with_a_bad_allocation_is_refused() -> None:
    with pytest.raises(ValueError, match=r"infrastructure_allocation: the shares sum to 0\.5"):
        sf.parse('{"infrastructure_allocation": {"maluku_papua": 0.5}}')


def test_place_prints_the_best_placement() -> None:
    status, out, _ = _run("place", "--set", "training_per_year=2e6", "--draws", "50")
    assert status == 0
    document = json.loads(out)
    assert document["adopters_added"] >= 0 and document["cost_idr_best"] <= document["cost_idr_start"] + 1.0
    assert set(document["best"]) == set(regions.ALLOCATION_KEYS)
    assert 0 <= document["probability_best"] <= 1


def test_goal_seek_by_region_adds_the_allocation() -> None:
    status, out, _ = _run("goal-seek", "--by-region", "--draws", "100", "--target", "28.5e6", "--probability", "0.6")
    assert status == 0
    document = json.loads(out)
    assert document["found"] is True
    assert set(document["allocation"]) == set(regions.ALLOCATION_KEYS)
    assert document["cost_idr"] <= document["at_start_allocation"]["cost_idr"] * (1 + 1e-12)
    assert document["saving_idr"] >= 0
    assert isinstance(document["levers_below_status_quo"], list)


def test_goal_seek_by_region_starts_from_a_given_allocation() -> None:
    status, out, _ = _run("goal-seek", "--by-region", "--draws", "100", "--target", "28.5e6", "--probability", "0.6",
                          "--allocation", "training_allocation=maluku_papua:1")
    assert status == 0
    start = json.loads(out)["start_allocation"]["training_allocation"]
    assert start["maluku_papua"] == 1.0


@pytest.mark.parametrize(("argv", "message"), [
    (["goal-seek", "--allocation", "training_allocation=jawa:1"], "--allocation: only with --by-region"),
    (["goal-seek", "--by-region", "--allocation", "foo=jawa:1"], "--allocation expects KEY=REGION:SHARE"),
    (["goal-seek", "--by-region", "--allocation", "training_allocation=jawa:0.5"], "they must sum to 1"),
    (["goal-seek", "--by-region", "--allocation", "training_allocation=atlantis:1"], "unknown region"),
    (["goal-seek", "--by-region", "--draws", "500000"], "for goal-seek-by-region would need about"),
])
def test_goal_seek_by_region_refuses_bad_input_in_one_line(argv: list[str], message: str) -> None:
    status, out, err = _run(*argv)
    assert status == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_sensitivity_by_region() -> None:
    status, out, _ = _run("sensitivity", "--region", "maluku_papua", "--set", "infrastructure_villages_per_year=5000",
                          "--set", "infrastructure_allocation=maluku_papua:1")
    assert status == 0
    document = json.loads(out)
    assert document["region"] == "maluku_papua"
    assert document["allocation"]["infrastructure_allocation"]["maluku_papua"] == 1.0
    kinds = {row["kind"] for row in document["tornado"]}
    assert kinds == {"parameter", "lever", "allocation"}


def test_sensitivity_by_an_unknown_region_is_one_line() -> None:
    status, out, err = _run("sensitivity", "--region", "mars")
    assert status == 2 and out == ""
    assert "region: 'mars' is not one of" in err and err.count("\n") == 1
