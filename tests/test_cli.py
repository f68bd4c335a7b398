"""The command line: JSON and CSV output of run, calibrate and describe, and one-line errors with exit status 2."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from numpy.testing import assert_allclose

import simulator
from simulator import calibration, cli, limits
from simulator.io import observations
from simulator.parameters import LEVERS, PARAMETERS, SCENARIO_KEYS, Scenario
from simulator.runner import assess

ROOT = Path(__file__).resolve().parents[1]
SERIES_KEYS = ["date", "n_adopters", "n_active", "new_adopters", "new_dropouts", "new_from_training",
               "new_from_campaign", "market_potential", "n_umkm", "connected_share", "ready_share", "villages_covered",
               "spend_idr", "cum_spend_idr", "baseline_n_adopters"]


def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def invoke(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def invoke_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    status, out, err = invoke(capsys, *argv)
    assert (status, err) == (0, "")
    return _strict(out)


@pytest.fixture(scope="module")
def default_assessment():
    return assess(Scenario())


# --- run: JSON ----------------------------------------------------------------------------------------------

def test_run_prints_scenario_summary_and_series(capsys: pytest.CaptureFixture[str], default_assessment) -> None:
    document = invoke_json(capsys, "run")
    assert list(document) == ["model_version", "scenario", "summary", "calibration", "series", "allocation",
                              "regions"]
    assert document["model_version"] == simulator.__version__
    assert document["scenario"] == Scenario().to_mapping()
    assert list(document["scenario"]) == list(SCENARIO_KEYS)
    assert document["calibration"] is None

    summary = document["summary"]
    verdict = default_assessment.scenario.verdict
    assert summary["target"] == 30_000_000 and summary["deadline"] == "2024-12"
    assert summary["reached_on"] == verdict.reached_on and summary["reached_by_deadline"] is verdict.reached_by_deadline
    assert_allclose([summary["adopters_at_deadline"], summary["gap"], summary["cost_idr"],
                     summary["baseline_adopters_at_deadline"]],
                    [verdict.adopters_at_deadline, verdict.gap, verdict.cost_idr,
                     default_assessment.baseline.verdict.adopters_at_deadline], rtol=1e-12)
    assert list(summary["contributions"]) == [lever.key for lever in LEVERS]
    for contribution in summary["contributions"].values():
        assert contribution == {"adopters_added": 0.0, "extra_cost_idr": 0.0, "cost_per_adopter_idr": None}

    series = document["series"]
    assert len(series) == 132
    assert list(series[0]) == SERIES_KEYS
    assert [row["date"] for row in series[:2]] == ["2020-01", "2020-02"] and series[-1]["date"] == "2030-12"
    frame = default_assessment.scenario.frame
    assert_allclose([row["n_adopters"] for row in series], frame["n_adopters"], rtol=1e-12)
    assert_allclose([row["cum_spend_idr"] for row in series], frame["cum_spend_idr"], rtol=1e-12)
    assert_allclose([row["baseline_n_adopters"] for row in series], frame["n_adopters"], rtol=1e-12)
    assert 5e6 < series[0]["n_adopters"] < 10e6  # counts in UMKM, not millions


def test_reached_on_and_deadline_month_agree_with_the_series(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "run", "--set", "training_per_year=5e6", "--set", "target=25000000")
    summary, series = document["summary"], document["series"]
    by_month = {row["date"]: row["n_adopters"] for row in series}
    first = next(row["date"] for row in series if row["n_adopters"] >= summary["target"])
    assert summary["reached_on"] == first and summary["reached_by_deadline"] is True
    assert summary["adopters_at_deadline"] == by_month["2024-12"] and summary["gap"] == 0
    added = summary["contributions"]["training_per_year"]
    assert added["adopters_added"] > 0 and added["extra_cost_idr"] > 0
    assert_allclose(added["adopters_added"],
                    summary["adopters_at_deadline"] - summary["baseline_adopters_at_deadline"], rtol=1e-9)
    assert series[-1]["n_adopters"] > series[-1]["baseline_n_adopters"]


@pytest.mark.parametrize("written", ["5e6", "5_000_000", "5000000", "5000000.0", "+5E+6"])
def test_set_accepts_numbers_in_several_spellings(capsys: pytest.CaptureFixture[str], written: str) -> None:
    document = invoke_json(capsys, "run", "--set", f"training_per_year={written}")
    assert document["scenario"]["training_per_year"] == 5_000_000


def test_set_start_sets_the_three_start_months(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "run", "--set", "start=2022-03", "--set", "deadline=2026-06",
                           "--set", "horizon=2032-12")
    scenario = document["scenario"]
    assert [scenario[lever.start_key] for lever in LEVERS] == ["2022-03"] * 3
    assert (scenario["deadline"], scenario["horizon"]) == ("2026-06", "2032-12")
    assert len(document["series"]) == 156


def test_scenario_file_with_set_on_top(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"name": "Plan", "training_per_year": 2_000_000, "training_start": "2022-01",
                                "financing_idr_per_year": 4e12, "target": 28_000_000}))
    document = invoke_json(capsys, "run", "--scenario", str(path), "--set", "training_per_year=3e6")
    scenario = document["scenario"]
    assert scenario["training_per_year"] == 3_000_000  # --set wins
    assert scenario["training_start"] == "2022-01" and scenario["financing_idr_per_year"] == 4_000_000_000_000
    assert scenario["target"] == 28_000_000 and scenario["deadline"] == "2024-12"  # the rest: defaults
    expected = assess(Scenario.from_mapping(scenario)).scenario.verdict
    assert_allclose(document["summary"]["adopters_at_deadline"], expected.adopters_at_deadline, rtol=1e-12)

    # A start given with --set replaces the file's own lever start months.
    document = invoke_json(capsys, "run", "--scenario", str(path), "--set", "start=2023-01")
    assert [document["scenario"][lever.start_key] for lever in LEVERS] == ["2023-01"] * 3


def test_a_bundled_preset_runs(capsys: pytest.CaptureFixture[str]) -> None:
    preset = ROOT / "simulator" / "presets" / "government_plan.json"
    document = invoke_json(capsys, "run", "--scenario", str(preset))
    settings = json.loads(preset.read_text())
    for key in SCENARIO_KEYS:
        if key in settings:
            assert document["scenario"][key] == settings[key]


# --- run: CSV -----------------------------------------------------------------------------------------------

def test_csv_is_the_series_with_the_month_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(capsys, "run", "--format", "csv", "--set", "financing_idr_per_year=1e13")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ",".join(SERIES_KEYS)
    assert lines[1].startswith("2020-01,") and lines[-1].startswith("2030-12,")
    frame = pd.read_csv(io.StringIO(out), dtype={"date": str})
    assert len(frame) == 132 and frame["date"].str.fullmatch(r"\d{4}-\d{2}").all()
    json_series = invoke_json(capsys, "run", "--set", "financing_idr_per_year=1e13")["series"]
    assert_allclose(frame["n_adopters"], [row["n_adopters"] for row in json_series], rtol=1e-15)
    assert_allclose(frame["spend_idr"], [row["spend_idr"] for row in json_series], rtol=1e-15)


# --- run and calibrate with observations --------------------------------------------------------------------

def test_run_with_observations_recalibrates_first(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "run", "--observations", observations.bundled_path())
    fitted = calibration.fit(observations.load())
    block = document["calibration"]
    assert block["observations"] == observations.bundled_path()
    assert_allclose([block["fitted"][k] for k in calibration.FREE_PARAMETERS],
                    [fitted.fitted[k] for k in calibration.FREE_PARAMETERS], rtol=1e-12)
    assert_allclose([block["rmse"], block["mape"]], [fitted.rmse, fitted.mape], rtol=1e-12)
    expected = assess(Scenario(), fitted.parameters).scenario.frame["n_adopters"]
    assert_allclose([row["n_adopters"] for row in document["series"]], expected, rtol=1e-12)


def test_run_uses_the_fit_to_the_given_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Observations 20% above the bundled ones give a fit, and a path, above the registry's."""
    bundled = pd.read_csv(observations.bundled_path(), dtype=str, keep_default_na=False)
    bundled["value"] = (bundled["value"].astype(float) * 1.2).round().astype(int).astype(str)
    path = tmp_path / "higher.csv"
    bundled.to_csv(path, index=False)
    document = invoke_json(capsys, "run", "--observations", str(path))
    assert document["calibration"]["fitted"]["adopters_2020"] > 1.1 * calibration.registry_values()["adopters_2020"]
    default = invoke_json(capsys, "run")
    assert document["series"][17]["n_adopters"] > 1.1 * default["series"][17]["n_adopters"]  # June 2021


def test_calibrate_prints_the_fit_table(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "calibrate")
    assert document["model_version"] == simulator.__version__
    registry = calibration.registry_values()
    assert document["registry"] == registry
    for name in calibration.FREE_PARAMETERS:
        assert_allclose(document["fitted"][name], registry[name], rtol=1e-3)
    assert 0 < document["mape"] < 0.03 and document["rmse"] > 0
    table = document["table"]
    assert len(table) == 7 and table[0]["date"] == "2020-02-01"  # June 2021 vintage (Okezone was Aug 2021)
    assert {"date", "observed", "modelled", "use", "error", "relative_error"} <= set(table[0])
    assert sum(row["use"] for row in table) == 6
    fitted = calibration.fit(observations.load())
    assert_allclose([row["modelled"] for row in table], fitted.table["modelled"], rtol=1e-12)
    # Forecast skill is the backtest command's (rolling origin); calibrate reports the fit only.
    assert "skill_check" not in document


def test_calibrate_without_2020_points_still_fits(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_text("date,value,source,link\n2021-02-01,11000000,a,\n2021-04-04,12000000,b,\n"
                    "2021-06-22,13500000,c,\n")
    document = invoke_json(capsys, "calibrate", "--observations", str(path))
    assert document["observations"] == str(path)
    assert document["n_observations"] == 3 and len(document["table"]) == 3
    assert document["mape"] < 0.05


# --- describe -----------------------------------------------------------------------------------------------

def test_describe_lists_the_registry_and_levers(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "describe")
    parameters = document["parameters"]
    assert [p["name"] for p in parameters] == [spec.name for spec in PARAMETERS]
    for entry, spec in zip(parameters, PARAMETERS, strict=True):
        assert entry["meaning"] == {"en": spec.meaning.en, "id": spec.meaning.id}
        assert entry["unit"] == {"en": spec.unit.en, "id": spec.unit.id}
        assert entry["default"] == spec.default and entry["kind"] == spec.kind
        assert entry["source"] == spec.source.en and entry["source_id"] == spec.source.id  # the English, as before
        assert entry["bounds"] == list(spec.bounds) and entry["plausible"] == list(spec.plausible)
    levers = document["levers"]
    assert [lever["key"] for lever in levers] == [lever.key for lever in LEVERS]
    assert all({"label", "unit", "status_quo", "maximum", "start_key", "source", "source_id"} <= set(lever)
               for lever in levers)
    assert [(lever["source"], lever["source_id"]) for lever in levers] == [(lever.source.en, lever.source.id)
                                                                          for lever in LEVERS]
    assert document["scenario_defaults"] == Scenario().to_mapping()
    assert document["scenario_keys"] == [*SCENARIO_KEYS, "start"]


# --- errors -------------------------------------------------------------------------------------------------

@pytest.fixture
def bad_files(tmp_path: Path) -> Path:
    files = {
        "list.json": "[1, 2]", "broken.json": "{\"training_per_year\": ", "unknown.json": "{\"budget\": 5}",
        "string-number.json": "{\"training_per_year\": \"lots\"}", "empty.json": "",
        "millions.csv": "date,value,source,link\n2020-02-01,8.0,a,\n2020-10-05,9.4,b,\n2020-12-03,10.2,c,\n",
        "no-link.csv": "date,value,source\n2020-02-01,8000000,a\n",
        "bad-date.csv": "date,value,source,link\n2020-02-30,8000000,a,\n2020-10-05,9400000,b,\n"
                        "2020-12-03,10200000,c,\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "binary.json").write_bytes(bytes(range(256)))
    return tmp_path


BAD_INPUTS = [
    (["run", "--set", "budget=5"], "unknown scenario key 'budget'; allowed keys: infrastructure_villages_per_year"),
    (["run", "--set", "training_per_year"], "--set expects KEY=VALUE, got 'training_per_year'"),
    (["run", "--set", "training_per_year=-5"], "training_per_year: -5 is out of range; allowed 0 to 5,000,000"),
    (["run", "--set", "training_per_year=6e6"], "training_per_year: 6000000 is out of range"),
    (["run", "--set", "training_per_year=many"], "training_per_year: 'many' is not a number"),
    (["run", "--set", "target=30,000,000"], "target: '30,000,000' is not a number"),
    (["run", "--set", "deadline=2024-13"], "deadline: '2024-13' has month 13; months run from 01 to 12"),
    (["run", "--set", "deadline=Dec 2024"], "deadline: 'Dec 2024' is not a month; use YYYY-MM"),
    (["run", "--set", "deadline=2031-06"], "deadline: '2031-06' is after the horizon 2030-12"),
    (["run", "--set", "start=2019-07"], "start: '2019-07' is outside the model's calendar, 2020-01 to 2040-12"),
    (["run", "--set", "horizon=2020-06"], "horizon: '2020-06' is too early; allowed 2022-12 to 2040-12"),
    (["run", "--scenario", "{dir}/missing.json"], "missing.json: cannot read the scenario file (No such file"),
    (["run", "--scenario", "{dir}"], "cannot read the scenario file"),
    (["run", "--scenario", "{dir}/list.json"], "a scenario file must be a JSON object {...}, not a JSON array"),
    (["run", "--scenario", "{dir}/broken.json"], "scenario file is not valid JSON: Expecting value at line 1"),
    (["run", "--scenario", "{dir}/empty.json"], "scenario file is empty"),
    (["run", "--scenario", "{dir}/binary.json"], "scenario file is not UTF-8 text"),
    (["run", "--scenario", "{dir}/unknown.json"], "unknown key 'budget'; allowed keys:"),
    (["run", "--scenario", "{dir}/string-number.json"], "training_per_year: 'lots' is not a number"),
    (["run", "--observations", "{dir}/missing.csv"], "observations: cannot read"),
    (["run", "--observations", "{dir}/millions.csv"], "observations row 2: value '8.0' is out of range; allowed "
                                                      "1,000 to 100,000,000 UMKM (counts, not millions)"),
    (["calibrate", "--observations", "{dir}/no-link.csv"], "observations: missing column 'link'"),
    (["calibrate", "--observations", "{dir}/bad-date.csv"], "observations row 2: date '2020-02-30' is not a date"),
    (["calibrate", "--observations", "{dir}/binary.json"], "observations: the file is not UTF-8 text"),
    (["run", "--format", "xml"], "argument --format: invalid choice: 'xml' (choose from 'json', 'csv')"),
    (["run", "--draws"], "argument --draws: expected one argument"),
    (["forecast"], "argument COMMAND: invalid choice: 'forecast'"),
    ([], "choose a command: run, goal-seek, sensitivity, calibrate, describe"),
    (["describe", "--verbose"], "unrecognized arguments: --verbose"),
]


@pytest.mark.parametrize(("argv", "fragment"), BAD_INPUTS, ids=[" ".join(a) or "(none)" for a, _ in BAD_INPUTS])
def test_bad_input_exits_2_with_one_clear_line(capsys: pytest.CaptureFixture[str], bad_files: Path,
                                               argv: list[str], fragment: str) -> None:
    status, out, err = invoke(capsys, *(arg.format(dir=bad_files) for arg in argv))
    assert status == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("python -m simulator: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_an_unexpected_failure_exits_1_with_one_line(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(args: object, out: object) -> int:
        raise RuntimeError("engine exploded\nwith a second line")

    monkeypatch.setitem(cli.COMMANDS, "describe", dataclasses.replace(cli.COMMANDS["describe"], handler=broken))
    status, out, err = invoke(capsys, "describe")
    assert status == 1 and out == ""
    assert err == "python -m simulator: internal error: RuntimeError: engine exploded with a second line\n"


def test_help_exits_0_and_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = invoke(capsys, "--help")
    assert status == 0 and err == ""
    assert "usage: python -m simulator" in out
    for name in ("run", "goal-seek", "sensitivity", "calibrate", "describe"):
        assert name in out
    status, out, _ = invoke(capsys, "run", "--help")
    assert status == 0 and "--scenario FILE.json" in out and "KEY=VALUE" in out and "--format {json,csv}" in out


def test_commands_are_registered_one_function_each() -> None:
    assert list(cli.COMMANDS) == ["run", "goal-seek", "sensitivity", "calibrate", "describe", "backtest", "place"]
    for name, command in cli.COMMANDS.items():
        assert command.name == name and command.help and callable(command.handler)


@pytest.mark.parametrize(("text", "value"), [
    ("5e6", 5_000_000), ("5_000_000", 5_000_000), ("5000000", 5_000_000), ("0.5", 0.5), ("-3", -3),
    (".25", 0.25), ("2024-12", "2024-12"), ("nan", "nan"), ("inf", "inf"), ("1e400", float("inf")),
    (" 7 ", 7), ("abc", "abc"), ("", ""),
])
def test_set_values_are_numbers_when_they_look_like_numbers(text: str, value: object) -> None:
    parsed = cli.parse_value(text)
    assert parsed == value and type(parsed) is type(value)


# --- as a real process --------------------------------------------------------------------------------------

def _python_m_simulator(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def test_python_m_simulator_runs(tmp_path: Path) -> None:
    completed = _python_m_simulator("run", "--set", "training_per_year=2e6", "--format", "csv")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert completed.stdout.splitlines()[0].startswith("date,n_adopters,")
    assert len(completed.stdout.splitlines()) == 133


@pytest.mark.parametrize(("argv", "fragment"), [
    (["run", "--set", "training_per_year=abc"], "training_per_year: 'abc' is not a number"),
    (["bogus"], "invalid choice: 'bogus'"),  # an argparse error, which would otherwise print usage text too
])
def test_python_m_simulator_fails_cleanly(argv: list[str], fragment: str) -> None:
    completed = _python_m_simulator(*argv)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Traceback" not in completed.stderr
    assert completed.stderr.count("\n") == 1 and fragment in completed.stderr


# ------------------------------------------------------------------------------------------------------------
# Monte Carlo, goal seek and sensitivity
# ------------------------------------------------------------------------------------------------------------

def test_run_with_draws_adds_probability_and_fan(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "run", "--draws", "300", "--seed", "7")
    summary = document["summary"]
    assert 0.0 <= summary["probability_reached"] <= 1.0
    assert summary["draws"] == 300 and 0 < summary["effective_draws"] <= 300
    for row in document["series"]:
        assert row["n_adopters_p10"] <= row["n_adopters_p50"] <= row["n_adopters_p90"]
    again = invoke_json(capsys, "run", "--draws", "300", "--seed", "7")
    assert again["summary"]["probability_reached"] == summary["probability_reached"]
    other = invoke_json(capsys, "run", "--draws", "300", "--seed", "8")
    assert other["series"][59]["n_adopters_p50"] != document["series"][59]["n_adopters_p50"]


def test_run_without_draws_has_no_fan(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "run")
    assert "probability_reached" not in document["summary"]
    assert "n_adopters_p50" not in document["series"][0]


def test_more_training_raises_the_probability(capsys: pytest.CaptureFixture[str]) -> None:
    low = invoke_json(capsys, "run", "--draws", "300")["summary"]["probability_reached"]
    high = invoke_json(capsys, "run", "--draws", "300", "--set", "training_per_year=5e6")["summary"]
    assert high["probability_reached"] > low


def test_goal_seek_finds_a_mix_that_meets_the_probability(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "goal-seek", "--probability", "30%", "--draws", "300")
    assert document["found"] is True
    assert document["probability"] >= 0.3
    scenario = Scenario.from_mapping(document["scenario"])
    assert scenario.target == 30_000_000 and scenario.deadline == "2024-12"


def test_goal_seek_says_when_nothing_reaches_the_probability(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "goal-seek", "--probability", "0.99", "--draws", "300")
    assert document["found"] is False
    assert document["probability"] < 0.99 and document["message"]


def test_sensitivity_prints_a_sorted_tornado(capsys: pytest.CaptureFixture[str]) -> None:
    document = invoke_json(capsys, "sensitivity", "--draws", "200", "--set", "training_per_year=2e6")
    rows = document["tornado"]
    names = {row["input"] for row in rows}
    assert {"imitation", "ready_share_2020", "campaign_pace", "training_per_year"} <= names
    swings = [abs(row["probability_swing"] or 0.0) for row in rows]
    assert swings == sorted(swings, reverse=True)


@pytest.mark.parametrize("argv", [
    ["run", "--draws", "-1"], ["run", "--draws", "abc"], ["run", "--draws", "2.5"], ["run", "--draws", "2000000"],
    ["run", "--draws", "10", "--seed", "-3"], ["run", "--draws", "10", "--seed", "x"],
    ["goal-seek", "--probability", "1.5"], ["goal-seek", "--probability", "abc"], ["goal-seek", "--budget", "-1"],
    ["goal-seek", "--target", "1e12"], ["goal-seek", "--deadline", "2024-13"], ["goal-seek", "--draws", "3"],
    ["sensitivity", "--set", "bogus=1"], ["sensitivity", "--draws", "0"],
])
def test_uncertainty_commands_reject_bad_input_in_one_line(capsys: pytest.CaptureFixture[str],
                                                            argv: list[str]) -> None:
    status, out, err = invoke(capsys, *argv)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


# --- hostile or degenerate input: caps by cost, numbers out of range, degenerate data (issue rows 6 and 13) ---

def _one_error_line(status: int, out: str, err: str) -> str:
    assert status == 2 and out == "", (status, err)
    assert err.startswith("python -m simulator: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(("argv", "message"), [
    (["run", "--draws", "1e400"], "--draws: '1e400' is out of range; allowed whole numbers 0 to 1,000,000"),
    (["run", "--draws", "2.5"], "--draws: '2.5' is not a whole number; allowed whole numbers 0 to 1,000,000"),
    (["run", "--draws", "nan"], "--draws: 'nan' is not a whole number"),
    (["run", "--draws", "5"], "--draws: '5' is too few for an ensemble; allowed 0 (none) or 10 to 1,000,000"),
    (["sensitivity", "--draws=-1e400"], "--draws: '-1e400' is out of range"),
    (["run", "--seed", "1e400"], "--seed: '1e400' is not a whole number; allowed whole numbers 0 to 4294967295"),
    (["goal-seek", "--seed", "9" * 5000], "--seed: '" + "9" * 5000 + "' is out of range; allowed whole numbers 0"),
    (["run", "--seed=-1"], "--seed: '-1' is out of range"),
    (["goal-seek", "--target", "1e400"], "target: inf is out of range; allowed 1,000,000 to 80,000,000 UMKM"),
    (["goal-seek", "--budget", "1e400"], "--budget: '1e400' is not an amount of rupiah"),
    (["run", "--scenario", ""], "--scenario: the file name is empty; give a scenario JSON file"),
    (["sensitivity", "--scenario", "  "], "--scenario: the file name is empty"),
])
def test_overflowing_or_empty_values_exit_2_with_the_allowed_range(capsys: pytest.CaptureFixture[str],
                                                                   argv: list[str], message: str) -> None:
    assert message in _one_error_line(*invoke(capsys, *argv))


@pytest.mark.parametrize(("command", "draws"), [("sensitivity", "1000000"), ("run", "1e6"), ("run", "900_000")])
def test_draws_over_the_cost_cap_are_refused_before_any_work(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch, command: str,
                                                              draws: str) -> None:
    def no_sampling(**kwargs: Any) -> None:
        raise AssertionError("sampled before checking the cap")

    monkeypatch.setattr(cli.uncertainty, "sample", no_sampling)
    err = _one_error_line(*invoke(capsys, command, "--draws", draws))
    allowed = limits.max_draws(command)
    assert re.search(rf"--draws [\d,]+ for {command} would need about [\d.,]+ [GM]B and \d+ (s|min); at most "
                     rf"{allowed:,} draws are allowed here \(budgets: 2.0 GB of memory, 5 min; set "
                     r"UMKM_MEMORY_BUDGET_MB or UMKM_TIME_BUDGET_S to change them\)$", err), err


def test_the_cap_follows_the_memory_budget(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UMKM_MEMORY_BUDGET_MB", "500")
    allowed = limits.max_draws("run")
    assert 0 < allowed < 20_000
    err = _one_error_line(*invoke(capsys, "run", "--draws", str(allowed + 1000)))
    assert f"at most {allowed:,} draws are allowed here (budgets: 500 MB of memory" in err
    monkeypatch.setenv("UMKM_MEMORY_BUDGET_MB", "lots")
    assert "UMKM_MEMORY_BUDGET_MB='lots' is not a number" in _one_error_line(*invoke(capsys, "run", "--draws", "100"))


def test_memory_error_is_one_line_with_exit_2(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: Any, **kwargs: Any) -> None:
        raise MemoryError("Unable to allocate 9.15 MiB for an array")

    monkeypatch.setattr(cli.sensitivity, "tornado", exhausted)
    err = _one_error_line(*invoke(capsys, "sensitivity", "--draws", "20"))
    assert "sensitivity ran out of memory; this machine has less free memory than the budget of 2,000 MB" in err
    assert "internal error" not in err


def test_a_fit_at_its_search_bounds_warns_on_stderr_and_in_the_json(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    path = tmp_path / "decline.csv"
    path.write_text("date,value,source,link\n2020-02-01,99000000,a,\n2020-10-05,2000,b,\n2021-06-01,1000,c,\n")
    status, out, err = invoke(capsys, "calibrate", "--observations", str(path))
    assert status == 0
    document = _strict(out)
    assert document["warnings"] and all(w.startswith("calibration: ") for w in document["warnings"])
    # A count falling from 99 million to 1,000 pins the start count and the campaign's pace at their lowest and
    # its ramp at its slowest: one warning each, in the order of the free parameters.
    assert "adopters_2020 = 4,000,000 is at the lower end of its search range (4,000,000 to 11,000,000)" in \
        document["warnings"][0]
    assert "campaign_pace = 500,000 is at the lower end" in document["warnings"][1]
    assert "campaign_ramp = 4 is at the upper end of its search range (0.05 to 4)" in document["warnings"][2]
    assert len(document["warnings"]) == len(calibration.FREE_PARAMETERS)
    assert re.search(r"mean error [\d,]+% on the fitted observations", document["warnings"][0])
    assert err.splitlines() == [f"python -m simulator: warning: {w}" for w in document["warnings"]]
    status, out, err = invoke(capsys, "run", "--observations", str(path))
    assert status == 0 and _strict(out)["calibration"]["warnings"] == document["warnings"]


def test_the_bundled_fit_has_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert invoke_json(capsys, "calibrate")["warnings"] == []


@pytest.mark.parametrize(("rows", "message"), [
    ("2020-10-05,9400000,a,\n2020-10-05,9500000,b,\n2021-06-01,13500000,c,\n",
     "observations row 3: date '2020-10-05' is the same day as row 2 and both are fitted"),
    ("2020-10-05,9400000,a,\n2021-06-01,13500000,c,\n2035-06-01,30000000,d,\n",
     "observations row 4: date '2035-06-01' is in the future; allowed 2020-01 to"),
])
def test_degenerate_observations_exit_2_naming_the_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                        rows: str, message: str) -> None:
    path = tmp_path / "obs.csv"
    path.write_text("date,value,source,link\n" + rows)
    assert message in _one_error_line(*invoke(capsys, "calibrate", "--observations", str(path)))


def test_a_very_wide_header_exits_2_quickly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n")
    err = _one_error_line(*invoke(capsys, "calibrate", "--observations", str(path)))
    assert "observations: the header has 100,000 columns; at most 50 are allowed" in err


def test_a_scenario_files_data_keys_set_the_vintage_and_add_its_counts(capsys, tmp_path: Path) -> None:
    """As in the app: the file's added counts join the bundled ones and its as_of is the vintage (--as-of wins)."""
    path = tmp_path / "with_data.json"
    path.write_text(json.dumps({"as_of": "2023-10", "training_per_year": 1_000_000, "observations": [
        {"date": "2023-09", "value": 23_100_000, "said_on": "2023-10-05"}]}), encoding="utf-8")
    code, out, _ = invoke(capsys, "run", "--scenario", str(path))
    summary = json.loads(out)["summary"]
    bundled = int(observations.load(as_of="2023-06")["use"].sum())
    assert code == 0 and summary["as_of"] == "2023-10" and summary["n_observations"] == bundled + 1
    code, out, _ = invoke(capsys, "run", "--scenario", str(path), "--as-of", "2022-06")
    assert code == 0 and json.loads(out)["summary"]["as_of"] == "2022-06"
    path.write_text(json.dumps({"as_of": "2023-10", "observations": [{"date": "2023-09", "value": -1}]}),
                    encoding="utf-8")
    code, _, err = invoke(capsys, "run", "--scenario", str(path))
    assert code == 2 and "added count 1" in err and "\n" not in err.strip()
