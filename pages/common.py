"""State shared by the pages: language, the scenario held in widget state, and cached evidence.

The scenario's widgets keep their values in ``st.session_state`` under the scenario keys (in the sliders'
readable units, see :data:`UI_SCALE`). :func:`keep_state` runs on every page so the values survive a visit to
another page, and :func:`apply_scenario` is the one way presets, uploads, undo, reset, shared links and goal
seek change the settings.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from simulator import calibration, observations, timeline
from simulator.parameters import LEVERS, SCENARIO_KEYS, Scenario

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}

# Sliders show levers in readable units; the model takes natural units.
UI_SCALE = {"infrastructure_villages_per_year": 1.0, "training_per_year": 1e3, "financing_idr_per_year": 1e12}
TARGET_KEY = "target_millions"
WIDGET_KEYS = (*(lever.key for lever in LEVERS), *(lever.start_key for lever in LEVERS), TARGET_KEY, "deadline")
START_OPTIONS = tuple(timeline.format_month(i) for i in range(timeline.parse_month("2021-01"),
                                                               timeline.parse_month("2027-12") + 1))
DEADLINE_OPTIONS = tuple(timeline.format_month(i) for i in range(timeline.parse_month("2021-07"),
                                                                  timeline.parse_month("2030-12") + 1))


def current_language() -> str:
    """The language chosen in the sidebar ("id" by default)."""
    language = st.session_state.get("language", "id")
    return language if language in LANGUAGE_NAMES else "id"


def widget_values(scenario: Scenario) -> dict[str, object]:
    """A scenario as widget values (readable units)."""
    values: dict[str, object] = {lever.key: getattr(scenario, lever.key) / UI_SCALE[lever.key] for lever in LEVERS}
    for lever in LEVERS:
        start = getattr(scenario, lever.start_key)
        values[lever.start_key] = start if start in START_OPTIONS else min(
            START_OPTIONS, key=lambda m: abs(timeline.parse_month(m) - timeline.parse_month(start)))
    values[TARGET_KEY] = scenario.target / 1e6
    values["deadline"] = scenario.deadline if scenario.deadline in DEADLINE_OPTIONS else DEADLINE_OPTIONS[-1]
    return values


def scenario_from_state() -> Scenario:
    """The scenario the widgets currently hold (natural units); the status quo for anything missing."""
    state = st.session_state
    settings: dict[str, object] = {}
    for lever in LEVERS:
        if lever.key in state:
            settings[lever.key] = float(state[lever.key]) * UI_SCALE[lever.key]
        if lever.start_key in state:
            settings[lever.start_key] = state[lever.start_key]
    if TARGET_KEY in state:
        settings["target"] = float(state[TARGET_KEY]) * 1e6
    if "deadline" in state:
        settings["deadline"] = state["deadline"]
    return Scenario.from_mapping({k: v for k, v in settings.items() if k in SCENARIO_KEYS})


def apply_scenario(scenario: Scenario) -> None:
    """Put a scenario into the widgets (call before they are drawn, e.g. from a button callback)."""
    st.session_state.update(widget_values(scenario))


def keep_state() -> None:
    """Give every scenario widget a value, and keep values alive while another page is shown."""
    defaults = widget_values(Scenario())
    for key in WIDGET_KEYS:
        # Re-assigning a widget's value turns it into plain session state, which Streamlit keeps across pages.
        st.session_state[key] = st.session_state[key] if key in st.session_state else defaults[key]


@st.cache_resource(show_spinner=False)
def evidence() -> tuple[pd.DataFrame, calibration.Calibration, calibration.SkillCheck]:
    """Bundled observations, the calibration's fit table and the forecasting skill check (computed once)."""
    obs = observations.load()
    return obs, calibration.fit(obs), calibration.skill_check(obs)
