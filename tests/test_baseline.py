"""The headline figures against ``tests/baseline.json``: a change to any of them must be intended.

The figures come from :func:`tests.baseline.compute`, the same function ``make baseline`` writes the file with.
"""

from __future__ import annotations

import copy

import pytest

from simulator.io import scenario_files
from simulator.parameters import LEVERS
from tests import baseline


@pytest.fixture(scope="module")
def stored() -> dict:
    return baseline.load()


@pytest.fixture(scope="module")
def current() -> dict:
    return baseline.compute()


def test_headline_figures_match_the_baseline(stored: dict, current: dict) -> None:
    changed = baseline.differences(stored, current)
    assert not changed, (f"{len(changed)} headline figure(s) differ from tests/baseline.json (old -> new):\n  "
                         + "\n  ".join(changed) + f"\n{baseline.UPDATE_HINT}")


def test_baseline_covers_the_status_quo_every_preset_and_every_lever_at_its_maximum(stored: dict) -> None:
    expected = {"status_quo", "max/all", *(f"preset/{name}" for name in scenario_files.PRESET_NAMES),
                *(f"max/{lever.key}" for lever in LEVERS)}
    assert set(stored["scenarios"]) == expected
    assert stored["scenarios"]["max/all"]["changes"] == {lever.key: lever.maximum for lever in LEVERS}


def test_baseline_file_is_as_the_update_script_writes_it() -> None:
    text = baseline.PATH.read_text(encoding="utf-8")
    assert text == baseline.dumps(baseline.load()), ("tests/baseline.json was edited by hand or reformatted; "
                                                     + baseline.UPDATE_HINT)


def test_every_changed_figure_is_listed_old_against_new(stored: dict) -> None:
    changed = copy.deepcopy(stored)
    central = changed["scenarios"]["status_quo"]["central"]
    central["adopters_at_deadline"] *= 1 + 1e-8  # above the deterministic tolerance
    central["reached_on"] = "2025-12"
    changed["scenarios"]["max/all"]["monte_carlo"]["probability_reached"] *= 1 + 1e-9  # within the MC tolerance
    changed["goal_seek"]["found"] = False
    changed["goal_seek"]["changes"]["training_per_year"] += 50_000
    del changed["calibration"]["rmse"]
    lines = baseline.differences(stored, changed)
    assert [line.split(":")[0] for line in lines] == [
        "calibration.rmse", "goal_seek.changes.training_per_year", "goal_seek.found",
        "scenarios.status_quo.central.adopters_at_deadline", "scenarios.status_quo.central.reached_on"]
    old = stored["scenarios"]["status_quo"]["central"]
    assert f"{old['reached_on']!r} -> '2025-12'" in lines[-1]
    assert f"{old['adopters_at_deadline']!r} -> {central['adopters_at_deadline']!r} (+1e-08 relative)" in lines[-2]
    assert "(no longer computed)" in lines[0]


def test_figures_within_the_tolerance_are_not_reported(stored: dict) -> None:
    nudged = copy.deepcopy(stored)
    nudged["scenarios"]["status_quo"]["central"]["cost_idr"] *= 1 + baseline.RTOL / 10
    nudged["scenarios"]["status_quo"]["monte_carlo"]["adopters_at_deadline_p50"] *= 1 + baseline.RTOL_MONTE_CARLO / 10
    assert baseline.differences(stored, nudged) == []
