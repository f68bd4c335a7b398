"""Data page: the observations with their sources, the calibrated fit, and the bundled CSV to download."""

from __future__ import annotations

import streamlit as st

from app_pages.caches import evidence, observation_rows
from app_pages.links import link_notices, sync_link
from app_pages.state import current_language, scenario_from_state
from simulator.io import observations
from simulator.report import tables
from simulator.report.i18n import text
from simulator.report.sentences import fit_sentence

language = current_language()
sync_link(scenario_from_state(), language)  # the address carries the scenario here too
obs, fit = evidence()
st.title(text("nav_data", language))
link_notices(language)
st.write(text("data_intro", language))
st.dataframe(tables.observation_table(*observation_rows(), language), hide_index=True, width="stretch")
st.write(fit_sentence(obs, fit, language))
with open(observations.bundled_path(), "rb") as handle:
    st.download_button(text("download_observations", language), data=handle.read(),
                       file_name="umkm_online_observations.csv", mime="text/csv", key="download_observations")
