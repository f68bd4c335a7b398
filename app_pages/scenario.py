"""The scenario page: widgets -> frozen Scenario -> cached model run -> verdict, chart and tables.

All model logic lives in the ``simulator`` package; this page only reads widgets, calls cached functions and
lays out what they return.

A rerun (every lever move) draws only what is visible: the five tabs and the two expanders of the main column
track whether they are open (``on_change="rerun"``) and their content, with the work only it needs (saved
scenarios' probabilities, the comparison, cost-effectiveness ranges, exports, the reach-month chart, the
assumption tables), runs only when open. Opening one reruns the page. The main chart's spec is cached per
scenario, number of draws and language, with its datasets already as Arrow bytes.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

import simulator
from app_pages import common, panels
from app_pages.common import (
    DEADLINE_OPTIONS,
    START_OPTIONS,
    TARGET_KEY,
    UI_SCALE,
    current_language,
    evidence,
    scenario_from_state,
)
from simulator import calibration, charts, formatting, tables, uncertainty
from simulator.i18n import text
from simulator.parameters import LEVERS, TARGET_RANGE, Scenario

UI_FORMAT = {"infrastructure_villages_per_year": "%d", "training_per_year": "%d", "financing_idr_per_year": "%.1f"}
UI_UNIT = {"infrastructure_villages_per_year": "unit_villages", "training_per_year": "unit_thousand_umkm",
           "financing_idr_per_year": "unit_trillion"}
TAB_LABELS = ("contrib_header", "gs_header", "sens_header", "compare_header", "export_header")
# Pages run as scripts, where Streamlit's "magic" would draw a bare string under a constant: comments here.
TABS_KEY = "scenario_tab"  # session-state key of the tabs: the open tab's label (in the current language)
TAB_INDEX_KEY = "_scenario_tab_index"
# Widgets inside a tab whose values outlive a visit to another tab.
TAB_WIDGETS = {"contrib_header": ("ce_ranges",), "gs_header": ("gs_probability", "gs_budget"),
               "sens_header": ("sens_measure",)}
REACH_KEY = "reach_open"
ASSUMPTIONS_KEY = "assumptions_open"


@st.cache_resource(max_entries=512, show_spinner=False)
def assess_cached(items: tuple[tuple[str, object], ...]) -> simulator.Assessment:
    """The scenario's assessment, cached on its settings (a tuple of key-value pairs).

    A resource cache, shared and not copied: assessments are frozen and never modified, and ``st.cache_data``
    would pickle each one when stored and unpickle it on every hit (several ms of each rerun).
    """
    with common.RUN_LOCK:
        return simulator.assess(Scenario.from_mapping(dict(items)))


def sidebar(language: str) -> None:
    """Lever sliders and advanced settings; their values live in session state (see app_pages.common)."""
    st.sidebar.header(text("levers", language))
    for lever in LEVERS:
        scale = UI_SCALE[lever.key]
        status_quo = text("status_quo_value", language,
                          value=tables.lever_setting(lever.key, lever.status_quo, language))
        value = st.sidebar.slider(
            f"{lever.label(language)} ({text(UI_UNIT[lever.key], language)})",
            min_value=0.0, max_value=lever.maximum / scale, step=lever.step / scale,
            format=UI_FORMAT[lever.key], key=lever.key, help=f"{lever.mechanism(language)} ({status_quo})",
        )
        st.sidebar.caption(f"{tables.lever_setting(lever.key, value * scale, language)} · {status_quo}")
    with st.sidebar.expander(text("advanced", language)):
        for lever in LEVERS:
            st.select_slider(
                text("start_of", language, lever=text(f"lever_short_{lever.key}", language)),
                options=START_OPTIONS, key=lever.start_key,
                format_func=lambda m: formatting.month(m, language), help=text("start_help", language))
        st.number_input(text("target", language), min_value=TARGET_RANGE[0] / 1e6,
                        max_value=TARGET_RANGE[1] / 1e6, step=0.5, key=TARGET_KEY)
        st.select_slider(text("deadline", language), options=DEADLINE_OPTIONS, key="deadline",
                         format_func=lambda m: formatting.month(m, language))
        st.select_slider(text("draws", language), options=common.draw_options(), key=common.DRAWS_KEY,
                         help=text("draws_help", language, cap=common.MAX_APP_DRAWS))


def verdict_block(assessment: simulator.Assessment, fan: uncertainty.Ensemble, language: str) -> None:
    verdict = assessment.scenario.verdict
    scenario = assessment.scenario.scenario
    target = formatting.count(verdict.target, language)
    if verdict.reached_by_deadline:
        month = formatting.month(verdict.reached_on, language)
        st.success(f"### {text('verdict_reached', language, target=target, month=month)}",
                   icon=":material/check_circle:")
    else:
        deadline, gap = formatting.month(verdict.deadline, language), formatting.count(verdict.gap, language)
        st.error(f"### {text('verdict_missed', language, deadline=deadline, gap=gap)}", icon=":material/cancel:")
        if verdict.reached_on:
            st.write(text("verdict_later", language, month=formatting.month(verdict.reached_on, language)))
        else:
            st.write(text("verdict_never", language, horizon=formatting.month(scenario.horizon, language)))
    base = assessment.baseline.verdict
    deadline = formatting.month(verdict.deadline, language)
    col0, col1, col2, col3 = st.columns(4)
    col0.metric(text("metric_probability", language),
                formatting.share(fan.probability_reached, language, digits=0),
                text("metric_probability_base", language,
                     value=formatting.share(fan.baseline_probability_reached, language, digits=0)),
                delta_color="off", delta_arrow="off",
                help=text("probability_help", language, draws=fan.draws, target=target,
                                             deadline=deadline,
                                             effective=formatting.number(fan.effective_draws, language)))
    added, extra = verdict.adopters_at_deadline - base.adopters_at_deadline, verdict.cost_idr - base.cost_idr
    col1.metric(text("metric_at_deadline", language, deadline=deadline),
                formatting.count(verdict.adopters_at_deadline, language),
                text("metric_vs_baseline", language, delta=formatting.count(added, language)),
                delta_arrow="auto" if abs(added) >= 1 else "off",
                help=text("range_help", language, low=formatting.count(fan.adopters_at_deadline_p10, language),
                          high=formatting.count(fan.adopters_at_deadline_p90, language)))
    col2.metric(text("metric_baseline", language, deadline=deadline),
                formatting.count(base.adopters_at_deadline, language))
    # Short money ("Rp23,3 T") so the value fits a quarter of the row; the help gives it in full.
    col3.metric(text("metric_cost", language), formatting.rupiah(verdict.cost_idr, language, short=True),
                text("metric_extra_cost", language, delta=formatting.rupiah(extra, language, short=True)),
                delta_color="inverse" if abs(extra) >= 1 else "off", delta_arrow="auto" if abs(extra) >= 1 else "off",
                help=f"{formatting.rupiah(verdict.cost_idr, language)} · "
                     f"{text('metric_extra_cost', language, delta=formatting.rupiah(extra, language))}")


@st.cache_data(max_entries=128, show_spinner=False)
def main_chart_spec(items: tuple[tuple[str, object], ...], n_draws: int, language: str,
                    _assessment: simulator.Assessment, _fan: uncertainty.Ensemble) -> dict:
    """Vega-Lite spec of the main chart: a memoised template filled with this scenario's data as Arrow bytes.

    Cached on the scenario's settings, the number of draws and the language (``_assessment`` and ``_fan`` are
    what ``items`` and ``n_draws`` give, so they are not hashed): a scenario seen before costs no chart work.
    """
    median = pd.DataFrame({"date": _fan.frame["date"], "n_adopters": _fan.frame["n_adopters_p50"]})
    return charts.scenario_spec(assessment=_assessment, observations=common.observed_arrow(language),
                                language=language, band=charts.fan_band(_fan.frame),
                                others={text("series_median", language): median}, arrow=True)


def lazy_expander(label: str, key: str):
    """An expander whose ``.open`` says whether it is open (opening or closing it reruns the page).

    Its label, and so its widget identity, changes with the language: re-assigning its state before it is drawn
    keeps it open (or closed) across a language switch and a visit to another page.
    """
    st.session_state[key] = bool(st.session_state.get(key, False))
    return st.expander(label, key=key, on_change="rerun")


def chart_block(items: tuple[tuple[str, object], ...], n_draws: int, assessment: simulator.Assessment,
                fan: uncertainty.Ensemble, language: str) -> None:
    st.subheader(text("chart_title", language))
    verdict = assessment.scenario.verdict
    alt_text = text("chart_alt", language, value=formatting.count(verdict.adopters_at_deadline, language),
                    deadline=formatting.month(verdict.deadline, language))
    st.vega_lite_chart(spec=main_chart_spec(items, n_draws, language, assessment, fan), width="stretch",
                       alt=alt_text)
    st.caption(text("chart_caption", language))
    reach = lazy_expander(text("reach_header", language), REACH_KEY)
    if reach.open:
        labels = {"x": text("reach_x", language), "y": text("reach_y", language),
                  "never": text("reach_never", language)}
        reach.vega_lite_chart(spec=charts.reach_spec(reached=fan.reached, labels=labels, language=language,
                                                     arrow=True), width="stretch", alt=text("reach_header", language))


def assumptions_block(obs: pd.DataFrame, fit: calibration.Calibration, skill: calibration.SkillCheck,
                      language: str) -> None:
    expander = lazy_expander(text("assumptions", language), ASSUMPTIONS_KEY)
    if not expander.open:
        return
    with expander:
        st.write(text("assumptions_intro", language))
        # Static tables as cached HTML: no Arrow serialisation of two tables on every rerun.
        st.html(common.table_html("parameters", language))
        st.markdown(f"**{text('levers_table', language)}**")
        st.html(common.table_html("levers", language))
        calibration_sentence, skill_sentence = common.fit_texts(obs, fit, skill, language)
        st.markdown(f"**{text('calibration_header', language)}**")
        st.write(calibration_sentence)
        st.markdown(f"**{text('skill_header', language)}**")
        st.write(skill_sentence)
        ratio = formatting.number(skill.ratio, language, digits=2)
        if skill.model_beats_trend:
            st.info(text("skill_better", language, ratio=ratio))
        else:
            st.warning(text("skill_worse", language, ratio=ratio))
        st.markdown(f"**{text('observations_header', language)}**")
        st.html(common.table_html("observations", language))
        st.markdown(f"**{text('limits_header', language)}**")
        st.write(text("limits_text", language))


def main(language: str) -> None:
    sidebar(language)
    obs, fit, skill = evidence()
    try:
        scenario = scenario_from_state()
    except ValueError as exc:  # widgets keep values in range; this guards hand-made state
        st.error(text("error_prefix", language, message=str(exc)))
        scenario = Scenario()
    common.record_history(scenario)
    common.sync_link(scenario, language)  # after the widgets, so the address has this run's values
    panels.scenario_tools(language, scenario)
    st.title(text("title", language))
    panels.link_notices(language)
    st.write(text("intro", language, target=formatting.count(scenario.target, language)))
    items = common.scenario_key(scenario.to_mapping())
    assessment = assess_cached(items)
    n_draws = common.current_draws()
    fan = common.ensemble_cached(items, n_draws)
    verdict_block(assessment, fan, language)
    chart_block(items, n_draws, assessment, fan, language)
    tab_contrib, tab_goal, tab_sens, tab_compare, tab_export = scenario_tabs(language)
    if tab_contrib.open:
        with tab_contrib:
            contribution_panel(language, items, n_draws, assessment, fan)
    if tab_goal.open:
        with tab_goal:
            panels.goal_seek_panel(language, scenario, n_draws)
    if tab_sens.open:
        with tab_sens:
            panels.sensitivity_panel(language, items, n_draws)
    if tab_compare.open or tab_export.open:
        saved_keys = {name: common.scenario_key(mapping) for name, mapping in common.saved_scenarios().items()}
        saved = {name: assess_cached(key) for name, key in saved_keys.items()}
        probabilities = {name: common.ensemble_cached(key, n_draws).probability_reached
                         for name, key in saved_keys.items()}
        probabilities[text("series_scenario", language)] = fan.probability_reached
    if tab_compare.open:
        with tab_compare:
            panels.compare_panel(language, scenario, assessment, saved, probabilities)
    if tab_export.open:
        with tab_export:
            comparison = panels.comparison_frame(assessment, saved, language, probabilities) if saved else None
            panels.export_panel(language, assessment, obs, band=charts.fan_band(fan.frame), comparison=comparison,
                                probability=fan.probability_reached)
    assumptions_block(obs, fit, skill, language)
    st.caption(text("footer", language, version=simulator.__version__))


def scenario_tabs(language: str):
    """The five tabs; only the open one's ``.open`` is True, and switching tabs reruns the page.

    The labels, and so the tabs' widget identity, change with the language: the open tab's position is
    remembered, so a language switch (or a visit to another page) keeps the same tab open.
    """
    state = st.session_state
    labels = [text(key, language) for key in TAB_LABELS]
    if state.get(TABS_KEY) not in labels:
        state[TABS_KEY] = labels[min(int(state.get(TAB_INDEX_KEY, 0)), len(labels) - 1)]
    tabs = st.tabs(labels, key=TABS_KEY, on_change="rerun")
    state[TAB_INDEX_KEY] = next((i for i, tab in enumerate(tabs) if tab.open), 0)
    for label_key, tab in zip(TAB_LABELS, tabs, strict=True):
        if not tab.open:  # not drawn in this run: keep the values as plain session state for the next visit
            for key in TAB_WIDGETS.get(label_key, ()):
                if key in state:
                    state[key] = state[key]
    return tabs


@st.cache_data(max_entries=128, show_spinner=False)
def contribution_cached(items: tuple[tuple[str, object], ...], n_draws: int, language: str, ranges: bool,
                        _assessment: simulator.Assessment, _effectiveness: pd.DataFrame | None) -> pa.Table:
    """:func:`simulator.tables.contribution_table`, cached on what its (unhashed) inputs are computed from.

    As an Arrow table (text columns, no index): ``st.dataframe`` sends it as it is, instead of converting a
    DataFrame to Arrow on every rerun (~3 ms even for these few rows).
    """
    return pa.Table.from_pandas(tables.contribution_table(_assessment, language, _effectiveness),
                                preserve_index=False)


def contribution_panel(language: str, items: tuple[tuple[str, object], ...], n_draws: int,
                       assessment: simulator.Assessment, fan: uncertainty.Ensemble) -> None:
    """What each lever adds, its cost per additional UMKM, and (on request) that cost's P10-P90 range."""
    ranges = st.toggle(text("ce_ranges", language), key="ce_ranges", help=text("ce_ranges_help", language))
    effectiveness = (common.ensemble_cached(items, n_draws, True) if ranges else fan).cost_effectiveness
    st.dataframe(contribution_cached(items, n_draws, language, ranges, assessment, effectiveness), hide_index=True,
                 width="stretch")
    st.caption(text("contrib_caption", language, rest=formatting.count(assessment.interaction, language)))


# One page run at a time per process (see app_pages.common.RUN_LOCK): under load, each finishes sooner.
with common.RUN_LOCK:
    main(current_language())
