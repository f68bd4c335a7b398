"""Figures written in prose in the package (methodology, strings, docstrings, preset rationales) against the code
and the baseline.

Figures computed at runtime (fit error, effective draws of the chosen draws) are placeholders filled by the code;
what remains typed in prose is a constant of the code or a figure pinned in ``tests/baseline.json``, checked here.
"""

from __future__ import annotations

import calendar
import re

import pytest

from simulator import calibration, timeline
from simulator import uncertainty as mc
from simulator.io import scenario_files
from simulator.parameters import DEFAULT_HORIZON, DEFAULT_START
from simulator.report import i18n, methodology
from tests import baseline

ID_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")


def month(text: str, language: str) -> str:
    """"2021-07" as "July 2021" or "Juli 2021"."""
    year, number = text.split("-")
    name = calendar.month_name[int(number)] if language == "en" else ID_MONTHS[int(number) - 1]
    return f"{name} {year}"


def flat(text: str) -> str:
    return " ".join(text.split())


def section(title: str) -> dict[str, str]:
    (found,) = [s for s in methodology.SECTIONS if s.title.en == title]
    return {"en": flat(found.body.en), "id": flat(found.body.id)}


def percent(share: float, language: str = "en") -> str:
    return f"{share * 100:.0f}%"


def decimal(value: float, language: str) -> str:
    return f"{value:g}" if language == "en" else f"{value:g}".replace(".", ",")


@pytest.mark.parametrize("language", ["en", "id"])
def test_methodology_states_the_observation_models_prior_and_the_samplers_steps(language: str) -> None:
    """The prose is filled from the code's constants: check that what it says is what the code does."""
    from simulator import observation_model

    a, b = observation_model.SIGMA_PRIOR
    mode = (2 * b / (2 * a + 1)) ** 0.5 * 100
    calibration_text = section("Calibration and forecasting skill")[language]
    shape, prior_mode = ("shape", "prior mode of the error size about") if language == "en" else (
        "bentuk", "modus prior besar galat sekitar")
    assert f"{shape} {a:g}" in calibration_text
    assert f"{prior_mode} {decimal(round(mode, 1), language)}%" in calibration_text
    uncertainty_text = section("Uncertainty: how likely, conditioned on the evidence")[language]
    assert f" {mc.MOVES} " in uncertainty_text and decimal(mc.DESIGN_EFFECT, language) in uncertainty_text


@pytest.mark.parametrize("language", ["en", "id"])
def test_methodology_states_each_structures_range_of_q(language: str) -> None:
    body = section("Two structures")[language]
    word = "to" if language == "en" else "hingga"
    for structure in mc.STRUCTURES:
        low, high = structure.priors["imitation"]
        assert f"q {'from' if language == 'en' else 'dari'} {decimal(low, language)} {word} {decimal(high, language)}" \
            in body, (structure.name, language)
    assert len(mc.STRUCTURES) == 2 and set(mc.STRUCTURE_SHARES.values()) == {0.5}  # "equal shares"


@pytest.mark.parametrize("language", ["en", "id"])
def test_cost_window_starts_where_the_goal_seek_starts(language: str) -> None:
    start = month(DEFAULT_START, language)
    assert start in section("Goal seek and sensitivity")[language], f"methodology ({language}): cost from {start}"
    assert start in i18n.text("gs_budget_help", language), f"i18n gs_budget_help ({language}): cost from {start}"


def test_reach_chart_never_label_names_the_horizon_year() -> None:
    year = DEFAULT_HORIZON.split("-")[0]
    assert DEFAULT_HORIZON.endswith("-12"), "the label says 'end of <year>': the horizon must be a December"
    for language in ("en", "id"):
        assert re.search(rf"\b{year}\b", i18n.text("reach_never", language)), \
            f"i18n reach_never ({language}) should name the horizon's year {year}"


def test_observations_header_names_the_month_of_the_last_observation() -> None:
    last = timeline.format_month(timeline.parse_month(calibration.fit().table["date"].max().strftime("%Y-%m")))
    for language in ("en", "id"):
        assert month(last, language) in i18n.text("observations_header", language), (language, last)


def test_uncertainty_docstring_names_the_samplers_constants() -> None:
    doc = flat(mc.__doc__ or "")
    for name in ("TEMPERING", "MOVES", "DESIGN_EFFECT", "STRUCTURES", "STRUCTURE_SHARES"):
        assert f":data:`{name}`" in doc, name
        assert hasattr(mc, name), name
    assert list(mc.TEMPERING) == sorted(mc.TEMPERING) and mc.TEMPERING[-1] == 1.0  # from the priors to the posterior


@pytest.mark.parametrize(("preset", "language", "pattern"), [
    ("training_first", "en", r"about Rp(\d+) trillion extra"),
    ("training_first", "id", r"tambahan sekitar Rp(\d+) triliun"),
    ("financing_first", "en", r"\(about Rp(\d+) trillion to December 2024\)"),
    ("financing_first", "id", r"\(sekitar Rp(\d+) triliun hingga Desember 2024\)"),
    ("infrastructure_first", "en", r"for about Rp(\d+) trillion extra"),
    ("infrastructure_first", "id", r"tambahan sekitar Rp(\d+) triliun"),
])
def test_preset_rationale_states_its_extra_cost(preset: str, language: str, pattern: str) -> None:
    figures = baseline.load()["scenarios"]
    extra = figures[f"preset/{preset}"]["central"]["cost_idr"] - figures["status_quo"]["central"]["cost_idr"]
    rationale = flat(scenario_files.load_preset(preset).rationale[language])
    found = re.findall(pattern, rationale)
    assert found == [f"{extra / 1e12:.0f}"], (f"presets/{preset}.json rationale ({language}) says Rp{found} trillion "
                                              f"extra; tests/baseline.json gives Rp{extra / 1e12:.1f} trillion")
