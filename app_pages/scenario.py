"""The scenario page: sidebar -> frozen Scenario -> cached model runs -> verdict, chart and tables.

All model logic lives in the ``simulator`` package; this page only reads widgets, calls the caches of
:mod:`app_pages.caches` and lays out what they return.

A lever move reruns only what it changes: the lever sliders, the tools that follow the scenario, the verdict,
the chart and the tabs are one ``st.fragment`` (:func:`scenario_view`), which fills containers the full run made
(:class:`Places`); the sidebar's frame (advanced settings, preset box, reset, upload), the phone's lever bar,
the data panel, the skill panel, the assumptions and the entry point's style and navigation stay as the last
full run drew them. Within the view only what is visible is drawn: the
five tabs and the reach-month expander track whether they are open (``on_change="rerun"``) and their content,
with the work only it needs (saved scenarios' probabilities, the comparison, cost-effectiveness ranges,
exports, the reach-month chart), runs only when open. The main chart's spec is cached per scenario, number of
draws and language, with its datasets already as Arrow bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

import simulator
from app_pages import added_counts, caches, fairness, layout, links, panels, sidebar, state
from simulator import calibration, timeline, uncertainty
from simulator.parameters import Scenario
from simulator.report import charts, formatting, tables
from simulator.report.i18n import text
from simulator.report.sentences import (
    after_sentence,
    fit_sentence,
    forecast_detail,
    forecast_headline,
    probability_text,
    skill_sentences,
    structures_text,
)

# Session state: whether scenario_view runs within the page's full run or alone (a fragment rerun).
VIEW_RUN = "scenario_view_run"
TAB_LABELS = ("contrib_header", "gs_header", "sens_header", "compare_header", "export_header")
# Pages run as scripts, where Streamlit's "magic" would draw a bare string under a constant: comments here.
# Widgets inside a tab whose values outlive a visit to another tab.
TAB_WIDGETS = {"contrib_header": ("ce_ranges",), "gs_header": ("gs_probability", "gs_budget"),
               "sens_header": ("sens_measure",)}





def verdict_block(assessment: simulator.Assessment, fan: uncertainty.Ensemble, key: state.DrawsKey,
                  language: str) -> None:
    """The headline, the probability and the values at the deadline: all from the Monte Carlo (the median and
    the share of draws), so they agree with the fan; the central run is named only in the caption."""
    scenario = fan.scenario
    target = formatting.count(scenario.target, language)
    headline = f"### {forecast_headline(fan, language)}"
    if fan.median_reached_by_deadline:
        st.success(headline, icon=":material/check_circle:")
    else:
        st.error(headline, icon=":material/cancel:")
        detail = forecast_detail(fan, language)
        if detail:
            st.write(detail)
    deadline = formatting.month(scenario.deadline, language)
    index = scenario.month_index("deadline")
    base_median = float(fan.quantile(0.5, baseline=True)[index])
    # Two by two (app.css: .st-key-verdict_figures): the verdict shares the row with the skill panel, and four
    # abreast would cut the values. One wrapping row, not two rows of columns: six containers fewer to send.
    figures = st.container(horizontal=True, key="verdict_figures", gap="medium")
    figures.metric(text("metric_probability", language), probability_text(fan, language),
                   text("metric_probability_base", language,
                        value=formatting.probability(fan.baseline_probability_reached, language)),
                   delta_color="off", delta_arrow="off",
                   help=text("probability_help_mc", language, draws=fan.draws, target=target, deadline=deadline,
                             as_of=formatting.month(key.as_of, language), structures=structures_text(fan, language)))
    added = fan.adopters_at_deadline_p50 - base_median
    figures.metric(text("metric_at_deadline", language, deadline=deadline),
                   formatting.count(fan.adopters_at_deadline_p50, language),
                   text("metric_vs_baseline", language, delta=formatting.count(added, language)),
                   delta_arrow="auto" if abs(added) >= 1 else "off",
                   help=text("range_help", language, low=formatting.count(fan.adopters_at_deadline_p10, language),
                             high=formatting.count(fan.adopters_at_deadline_p90, language)))
    figures.metric(text("metric_baseline", language, deadline=deadline), formatting.count(base_median, language))
    extra = fan.cost_idr - fan.baseline_cost_idr
    # Short money ("Rp23,3 T") so the value fits; the help gives it in full, with what it counts.
    figures.metric(text("metric_cost", language), formatting.rupiah(fan.cost_idr, language, short=True),
                   text("metric_extra_cost", language, delta=formatting.rupiah(extra, language, short=True)),
                   delta_color="inverse" if abs(extra) >= 1 else "off",
                   delta_arrow="auto" if abs(extra) >= 1 else "off",
                   help=text("metric_cost_help", language, cost=formatting.rupiah(fan.cost_idr, language),
                             start=formatting.month(timeline.format_month(uncertainty.programme_window(scenario)),
                                                    language), deadline=deadline,
                             extra=text("metric_extra_cost", language, delta=formatting.rupiah(extra, language))))
    st.caption(text("structures_caption", language, structures=structures_text(fan, language),
                    central=formatting.count(assessment.scenario.verdict.adopters_at_deadline, language)))


def skill_block(key: state.DrawsKey, language: str) -> None:
    """How good is this forecast? The vintage's forecast against what came later and the backtest by origin."""
    with st.container(border=True):
        st.markdown(f"**{text('skill_title', language)}**")
        later, predicted = caches.after(key)
        st.write(after_sentence(later, predicted, key.as_of, language))
        result, origin = caches.skill(key.as_of)
        first, aim = skill_sentences(result, origin, key.as_of, language)
        st.write(first)
        st.write(aim)
        details = layout.lazy_expander(text("skill_table_header", language), state.SKILL_TABLE_OPEN)
        if details.open:  # the numbers behind the two sentences
            with details:
                st.dataframe(tables.skill_table(result, language), hide_index=True, width="stretch")
                st.caption(text("skill_table_note", language))


def as_of_control(language: str) -> state.DrawsKey:
    """The data-vintage selector beside the verdict; returns what the page's forecasts are computed from."""
    state.current_as_of()  # a value not offered becomes the decision's before the widget reads it
    st.selectbox(text("as_of", language), state.vintage_options(state.current_added()), key=state.AS_OF,
                 format_func=lambda month: formatting.month(month, language), help=text("as_of_help", language))
    return state.current_draws()


def chart_block(scenario: Scenario, n_draws: state.DrawsKey, fan: uncertainty.Ensemble, language: str) -> None:
    """The main chart (under its title, drawn by the page's full run), its caption and the reach-month chart."""
    alt_text = text("chart_alt", language, value=formatting.count(fan.adopters_at_deadline_p50, language),
                    deadline=formatting.month(scenario.deadline, language))
    st.vega_lite_chart(spec=caches.main_chart_spec(scenario, n_draws, language), width="stretch",
                       alt=alt_text)
    st.caption(f"{text('chart_caption', language)} "
               f"{text('chart_caption_points', language, as_of=formatting.month(n_draws.as_of, language))}")
    reach = layout.lazy_expander(text("reach_header", language), state.REACH_OPEN)
    if reach.open:
        labels = {"x": text("reach_x", language), "y": text("reach_y", language),
                  "never": text("reach_never", language)}
        reach.vega_lite_chart(spec=charts.reach_spec(reached=fan.reached, labels=labels, language=language,
                                                     arrow=True), width="stretch", alt=text("reach_header", language))


def assumptions_block(obs: pd.DataFrame, fit: calibration.Calibration, language: str) -> None:
    expander = layout.lazy_expander(text("assumptions", language), state.ASSUMPTIONS_OPEN)
    if not expander.open:
        return
    with expander:
        st.write(text("assumptions_intro", language))
        # Static tables as cached HTML: no Arrow serialisation of two tables on every rerun.
        st.html(caches.table_html("parameters", language))
        st.markdown(f"**{text('levers_table', language)}**")
        st.html(caches.table_html("levers", language))
        st.markdown(f"**{text('calibration_header', language)}**")
        st.write(fit_sentence(obs, fit, language))
        st.markdown(f"**{text('observations_header', language)}**")
        st.html(caches.table_html("observations", language))
        st.markdown(f"**{text('limits_header', language)}**")
        st.write(text("limits_text", language))


@dataclass(frozen=True)
class Places:
    """Containers the page's full run makes and :func:`scenario_view` fills on every run."""

    left: Any  # the verdict
    levers: Any  # the sidebar's lever sliders
    tools: panels.ToolBoxes  # what of the sidebar's tools follows the scenario


def main(language: str) -> None:
    """The page's full run: what no lever changes, around :func:`scenario_view`, which a lever move reruns alone.

    The full run draws the sidebar's frame (the advanced settings and the tools that do not follow the levers),
    the phone's lever bar, the data panel, the skill panel and the assumptions; the view fills the places left
    for it. A lever move then sends only the lever sliders, the verdict, the chart and the open tab.
    """
    # The lever sliders under their header, one keyed box: on a phone the lever bar replaces it (app.css), so a
    # slider in the drawer never shows a value the bar (drawn by the full run) has not caught up with.
    levers = st.sidebar.container(key=state.SIDEBAR_LEVERS)
    levers.header(text("levers", language))
    sidebar.advanced(language)  # drawn first: their widgets put a hand-made value on their grid
    try:
        settings = state.scenario_from_state()  # the target, for the introduction
    except ValueError:  # a value no widget can show: the view's levers say what is wrong
        settings = Scenario()
    tools = panels.tools_frame(language, settings)
    obs, fit = caches.evidence()
    st.title(text("title", language))
    links.link_notices(language)
    st.write(text("intro", language, target=formatting.count(settings.target, language)))
    left, right = st.columns([3, 2])
    with right:
        added_counts.panel(language)
        n_draws = as_of_control(language)
        skill_block(n_draws, language)
    sidebar.lever_bar(language)
    st.subheader(text("chart_title", language))  # the view's chart follows
    st.session_state[VIEW_RUN] = "full"
    st.session_state.pop(state.FULL_RUN, None)  # this is the full run
    scenario_view(language, Places(left=left, levers=levers, tools=tools), n_draws)
    assumptions_block(obs, fit, language)
    st.caption(text("footer", language, version=simulator.__version__))


@st.fragment
def scenario_view(language: str, places: Places, outer: state.DrawsKey) -> None:
    """Everything a lever move changes: the lever sliders, the tools that follow the scenario, the verdict, the
    chart and the tabs.

    A widget drawn here reruns only this function (``st.fragment``), not the page around it: the data panel, the
    skill panel, the assumptions, the sidebar's frame and the entry point's style and navigation are kept as
    they are. The view writes into containers the full run made (:class:`Places`). When a widget here applied
    settings the full run draws (undo, a saved scenario, a goal-seek mix: :data:`app_pages.state.FULL_RUN`) or
    changed what the panel beside the verdict reads (the draws, the data vintage), the whole page reruns
    instead.
    """
    session = st.session_state
    alone, session[VIEW_RUN] = session.get(VIEW_RUN) == "fragment", "fragment"  # main() sets it to "full"
    with caches.RUN_LOCK:  # one page run at a time per process, a fragment run too (see caches.RUN_LOCK)
        if alone:
            # As the entry point does before a full run: the lever values, re-assigned as plain session state
            # before their widgets are drawn, outlive a visit to another page (a value a fragment run set is
            # otherwise lost when the next full run is of another page).
            state.keep_state()
        if alone and session.pop(state.FULL_RUN, False):
            st.rerun()  # the whole page, so the start months, target and deadline show what was applied
        prefetch(state.current_draws())
        scenario = sidebar.levers(language, places.levers)
        n_draws = state.current_draws()
        if alone and n_draws != outer:
            st.rerun()  # the whole page, so the panel beside the verdict uses the same draws and data
        state.record_history(scenario)
        links.sync_link(scenario, language)  # after the widgets, so the address has this run's values
        panels.scenario_tools(language, scenario, places.tools)
        assessment = caches.assessment(scenario)
        fan = caches.ensemble(scenario, n_draws)
        with places.left:
            verdict_block(assessment, fan, n_draws, language)
        chart_block(scenario, n_draws, fan, language)
        # One panel per tab of TAB_LABELS, in its order; only the open tab's is drawn.
        drawers = (functools.partial(contribution_panel, language, scenario, n_draws, assessment),
                   *(functools.partial(panel, language, scenario, n_draws) for panel in (
                       panels.goal_seek_panel, panels.sensitivity_panel, panels.compare_panel,
                       panels.export_panel)))
        for tab, draw in zip(scenario_tabs(language), drawers, strict=True):
            if tab.open:
                with tab:
                    draw()


def prefetch(n_draws: state.DrawsKey) -> None:
    """Run the Monte Carlo of the scenario the widgets hold before anything of the view is drawn.

    Drawn elements are sent by the server's event loop on the second core while the script goes on; computed
    first, the engine's two threads have both cores to themselves (measured in the server: its 1,000 draws
    ~3.7 ms at the start of a run, ~6 ms once the view's first elements are on their way; the view ~0.8 ms
    sooner). The levers then find the result in the cache. A value no widget can show is left to the levers,
    which say what is wrong.
    """
    try:
        scenario = state.scenario_from_state()
    except ValueError:
        return
    caches.ensemble(scenario, n_draws)


def scenario_tabs(language: str):
    """The five tabs; only the open one's ``.open`` is True, and switching tabs reruns the view.

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




def contribution_panel(language: str, scenario: Scenario, n_draws: state.DrawsKey,
                       assessment: simulator.Assessment) -> None:
    """What each lever adds, its cost per additional UMKM, and (on request) that cost's P10-P90 range."""
    ranges = st.toggle(text("ce_ranges", language), key="ce_ranges", help=text("ce_ranges_help", language))
    table = None
    if ranges:  # heavy work, under the fairness rule; refused, the table comes without the ranges for now
        try:
            table = fairness.request(fairness.session_clock(), ("ranges", scenario, n_draws),
                                     lambda: caches.contribution_html(scenario, n_draws, language, True))
        except fairness.Refused as refused:
            panels.refusal_notice(refused, language)
            st.caption(text("ce_ranges_later", language))
    if table is None:
        table = caches.contribution_html(scenario, n_draws, language, False)
    st.html(table)
    caption = text("contrib_caption", language, rest=formatting.count(assessment.interaction, language))
    if not ranges:
        caption += " " + text("contrib_median_note", language, toggle=text("ce_ranges", language))
    st.caption(caption)


# One page run at a time per process (see app_pages.caches.RUN_LOCK): under load, each finishes sooner.
with caches.RUN_LOCK:
    main(state.current_language())
