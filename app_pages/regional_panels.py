"""The Regions page's two analysis panels: the goal seek by region (what it would take, and where) and the
sensitivity by region (what moves one island group most). Widgets and layout only; the numbers come from
:mod:`app_pages.regional`'s caches, the tables and charts from :mod:`simulator.report.regions`."""

from __future__ import annotations

import streamlit as st

from app_pages import fairness, layout, panels, regional, state
from simulator import regional_goal_seek, regional_sensitivity, regions
from simulator.parameters import DEFAULT_START, LEVERS, Scenario
from simulator.report import formatting
from simulator.report import regions as report
from simulator.report.i18n import text

SENSITIVITY_REGION = "regions_sens_region"  # the region the tornado is for (a select box)
SENSITIVITY_ROWS = 12


def goal_seek_panel(language: str, scenario: Scenario, allocation: regions.Allocation, n_draws: state.DrawsKey
                    ) -> None:
    """The cheapest mix of intensities, start months and placement reaching the scenario's goal."""
    target, deadline = formatting.count(scenario.target, language), formatting.month(scenario.deadline, language)
    st.write(text("regions_gs_intro", language, target=target, deadline=deadline))
    with st.form("regional_goal_seek_form", border=False):
        left, right = st.columns(2)
        lo, hi, step = state.GS_PROBABILITY_RANGE
        probability = left.slider(text("gs_probability", language), min_value=lo, max_value=hi, value=80,
                                  step=step, format="%d%%", key="regions_gs_probability")
        lo, hi, step = state.GS_BUDGET_RANGE
        budget = right.number_input(text("gs_budget", language), min_value=lo, max_value=hi, value=0.0, step=step,
                                    key="regions_gs_budget", help=text("gs_budget_help", language), format="%g")
        submitted = st.form_submit_button(text("regions_gs_run", language), icon=":material/travel_explore:",
                                          type="primary")
    if submitted:
        required = state.on_grid(probability, state.GS_PROBABILITY_RANGE) / 100.0
        budget_idr = state.on_grid(budget, state.GS_BUDGET_RANGE) * 1e12 or None
        args = (scenario.target, scenario.deadline, required, budget_idr, regional.allocation_cache_key(allocation),
                n_draws)
        with st.spinner(text("gs_running", language)):
            try:
                st.session_state[regional.GOAL_SEEK] = fairness.request(
                    fairness.session_clock(), ("regional_goal_seek", *args),
                    lambda: regional.goal_seek_result(*args))
            except fairness.Refused as refused:
                panels.refusal_notice(refused, language)
    found = st.session_state.get(regional.GOAL_SEEK)
    if not isinstance(found, regional_goal_seek.RegionalGoalSeekResult):
        return
    result = found.result
    panels.goal_seek_outcome(result, scenario, language)
    if result.found:  # what moving the levers between regions did
        if not found.at_start_allocation.found:
            st.info(text("regions_gs_reached_by_moving", language), icon=":material/moving:")
        elif found.saving_idr >= 1e9:  # a billion rupiah: less is rounding of the pattern search
            st.info(text("regions_gs_saving", language, saving=formatting.rupiah(found.saving_idr, language),
                         fixed=formatting.rupiah(found.at_start_allocation.cost_idr, language)),
                    icon=":material/moving:")
        else:
            st.caption(text("regions_gs_no_saving", language))
    below = [lever.short_label(language) for lever in LEVERS if lever.key in found.below_status_quo]
    if below:
        st.warning(text("gs_below_status_quo", language, levers=", ".join(below)), icon=":material/trending_down:")
    layout.table(report.goal_seek_table(found, language))
    st.caption(text("regions_gs_cost_measure", language, start=formatting.month(DEFAULT_START, language)))
    st.button(text("regions_gs_apply", language), key="regions_gs_apply", icon=":material/tune:",
              on_click=regional.apply_goal_seek, help=text("regions_gs_apply_help", language))


def sensitivity_panel(language: str, scenario: Scenario, allocation: regions.Allocation) -> None:
    """A tornado of what moves the chosen region's onboarded at the deadline (central runs: drawn at once)."""
    st.write(text("regions_sens_intro", language))
    options = (*regions.REGION_KEYS, regional_sensitivity.NATIONAL)
    state.keep_choice(SENSITIVITY_REGION, options)
    if SENSITIVITY_REGION not in st.session_state:
        st.session_state[SENSITIVITY_REGION] = "maluku_papua"
    region = st.selectbox(text("regions_sens_region", language), options=options, key=SENSITIVITY_REGION,
                          format_func=lambda k: (text("regions_sens_national", language)
                                                 if k == regional_sensitivity.NATIONAL
                                                 else report.region_label(k, language)))
    result = regional.tornado(scenario, allocation, region)
    st.vega_lite_chart(spec=regional.tornado_spec(scenario, allocation, region, language, SENSITIVITY_ROWS),
                       width="stretch", alt=text("regions_sens_region", language))
    st.caption(text("regions_sens_caption", language, rows=SENSITIVITY_ROWS,
                    value=formatting.count(result.value, language)))
