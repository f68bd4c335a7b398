"""Helpers shared by the pages: the current language and cached evidence (observations, calibration)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import calibration, observations

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def current_language() -> str:
    """The language chosen in the sidebar ("id" by default)."""
    language = st.session_state.get("language", "id")
    return language if language in LANGUAGE_NAMES else "id"


@st.cache_resource(show_spinner=False)
def evidence() -> tuple[pd.DataFrame, calibration.Calibration, calibration.SkillCheck]:
    """Bundled observations, the calibration's fit table and the forecasting skill check (computed once)."""
    obs = observations.load()
    return obs, calibration.fit(obs), calibration.skill_check(obs)
