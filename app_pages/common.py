"""State shared by the pages: language, the scenario held in widget state, and cached evidence.

The scenario's widgets keep their values in ``st.session_state`` under the scenario keys (in the sliders'
readable units, see :data:`UI_SCALE`). :func:`keep_state` runs on every page so the values survive a visit to
another page, and :func:`apply_scenario` is the one way presets, uploads, undo, reset, shared links and goal
seek change the settings.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from simulator import (
    calibration,
    charts,
    formatting,
    observations,
    scenario_files,
    sharing,
    tables,
    timeline,
    uncertainty,
)
from simulator.i18n import text
from simulator.parameters import LEVERS, SCENARIO_KEYS, ModelParameters, Scenario

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}

# Sliders show levers in readable units; the model takes natural units.
UI_SCALE = {"infrastructure_villages_per_year": 1.0, "training_per_year": 1e3, "financing_idr_per_year": 1e12}
TARGET_KEY = "target_millions"
DRAWS_KEY = "draws"
DRAW_OPTIONS = (200, 500, 1000, 2000, 5000)
MAX_APP_DRAWS = int(os.environ.get("UMKM_MAX_DRAWS", "2000"))
"""Most Monte Carlo draws a visitor may ask for (a public server's safety cap; the command line has none)."""
DEFAULT_APP_DRAWS = 1000
WIDGET_KEYS = (*(lever.key for lever in LEVERS), *(lever.start_key for lever in LEVERS), TARGET_KEY, "deadline",
               DRAWS_KEY)
APP_HORIZON = "2030-12"
"""The app always simulates to this month; links and files with another horizon are read up to it."""
START_OPTIONS = tuple(timeline.format_month(i) for i in range(timeline.parse_month("2020-01"),
                                                               timeline.parse_month(APP_HORIZON) + 1))
DEADLINE_OPTIONS = tuple(timeline.format_month(i) for i in range(timeline.parse_month("2021-01"),
                                                                  timeline.parse_month(APP_HORIZON) + 1))


def current_language() -> str:
    """The language chosen in the sidebar ("id" by default)."""
    language = st.session_state.get("language", "id")
    return language if language in LANGUAGE_NAMES else "id"


def widget_values(scenario: Scenario) -> dict[str, object]:
    """A scenario as widget values (readable units)."""
    values: dict[str, object] = {lever.key: getattr(scenario, lever.key) / UI_SCALE[lever.key] for lever in LEVERS}
    for lever in LEVERS:
        values[lever.start_key] = _nearest(START_OPTIONS, getattr(scenario, lever.start_key))
    values[TARGET_KEY] = scenario.target / 1e6
    values["deadline"] = _nearest(DEADLINE_OPTIONS, scenario.deadline)
    return values


def _nearest(options: tuple[str, ...], month: str) -> str:
    """``month`` if it is an option, else the option closest to it."""
    if month in options:
        return month
    index = timeline.parse_month(month)
    return min(options, key=lambda m: abs(timeline.parse_month(m) - index))


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
    defaults = {**widget_values(Scenario()), DRAWS_KEY: min(DEFAULT_APP_DRAWS, MAX_APP_DRAWS)}
    for key in WIDGET_KEYS:
        # Re-assigning a widget's value turns it into plain session state, which Streamlit keeps across pages.
        st.session_state[key] = st.session_state[key] if key in st.session_state else defaults[key]


RUN_LOCK = threading.RLock()
"""One run of the scenario page, and one model computation, at a time per process.

Streamlit runs each session's script in its own thread; under load, runs that share the interpreter at once
all finish late (the interpreter lock hands out 5 ms slices round-robin), whereas runs one after another finish
in turn. Measured with 50 sessions on two processes (3 s think time): p50 280-323 ms, p95 1.0-1.2 s with the lock
around model calls only; p50 219-228 ms, p95 0.70-0.85 s with it around the whole page. Re-entrant, so model
calls made inside a page run take it again freely."""


def draw_options() -> tuple[int, ...]:
    """Draw counts offered in the app, up to :data:`MAX_APP_DRAWS`."""
    return tuple(n for n in DRAW_OPTIONS if n <= MAX_APP_DRAWS) or (MAX_APP_DRAWS,)


def current_draws() -> int:
    """The number of draws chosen, clamped to what the app offers."""
    options = draw_options()
    chosen = st.session_state.get(DRAWS_KEY, DEFAULT_APP_DRAWS)
    return chosen if chosen in options else min(options, key=lambda n: abs(n - int(chosen)))


@st.cache_resource(show_spinner=False, max_entries=len(DRAW_OPTIONS))
def draws(n: int) -> uncertainty.Draws:
    """Conditioned Monte Carlo draws (bundled observations, registry priors, fixed seed), made once per size."""
    return uncertainty.default_draws(n, uncertainty.DEFAULT_SEED)


@st.cache_resource(max_entries=256, show_spinner=False)
def ensemble_cached(items: tuple[tuple[str, object], ...], n: int, levers: bool = False) -> uncertainty.Ensemble:
    """A scenario under uncertainty, cached on its settings and the number of draws.

    A resource cache (shared, not copied, like :func:`app_pages.scenario.assess_cached`): ensembles are frozen.

    ``levers`` adds each lever's cost-effectiveness range (up to 2.5 times the work), so it is asked for only
    when the reader wants those ranges.
    """
    with RUN_LOCK:
        return uncertainty.ensemble(Scenario.from_mapping(dict(items)), draws(n), levers=levers)


TABLE_STYLE = ("<style>.umkm-table{overflow-x:auto;max-height:28rem}.umkm-table table{border-collapse:collapse;"
               "font-size:.85rem;width:100%}.umkm-table th,.umkm-table td{border-bottom:1px solid #e3e6ea;"
               "padding:.3rem .5rem;text-align:left;vertical-align:top}.umkm-table th{position:sticky;top:0;"
               "background:#f4f6f8}</style>")


@st.cache_data(max_entries=16, show_spinner=False)
def table_html(which: str, language: str) -> str:
    """A static table (``parameters``, ``levers`` or ``observations``) as escaped, scrollable HTML."""
    if which == "parameters":
        frame = tables.parameter_table(ModelParameters(), language)
    elif which == "levers":
        frame = tables.lever_table(language)
    else:
        obs, fit, _ = evidence()
        frame = tables.observation_table(obs, fit.table["modelled"], language)
    return f'{TABLE_STYLE}<div class="umkm-table">{frame.to_html(index=False, border=0, escape=True)}</div>'


def fit_texts(obs: pd.DataFrame, fit: calibration.Calibration, skill: calibration.SkillCheck,
              language: str) -> tuple[str, str]:
    """The calibration's fit error and the forecasting skill check, as two sentences."""
    return (text("calibration_text", language, n=int(obs["use"].sum()), mape=formatting.share(fit.mape, language),
                 rmse=formatting.number(fit.rmse, language)),
            text("skill_text", language, model=formatting.count(skill.model_mae, language, digits=2),
                 trend=formatting.count(skill.trend_mae, language, digits=2)))


def scenario_key(mapping: dict[str, object]) -> tuple[tuple[str, object], ...]:
    """A scenario mapping as the hashable key the cached model functions take."""
    return tuple(sorted(mapping.items()))


@st.cache_resource(show_spinner=False)
def evidence() -> tuple[pd.DataFrame, calibration.Calibration, calibration.SkillCheck]:
    """Bundled observations, the calibration's fit table and the forecasting skill check (computed once)."""
    obs = observations.load()
    return obs, calibration.fit(obs), calibration.skill_check(obs)


@st.cache_resource(show_spinner=False, max_entries=4)
def observed_arrow(language: str) -> bytes:
    """The charts' ``observed`` dataset (bundled observations, tooltip labels) as Arrow bytes, once per language."""
    return charts.arrow_ipc(charts.observed_columns(observations=evidence()[0], language=language))


# --------------------------------------------------------------------------------------------------------
# Shared links, history (undo), reset, presets, uploads and saved scenarios
# --------------------------------------------------------------------------------------------------------

HISTORY_LIMIT = 50
SAVED_LIMIT = 8
"""Most named scenarios a visitor may keep (each costs a model run on every comparison)."""


@dataclass(frozen=True, kw_only=True)
class Adjusted:
    """A setting the app cannot show as given (e.g. a horizon other than the app's), and what it uses instead."""

    key: str
    given: str
    used: str

    def message(self, language: str) -> str:
        return text("link_adjusted", language, setting=self.key, value=self.given, used=self.used)


def adjustments(wanted: Scenario, got: Scenario) -> list[Adjusted]:
    """Settings of ``wanted`` that the widgets could not hold exactly (``got`` is what they hold)."""
    a, b = wanted.to_mapping(), got.to_mapping()
    return [Adjusted(key=key, given=str(a[key]), used=str(b[key])) for key in a if a[key] != b[key]]


def apply_loaded(scenario: Scenario) -> list[Adjusted]:
    """Apply a scenario from a link or file; returns what had to be adjusted to fit the widgets."""
    apply_scenario(scenario)
    return adjustments(scenario, scenario_from_state())


def load_link_once() -> None:
    """On a session's first run, open the scenario and language the URL carries (never fails)."""
    if st.session_state.get("_link_loaded"):
        return
    st.session_state["_link_loaded"] = True
    params = st.query_params.to_dict()
    if not params:
        return
    shared = sharing.from_query(params, base=Scenario(), language=current_language())
    st.session_state["language"] = shared.language
    st.session_state["_notices"] = [*shared.notices, *apply_loaded(shared.scenario)]


def sync_link(scenario: Scenario, language: str) -> None:
    """Make the page's URL carry the current scenario and language (only when it changed)."""
    wanted = sharing.to_query(scenario, language)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def record_history(scenario: Scenario) -> None:
    """Remember the scenario if it differs from the last one remembered (for undo)."""
    history: list[dict[str, object]] = st.session_state.setdefault("_history", [])
    mapping = scenario.to_mapping()
    if not history or history[-1] != mapping:
        history.append(mapping)
        del history[:-HISTORY_LIMIT]


def can_undo() -> bool:
    return len(st.session_state.get("_history", [])) >= 2


def undo() -> None:
    """Button callback: go back to the previous scenario."""
    history = st.session_state.get("_history", [])
    if len(history) >= 2:
        history.pop()
        apply_scenario(Scenario.from_mapping(history[-1]))


def reset() -> None:
    """Button callback: every setting back to the status quo and the default target and deadline."""
    apply_scenario(Scenario())


def _apply_file(loaded: scenario_files.ScenarioFile) -> None:
    """Apply the settings a scenario file names on top of the current ones (as --set does on the CLI)."""
    try:
        scenario = scenario_from_state().replace(**loaded.settings)
    except ValueError as exc:
        st.session_state["_upload_error"] = str(exc)
        return
    st.session_state["_notices"] = apply_loaded(scenario)


def load_preset(name: str) -> None:
    """Button callback: apply a bundled preset (its levers and start months; target and deadline stay)."""
    st.session_state.pop("_upload_error", None)
    _apply_file(scenario_files.load_preset(name))


def load_upload() -> None:
    """File-uploader callback: apply an uploaded scenario file, or keep the scenario and say what is wrong."""
    upload = st.session_state.get("scenario_upload")
    st.session_state.pop("_upload_error", None)
    if upload is None:
        return
    try:
        loaded = scenario_files.parse(upload.getvalue())
    except ValueError as exc:
        st.session_state["_upload_error"] = str(exc)
        return
    _apply_file(loaded)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(value: str) -> str:
    """Text from a file or link shown literally in a Markdown element (no links, emphasis or icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def saved_scenarios() -> dict[str, dict[str, object]]:
    """Named scenarios kept in this session: name -> scenario mapping, in the order saved."""
    return st.session_state.setdefault("_saved", {})


def save_current(name: str, scenario: Scenario) -> str | None:
    """Keep the scenario under ``name``; returns an i18n key describing a refusal, or None."""
    saved = saved_scenarios()
    name = name.strip()[:40]
    if not name:
        return "save_need_name"
    if name not in saved and len(saved) >= SAVED_LIMIT:
        return "save_full"
    saved[name] = scenario.to_mapping()
    return None


def rename_saved(old: str, new: str) -> str | None:
    saved = saved_scenarios()
    new = new.strip()[:40]
    if not new:
        return "save_need_name"
    if new in saved and new != old:
        return "save_name_taken"
    st.session_state["_saved"] = {(new if k == old else k): v for k, v in saved.items()}
    return None


def remove_saved(name: str) -> None:
    saved_scenarios().pop(name, None)
