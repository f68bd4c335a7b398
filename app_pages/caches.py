"""Every Streamlit cache of the app, each keyed by the values its result depends on.

A cached function takes what its result is computed from (a frozen :class:`~simulator.parameters.Scenario`, the
number of draws, the language) and nothing else: results it builds on come from the other caches here (hits
after the first run), never from an unhashed argument passed beside a key. Model results, and what a lever move
draws from them (the main chart's spec, the contribution table's HTML), sit in resource caches (shared, not
pickled: they are frozen or never modified, and a copy per hit would cost every revisit); results a caller may
change (frames, workbooks) in data caches.
"""

from __future__ import annotations

import functools
import html
import threading

import altair as alt
import pandas as pd
import streamlit as st

import simulator
from app_pages import fairness, state
from simulator import backtest, calibration, goal_seek, regions, sensitivity, timeline, uncertainty
from simulator.io import added, backtests, observations, scenario_files, vintages
from simulator.parameters import Scenario, central_parameters
from simulator.report import charts, exports, sentences, tables
from simulator.report import regions as report_regions
from simulator.report.i18n import text

HASH_FUNCS = {Scenario: Scenario.key, state.DrawsKey: state.DrawsKey.key}
"""How the caches hash their keys: a scenario and a draws key by one short string. Streamlit would otherwise
hash a dataclass by copying it into a dict and walking it (~0.2 ms each); a lever move makes a dozen cached
calls with them."""
resource = functools.partial(st.cache_resource, show_spinner=False, hash_funcs=HASH_FUNCS)
"""``st.cache_resource`` as every cache of the app uses it (results shared, not copied: never modify them)."""
data = functools.partial(st.cache_data, show_spinner=False, hash_funcs=HASH_FUNCS)
"""``st.cache_data`` as every cache of the app uses it (results copied out on each hit)."""

RUN_LOCK = threading.RLock()
"""One run of the scenario page, and one model computation, at a time per process.

Streamlit runs each session's script in its own thread; under load, runs that share the interpreter at once
all finish late (the interpreter lock hands out 5 ms slices round-robin), whereas runs one after another finish
in turn. Measured with 50 sessions on two processes (3 s think time): p50 280-323 ms, p95 1.0-1.2 s with the lock
around model calls only; p50 219-228 ms, p95 0.70-0.85 s with it around the whole page. Re-entrant, so model
calls made inside a page run take it again freely."""


@resource(max_entries=16)
def draws(key: state.DrawsKey) -> uncertainty.Draws:
    """Conditioned Monte Carlo draws (bundled observations of the vintage, registry priors of every structure,
    fixed seed), made once per size and vintage.

    Every model result of the app is computed against these, so no panel can run with more draws than
    :data:`app_pages.state.MAX_APP_DRAWS` (whatever a crafted state asks for): its work is bounded by them.
    """
    if not 0 < key.n <= state.MAX_APP_DRAWS:
        raise ValueError(f"draws: {key.n} is not between 1 and {state.MAX_APP_DRAWS}")
    if key.as_of not in state.vintage_options(key.added):
        raise ValueError(f"as of: {key.as_of!r} is not an offered vintage")
    with RUN_LOCK:
        if not key.added:
            return uncertainty.default_draws(key.n, uncertainty.DEFAULT_SEED, key.as_of)
        return uncertainty.sample(draws=key.n, seed=uncertainty.DEFAULT_SEED,
                                  observations=vintages.as_of(all_observations(key.added), key.as_of))


@resource(max_entries=512)
def assessment(scenario: Scenario) -> simulator.Assessment:
    """The scenario's central run beside its baseline and each lever alone."""
    with RUN_LOCK:
        return simulator.assess(scenario)


def ensemble(scenario: Scenario, n_draws: state.DrawsKey, levers: bool = False) -> uncertainty.Ensemble:
    """The scenario under uncertainty against :func:`draws` of ``n_draws``.

    ``levers`` adds each lever's cost-effectiveness range (up to 2.5 times the work), so it is asked for only
    when the reader wants those ranges, and computed as heavy work (:mod:`app_pages.fairness`).
    """
    # Streamlit keys a cache by the arguments as passed (a default left out is not part of the key), so every
    # caller goes through here and the cached function always gets all three: ``ensemble(s, k)`` and
    # ``ensemble(s, k, False)`` are one entry, not two runs of the same Monte Carlo.
    return _ensemble(scenario, n_draws, bool(levers))


@resource(max_entries=256)
def _ensemble(scenario: Scenario, n_draws: state.DrawsKey, levers: bool) -> uncertainty.Ensemble:
    with fairness.slot() if levers else RUN_LOCK:
        return uncertainty.ensemble(scenario, draws(n_draws), levers=levers)


@resource()
def evidence() -> tuple[pd.DataFrame, calibration.Calibration]:
    """Bundled observations of the decision's vintage and the calibration's fit table (computed once)."""
    obs = observations.load()
    return obs, calibration.fit(obs)


@resource(max_entries=64)
def all_observations(rows: tuple[added.Row, ...] = ()) -> pd.DataFrame:
    """Every bundled row, of every vintage, with the counts the user added (marked, see simulator.io.added)."""
    return added.combine(rows)


@resource(max_entries=8)
def skill(as_of: str) -> tuple[backtest.Backtest, backtest.Origin | None]:
    """The rolling-origin backtest of the bundled data (stored with the package: computing it costs seconds) and,
    for a vintage not among its origins, that vintage's own origin (computed, 1,000 draws); None for a month only
    added counts reach."""
    stored = backtests.stored()
    held = next((o for o in stored.origins if o.as_of == as_of), None)
    if held is not None or as_of not in state.vintage_options():
        return stored, held
    with RUN_LOCK:
        return stored, backtest.run_origin(all_observations(), as_of, draws=uncertainty.DEFAULT_DRAWS)


@resource(max_entries=64)
def after(key: state.DrawsKey) -> tuple[pd.DataFrame, tuple[float, float, float] | None]:
    """The counts reported after the vintage and the vintage's P10/P50/P90 for the latest of them [UMKM]."""
    later = backtest.later_counts(all_observations(key.added), key.as_of)
    if later.empty:
        return later, None
    last = later.sort_values("date")["t"].to_numpy(float)[-1:]
    with RUN_LOCK:
        q = uncertainty.predictive_quantiles(draws(key), last)[:, 0]
    return later, (float(q[0]), float(q[1]), float(q[2]))


@resource(max_entries=64)
def trend(key: state.DrawsKey, until: str) -> pd.DataFrame:
    """The straight line through the vintage's last 12 months of counts, to ``until``: the naive reference the
    backtest scores the model against, drawn dashed on the chart."""
    return backtest.trend_path(vintages.as_of(all_observations(key.added), key.as_of), key.as_of, until=until)


@resource(max_entries=64)
def observed_arrow(language: str, key: state.DrawsKey) -> bytes:
    """The charts' ``observed`` dataset (the vintage's rows, tooltip labels) as Arrow bytes."""
    rows = vintages.as_of(all_observations(key.added), key.as_of)
    return charts.arrow_ipc(charts.observed_columns(observations=rows, language=language))


@resource(max_entries=64)
def chart_context(language: str, key: state.DrawsKey, until: str) -> dict[str, bytes]:
    """The main chart's datasets no lever changes, as Arrow bytes: ``observed``, ``later`` (the counts reported
    after the vintage) and ``reference`` (the straight line through the vintage's last year of counts, to
    ``until``). One cached call per new scenario instead of three, and none of the three rebuilt."""
    return {"observed": observed_arrow(language, key),
            "later": charts.arrow_ipc(charts.later_columns(later=after(key)[0], language=language)),
            "reference": charts.arrow_ipc(charts.reference_columns(reference=trend(key, until), language=language))}


TABLE_STYLE = ("<style>.umkm-table{overflow-x:auto;max-height:28rem}.umkm-table table{border-collapse:collapse;"
               "font-size:.85rem;width:100%}.umkm-table th,.umkm-table td{border-bottom:1px solid #e3e6ea;"
               "padding:.3rem .5rem;text-align:left;vertical-align:top}.umkm-table th{position:sticky;top:0;"
               "background:#f4f6f8}</style>")


@data(max_entries=16)
def table_html(which: str, language: str) -> str:
    """A static table (``parameters``, ``levers`` or ``observations``) as escaped, scrollable HTML."""
    if which == "parameters":
        frame = tables.parameter_table(central_parameters(), language)
    elif which == "levers":
        frame = tables.lever_table(language)
    else:
        frame = tables.observation_table(*observation_rows(), language)
    return html_table(frame)


def html_table(frame: pd.DataFrame) -> str:
    """``frame`` as escaped HTML that wraps long labels and scrolls within its own box (``st.html``): built once
    and cached, it costs a page run nothing to draw, unlike ``st.table``, which serialises it every run."""
    return html_rows(frame.columns, zip(*(frame[c].tolist() for c in frame.columns), strict=True))


def html_rows(columns, rows) -> str:
    """A table given as column names and rows of cells (:data:`simulator.report.tables.Rows`) as
    :func:`html_table` draws it: a plain ``<table>`` with a header row, every cell as text and escaped (the
    contribution table is built for every new scenario, and ``DataFrame.to_html`` takes about a millisecond
    for its four rows)."""
    def cells(tag: str, values) -> str:
        return "".join(f"<{tag}>{html.escape(str(value))}</{tag}>" for value in values)

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return (f'{TABLE_STYLE}<div class="umkm-table"><table><thead><tr>{cells("th", columns)}</tr></thead>'
            f'<tbody>{body}</tbody></table></div>')


@resource(max_entries=128)
def main_chart_spec(scenario: Scenario, n_draws: state.DrawsKey, language: str) -> dict:
    """Vega-Lite spec of the main chart: a memoised template filled with this scenario's data as Arrow bytes.

    The median forecast is the scenario's line; the central run is not drawn (the headline is the median's).
    Shared, not copied, by every session that draws this scenario: ``st.vega_lite_chart`` takes the datasets
    out of its own shallow copy of the spec, so the cached spec is read, never changed.
    """
    fan = ensemble(scenario, n_draws)
    context = chart_context(language, n_draws, scenario.deadline)
    return charts.forecast_spec(scenario=scenario, median=_median(fan), baseline=_median(fan, baseline=True),
                                observations=context["observed"], later=context["later"],
                                reference=context["reference"], language=language, band=_band(fan), arrow=True)


def _median(fan: uncertainty.Ensemble, *, baseline: bool = False) -> dict:
    """The ensemble's median curve (``date``, ``n_adopters``) as plain columns, which the chart builders take: a
    DataFrame per new scenario would cost more than the chart's data."""
    return {"date": timeline.month_dates(fan.scenario.n_months), "n_adopters": fan.quantile(0.5, baseline=baseline)}


def _band(fan: uncertainty.Ensemble) -> dict:
    """The ensemble's P10-P90 band (``date``, ``low``, ``high``) as plain columns."""
    return {"date": timeline.month_dates(fan.scenario.n_months), "low": fan.quantile(0.1),
            "high": fan.quantile(0.9)}


@data(max_entries=32)
def compare_chart_spec(scenario: Scenario, n_draws: state.DrawsKey, language: str,
                       saved: tuple[tuple[str, Scenario], ...]) -> dict:
    """The comparison chart: the median forecast of the status quo, of each saved scenario and of this one."""
    with RUN_LOCK:
        current = ensemble(scenario, n_draws)
        curves = {text("series_baseline_median", language): _median(current, baseline=True),
                  **{name: _median(ensemble(s, n_draws)) for name, s in saved},
                  text("series_scenario", language): _median(current)}
    colors = dict(zip(curves, (charts.BASELINE_COLOR, *charts.COMPARISON_COLORS[:len(saved)],
                               charts.SCENARIO_COLOR), strict=True))
    return charts.adoption_spec(curves=curves, colors=colors, observations=observed_arrow(language, n_draws),
                                target=scenario.target, deadline=scenario.deadline, language=language, arrow=True)


@resource(max_entries=4)
def observation_rows() -> tuple[pd.DataFrame, pd.Series]:
    """Every bundled row and the central run at each (the Data page's table)."""
    rows = all_observations()
    fit = evidence()[1]
    modelled = calibration.model_at(fit.parameters, rows["t"].to_numpy(float)).reshape(-1)
    return rows, pd.Series(modelled, index=rows.index)


@resource(max_entries=128)
def contribution_html(scenario: Scenario, n_draws: state.DrawsKey, language: str, ranges: bool) -> str:
    """:func:`simulator.report.tables.contribution_table` (text columns) as HTML (:func:`html_table`).

    With ``ranges``, each lever's cost per additional UMKM has its P10-P90 range.
    """
    effectiveness = ensemble(scenario, n_draws, ranges).cost_rows  # with ranges: heavy, fairness.slot
    with RUN_LOCK:  # asked through fairness.request with ranges, so without the page lock: take it first
        current = assessment(scenario)
    return html_rows(*tables.contribution_rows(current, language, effectiveness, ranges=ranges))


@data(max_entries=64)
def goal_seek_result(target: float, deadline: str, probability: float, budget_idr: float | None,
                     n_draws: state.DrawsKey) -> goal_seek.GoalSeekResult:
    """The cheapest mix reaching ``target`` by ``deadline`` with ``probability``, within ``budget_idr``."""
    with fairness.slot():
        return goal_seek.goal_seek(target=target, deadline=deadline, probability=probability,
                                   budget_idr=budget_idr, draws=draws(n_draws))


@data(max_entries=32)
def tornado(scenario: Scenario, n_draws: state.DrawsKey) -> pd.DataFrame:
    """The sensitivity table of the scenario (what moves the probability and the value at the deadline)."""
    with fairness.slot():
        return sensitivity.tornado(scenario, draws(n_draws)).table


@data(max_entries=64)
def comparison(scenario: Scenario, n_draws: state.DrawsKey, language: str,
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


@data(max_entries=64)
def export_file(kind: str, scenario: Scenario, n_draws: state.DrawsKey, language: str,
                saved: tuple[tuple[str, Scenario], ...], current: str | None = None, allocation: tuple = ()) -> bytes:
    """One export of the scenario (:data:`EXPORT_KINDS`), with the ``saved`` scenarios compared where it has them.

    Computed once per scenario, draws, language and saved scenarios from the caches above, as heavy work (in
    the process's heavy slot, :func:`app_pages.fairness.slot`): a repeated download costs nothing. The workbook
    and the brief carry the table by region at ``allocation`` (the Regions page's key; empty: the default).
    """
    if kind not in EXPORT_KINDS:
        raise ValueError(f"export: {kind!r} is not one of {', '.join(EXPORT_KINDS)}")
    with RUN_LOCK:  # light results first, the page lock before their caches' own (a page run's lock order)
        current = assessment(scenario)
        fan = ensemble(scenario, n_draws)
        if kind == "csv":
            return exports.results_csv(current, language=language, fan=fan.frame)
        compared = comparison(scenario, n_draws, language, saved, current)
        later = after(n_draws)
        known = vintages.as_of(all_observations(n_draws.added), n_draws.as_of)
        skill_text = (sentences.after_sentence(*later, n_draws.as_of, language),
                      *sentences.skill_sentences(*skill(n_draws.as_of), n_draws.as_of, language))
        placed = regions.Allocation(shares=dict(allocation)) if allocation else regions.Allocation()
        by_region = (report_regions.export_frame(regions.run_regions(scenario, placed), regions.regional_ensemble(
            scenario, placed, draws(n_draws))) if kind in ("excel", "pdf") else None)
    with fairness.slot():
        if kind == "excel":
            return exports.results_excel(current, language=language, comparison=compared,
                                         probability=fan.probability_reached, regions=by_region)
        chart = alt.LayerChart.from_dict(charts.forecast_spec(
            scenario=scenario, median=_median(fan), baseline=_median(fan, baseline=True),
            observations=known, later=later[0], reference=trend(n_draws, scenario.deadline), language=language,
            band=_band(fan)), validate=False)
        if kind in ("png", "svg"):  # an image travels alone: it says what, which scenario, which data
            title, subtitle = exports.chart_title(current, language=language, as_of=n_draws.as_of)
            chart = exports.titled(chart, title=title, subtitle=subtitle)
            return exports.chart_svg(chart) if kind == "svg" else exports.chart_png(chart)
        png = exports.chart_png(chart)  # the brief has the title and the scenario in its own text
        return exports.policy_brief_pdf(current, language=language, chart_png=png, comparison=compared,
                                        fan=fan, skill=skill_text, regions=by_region)


@functools.lru_cache(maxsize=16)
def preset(name: str) -> scenario_files.ScenarioFile:
    """A bundled preset, read from disk once per process."""
    return scenario_files.load_preset(name)


@functools.lru_cache(maxsize=256)
def scenario_json(scenario: Scenario, as_of: str, observations: tuple[added.Row, ...]) -> str:
    """The scenario file the sidebar's download button offers (built when the button is pressed, once per
    scenario, vintage and added counts)."""
    return scenario_files.dumps(scenario, as_of=as_of, observations=observations)
