"""Panels of the scenario page: scenario tools, link notices, saved-scenario comparison and exports.

Each panel draws widgets and calls pure functions from ``simulator``; state changes go through the callbacks
in :mod:`pages.common` so the settings are changed before the widgets are drawn.
"""

from __future__ import annotations

import functools
import math

import pandas as pd
import streamlit as st

import simulator
from pages import common
from simulator import charts, exports, formatting, scenario_files
from simulator.i18n import text
from simulator.parameters import Scenario


def scenario_tools(language: str, scenario: Scenario) -> None:
    """Sidebar: presets, undo, reset, and loading or saving a scenario file."""
    st.sidebar.header(text("tools_header", language))
    names = scenario_files.PRESET_NAMES
    preset = st.sidebar.selectbox(text("preset_label", language), options=names, key="preset",
                                  format_func=lambda n: scenario_files.load_preset(n).title(language))
    st.sidebar.caption(scenario_files.load_preset(preset).explanation(language))
    st.sidebar.button(text("preset_apply", language), on_click=common.load_preset, args=(preset,),
                      key="preset_apply", icon=":material/playlist_add_check:", width="stretch")
    left, right = st.sidebar.columns(2)
    left.button(text("undo", language), on_click=common.undo, disabled=not common.can_undo(), key="undo",
                icon=":material/undo:", width="stretch")
    right.button(text("reset", language), on_click=common.reset, key="reset", icon=":material/restart_alt:",
                 width="stretch")
    st.sidebar.file_uploader(text("upload_label", language), type=["json"], key="scenario_upload",
                             on_change=common.load_upload, help=text("upload_help", language))
    if error := st.session_state.get("_upload_error"):
        st.sidebar.error(text("upload_error", language, message=error), icon=":material/error:")
    st.sidebar.download_button(text("download_scenario", language), data=scenario_files.dumps(scenario),
                               file_name="umkm_scenario.json", mime="application/json", key="download_scenario",
                               icon=":material/download:", on_click="ignore", width="stretch")


def link_notices(language: str) -> None:
    """What an opened link carried that could not be used as written (until dismissed)."""
    notices = st.session_state.get("_notices") or []
    if not notices:
        return
    lines = "\n".join(f"- {notice.message(language)}" for notice in notices)
    st.warning(f"{text('link_notices', language)}\n\n{lines}", icon=":material/link_off:")
    st.button(text("dismiss", language), key="dismiss_notices",
              on_click=lambda: st.session_state.pop("_notices", None))


def comparison_frame(current: simulator.Assessment, saved: dict[str, simulator.Assessment], language: str,
                     probabilities: dict[str, float] | None = None) -> pd.DataFrame:
    """Current scenario first, then the saved ones, as :data:`simulator.exports.COMPARISON_COLUMNS`."""
    return exports.comparison_frame({text("series_scenario", language): current, **saved},
                                    probabilities=probabilities)


def comparison_display(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The comparison with translated headers and formatted values."""
    def maybe(value: float, fmt) -> str:
        return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt(value)

    not_reached = text("export_not_reached", language)
    return pd.DataFrame({
        text("export_col_scenario", language): frame["scenario"],
        text("export_col_at_deadline", language): [formatting.count(v, language)
                                                   for v in frame["adopters_at_deadline"]],
        text("export_col_reached", language): [formatting.month(m, language) if m else not_reached
                                               for m in frame["reached_on"]],
        text("export_col_probability", language): [maybe(p, lambda x: formatting.share(x, language, digits=0))
                                            for p in frame["probability"]],
        text("export_col_cost", language): [formatting.rupiah(v, language) for v in frame["cost_idr"]],
        text("col_cost_per", language): [maybe(v, lambda x: formatting.rupiah(x, language))
                                         for v in frame["cost_per_additional_idr"]],
    })


def compare_panel(language: str, scenario: Scenario, assessment: simulator.Assessment, obs: pd.DataFrame,
                  saved: dict[str, simulator.Assessment], probabilities: dict[str, float] | None) -> None:
    """Save the current settings under a name, and compare saved scenarios side by side."""
    with st.form("save_form", clear_on_submit=True, border=False):
        name = st.text_input(text("save_name", language), max_chars=40, key="save_name",
                             placeholder=text("save_placeholder", language))
        if st.form_submit_button(text("save", language), icon=":material/bookmark_add:"):
            refusal = common.save_current(name, scenario)
            if refusal:
                st.warning(text(refusal, language, limit=common.SAVED_LIMIT))
            else:
                st.rerun()
    if not saved:
        st.info(text("compare_empty", language))
        return
    st.vega_lite_chart(spec=charts.scenario_spec(assessment=assessment, observations=obs, language=language,
                                                 others={n: a.scenario.frame for n, a in saved.items()}),
                       width="stretch", alt=text("compare_header", language))
    frame = comparison_frame(assessment, saved, language, probabilities)
    st.dataframe(comparison_display(frame, language), hide_index=True, width="stretch")
    with st.expander(text("manage_saved", language)):
        chosen = st.selectbox(text("saved_label", language), options=list(saved), key="saved_choice")
        new_name = st.text_input(text("rename_to", language), max_chars=40, key="rename_to")
        left, middle, right = st.columns(3)
        if left.button(text("rename", language), key="rename", icon=":material/edit:"):
            refusal = common.rename_saved(chosen, new_name)
            if refusal:
                st.warning(text(refusal, language, limit=common.SAVED_LIMIT))
            else:
                st.rerun()
        if middle.button(text("remove", language), key="remove", icon=":material/delete:"):
            common.remove_saved(chosen)
            st.rerun()
        right.button(text("load_saved", language), key="load_saved", icon=":material/open_in_browser:",
                     on_click=common.apply_scenario,
                     args=(Scenario.from_mapping(common.saved_scenarios()[chosen]),))


def _chart_png(assessment: simulator.Assessment, obs: pd.DataFrame, language: str,
               band: pd.DataFrame | None) -> bytes:
    return exports.chart_png(charts.scenario_chart(assessment=assessment, observations=obs, language=language,
                                                   band=band))


def _chart_svg(assessment: simulator.Assessment, obs: pd.DataFrame, language: str,
               band: pd.DataFrame | None) -> bytes:
    return exports.chart_svg(charts.scenario_chart(assessment=assessment, observations=obs, language=language,
                                                   band=band))


def _brief(assessment: simulator.Assessment, obs: pd.DataFrame, language: str, band: pd.DataFrame | None,
           comparison: pd.DataFrame | None, probability: float | None) -> bytes:
    return exports.policy_brief_pdf(assessment, language=language,
                                    chart_png=_chart_png(assessment, obs, language, band),
                                    comparison=comparison, probability=probability)


def export_panel(language: str, assessment: simulator.Assessment, obs: pd.DataFrame, *,
                 band: pd.DataFrame | None, comparison: pd.DataFrame | None, probability: float | None) -> None:
    """Download buttons; each file is generated only when its button is clicked."""
    st.write(text("export_intro", language))
    columns = st.columns(3)
    buttons = (
        ("export_csv", functools.partial(exports.results_csv, assessment), "umkm_results.csv", "text/csv"),
        ("export_excel", functools.partial(exports.results_excel, assessment, language=language,
                                           comparison=comparison, probability=probability),
         "umkm_results.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("export_pdf", functools.partial(_brief, assessment, obs, language, band, comparison, probability),
         f"umkm_policy_brief_{language}.pdf", "application/pdf"),
        ("export_png", functools.partial(_chart_png, assessment, obs, language, band), "umkm_chart.png",
         "image/png"),
        ("export_svg", functools.partial(_chart_svg, assessment, obs, language, band), "umkm_chart.svg",
         "image/svg+xml"),
    )
    for i, (key, data, file_name, mime) in enumerate(buttons):
        columns[i % 3].download_button(text(key, language), data=data, file_name=file_name, mime=mime, key=key,
                                       on_click="ignore", icon=":material/download:", width="stretch")
