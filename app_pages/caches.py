"""Every Streamlit cache of the app, each keyed by the values its result depends on.

A cached function takes what its result is computed from (a frozen :class:`~simulator.parameters.Scenario`, the
number of draws, the language) and nothing else: results it builds on come from the other caches here (hits
after the first run), never from an unhashed argument passed beside a key. Model results sit in resource caches
(shared, not pickled: they are frozen and never modified); small derived results (chart specs, tables) in data
caches.
"""

from __future__ import annotations

import functools
import threading

import pandas as pd
import streamlit as st

import simulator
from app_pages import fairness, state
from simulator import calibration, goal_seek, sensitivity, uncertainty
from simulator.io import observations, scenario_files
from simulator.parameters import ModelParameters, Scenario
from simulator.report import charts, exports, tables
from simulator.report.i18n import text

RUN_LOCK = threading.RLock()
"""One run of the scenario page, and one model computation, at a time per process.

Streamlit runs each session's script in its own thread; under load, runs that share the interpreter at once
all finish late (the interpreter lock hands out 5 ms slices round-robin), whereas runs one after another finish
in turn. Measured with 50 sessions on two processes (3 s think time): p50 280-323 ms, p95 1.0-1.2 s with the lock
around model calls only; p50 219-228 ms, p95 0.70-0.85 s with it around the whole page. Re-entrant, so model
calls made inside a page run take it again freely."""


@st.cache_resource(show_spinner=False, max_entries=len(state.DRAW_OPTIONS))
def draws(n: int) -> uncertainty.Draws:
    """Conditioned Monte Carlo draws (bundled observations, registry priors, fixed seed), made once per size.

    Every model result of the app is computed against these, so no panel can run with more draws than
    :data:`app_pages.state.MAX_APP_DRAWS` (whatever a crafted state asks for): its work is bounded by them.
    """
    if not 0 < n <= state.MAX_APP_DRAWS:
        raise ValueError(f"draws: {n} is not between 1 and {state.MAX_APP_DRAWS}")
    return uncertainty.default_draws(n, uncertainty.DEFAULT_SEED)


@st.cache_resource(max_entries=512, show_spinner=False)
def assessment(scenario: Scenario) -> simulator.Assessment:
    """The scenario's central run beside its baseline and each lever alone."""
    with RUN_LOCK:
        return simulator.assess(scenario)


@st.cache_resource(max_entries=256, show_spinner=False)
def ensemble(scenario: Scenario, n_draws: int, levers: bool = False) -> uncertainty.Ensemble:
    """The scenario under uncertainty against :func:`draws` of ``n_draws``.

    ``levers`` adds each lever's cost-effectiveness range (up to 2.5 times the work), so it is asked for only
    when the reader wants those ranges, and computed as heavy work (:mod:`app_pages.fairness`).
    """
    with fairness.slot() if levers else RUN_LOCK:
        return uncertainty.ensemble(scenario, draws(n_draws), levers=levers)


@st.cache_resource(show_spinner=False)
def evidence() -> tuple[pd.DataFrame, calibration.Calibration, calibration.SkillCheck]:
    """Bundled observations, the calibration's fit table and the forecasting skill check (computed once)."""
    obs = observations.load()
    return obs, calibration.fit(obs), calibration.skill_check(obs)


@st.cache_resource(show_spinner=False, max_entries=4)
def observed_arrow(language: str) -> bytes:
    """The charts' ``observed`` dataset (bundled observations, tooltip labels) as Arrow bytes, once per language."""
    return charts.arrow_ipc(charts.observed_columns(observations=evidence()[0], language=language))


TABLE_STYLE = ("<style>.umkm-table{overflow-x:auto;max-height:28rem}.umkm-table table{border-collapse:collapse;"
               "font-size:.85rem;width:100%}.umkm-table th,.umkm-table td{border-bottom:1px solid #e3e6ea;"
               "padding:.3rem .5rem;text-align:left;vertical-align:top}.umkm-table th{position:sticky;top:0;"
               "background:#f4f6f8}</style>")


@st.cache_data(max_entries=16, show_spinner=False)
def table_html(which: str, language: str) -> str:
    """A static table (``parameters``, ``levers`` or ``observations``) as escaped, scrollable HTML."""
    if which == "parameters":
        frame = tables.parameter_table(ModelParameters(), language)
    elif which == "levers":
        frame = tables.lever_table(language)
    else:
        obs, fit, _ = evidence()
        frame = tables.observation_table(obs, fit.table["modelled"], language)
    return f'{TABLE_STYLE}<div class="umkm-table">{frame.to_html(index=False, border=0, escape=True)}</div>'


@st.cache_data(max_entries=128, show_spinner=False)
def main_chart_spec(scenario: Scenario, n_draws: int, language: str) -> dict:
    """Vega-Lite spec of the main chart: a memoised template filled with this scenario's data as Arrow bytes."""
    fan = ensemble(scenario, n_draws)
    median = pd.DataFrame({"date": fan.frame["date"], "n_adopters": fan.frame["n_adopters_p50"]})
    return charts.scenario_spec(assessment=assessment(scenario), observations=observed_arrow(language),
                                language=language, band=charts.fan_band(fan.frame),
                                others={text("series_median", language): median}, arrow=True)


@st.cache_data(max_entries=128, show_spinner=False)
def contribution_table(scenario: Scenario, n_draws: int, language: str, ranges: bool) -> pd.DataFrame:
    """:func:`simulator.report.tables.contribution_table` (text columns), drawn as a wrapping HTML table.

    With ``ranges``, each lever's cost per additional UMKM has its P10-P90 range.
    """
    effectiveness = ensemble(scenario, n_draws, ranges).cost_effectiveness  # with ranges: heavy, fairness.slot
    with RUN_LOCK:  # asked through fairness.request with ranges, so without the page lock: take it first
        current = assessment(scenario)
    return tables.contribution_table(current, language, effectiveness)


@st.cache_data(max_entries=64, show_spinner=False)
def goal_seek_result(target: float, deadline: str, probability: float, budget_idr: float | None,
                     n_draws: int) -> goal_seek.GoalSeekResult:
    """The cheapest mix reaching ``target`` by ``deadline`` with ``probability``, within ``budget_idr``."""
    with fairness.slot():
        return goal_seek.goal_seek(target=target, deadline=deadline, probability=probability,
                                   budget_idr=budget_idr, draws=draws(n_draws))


@st.cache_data(max_entries=32, show_spinner=False)
def tornado(scenario: Scenario, n_draws: int) -> pd.DataFrame:
    """The sensitivity table of the scenario (what moves the probability and the value at the deadline)."""
    with fairness.slot():
        return sensitivity.tornado(scenario, draws(n_draws)).table


@st.cache_data(max_entries=64, show_spinner=False)
def comparison(scenario: Scenario, n_draws: int, language: str,
               saved: tuple[tuple[str, Scenario], ...], current: str | None = None) -> pd.DataFrame | None:
    """The current scenario first (named ``current``, by default "Scenario"), then the ``saved`` ones, as
    :data:`simulator.report.exports.COMPARISON_COLUMNS` (each with its probability of reaching the target); None
    when nothing is saved. A saved scenario named like the current one is shown under its own name only."""
    if not saved:
        return None
    with RUN_LOCK:  # light results: the page lock before their caches' own (a page run's lock order)
        current = current or text("series_scenario", language)
        if current in dict(saved):  # one row per name: the current one keeps a plain name
            current = text("series_scenario", language)
        assessments = {current: assessment(scenario), **{name: assessment(s) for name, s in saved}}
        probabilities = {current: ensemble(scenario, n_draws).probability_reached,
                         **{name: ensemble(s, n_draws).probability_reached for name, s in saved}}
    return exports.comparison_frame(assessments, probabilities=probabilities)


EXPORT_KINDS = ("csv", "excel", "pdf", "png", "svg")
HEAVY_EXPORTS = frozenset({"excel", "pdf", "png", "svg"})
"""Exports that cost real work (a chart rendered, a workbook or a PDF laid out); the CSV is a few rows of text."""


@st.cache_data(max_entries=64, show_spinner=False)
def export_file(kind: str, scenario: Scenario, n_draws: int, language: str,
                saved: tuple[tuple[str, Scenario], ...], current: str | None = None) -> bytes:
    """One export of the scenario (:data:`EXPORT_KINDS`), with the ``saved`` scenarios compared where it has them.

    Computed once per scenario, draws, language and saved scenarios from the caches above, as heavy work (in
    the process's heavy slot, :func:`app_pages.fairness.slot`): a repeated download costs nothing.
    """
    if kind not in EXPORT_KINDS:
        raise ValueError(f"export: {kind!r} is not one of {', '.join(EXPORT_KINDS)}")
    with RUN_LOCK:  # light results first, the page lock before their caches' own (a page run's lock order)
        current = assessment(scenario)
        if kind == "csv":
            return exports.results_csv(current)
        fan = ensemble(scenario, n_draws)
        compared = comparison(scenario, n_draws, language, saved, current)
        obs = evidence()[0]
    with fairness.slot():
        if kind == "excel":
            return exports.results_excel(current, language=language, comparison=compared,
                                         probability=fan.probability_reached)
        chart = charts.scenario_chart(assessment=current, observations=obs, language=language,
                                      band=charts.fan_band(fan.frame))
        if kind == "svg":
            return exports.chart_svg(chart)
        png = exports.chart_png(chart)
        if kind == "png":
            return png
        return exports.policy_brief_pdf(current, language=language, chart_png=png, comparison=compared,
                                        probability=fan.probability_reached)


@functools.lru_cache(maxsize=16)
def preset(name: str) -> scenario_files.ScenarioFile:
    """A bundled preset, read from disk once per process."""
    return scenario_files.load_preset(name)
