"""Methodology page: equations, every parameter (from the registry), levers, limits, disclaimer, changelog."""

from __future__ import annotations

import streamlit as st

import simulator
from app_pages import caches
from app_pages.links import link_notices, sync_link
from app_pages.regional import national_gap
from app_pages.state import current_language, scenario_from_state
from simulator.io import observations
from simulator.parameters import central_parameters
from simulator.report import methodology, sentences, tables
from simulator.report import regions as regions_report
from simulator.report.i18n import text

language = current_language()
sync_link(scenario_from_state(), language)  # the address carries the scenario here too
st.title(text("nav_methodology", language))
link_notices(language)
st.caption(text("model_version", language, version=simulator.__version__))
for section in methodology.SECTIONS:
    st.header(section.title(language))
    st.markdown(section.body(language))
    for equation in section.equations:
        st.latex(equation)
    if section.title.en == methodology.SKILL_SECTION:  # the backtest itself, as on the scenario page
        result, origin = caches.skill(observations.DEFAULT_AS_OF)
        for sentence in sentences.skill_sentences(result, origin, observations.DEFAULT_AS_OF, language):
            st.write(sentence)
        st.dataframe(tables.skill_table(result, language), hide_index=True, width="stretch")
        st.caption(text("skill_table_note", language))
st.header(text("regions_method_header", language))  # the regional model (simulator/regions.py)
st.markdown(regions_report.methodology_text(national_gap(), language))
st.header(text("parameters_header", language))
st.write(text("assumptions_intro", language))
st.dataframe(tables.parameter_table(central_parameters(), language), hide_index=True, width="stretch")
st.header(text("levers_table", language))
st.dataframe(tables.lever_table(language), hide_index=True, width="stretch")
st.header(text("changelog", language))
for change in methodology.CHANGELOG:
    st.markdown(f"**{change.version}** ({change.date}): {change.text(language)}")
