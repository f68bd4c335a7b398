"""Scenarios from elsewhere: the shared link (read once, written on every run), presets and uploaded files.

Reading never fails: what a link or file carries that the widgets cannot hold as written is kept as a notice
(:data:`app_pages.state.NOTICES`) and shown until dismissed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from app_pages import regional, state
from app_pages.state import apply_scenario, current_language, scenario_from_state
from simulator.io import allocation_links, observations, scenario_files, sharing
from simulator.parameters import Scenario
from simulator.report.i18n import text
from simulator.report.sentences import notice_message


@dataclass(frozen=True, kw_only=True)
class Adjusted:
    """A setting the app cannot show as given (e.g. a horizon other than the app's), and what it uses instead."""

    key: str
    given: str
    used: str
    rounded: bool = False  # a number between two steps of its widget, rounded to the nearer step

    def message(self, language: str) -> str:
        return text("link_rounded" if self.rounded else "link_adjusted", language, setting=self.key,
                    value=self.given, used=self.used)


def adjustments(wanted: Scenario, got: Scenario) -> list[Adjusted]:
    """Settings of ``wanted`` that the widgets could not hold exactly (``got`` is what they hold)."""
    a, b = wanted.to_mapping(), got.to_mapping()
    return [Adjusted(key=key, given=_shown(a[key]), used=_shown(b[key]),
                     rounded=not isinstance(a[key], str) and not isinstance(b[key], str))
            for key in a if a[key] != b[key]]


def _shown(value: object) -> str:
    """A setting as the notice shows it: ``4037`` rather than ``4037.0``."""
    return f"{value:.15g}" if isinstance(value, float) else str(value)


def apply_loaded(scenario: Scenario) -> list[Adjusted]:
    """Apply a scenario from a link or file; returns what had to be adjusted to fit the widgets."""
    apply_scenario(scenario)
    return adjustments(scenario, scenario_from_state())


def load_link_once() -> None:
    """On a session's first run, open the scenario and language the URL carries (never fails)."""
    if st.session_state.get(state.LINK_LOADED):
        return
    st.session_state[state.LINK_LOADED] = True
    params = st.query_params.to_dict()
    if not params:
        return
    shared = sharing.from_query(params, base=Scenario(), language=current_language(),
                                ignore=(AS_OF_PARAM, *allocation_links.PARAMETERS))
    st.session_state[state.LANGUAGE] = shared.language
    notices: list[sharing.Notice | Adjusted] = [*shared.notices, *apply_loaded(shared.scenario)]
    notices += regional.read_link(params)  # the regional allocation (villages_regions=..., see allocation_links)
    if AS_OF_PARAM in params:
        wanted = str(params[AS_OF_PARAM])
        if wanted in state.vintage_options():
            st.session_state[state.AS_OF] = wanted
        else:
            options = state.vintage_options()
            notices.append(sharing.Notice(code="malformed", key=AS_OF_PARAM, value=sharing.shown(wanted),
                                          allowed=f"{options[0]} .. {options[-1]}"))
    st.session_state[state.NOTICES] = notices


AS_OF_PARAM = "as_of"
"""The link's data vintage (YYYY-MM), carried only when it is not the decision's."""


def sync_link(scenario: Scenario, language: str) -> None:
    """Make the page's URL carry the current scenario, language and data vintage (only when they changed)."""
    wanted = sharing.to_query(scenario, language)
    as_of = state.current_as_of()
    if as_of != observations.DEFAULT_AS_OF:
        wanted[AS_OF_PARAM] = as_of
    wanted.update(regional.link_params())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def _apply_file(loaded: scenario_files.ScenarioFile) -> None:
    """Apply the settings a scenario file names on top of the current ones (as --set does on the CLI)."""
    try:
        scenario = scenario_from_state().replace(**loaded.settings)
    except ValueError as exc:
        st.session_state[state.UPLOAD_ERROR] = str(exc)
        return
    st.session_state[state.NOTICES] = apply_loaded(scenario)


def load_preset(name: str) -> None:
    """Button callback: apply a bundled preset (its levers and start months; target and deadline stay)."""
    st.session_state.pop(state.UPLOAD_ERROR, None)
    _apply_file(scenario_files.load_preset(name))


def load_upload() -> None:
    """File-uploader callback: apply an uploaded scenario file, or keep the scenario and say what is wrong."""
    upload = st.session_state.get(state.UPLOAD)
    st.session_state.pop(state.UPLOAD_ERROR, None)
    if upload is None:
        return
    try:
        loaded = scenario_files.parse(upload.getvalue())
    except ValueError as exc:
        st.session_state[state.UPLOAD_ERROR] = str(exc)
        return
    _apply_file(loaded)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(value: str) -> str:
    """Text from a file or link shown literally in a Markdown element (no links, emphasis or icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def _notice(notice: sharing.Notice | Adjusted, language: str) -> str:
    return notice.message(language) if isinstance(notice, Adjusted) else notice_message(notice, language)


def link_notices(language: str) -> None:
    """What an opened link or file carried that could not be used as written (on every page, until dismissed)."""
    notices = st.session_state.get(state.NOTICES) or []
    if not notices:
        return
    lines = "\n".join(f"- {_notice(notice, language)}" for notice in notices)
    st.warning(f"{text('link_notices', language)}\n\n{lines}", icon=":material/link_off:")
    st.button(text("dismiss", language), key="dismiss_notices",
              on_click=lambda: st.session_state.pop(state.NOTICES, None))
