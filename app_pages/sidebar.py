"""The sidebar: lever sliders and advanced settings, read into the frozen Scenario the page runs.

On a narrow screen (a phone) Streamlit folds the sidebar into a drawer that covers the page when opened. The three
lever sliders are therefore also drawn in a lever bar (:func:`lever_bar`) that the style sheet
(``app_pages/app.css``) pins to the bottom of a narrow screen and hides on a wide one. Two widgets cannot share a
key, so the bar's sliders are mirrors: each run they are set from the lever's own key before they are drawn, and a
move writes back to it (:func:`app_pages.state.from_bar`). The lever's own key stays the one source the scenario is
read from.

The scenario page redraws, on a lever move, only what the move changes (its ``st.fragment``): :func:`levers` is
drawn by the fragment, into a container the page's full run made; the lever bar and the advanced settings are
drawn by the full run alone, and a change to one of them reruns the whole page.
"""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages.state import DEADLINE_OPTIONS, START_OPTIONS
from simulator import errors
from simulator.parameters import LEVERS, TARGET_RANGE, Scenario
from simulator.report import formatting, tables
from simulator.report.i18n import text


def read(language: str) -> Scenario:
    """Draw the lever sliders, the phone's lever bar and the advanced settings; the scenario they hold (the status
    quo if state is bad). For a page drawn in one piece (the Regions page); the scenario page draws the parts
    apart (:func:`levers` in its fragment, the rest around it)."""
    st.sidebar.header(text("levers", language))
    box = st.sidebar.container()
    lever_bar(language)
    advanced(language)
    return levers(language, box)


def levers(language: str, box) -> Scenario:
    """The three lever sliders, each with its value in words, in ``box`` (a sidebar container); the scenario the
    widgets hold (the status quo if state is bad, said in the page's main area, in the page's language: on a
    phone the sidebar's lever box is hidden)."""
    with box:
        for lever in LEVERS:
            scale = lever.display_scale
            status_quo = text("status_quo_value", language,
                              value=tables.lever_setting(lever.key, lever.status_quo, language))
            value = st.slider(
                f"{lever.label(language)} ({lever.display_unit(language)})",
                min_value=0.0, max_value=lever.maximum / scale, step=lever.step / scale,
                format=lever.slider_format, key=lever.key, help=f"{lever.mechanism(language)} ({status_quo})",
            )
            st.caption(f"{tables.lever_setting(lever.key, value * scale, language)} · {status_quo}")
    try:
        return state.scenario_from_state()
    except ValueError as exc:  # widgets keep values in range; this guards hand-made state
        st.error(text("error_prefix", language, message=errors.in_language(errors.messages(exc), language)))
        return Scenario()


def advanced(language: str) -> None:
    """The advanced settings (sidebar expander): each lever's start month, the target, the deadline, the draws."""
    with st.sidebar.expander(text("advanced", language)):
        for lever in LEVERS:
            st.select_slider(
                text("start_of", language, lever=lever.short_label(language)),
                options=START_OPTIONS, key=lever.start_key,
                format_func=lambda m: formatting.month(m, language), help=text("start_help", language))
        # "%g": 30 and 30.5, not 30.00 (printf has no decimal comma; the caption gives the target in words).
        target = st.number_input(text("target", language), min_value=TARGET_RANGE[0] / 1e6,
                                 max_value=TARGET_RANGE[1] / 1e6, step=0.5, key=state.TARGET, format="%g")
        st.caption(text("target_label", language, target=formatting.count(target * 1e6, language)))
        st.select_slider(text("deadline", language), options=DEADLINE_OPTIONS, key=state.DEADLINE,
                         format_func=lambda m: formatting.month(m, language))
        st.select_slider(text("draws", language), options=state.draw_options(), key=state.DRAWS,
                         help=text("draws_help", language, cap=state.MAX_APP_DRAWS))


def lever_bar(language: str) -> None:
    """The phone's lever bar: the three lever sliders as mirrors of the sidebar's, folded under one tap.

    Drawn at the top of the main column; ``app_pages/app.css`` shows it only on narrow screens, fixed to the
    bottom edge so the verdict and chart above stay in view while a lever moves.
    """
    bar = st.container(key=state.LEVER_BAR)
    with bar.expander(text("levers", language), icon=":material/tune:"):
        for lever in LEVERS:
            key = state.bar_key(lever.key)
            st.session_state[key] = st.session_state.get(lever.key, lever.status_quo / lever.display_scale)
            st.slider(f"{lever.short_label(language)} ({lever.display_unit(language)})", min_value=0.0,
                      max_value=lever.maximum / lever.display_scale, step=lever.step / lever.display_scale,
                      format=lever.slider_format, key=key, on_change=state.from_bar, args=(lever.key,))
