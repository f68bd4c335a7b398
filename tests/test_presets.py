"""The bundled presets: each loads, validates and runs, carries names and rationales, and they differ."""

import itertools
import json

import pytest

from simulator import __version__, run_many
from simulator.io import scenario_files as sf
from simulator.parameters import LEVERS, Scenario


@pytest.fixture(scope="module")
def presets() -> dict[str, sf.ScenarioFile]:
    return {name: sf.load_preset(name) for name in sf.PRESET_NAMES}


@pytest.fixture(scope="module")
def at_deadline(presets: dict[str, sf.ScenarioFile]) -> dict[str, float]:
    runs = run_many([preset.scenario for preset in presets.values()])
    return {name: r.verdict.adopters_at_deadline for name, r in zip(presets, runs, strict=True)}


def test_every_preset_file_exists_and_no_file_is_unlisted() -> None:
    files = {path.stem for path in sf.preset_path("status_quo").parent.glob("*.json")}
    assert files == set(sf.PRESET_NAMES)


@pytest.mark.parametrize("name", sf.PRESET_NAMES)
def test_preset_has_names_and_a_one_line_rationale_in_both_languages(name: str,
                                                                    presets: dict[str, sf.ScenarioFile]) -> None:
    preset = presets[name]
    for language in ("en", "id"):
        assert preset.name[language].strip()
        assert 20 < len(preset.rationale[language]) < 300
        assert "\n" not in preset.rationale[language]
    assert preset.model_version == __version__
    # Presets set levers and start months only, so the user's target, deadline and horizon survive loading one.
    assert set(preset.settings) == {k for lever in LEVERS for k in (lever.key, lever.start_key)}


@pytest.mark.parametrize("name", sf.PRESET_NAMES)
def test_preset_file_is_written_as_its_parser_reads_it(name: str) -> None:
    values = json.loads(sf.preset_path(name).read_text(encoding="utf-8"))
    assert sf.parse(json.dumps(values)) == sf.load_preset(name)


def test_status_quo_preset_is_the_default_scenario(presets: dict[str, sf.ScenarioFile]) -> None:
    assert presets["status_quo"].scenario == Scenario()


def test_presets_differ_in_settings_and_in_outcome(presets: dict[str, sf.ScenarioFile],
                                                   at_deadline: dict[str, float]) -> None:
    for a, b in itertools.combinations(sf.PRESET_NAMES, 2):
        assert presets[a].scenario != presets[b].scenario, (a, b)
        assert abs(at_deadline[a] - at_deadline[b]) > 5_000, (a, b)  # [UMKM]


def test_every_other_preset_adds_to_the_status_quo(at_deadline: dict[str, float]) -> None:
    for name in sf.PRESET_NAMES[1:]:
        assert at_deadline[name] > at_deadline["status_quo"], name


def test_government_plan_pushes_training_and_financing_well_above_the_status_quo(
        presets: dict[str, sf.ScenarioFile]) -> None:
    plan = presets["government_plan"].scenario
    baseline = Scenario()
    assert plan.training_per_year >= 5 * baseline.training_per_year
    assert plan.financing_idr_per_year >= 5 * baseline.financing_idr_per_year
    assert "Gernas BBI" in presets["government_plan"].rationale["en"]


def test_unknown_preset_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="unknown preset 'fast'; allowed presets: status_quo, government_plan"):
        sf.load_preset("fast")
