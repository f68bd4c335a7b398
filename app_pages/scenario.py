"""The scenario page: sidebar -> frozen Scenario -> cached model runs -> verdict, chart and tables.

All model logic lives in the ``simulator`` package; this page only reads widgets, calls the caches of
:mod:`app_pages.caches` and lays out what they return.

A rerun (every lever move) draws only what is visible: the five tabs and the two expanders of the main column
track whether they are open (``on_change="rerun"``) and their content, with the work only it needs (saved
scenarios' probabilities, the comparison, cost-effectiveness ranges, exports, the reach-month chart, the
assumption tables), runs only when open. Opening one reruns the page. The main chart's spec is cached per
scenario, number of draws and language, with its datasets already as Arrow bytes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import simulator
from app_pages import caches, fairness, layout, links, panels, sidebar, state
from simulator import calibration, uncertainty
from simulator.parameters import Scenario
from simulator.report import charts, formatting
from simulator.report.i18n import text
from simulator.report.sentences import fit_sentences, verdict_detail, verdict_headline

TAB_LABELS = ("contrib_header", "gs_header", "sens_header", "compare_header", "export_header")
# Pages run as scripts, where Streamlit's "magic" would draw a bare string under a constant: comments here.
# Widgets inside a tab whose values outlive a visit to another tab.
TAB_WIDGETS = {"contrib_header": ("ce_ranges",), "gs_header": ("gs_probability", "gs_budget"),
               "sens_header": ("sens_measure",)}





def verdict_block(assessment: simulator.Assessment, fan: uncertainty.Ensemble, language: str) -> None:
    verdict = assessment.scenario.verdict
    target = formatting.count(verdict.target, language)
    headline = f"### {verdict_headline(assessment, language)}"
    if verdict.reached_by_deadline:
        st.success(headline, icon=":material/check_circle:")
    else:
        st.error(headline, icon=":material/cancel:")
        st.write(verdict_detail(assessment, language))
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




def lazy_expander(label: str, key: str):
    """An expander whose ``.open`` says whether it is open (opening or closing it reruns the page).

    Its label, and so its widget identity, changes with the language: re-assigning its state before it is drawn
    keeps it open (or closed) across a language switch and a visit to another page.
    """
    st.session_state[key] = bool(st.session_state.get(key, False))
    return st.expander(label, key=key, on_change="rerun")


def chart_block(scenario: Scenario, n_draws: int, assessment: simulator.Assessment, fan: uncertainty.Ensemble,
                language: str) -> None:
    st.subheader(text("chart_title", language))
    verdict = assessment.scenario.verdict
    alt_text = text("chart_alt", language, value=formatting.count(verdict.adopters_at_deadline, language),
                    deadline=formatting.month(verdict.deadline, language))
    st.vega_lite_chart(spec=caches.main_chart_spec(scenario, n_draws, language), width="stretch",
                       alt=alt_text)
    st.caption(text("chart_caption", language))
    reach = lazy_expander(text("reach_header", language), state.REACH_OPEN)
    if reach.open:
        labels = {"x": text("reach_x", language), "y": text("reach_y", language),
                  "never": text("reach_never", language)}
        reach.vega_lite_chart(spec=charts.reach_spec(reached=fan.reached, labels=labels, language=language,
                                                     arrow=True), width="stretch", alt=text("reach_header", language))


def assumptions_block(obs: pd.DataFrame, fit: calibration.Calibration, skill: calibration.SkillCheck,
                      language: str) -> None:
    expander = lazy_expander(text("assumptions", language), state.ASSUMPTIONS_OPEN)
    if not expander.open:
        return
    with expander:
        st.write(text("assumptions_intro", language))
        # Static tables as cached HTML: no Arrow serialisation of two tables on every rerun.
        st.html(caches.table_html("parameters", language))
        st.markdown(f"**{text('levers_table', language)}**")
        st.html(caches.table_html("levers", language))
        calibration_sentence, skill_sentence = fit_sentences(obs, fit, skill, language)
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
        st.html(caches.table_html("observations", language))
        st.markdown(f"**{text('limits_header', language)}**")
        st.write(text("limits_text", language))


def main(language: str) -> None:
    scenario = sidebar.read(language)
    obs, fit, skill = caches.evidence()
    state.record_history(scenario)
    links.sync_link(scenario, language)  # after the widgets, so the address has this run's values
    panels.scenario_tools(language, scenario)
    st.title(text("title", language))
    links.link_notices(language)
    st.write(text("intro", language, target=formatting.count(scenario.target, language)))
    assessment = caches.assessment(scenario)
    n_draws = state.current_draws()
    fan = caches.ensemble(scenario, n_draws)
    verdict_block(assessment, fan, language)
    chart_block(scenario, n_draws, assessment, fan, language)
    tab_contrib, tab_goal, tab_sens, tab_compare, tab_export = scenario_tabs(language)
    if tab_contrib.open:
        with tab_contrib:
            contribution_panel(language, scenario, n_draws, assessment)
    if tab_goal.open:
        with tab_goal:
            panels.goal_seek_panel(language, scenario, n_draws)
    if tab_sens.open:
        with tab_sens:
            panels.sensitivity_panel(language, scenario, n_draws)
    if tab_compare.open:
        with tab_compare:
            panels.compare_panel(language, scenario, n_draws)
    if tab_export.open:
        with tab_export:
            panels.export_panel(language, scenario, n_draws)
    assumptions_block(obs, fit, skill, language)
    st.caption(text("footer", language, version=simulator.__version__))


def scenario_tabs(language: str):
    """The five tabs; only the open one's ``.open`` is True, and switching tabs reruns the page.

    The labels, and so the tabs' widget identity, change with the language: the open tab's position is
    remembered, so a language switch (or a visit to another page) keeps the same tab open.
    """
    session = st.session_state
    labels = [text(key, language) for key in TAB_LABELS]
    if session.get(state.TABS) not in labels:
        session[state.TABS] = labels[min(int(session.get(state.TAB_INDEX, 0)), len(labels) - 1)]
    tabs = st.tabs(labels, key=state.TABS, on_change="rerun")
    session[state.TAB_INDEX] = next((i for i, tab in enumerate(tabs) if tab.open), 0)
    for label_key, tab in zip(TAB_LABELS, tabs, strict=True):
        if not tab.open:  # not drawn in this run: keep the values as plain session state for the next visit
            for key in TAB_WIDGETS.get(label_key, ()):
                if key in session:
                    session[key] = session[key]
    return tabs




def contribution_panel(language: str, scenario: Scenario, n_draws: int, assessment: simulator.Assessment) -> None:
    """What each lever adds, its cost per additional UMKM, and (on request) that cost's P10-P90 range."""
    ranges = st.toggle(text("ce_ranges", language), key="ce_ranges", help=text("ce_ranges_help", language))
    table = None
    if ranges:  # heavy work, under the fairness rule; refused, the table comes without the ranges for now
        try:
            table = fairness.request(fairness.session_clock(), ("ranges", scenario, n_draws),
                                     lambda: caches.contribution_table(scenario, n_draws, language, True))
        except fairness.Refused as refused:
            panels.refusal_notice(refused, language)
            st.caption(text("ce_ranges_later", language))
    if table is None:
        table = caches.contribution_table(scenario, n_draws, language, False)
    layout.table(table)
    st.caption(text("contrib_caption", language, rest=formatting.count(assessment.interaction, language)))


# One page run at a time per process (see app_pages.caches.RUN_LOCK): under load, each finishes sooner.
with caches.RUN_LOCK:
    main(state.current_language())
