"""Panels of the scenario page: scenario tools, comparison, exports, goal seek and sensitivity.

Each panel draws widgets and calls the caches of :mod:`app_pages.caches`; state changes go through the callbacks
in :mod:`app_pages.state` and :mod:`app_pages.links` so the settings are changed before the widgets are drawn.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import caches, fairness, layout, links, regional, saved, state
from simulator import errors, goal_seek
from simulator.io import scenario_files
from simulator.parameters import DEFAULT_START, LEVER_SPECS, LEVERS, PARAMETER_SPECS, Scenario
from simulator.report import charts, formatting, tables
from simulator.report.i18n import text


@dataclass(frozen=True)
class ToolBoxes:
    """The places in the sidebar's tools that follow every lever move (filled by :func:`scenario_tools`)."""

    preset_note: Any
    undo: Any
    download: Any


def tools_frame(language: str, scenario: Scenario) -> ToolBoxes:
    """Sidebar: presets, undo, reset, and loading or saving a scenario file; drawn by the page's full run.

    What a lever move changes (the preset's status, whether there is anything to undo, the file offered for
    download) goes into the returned containers, which :func:`scenario_tools` fills on every run of the view.
    """
    st.sidebar.header(text("tools_header", language))
    names = scenario_files.PRESET_NAMES
    if state.PRESET not in st.session_state:  # a first visit or a reload: the box shows the preset in use, if any
        st.session_state[state.PRESET] = links.matching_preset(scenario) or names[0]
    state.keep_choice(state.PRESET, names)  # the chosen preset, shown in the new language after a switch
    preset = st.sidebar.selectbox(text("preset_label", language), options=names, key=state.PRESET,
                                  format_func=lambda n: caches.preset(n).title(language))
    preset_note = st.sidebar.container()
    st.sidebar.button(text("preset_apply", language), on_click=links.load_preset, args=(preset,),
                      key="preset_apply", icon=":material/playlist_add_check:", width="stretch")
    left, right = st.sidebar.columns(2)
    undo = left.container()
    right.button(text("reset", language), on_click=state.reset, key="reset", icon=":material/restart_alt:",
                 width="stretch")
    st.sidebar.file_uploader(text("upload_label", language), type=["json"], key=state.UPLOAD,
                             on_change=links.load_upload, help=text("upload_help", language))
    if error := st.session_state.get(state.UPLOAD_ERROR):
        st.sidebar.error(text("upload_error", language,
                              message=links.escape_markdown(errors.in_language(error, language))),
                         icon=":material/error:")
    return ToolBoxes(preset_note=preset_note, undo=undo, download=st.sidebar.container())


def scenario_tools(language: str, scenario: Scenario, boxes: ToolBoxes) -> None:
    """What of the tools follows the scenario: the chosen preset's description and status, undo (enabled once
    there is a step to go back to) and the scenario file to download."""
    preset = st.session_state.get(state.PRESET, scenario_files.PRESET_NAMES[0])
    if preset not in scenario_files.PRESET_NAMES:
        preset = scenario_files.PRESET_NAMES[0]
    boxes.preset_note.caption(f"{caches.preset(preset).explanation(language)} "
                              f"{preset_status(preset, scenario, language)}")
    # Undo changes settings the view does not draw (start months, target, deadline): it reruns the whole page.
    boxes.undo.button(text("undo", language), on_click=state.undo, disabled=not state.can_undo(), key="undo",
                      icon=":material/undo:", width="stretch")
    # Deferred: the file is written when the button is pressed, not on every lever move (about a millisecond).
    data = functools.partial(caches.scenario_json, scenario, state.current_as_of(), state.current_added())
    boxes.download.download_button(text("download_scenario", language), data=data,
                                   file_name="umkm_scenario.json", mime="application/json",
                                   key="download_scenario", icon=":material/download:", on_click="ignore",
                                   width="stretch")


def preset_status(preset: str, scenario: Scenario, language: str) -> str:
    """Whether the preset chosen in the box is the one in use, was applied and then changed, or is not applied,
    so its caption never reads as a description of the settings in use when it is not."""
    if links.matching_preset(scenario) == preset:
        return text("preset_in_use", language)
    if st.session_state.get(state.PRESET_APPLIED) == preset:
        return text("preset_changed", language)
    return text("preset_not_applied", language)


def compare_panel(language: str, scenario: Scenario, n_draws: int) -> None:
    """Save the current settings under a name, and compare saved scenarios side by side."""
    if st.session_state.pop(state.SAVE_DONE, False):  # saved in the last run: an empty field for the next name
        st.session_state["save_name"] = ""
    # Not cleared on submit: a refused save ("at most 8") keeps the name typed.
    with st.form("save_form", clear_on_submit=False, border=False):
        name = st.text_input(text("save_name", language), max_chars=40, key="save_name",
                             placeholder=text("save_placeholder", language))
        if st.form_submit_button(text("save", language), icon=":material/bookmark_add:"):
            refusal = saved.save_current(name, scenario)
            if refusal:
                st.warning(text(refusal, language, limit=saved.SAVED_LIMIT))
            else:
                st.session_state[state.SAVE_DONE] = True
                st.rerun()
    kept = saved.saved_items()
    if not kept:
        st.info(text("compare_empty", language))
        return
    spec = caches.compare_chart_spec(scenario, n_draws, language, kept)
    st.vega_lite_chart(spec=spec, width="stretch", alt=text("compare_header", language))
    frame = caches.comparison(scenario, n_draws, language, kept, links.current_name(scenario, language))
    layout.table(tables.comparison_table(frame, language))
    with st.expander(text("manage_saved", language)):
        chosen = st.selectbox(text("saved_label", language), options=[name for name, _ in kept], key="saved_choice")
        new_name = st.text_input(text("rename_to", language), max_chars=40, key="rename_to")
        left, middle, right = st.columns(3)
        if left.button(text("rename", language), key="rename", icon=":material/edit:"):
            refusal = saved.rename_saved(chosen, new_name)
            if refusal:
                st.warning(text(refusal, language, limit=saved.SAVED_LIMIT))
            else:
                st.rerun()
        if middle.button(text("remove", language), key="remove", icon=":material/delete:"):
            saved.remove_saved(chosen)
            st.rerun()
        right.button(text("load_saved", language), key="load_saved", icon=":material/open_in_browser:",
                     on_click=state.apply_scenario,
                     args=(dict(kept)[chosen],))


EXPORT_BUTTONS = (("csv", "export_csv", "umkm_results.csv", "text/csv"),
                  ("excel", "export_excel", "umkm_results.xlsx",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                  ("pdf", "export_pdf", "umkm_policy_brief_{language}.pdf", "application/pdf"),
                  ("png", "export_png", "umkm_chart.png", "image/png"),
                  ("svg", "export_svg", "umkm_chart.svg", "image/svg+xml"))


def export_panel(language: str, scenario: Scenario, n_draws: int) -> None:
    """Download buttons; each file is generated when its button is clicked, once per scenario (cached), and
    under the fairness rule (:mod:`app_pages.fairness`): a click inside the session's window is refused."""
    st.write(text("export_intro", language))
    kept = saved.saved_items()
    current = links.current_name(scenario, language)
    clock = fairness.session_clock()
    if wait := clock.wait():
        st.caption(text("heavy_wait_exports", language, seconds=math.ceil(wait)))
    columns = st.columns(3)
    placed = regional.allocation_cache_key(regional.current_allocation())  # the Regions page's, for its table
    for i, (kind, key, file_name, mime) in enumerate(EXPORT_BUTTONS):
        compute = functools.partial(caches.export_file, kind, scenario, n_draws, language, kept, current, placed)
        data = (fairness.deferred(clock, ("export", kind, scenario, n_draws, language, kept, current, placed),
                                  compute)
                if kind in caches.HEAVY_EXPORTS else compute)
        columns[i % 3].download_button(text(key, language), data=data, file_name=file_name.format(language=language),
                                       mime=mime, key=key, on_click="ignore", icon=":material/download:",
                                       width="stretch")


# --------------------------------------------------------------------------------------------------------
# What would it take (goal seek) and what matters most (sensitivity)
# --------------------------------------------------------------------------------------------------------



def refusal_notice(refused: fairness.Refused, language: str) -> None:
    """Say why a heavy request was refused and when to try again (nothing the visitor set up changes)."""
    if refused.seconds:
        st.warning(text("heavy_wait", language, interval=f"{fairness.INTERVAL_S:g}",
                        seconds=math.ceil(refused.seconds)), icon=":material/hourglass_top:")
    else:
        st.warning(text("heavy_busy", language), icon=":material/hourglass_top:")


def _mix_table(scenario: Scenario, language: str) -> pd.DataFrame:
    return pd.DataFrame([{
        text("col_lever", language): lever.short_label(language),
        text("col_setting", language): tables.lever_setting(lever.key, getattr(scenario, lever.key), language),
        text("gs_col_start", language): formatting.month(getattr(scenario, lever.start_key), language),
    } for lever in LEVERS])


def goal_seek_panel(language: str, scenario: Scenario, n_draws: int) -> None:
    """Cheapest lever mix that reaches the target by the deadline with a required probability."""
    target, deadline = formatting.count(scenario.target, language), formatting.month(scenario.deadline, language)
    st.write(text("gs_intro", language, target=target, deadline=deadline))
    with st.form("goal_seek_form", border=False):
        left, right = st.columns(2)
        lo, hi, step = state.GS_PROBABILITY_RANGE
        probability = left.slider(text("gs_probability", language), min_value=lo, max_value=hi, value=80, step=step,
                                  format="%d%%", key="gs_probability")
        lo, hi, step = state.GS_BUDGET_RANGE
        budget = right.number_input(text("gs_budget", language), min_value=lo, max_value=hi, value=0.0,
                                    step=step, key="gs_budget", help=text("gs_budget_help", language),
                                    format="%g")  # whole trillions: 0, 5, 500 (printf has no decimal comma)
        submitted = st.form_submit_button(text("gs_run", language), icon=":material/search:", type="primary")
    if submitted:
        # On the widgets' grid: a crafted off-step value asks for the same cache entry as the on-grid one.
        required = state.on_grid(probability, state.GS_PROBABILITY_RANGE) / 100.0
        budget_idr = state.on_grid(budget, state.GS_BUDGET_RANGE) * 1e12 or None
        args = (scenario.target, scenario.deadline, required, budget_idr, n_draws)
        with st.spinner(text("gs_running", language)):
            try:
                st.session_state[state.GOAL_SEEK] = fairness.request(
                    fairness.session_clock(), ("goal_seek", *args), lambda: caches.goal_seek_result(*args))
            except fairness.Refused as refused:
                refusal_notice(refused, language)
    result: goal_seek.GoalSeekResult | None = st.session_state.get(state.GOAL_SEEK)
    if not isinstance(result, goal_seek.GoalSeekResult):
        return
    goal_seek_outcome(result, scenario, language)
    below = [lever.short_label(language) for lever in LEVERS
             if getattr(result.scenario, lever.key) < lever.status_quo - 1e-9]
    if below:
        st.warning(text("gs_below_status_quo", language, levers=", ".join(below)), icon=":material/trending_down:")
    layout.table(_mix_table(result.scenario, language))
    st.caption(text("gs_cost_measure", language, start=formatting.month(DEFAULT_START, language)))
    st.button(text("gs_apply", language), key="gs_apply", icon=":material/tune:", on_click=state.apply_levers,
              args=(result.scenario,), help=text("gs_apply_help", language))




SENS_MEASURES = ("probability", "adopters")


def goal_seek_outcome(result: goal_seek.GoalSeekResult, scenario: Scenario, language: str) -> None:
    """A goal seek's outcome in words, for the national and the regional panel: a notice when the target or the
    deadline has changed since, then green only when the answer's median reaches the target (the page's verdict is
    the median's: a mix reaching it less often than not is shown in a neutral box, never green beside red), or
    what comes closest."""
    shown = {"target": formatting.count(result.target, language),
             "deadline": formatting.month(result.deadline, language),
             "required": formatting.share(result.required_probability, language, digits=0),
             "probability": formatting.share(result.probability, language, digits=0),
             "cost": formatting.rupiah(result.cost_idr, language),
             "low": formatting.rupiah(result.cost_idr_p10, language),
             "high": formatting.rupiah(result.cost_idr_p90, language),
             "p50": formatting.count(result.adopters_at_deadline_p50, language)}
    if result.target != scenario.target or result.deadline != scenario.deadline:
        st.info(text("gs_outdated", language, target=shown["target"], deadline=shown["deadline"]),
                icon=":material/update:")
    if result.found and result.adopters_at_deadline_p50 >= result.target:
        st.success(text("gs_found", language, **shown), icon=":material/task_alt:")
    elif result.found:  # feasible at the asked probability, yet the median (the page's verdict) falls short
        st.info(text("gs_found_below_median", language, **shown), icon=":material/info:")
    elif result.budget_idr is not None:
        st.warning(text("gs_not_found_budget", language, budget=formatting.rupiah(result.budget_idr, language),
                        **shown), icon=":material/warning:")
    else:
        st.warning(text("gs_not_found", language, **shown), icon=":material/warning:")


def _input_label(name: str, language: str) -> str:
    if name in LEVER_SPECS:
        return LEVER_SPECS[name].short_label(language)
    return PARAMETER_SPECS[name].meaning(language)


def sensitivity_panel(language: str, scenario: Scenario, n_draws: int) -> None:
    """Tornado of what moves the probability (and the value at the deadline) most, computed on request."""
    st.write(text("sens_intro", language))
    if st.button(text("sens_run", language), key="sens_run", icon=":material/analytics:"):
        with st.spinner(text("sens_running", language)):
            try:
                table = fairness.request(fairness.session_clock(), ("tornado", scenario, n_draws),
                                         lambda: caches.tornado(scenario, n_draws))
                st.session_state[state.SENSITIVITY] = (scenario, table)
            except fairness.Refused as refused:
                refusal_notice(refused, language)
    stored = st.session_state.get(state.SENSITIVITY)
    if stored is None:
        return
    computed_for, table = stored
    if computed_for != scenario:
        st.info(text("sens_outdated", language), icon=":material/update:")
    labels = {name: _input_label(name, language) for name in table["input"]}
    state.keep_choice("sens_measure", SENS_MEASURES)  # its labels change with the language
    what = st.radio(text("sens_measure", language), options=SENS_MEASURES, horizontal=True,
                    key="sens_measure", format_func=lambda v: text(f"sens_measure_{v}", language))
    axis = text("sens_axis_probability" if what == "probability" else "sens_axis_adopters", language)
    ordered = table.sort_values(f"{what}_swing", ascending=False, kind="stable")
    chart = charts.tornado_chart(table=ordered, language=language, value=what,
                                 labels={**labels, "axis": axis, "input": text("sens_input", language),
                                         "low": text("sens_low", language), "high": text("sens_high", language)})
    st.altair_chart(chart, width="stretch")
    st.caption(text("sens_caption", language))
