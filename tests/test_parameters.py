"""The parameter registry, ModelParameters validation, and Scenario validation and round trip."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import timeline
from simulator.model import LeverPaths, Trajectory
from simulator.parameters import (
    HORIZON_RANGE,
    LEVER_SPECS,
    LEVERS,
    PARAMETER_SPECS,
    PARAMETERS,
    SCENARIO_KEYS,
    TARGET_RANGE,
    ModelParameters,
    Scenario,
    central_parameters,
)

# --- Registry -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", PARAMETERS, ids=lambda spec: spec.name)
def test_registry_entry_is_documented(spec) -> None:
    for text in (spec.meaning.en, spec.meaning.id, spec.unit.en, spec.unit.id, spec.source.en, spec.source.id):
        assert text.strip(), spec.name
    assert spec.meaning.en != spec.meaning.id  # the Indonesian text is a translation, not a copy
    assert spec.source.en != spec.source.id
    assert spec.kind in ("data", "derived", "calibrated", "assumption")
    assert spec.distribution in ("fixed", "uniform", "loguniform")


@pytest.mark.parametrize("spec", PARAMETERS, ids=lambda spec: spec.name)
def test_default_lies_within_plausible_within_bounds(spec) -> None:
    lo, hi = spec.bounds
    assert lo <= spec.plausible[0] <= spec.default <= spec.plausible[1] <= hi
    if spec.distribution == "loguniform":
        assert spec.plausible[0] > 0
    if spec.distribution != "fixed":
        assert spec.plausible[0] < spec.plausible[1]  # something to draw from


def test_registry_and_model_parameters_list_the_same_fields() -> None:
    names = [spec.name for spec in PARAMETERS]
    assert len(set(names)) == len(names)
    assert names == [f.name for f in dataclasses.fields(ModelParameters)]
    assert ModelParameters().as_dict() == {spec.name: spec.default for spec in PARAMETERS}


def test_registry_defaults_are_a_valid_parameter_set() -> None:
    ModelParameters(**{spec.name: spec.default for spec in PARAMETERS})


@pytest.mark.parametrize("lever", LEVERS, ids=lambda lever: lever.key)
def test_levers_are_documented_and_consistent(lever) -> None:
    for text in (lever.label.en, lever.label.id, lever.unit.en, lever.unit.id, lever.mechanism.en,
                 lever.mechanism.id, lever.source.en, lever.source.id):
        assert text.strip(), lever.key
    assert lever.source.en != lever.source.id
    assert 0 < lever.status_quo <= lever.maximum
    assert lever.step > 0
    assert lever.cost_parameter is None or lever.cost_parameter in PARAMETER_SPECS
    assert lever.key in SCENARIO_KEYS and lever.start_key in SCENARIO_KEYS


# --- ModelParameters ----------------------------------------------------------------------------------------

def _allowed(spec) -> str:
    lo, hi = spec.bounds
    return re.escape(f"allowed {lo:g} to {hi:g} {spec.unit.en}")


@pytest.mark.parametrize("spec", PARAMETERS, ids=lambda spec: spec.name)
def test_model_parameters_reject_values_outside_bounds(spec) -> None:
    lo, hi = spec.bounds
    span = hi - lo
    for bad in (lo - 0.01 * span - 1e-9, hi + 0.01 * span, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=rf"^{spec.name}: .*; {_allowed(spec)}$"):
            ModelParameters(**{spec.name: bad})


def test_model_parameters_reject_one_bad_value_in_an_array() -> None:
    with pytest.raises(ValueError, match=r"^innovation: values from 0\.03 to 3 is out of range; allowed 0 to 2"):
        ModelParameters(innovation=np.array([0.03, 0.05, 3.0]))


def test_model_parameters_accept_the_plausible_corners() -> None:
    for spec in PARAMETERS:
        for value in spec.plausible:
            ModelParameters(**{spec.name: value})


def test_model_parameters_check_the_relations_between_fields() -> None:
    with pytest.raises(ValueError, match="connected_share_max must be at least connected_share_2020"):
        ModelParameters(connected_share_2020=0.8, connected_share_max=0.7)
    with pytest.raises(ValueError, match="adopters_2020 exceeds the reachable pool of 2020"):
        ModelParameters(adopters_2020=30e6)
    # The pool of 2020 is the product umkm_2019 x connected share x reachable share at the registry values.
    potential_2020 = 65.47e6 * 0.737 * 0.55
    ModelParameters(adopters_2020=potential_2020 * (1 - 1e-9))
    with pytest.raises(ValueError, match="adopters_2020 exceeds the reachable pool of 2020"):
        ModelParameters(adopters_2020=potential_2020 * (1 + 1e-9))
    with pytest.raises(ValueError, match="adopters_2020 exceeds the reachable pool of 2020"):
        ModelParameters(adopters_2020=np.array([1e6, 20e6]), ready_share_2020=np.array([0.55, 0.35]))


def test_model_parameters_are_frozen_values() -> None:
    parameters = ModelParameters()
    with pytest.raises(dataclasses.FrozenInstanceError):
        parameters.innovation = 0.1  # type: ignore[misc]
    changed = parameters.replace(innovation=0.1)
    assert changed.innovation == 0.1 and parameters.innovation == PARAMETER_SPECS["innovation"].default
    with pytest.raises(ValueError, match="innovation"):
        parameters.replace(innovation=-1.0)
    with pytest.raises(TypeError):
        ModelParameters(0.1)  # type: ignore[misc]  # keyword-only


# --- Scenario -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "message"), [
    ({"training_per_year": -1}, "training_per_year: -1 is out of range; allowed 0 to 5,000,000 UMKM per year"),
    ({"training_per_year": 5_000_001}, "training_per_year: 5000001 is out of range; allowed 0 to 5,000,000"),
    ({"infrastructure_villages_per_year": 1e9}, "infrastructure_villages_per_year: 1000000000.0 is out of range; "
                                                "allowed 0 to 5,000 villages per year"),
    ({"financing_idr_per_year": "lots"}, "financing_idr_per_year: 'lots' is not a number; allowed 0 to "
                                         "20,000,000,000,000 rupiah per year"),
    ({"training_per_year": True}, "training_per_year: True is not a number"),
    ({"training_per_year": None}, "training_per_year: None is not a number"),
    ({"training_per_year": float("nan")}, "training_per_year: nan is out of range"),
    ({"training_per_year": [1, 2]}, "training_per_year: [1, 2] is not a number"),
    ({"target": 999_999}, "target: 999999 is out of range; allowed 1,000,000 to 80,000,000 UMKM"),
    ({"target": 80_000_001}, "target: 80000001 is out of range"),
    ({"deadline": "2024-13"}, "deadline: '2024-13' has month 13; months run from 01 to 12"),
    ({"deadline": "2024/12"}, "deadline: '2024/12' is not a month; use YYYY-MM, e.g. 2024-12"),
    ({"deadline": "December 2024"}, "deadline: 'December 2024' is not a month"),
    ({"deadline": 202412}, "deadline: 202412 is not a month; use YYYY-MM"),
    ({"deadline": "2031-01"}, "deadline: '2031-01' is after the horizon 2030-12; allowed 2020-01 to 2030-12"),
    ({"training_start": "2019-12"}, "training_start: '2019-12' is outside the model's calendar, "
                                    "2020-01 to 2040-12"),
    ({"horizon": "2022-11"}, "horizon: '2022-11' is too early; allowed 2022-12 to 2040-12"),
    ({"horizon": "2041-01"}, "horizon: '2041-01' is outside the model's calendar"),
    ({"start": "2035-01"}, "infrastructure_start: '2035-01' is after the horizon 2030-12"),
    ({"trainings_per_year": 1}, "unknown scenario key 'trainings_per_year'; allowed keys: "
                                "infrastructure_villages_per_year, training_per_year"),
])
def test_scenario_rejects_bad_values_with_a_clear_message(values: dict, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        Scenario.from_mapping(values)


def test_scenario_rejects_what_is_not_a_mapping() -> None:
    with pytest.raises(ValueError, match="a scenario must be a mapping of keys to values, not list"):
        Scenario.from_mapping([("target", 1)])  # type: ignore[arg-type]


def test_scenario_accepts_the_edges_and_normalises_months() -> None:
    scenario = Scenario.from_mapping({"training_per_year": 0, "financing_idr_per_year": 20e12,
                                      "target": TARGET_RANGE[1], "deadline": "2030-12", "horizon": "2030-12",
                                      "training_start": "2020-1", "financing_start": " 2024-05 "})
    assert scenario.training_start == "2020-01" and scenario.financing_start == "2024-05"
    assert scenario.month_index("deadline") == scenario.n_months - 1 == 131
    assert Scenario(training_per_year="5e6").training_per_year == 5e6  # numeric text is a number


def scenarios() -> st.SearchStrategy[Scenario]:
    horizon_index = st.integers(*(timeline.parse_month(m) for m in HORIZON_RANGE))

    @st.composite
    def build(draw: st.DrawFn) -> Scenario:
        horizon = draw(horizon_index)
        month = st.integers(0, horizon).map(timeline.format_month)
        values = {lever.key: draw(st.floats(0.0, lever.maximum) | st.integers(0, int(lever.maximum)))
                  for lever in LEVERS}
        values |= {lever.start_key: draw(month) for lever in LEVERS}
        return Scenario(**values, target=draw(st.floats(*TARGET_RANGE)), deadline=draw(month),
                        horizon=timeline.format_month(horizon))

    return build()


@settings(max_examples=100, deadline=None)
@given(scenario=scenarios())
def test_mapping_round_trip_is_the_identity(scenario: Scenario) -> None:
    mapping = scenario.to_mapping()
    assert list(mapping) == list(SCENARIO_KEYS)
    again = Scenario.from_mapping(mapping)
    assert again == scenario
    assert again.to_mapping() == mapping
    assert {key: again.month_index(key) for key in ("deadline", "horizon")} == \
           {key: scenario.month_index(key) for key in ("deadline", "horizon")}


def test_from_mapping_fills_missing_keys_from_the_base() -> None:
    base = Scenario(training_per_year=2e6, deadline="2025-06")
    scenario = Scenario.from_mapping({"target": 25e6}, base=base)
    assert scenario == dataclasses.replace(base, target=25e6)
    assert Scenario.from_mapping({}) == Scenario()


def test_start_sets_all_three_start_months_unless_a_lever_has_its_own() -> None:
    scenario = Scenario.from_mapping({"start": "2022-03"})
    assert {lever.start_key: getattr(scenario, lever.start_key) for lever in LEVERS} == {
        "infrastructure_start": "2022-03", "training_start": "2022-03", "financing_start": "2022-03"}
    mixed = Scenario.from_mapping({"start": "2022-03", "training_start": "2023-01"})
    assert mixed.training_start == "2023-01"
    assert mixed.infrastructure_start == mixed.financing_start == "2022-03"


def test_status_quo_keeps_target_deadline_and_horizon() -> None:
    scenario = Scenario.from_mapping({"training_per_year": 4e6, "financing_idr_per_year": 0, "target": 35e6,
                                      "deadline": "2026-06", "horizon": "2035-12", "start": "2022-01"})
    baseline = scenario.status_quo()
    for lever in LEVERS:
        assert getattr(baseline, lever.key) == LEVER_SPECS[lever.key].status_quo
    assert (baseline.target, baseline.deadline, baseline.horizon) == (35e6, "2026-06", "2035-12")


def test_a_lever_alone_is_the_baseline_with_that_lever_and_its_start() -> None:
    scenario = Scenario.from_mapping({"training_per_year": 4e6, "financing_idr_per_year": 0, "target": 35e6,
                                      "start": "2022-01", "infrastructure_villages_per_year": 4000})
    for lever in LEVERS:
        alone = scenario.lever_alone(lever.key)
        assert alone == scenario.status_quo().replace(**{lever.key: getattr(scenario, lever.key)})
        assert alone.month_index(lever.start_key) == scenario.month_index(lever.start_key) == 24
        assert all(getattr(alone, other.key) == other.status_quo for other in LEVERS if other is not lever)
        assert scenario.lever_alone(lever.key) is alone  # memoised, like the baseline


def test_central_parameters_are_the_registry_defaults_built_once() -> None:
    assert central_parameters() == ModelParameters()
    assert central_parameters() is central_parameters()
    with pytest.raises(dataclasses.FrozenInstanceError):
        central_parameters().innovation = 0.5  # type: ignore[misc]


def test_scenario_is_frozen_and_replace_validates() -> None:
    scenario = Scenario()
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.target = 1e6  # type: ignore[misc]
    with pytest.raises(ValueError, match="target"):
        scenario.replace(target=0)


# --- One lever table: no module but the registry spells a lever's names ---------------------------------------

_ROOT = Path(__file__).resolve().parent.parent
_REGISTRY = {Path("simulator/parameters.py")}
_LEVER_NAMES = {name for lever in LEVERS
                for name in (lever.key, lever.start_key, lever.path_field, lever.spend_field)}
_LEVER_NAME_RE = re.compile(
    r"(?<![A-Za-z0-9_])(" + "|".join(sorted(map(re.escape, _LEVER_NAMES))) + r")(?![A-Za-z0-9_])")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants (prose may name a lever's key; code may not)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _lever_names_spelled() -> list[str]:
    found = []
    for folder in ("simulator", "app_pages"):
        for path in sorted((_ROOT / folder).rglob("*.py")):
            relative = path.relative_to(_ROOT)
            if relative in _REGISTRY:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                        and (match := _LEVER_NAME_RE.search(node.value))):
                    found.append(f"{relative}:{node.lineno}: {match.group(1)!r}")
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "lever_short_" in node.value:
                    found.append(f"{relative}:{node.lineno}: an i18n key built from a lever key")
    return found


def test_only_the_registry_spells_lever_names() -> None:
    found = _lever_names_spelled()
    assert not found, "lever names spelled outside simulator/parameters.py (read them from LEVERS):\n" + "\n".join(
        found)


def test_lever_entries_are_complete() -> None:
    names = [lever.link_name for lever in LEVERS] + [lever.start_link_name for lever in LEVERS]
    assert len(set(names)) == len(names)
    assert {lever.path_field for lever in LEVERS} == {f.name for f in dataclasses.fields(LeverPaths)}
    spend = {f.name for f in dataclasses.fields(Trajectory) if f.name.startswith("spend_")}
    assert {lever.spend_field for lever in LEVERS} == spend
    for lever in LEVERS:
        assert lever.cost_parameter is None or lever.cost_parameter in PARAMETER_SPECS
        assert lever.short_label.en != lever.short_label.id or lever.short_label.en.isupper()
        assert lever.display_scale == 10.0 ** lever.display_exponent
        assert lever.step / lever.display_scale > 0


def test_a_scenarios_key_is_equal_exactly_when_the_scenarios_are() -> None:
    """The app's caches hash a scenario by its key: equal scenarios, however built, share it, and any change of
    one setting (a lever by one step, a month, the target by one UMKM) gives another."""
    base = Scenario()
    same = Scenario.from_mapping({**base.to_mapping(), "deadline": "2024-12"})
    assert same == base and same.key() == base.key()
    assert Scenario(deadline="2024-5").key() == Scenario(deadline="2024-05").key()  # normalised months
    changes = {"training_per_year": base.training_per_year + 50_000, "financing_start": "2022-01",
               "target": base.target + 1, "deadline": "2025-06", "horizon": "2031-12",
               "infrastructure_villages_per_year": 0}
    keys = {base.key()}
    for name, value in changes.items():
        changed = base.replace(**{name: value})
        assert changed != base and changed.key() not in keys, name
        keys.add(changed.key())
