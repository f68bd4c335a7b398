"""The Regions page: where the gap is, by island group, and where each lever goes.

Reads the scenario from the sidebar (the same widgets as the scenario page) and the allocation from
:mod:`app_pages.regional`; lays out the six small multiples, the table by region, the allocation controls (in
their advanced-settings expander), the CSV export, the goal seek and the sensitivity by region
(:mod:`app_pages.regional_panels`) and the regional evidence. All numbers come from
:mod:`simulator.regions` through the caches of :mod:`app_pages.regional`.
"""

from __future__ import annotations

import functools

import streamlit as st

from app_pages import links, regional, regional_panels, sidebar, state
from simulator import regions
from simulator.parameters import LEVERS
from simulator.report import formatting
from simulator.report import regions as report
from simulator.report.i18n import source_text, text

language = state.current_language()
scenario = sidebar.read(language)
allocation = regional.current_allocation()
links.sync_link(scenario, language)
key = state.current_draws()

st.title(text("regions_title", language))
links.link_notices(language)
gap = regional.national_gap()
st.write(text("regions_intro", language, gap=formatting.share(gap["max_relative_2020_2024"], language)))

run = regional.run(scenario, allocation)
fan = regional.ensemble(scenario, allocation, key)
st.info(report.behind_sentence(run, language, fan), icon=":material/location_on:")

# Small multiples: three columns on a wide screen, stacked on a phone.
st.subheader(text("regions_chart_header", language))
specs = dict(zip(regions.REGION_KEYS, regional.chart_specs(scenario, allocation, key, language), strict=True))
for row in (regions.REGION_KEYS[:3], regions.REGION_KEYS[3:]):
    for column, region in zip(st.columns(3), row, strict=True):
        column.vega_lite_chart(spec=specs[region], width="stretch", alt=report.region_label(region, language))
st.caption(text("regions_chart_caption", language, draws=formatting.number(fan.draws, language)))

st.subheader(text("regions_table_header", language))
st.dataframe(report.region_table(run, fan, language), hide_index=True, width="stretch")
st.caption(text("regions_table_caption", language,
                now=formatting.month(regions.now_month(scenario), language)))
# Written when the button is pressed (a deferred download), not on every lever move (~15 ms for a new scenario).
st.download_button(text("regions_download", language),
                   data=functools.partial(regional.csv_bytes, scenario, allocation, key),
                   file_name="umkm_regions.csv", mime="text/csv", icon=":material/download:")

with st.expander(text("regions_allocation_header", language)):
    st.write(text("regions_allocation_intro", language))
    error = st.session_state.get(regional.ALLOCATION_ERROR)
    for lever in LEVERS:
        st.markdown(f"**{lever.short_label(language)}**")
        st.caption(text("regions_allocation_now", language,
                        shares=report.allocation_text(allocation, lever.key, language)))
        for region in regions.REGION_KEYS:  # drafts start from the allocation in use
            if regional.widget_key(lever.key, region) not in st.session_state:
                regional.fill_widgets(allocation)
        with st.form(f"allocation_form_{regions.allocation_key(lever.key)}", border=True):
            for row in (regions.REGION_KEYS[:3], regions.REGION_KEYS[3:]):  # rows, so a phone keeps the order
                for column, region in zip(st.columns(3), row, strict=True):
                    column.number_input(f"{report.region_label(region, language)} (%)", min_value=0.0,
                                        max_value=100.0, step=1.0, format="%.1f",
                                        key=regional.widget_key(lever.key, region))
            st.form_submit_button(text("regions_apply", language), on_click=regional.apply_draft,
                                  args=(lever.key,))
        if error and error[0] == lever.key:
            message = (text("regions_bad_sum", language, lever=lever.short_label(language),
                            total=formatting.number(error[2], language, digits=2) + "%")
                       if "sum to" in error[1] else
                       text("regions_bad_value", language, lever=lever.short_label(language), message=error[1]))
            st.error(message, icon=":material/error:")
        if not allocation.is_default(lever.key):
            st.button(text("regions_default", language), key=f"allocation_default_{lever.link_name}",
                      on_click=regional.reset_lever, args=(lever.key,))

    st.markdown(f"**{text('regions_place_header', language)}**")
    st.caption(text("regions_place_intro", language))
    st.button(text("regions_place_button", language), key="find_placement", icon=":material/travel_explore:",
              on_click=regional.find_placement, args=(scenario, allocation, key))
    found = st.session_state.get(regional.PLACEMENT)
    if found is not None and found.scenario == scenario and found.start.shares == allocation.shares:
        if found.adopters_added >= 1.0:
            st.success(text(
                "regions_place_result", language, added=formatting.count(found.adopters_added, language),
                deadline=formatting.month(scenario.deadline, language),
                before=formatting.count(found.adopters_start, language),
                after=formatting.count(found.adopters_best, language),
                cost_before=formatting.rupiah(found.cost_start_idr, language),
                cost_after=formatting.rupiah(found.cost_best_idr, language),
                p_before=formatting.probability(found.probability_start, language),
                p_after=formatting.probability(found.probability_best, language)))
            for lever in LEVERS:
                st.caption(f"{lever.short_label(language)}: {report.allocation_text(found.best, lever.key, language)}")
            st.button(text("regions_place_apply", language), key="use_placement", on_click=regional.use_placement)
        else:
            st.info(text("regions_place_none", language))

with st.expander(text("regions_gs_header", language), icon=":material/travel_explore:"):
    regional_panels.goal_seek_panel(language, scenario, allocation, key)

with st.expander(text("regions_sens_header", language), icon=":material/analytics:"):
    regional_panels.sensitivity_panel(language, scenario, allocation)

with st.expander(text("regions_method_header", language)):
    st.write(report.methodology_text(gap, language))
    st.dataframe(report.evidence_table(language), hide_index=True, width="stretch")
    st.markdown("\n".join(f"- {source_text(source, language)}" for source in regions.REGION_SOURCES.values()))
