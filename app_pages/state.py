"""Session state: its keys (named once, here), the language, and the scenario the widgets hold.

The scenario's widgets keep their values in ``st.session_state`` under the scenario keys, in the sliders'
readable units (each lever's ``display_scale`` in the registry). :func:`keep_state` runs on every page so the
values survive a visit to another page, and :func:`apply_scenario` is the one way presets, uploads, undo, reset,
shared links and goal seek change the settings.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass

import streamlit as st

from simulator import timeline
from simulator.io import added as added_rows
from simulator.io import observations, vintages
from simulator.parameters import LANGUAGES, LEVER_SPECS, LEVERS, SCENARIO_KEYS, Scenario

LANGUAGE_NAMES = dict(zip(LANGUAGES, ("Bahasa Indonesia", "English"), strict=True))

# Session-state keys: each written here once and read everywhere by name.
LANGUAGE = "language"
TARGET = "target_millions"  # the target widget, in million UMKM
DEADLINE = "deadline"
DRAWS = "draws"
LINK_LOADED = "_link_loaded"  # the session's first run has read the URL
NOTICES = "_notices"  # what a link or file carried that could not be used as written
HISTORY = "_history"  # scenario mappings, for undo
UPLOAD = "scenario_upload"
UPLOAD_ERROR = "_upload_error"
SAVED = "_saved"  # name -> scenario mapping
SAVE_DONE = "_save_done"  # the last run saved a scenario: the name field starts empty again
GOAL_SEEK = "_goal_seek"  # the last goal-seek result
SENSITIVITY = "_sensitivity"  # (scenario, tornado table) of the last sensitivity run
HEAVY_CLOCK = "_heavy_clock"  # the session's fairness clock (app_pages.fairness.Clock)
HEAVY_REFUSED = "_heavy_refused"  # what the last refused heavy request was (a panel's name) and the wait
GS_PROBABILITY_RANGE = (10, 95, 5)  # the goal-seek probability slider: min, max, step (per cent)
GS_BUDGET_RANGE = (0.0, 500.0, 5.0)  # the goal-seek budget input: min, max, step (trillion rupiah)
PRESET = "preset"  # the preset chosen in the sidebar's box (applied only by its button)
PRESET_APPLIED = "_preset_applied"  # the name of the preset applied last in this session
TABS = "scenario_tab"  # the scenario page's tabs: the open tab's label (in the current language)
TAB_INDEX = "_scenario_tab_index"  # the open tab's position, kept across a language switch
REACH_OPEN = "reach_open"  # the reach-month expander is open
ASSUMPTIONS_OPEN = "assumptions_open"  # the assumptions expander is open
SKILL_TABLE_OPEN = "skill_table_open"  # the backtest-by-origin expander is open
ADDED_OPEN = "added_open"  # the added-counts expander is open
FULL_RUN = "_full_run"  # settings were applied that the scenario page's full run draws: rerun all of it
SIDEBAR_LEVERS = "sidebar_levers"  # the sidebar's box of lever sliders (hidden on a phone, where the bar has them)
LEVER_BAR = "lever_bar"  # the container of the phone's lever bar (app_pages.sidebar.lever_bar)
BAR_PREFIX = "bar_"  # a lever's slider in the phone's lever bar: BAR_PREFIX + the lever's key (a mirror)

AS_OF = "as_of"  # the data vintage ("YYYY-MM") every forecast of the page is conditioned on
ADDED = "_added"  # counts the user added (simulator.io.added rows), applied to every forecast
ADDED_ERROR = "_added_error"  # why the last counts offered were refused (the previous ones are kept)
ADDED_UPLOAD = "added_upload"
DRAW_OPTIONS = (200, 500, 1000, 2000, 5000)
MAX_APP_DRAWS = int(os.environ.get("UMKM_MAX_DRAWS", "2000"))
"""Most Monte Carlo draws a visitor may ask for (a public server's safety cap; the command line has none)."""
DEFAULT_APP_DRAWS = 1000
WIDGET_KEYS = (*(lever.key for lever in LEVERS), *(lever.start_key for lever in LEVERS), TARGET, DEADLINE, DRAWS)
APP_HORIZON = "2030-12"
"""The app always simulates to this month; links and files with another horizon are read up to it."""
START_OPTIONS = tuple(timeline.format_month(i) for i in range(timeline.parse_month("2020-01"),
                                                               timeline.parse_month(APP_HORIZON) + 1))
DEADLINE_OPTIONS = tuple(timeline.format_month(i) for i in range(timeline.parse_month("2021-01"),
                                                                  timeline.parse_month(APP_HORIZON) + 1))
HISTORY_LIMIT = 50
TARGET_STEP = 0.5  # the target widget's step, in million UMKM


def current_language() -> str:
    """The language chosen in the sidebar ("id" by default)."""
    language = st.session_state.get(LANGUAGE, LANGUAGES[0])
    return language if language in LANGUAGES else LANGUAGES[0]


def widget_values(scenario: Scenario) -> dict[str, object]:
    """A scenario as widget values (readable units)."""
    values: dict[str, object] = {lever.key: snap(lever.key, getattr(scenario, lever.key) / lever.display_scale)
                                 for lever in LEVERS}
    for lever in LEVERS:
        values[lever.start_key] = _nearest(START_OPTIONS, getattr(scenario, lever.start_key))
    values[TARGET] = snap(TARGET, scenario.target / 1e6)
    values[DEADLINE] = _nearest(DEADLINE_OPTIONS, scenario.deadline)
    return values


def _nearest(options: tuple[str, ...], month: object) -> object:
    """``month`` if it is an option, else the option closest to it (unchanged if it is no month at all)."""
    if month in options:
        return month
    try:
        index = timeline.parse_month(month)
    except (TypeError, ValueError):
        return month  # the scenario's own validation reports it
    return min(options, key=lambda m: abs(timeline.parse_month(m) - index))


def snap(key: str, value: object) -> object:
    """A widget value put on its widget's grid: levers to their step, the target to its step, months to options.

    A crafted client can send any value; snapped, an off-step value gives the same scenario (and so the same
    cache entries) as the on-grid value next to it, instead of a fresh model run. Values out of range or not
    numbers are left for the scenario's validation to report. ``-0`` becomes ``0``.
    """
    if key in LEVER_SPECS:
        step, scale = LEVER_SPECS[key].step, LEVER_SPECS[key].display_scale
        return _on_step(value, step / scale, lambda k: k * step / scale)
    if key == TARGET:
        return _on_step(value, TARGET_STEP, lambda k: k * TARGET_STEP)
    if key == DEADLINE:
        return _nearest(DEADLINE_OPTIONS, value)
    if key in START_KEYS:
        return _nearest(START_OPTIONS, value)
    return value


def _on_step(value: object, step: float, at) -> object:
    """The multiple of ``step`` nearest ``value`` (``at(k)`` computes the k-th one exactly), or ``value`` as is."""
    try:
        number = float(value)
        k = round(number / step)
    except (TypeError, ValueError, OverflowError):
        return value
    return float(at(k)) + 0.0  # + 0.0: no -0 in the widgets or the link


START_KEYS = frozenset(lever.start_key for lever in LEVERS)


def scenario_from_state() -> Scenario:
    """The scenario the widgets currently hold (natural units, on the widgets' grid: :func:`snap`); the status
    quo for anything missing."""
    state = st.session_state
    settings: dict[str, object] = {}
    for lever in LEVERS:
        if lever.key in state:
            value, scale = float(snap(lever.key, state[lever.key])), lever.display_scale
            steps = value * scale / lever.step
            # A whole number of steps in natural units: the same float whichever way the value was reached.
            settings[lever.key] = round(steps) * lever.step + 0.0 if math.isfinite(steps) else value * scale
        if lever.start_key in state:
            settings[lever.start_key] = snap(lever.start_key, state[lever.start_key])
    if TARGET in state:
        settings["target"] = float(snap(TARGET, state[TARGET])) * 1e6
    if DEADLINE in state:
        settings["deadline"] = snap(DEADLINE, state[DEADLINE])
    return Scenario.from_mapping({k: v for k, v in settings.items() if k in SCENARIO_KEYS})


def on_grid(value: object, grid: tuple[float, float, float]) -> float:
    """A number put on a widget's grid (``grid`` = min, max, step), for widgets outside the scenario."""
    lo, hi, step = grid
    try:
        number = float(value)
        snapped = round(number / step) * step
    except (TypeError, ValueError, OverflowError):
        return lo
    return float(min(max(snapped, lo), hi)) + 0.0


def apply_levers(scenario: Scenario) -> None:
    """Put a scenario's levers and start months into the widgets; the target and deadline stay as they are."""
    values = widget_values(scenario)
    st.session_state.update({key: values[key] for lever in LEVERS for key in (lever.key, lever.start_key)})
    st.session_state[FULL_RUN] = True  # the start months are drawn by the page's full run


def apply_scenario(scenario: Scenario) -> None:
    """Put a scenario into the widgets (call before they are drawn, e.g. from a button callback).

    Called from a widget of the scenario page's fragment (undo, a saved scenario), it makes the whole page rerun
    (:data:`FULL_RUN`): the start months, target and deadline are drawn by the full run only."""
    st.session_state.update(widget_values(scenario))
    st.session_state[FULL_RUN] = True


def keep_state() -> None:
    """Give every scenario widget a value, and keep values alive while another page is shown."""
    defaults = {**widget_values(Scenario()), DRAWS: min(DEFAULT_APP_DRAWS, MAX_APP_DRAWS)}
    for key in WIDGET_KEYS:
        # Re-assigning a widget's value turns it into plain session state, which Streamlit keeps across pages.
        # Snapped (see snap): a crafted off-step value is shown, and used, as the on-grid value next to it.
        st.session_state[key] = snap(key, st.session_state[key]) if key in st.session_state else defaults[key]
    if PRESET in st.session_state:  # the preset box is drawn on the scenario page only: keep its choice too
        st.session_state[PRESET] = st.session_state[PRESET]


def keep_choice(key: str, options: tuple[object, ...]) -> None:
    """Keep a choice widget's value (select box, radio) across a language switch; call before drawing it.

    The browser sends such a widget's choice as its shown label, which a switch changes: read here (with the last
    run's labels) and re-assigned, the choice stays the same option and the widget shows it in the new language.
    A value that is no option (hand-made state) becomes the first option.
    """
    if key in st.session_state:
        chosen = st.session_state[key]
        st.session_state[key] = chosen if chosen in options else options[0]


def draw_options() -> tuple[int, ...]:
    """Draw counts offered in the app, up to :data:`MAX_APP_DRAWS`."""
    return tuple(n for n in DRAW_OPTIONS if n <= MAX_APP_DRAWS) or (MAX_APP_DRAWS,)


@dataclass(frozen=True)
class DrawsKey:
    """What every Monte Carlo result of the page is computed from: the number of draws, the data vintage and
    the counts the user added."""

    n: int
    as_of: str
    added: tuple[added_rows.Row, ...] = ()

    def key(self) -> str:
        """Its identity as one short string (what the caches hash; see ``Scenario.key``)."""
        return repr((self.n, self.as_of, self.added))


@functools.lru_cache(maxsize=64)
def vintage_options(added: tuple[added_rows.Row, ...] = ()) -> tuple[str, ...]:
    """Every month the data (bundled, with the added counts) can be taken as of, first to latest ("YYYY-MM")."""
    first, last = vintages.vintage_range(added_rows.combine(added))
    return tuple(timeline.format_month(i) for i in range(timeline.parse_month(first), timeline.parse_month(last) + 1))


def current_added() -> tuple[added_rows.Row, ...]:
    """The counts the user added (validated when they were applied; anything else in the state is ignored)."""
    rows = st.session_state.get(ADDED, ())
    return rows if isinstance(rows, tuple) else ()


def current_as_of() -> str:
    """The vintage chosen; anything not offered (a crafted state or link) is the decision's, June 2021."""
    chosen = st.session_state.get(AS_OF, observations.DEFAULT_AS_OF)
    if chosen not in vintage_options(current_added()) or AS_OF not in st.session_state:
        chosen = st.session_state[AS_OF] = observations.DEFAULT_AS_OF
    return chosen


def current_draws() -> DrawsKey:
    """The number of draws chosen (clamped to what the app offers) and the vintage."""
    options = draw_options()
    chosen = st.session_state.get(DRAWS, DEFAULT_APP_DRAWS)
    n = chosen if chosen in options else min(options, key=lambda n: abs(n - int(chosen)))
    return DrawsKey(n=n, as_of=current_as_of(), added=current_added())


def record_history(scenario: Scenario) -> None:
    """Remember the scenario if it differs from the last one remembered (for undo)."""
    history: list[dict[str, object]] = st.session_state.setdefault(HISTORY, [])
    mapping = scenario.to_mapping()
    if not history or history[-1] != mapping:
        history.append(mapping)
        del history[:-HISTORY_LIMIT]


def can_undo() -> bool:
    return len(st.session_state.get(HISTORY, [])) >= 2


def undo() -> None:
    """Button callback: go back to the previous scenario."""
    history = st.session_state.get(HISTORY, [])
    if len(history) >= 2:
        history.pop()
        apply_scenario(Scenario.from_mapping(history[-1]))


def bar_key(lever_key: str) -> str:
    """The key of a lever's mirror slider in the phone's lever bar."""
    return BAR_PREFIX + lever_key


def from_bar(lever_key: str) -> None:
    """Slider callback: a move of a lever's mirror slider written to the lever's own key (the one source)."""
    st.session_state[lever_key] = snap(lever_key, st.session_state[bar_key(lever_key)])


def reset() -> None:
    """Button callback: every setting back to the status quo and the default target and deadline."""
    apply_scenario(Scenario())
