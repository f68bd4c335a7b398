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


PROPOSAL_SHARE_DRAWS = 10_000
"""Draws of the old proposal's effective-share figures, which tests/baseline.json no longer pins: the rebuilt
sampler (tempered SMC, equal weights) has no proposal. The prose quoting them is the lead's to rewrite."""


@pytest.fixture(scope="module")
def shares() -> dict[str, float]:
    stored = baseline.load()["monte_carlo"]
    key = f"draws_{PROPOSAL_SHARE_DRAWS}"
    if key not in stored:
        pytest.fail(f"the prose quotes the old proposal's effective shares (tests/baseline.json monte_carlo.{key}), "
                    "which the rebuilt sampler no longer has: rewrite the sentence and this test")
    return stored[key]


def test_methodology_effective_share_of_draws_is_the_baselines(shares: dict[str, float]) -> None:
    body = section("Uncertainty: how likely, conditioned on the evidence")
    effective, prior = percent(shares["effective_share"]), percent(shares["prior_effective_share"])
    assert f"keeps about {effective} of the draws effective ({prior} if drawn from their ranges)" in body["en"], \
        f"methodology (en): the effective share of draws should read about {effective} ({prior} from the ranges)"
    assert f"sekitar {effective} undian tetap efektif ({prior} bila diundi dari rentangnya)" in body["id"], \
        f"methodology (id): the effective share of draws should read sekitar {effective} ({prior} dari rentang)"


@pytest.mark.parametrize("language", ["en", "id"])
def test_methodology_calibration_states_the_codes_error_and_pull(language: str) -> None:
    body = section("Calibration and forecasting skill")[language]
    error = percent(calibration.OBSERVATION_ERROR)
    p, q = (decimal(calibration.PRIOR[name][0], language) for name in ("innovation", "imitation"))
    expected = {"en": [f"({error} observation error", f"p = {p} and q = {q}"],
                "id": [f"(galat pengamatan {error}", f"p = {p} dan q = {q}"]}[language]
    for fragment in expected:
        assert fragment in body, f"methodology ({language}), calibration: expected {fragment!r} from the code"


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


def test_uncertainty_docstring_figures_are_the_codes_and_the_baselines(shares: dict[str, float]) -> None:
    doc = flat(mc.__doc__ or "")
    stored = baseline.load()["monte_carlo"]
    expected = [
        f"OBSERVATION_ERROR` ({percent(calibration.OBSERVATION_ERROR)})",
        f"Kish effective sample about {percent(shares['prior_effective_share'])} of the draws",
        f"about {percent(shares['effective_share'])} of {baseline.SHARE_DRAWS:,} draws",
        f"({round(stored['effective_draws'])} with :data:`DEFAULT_SEED`)",
        f"at the default {mc.DEFAULT_DRAWS:,} draws",
        rf"(:math:`\nu = {mc.DEGREES_OF_FREEDOM:g}`, :math:`c = {mc.PROPOSAL_WIDTH:g}`",
        # Student-t covariance: c^2 nu / (nu - 2) times the scale matrix.
        f"covariance is {mc.PROPOSAL_WIDTH ** 2 * mc.DEGREES_OF_FREEDOM / (mc.DEGREES_OF_FREEDOM - 2):g}",
        rf"(:math:`\alpha = {mc.DEFENSIVE_SHARE:g}`)",
    ]
    missing = [fragment for fragment in expected if fragment not in doc]
    assert not missing, f"simulator/uncertainty.py docstring: expected {missing} from the code and tests/baseline.json"


@pytest.mark.parametrize(("preset", "language", "pattern"), [
    ("training_first", "en", r"about Rp(\d+) trillion extra"),
    ("training_first", "id", r"tambahan sekitar Rp(\d+) triliun"),
    ("financing_first", "en", r"\(about Rp(\d+) trillion to December 2024\)"),
    ("financing_first", "id", r"\(sekitar Rp(\d+) triliun hingga Desember 2024\)"),
])
def test_preset_rationale_states_its_extra_cost(preset: str, language: str, pattern: str) -> None:
    figures = baseline.load()["scenarios"]
    extra = figures[f"preset/{preset}"]["central"]["cost_idr"] - figures["status_quo"]["central"]["cost_idr"]
    rationale = flat(scenario_files.load_preset(preset).rationale[language])
    found = re.findall(pattern, rationale)
    assert found == [f"{extra / 1e12:.0f}"], (f"presets/{preset}.json rationale ({language}) says Rp{found} trillion "
                                              f"extra; tests/baseline.json gives Rp{extra / 1e12:.1f} trillion")


def test_infrastructure_first_costs_the_same_as_the_status_quo_as_its_rationale_says() -> None:
    figures = baseline.load()["scenarios"]
    assert "at the same total cost" in scenario_files.load_preset("infrastructure_first").rationale["en"]
    extra = figures["preset/infrastructure_first"]["central"]["cost_idr"] - figures["status_quo"]["central"]["cost_idr"]
    assert abs(extra) < 1.0, f"infrastructure first costs Rp{extra:,.0f} more than the status quo"  # [rupiah]
