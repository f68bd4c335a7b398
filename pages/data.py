"""Data page: the observations with their sources, the calibrated fit, and the bundled CSV to download."""

from __future__ import annotations

import streamlit as st

from pages.common import current_language, evidence, scenario_from_state, sync_link
from simulator import formatting, observations, tables
from simulator.i18n import text

language = current_language()
sync_link(scenario_from_state(), language)  # the address carries the scenario here too
obs, fit, skill = evidence()
st.title(text("nav_data", language))
st.write(text("data_intro", language))
st.dataframe(tables.observation_table(obs, fit.table["modelled"], language), hide_index=True, width="stretch")
st.write(text("calibration_text", language, n=int(obs["use"].sum()), mape=formatting.share(fit.mape, language),
              rmse=formatting.number(fit.rmse, language)))
st.write(text("skill_text", language, model=formatting.count(skill.model_mae, language, digits=2),
              trend=formatting.count(skill.trend_mae, language, digits=2)))
with open(observations.bundled_path(), "rb") as handle:
    st.download_button(text("download_observations", language), data=handle.read(),
                       file_name="umkm_online_observations.csv", mime="text/csv", key="download_observations")
