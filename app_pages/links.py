"""Scenarios from elsewhere: the shared link (read once, written on every run), presets and uploaded files.

The link carries the scenario, the language and the saved scenarios of the comparison, so a reload or a shared
link shows the same comparison (:mod:`simulator.io.sharing`).

Reading never fails: what a link or file carries that the widgets cannot hold as written is kept as a notice
(:data:`app_pages.state.NOTICES`) and shown until dismissed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from app_pages import caches, regional, saved, state
from app_pages.state import apply_scenario, current_language, scenario_from_state
from simulator import errors
from simulator.io import added, allocation_links, observations, scenario_files, sharing
from simulator.parameters import LEVER_SPECS, LEVERS, Scenario
from simulator.report import formatting, tables
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
        setting, given, used = self.key, self.given, self.used
        lever = LEVER_SPECS.get(self.key)
        starts = {spec.start_key: spec for spec in LEVERS}
        try:  # in the reader's words and units: "Pelatihan & pendampingan = 1.234.500 UMKM per tahun"
            if lever is not None:
                setting = lever.short_label(language)
                given, used = (tables.lever_setting(self.key, float(v), language) for v in (self.given, self.used))
            elif self.key in starts:
                setting = text("start_of", language, lever=starts[self.key].short_label(language))
                given, used = (formatting.month(v, language) for v in (self.given, self.used))
            elif self.key == "target":
                setting = text("chart_target", language)
                given, used = (formatting.count(float(v), language) for v in (self.given, self.used))
            elif self.key in ("deadline", "horizon", "as_of"):
                setting = text({"deadline": "deadline", "horizon": "horizon_label", "as_of": "as_of"}[self.key],
                               language)
                given, used = (formatting.month(v, language) for v in (self.given, self.used))
        except ValueError:  # a value that is not a number or month: shown as it came
            setting, given, used = self.key, self.given, self.used
        return text("link_rounded" if self.rounded else "link_adjusted", language, setting=setting,
                    value=escape_markdown(given), used=escape_markdown(used))


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
                                ignore=(AS_OF_PARAM, ADDED_PARAM, *allocation_links.PARAMETERS))
    st.session_state[state.LANGUAGE] = shared.language
    notices: list[sharing.Notice | Adjusted] = [*shared.notices, *apply_loaded(shared.scenario)]
    if ADDED_PARAM in params:
        try:
            rows = added.from_link(str(params[ADDED_PARAM])[:sharing.MAX_VALUE_LENGTH * 4])
            added.combine(rows)
        except ValueError as exc:
            notices.append(sharing.Notice(code="malformed", key=ADDED_PARAM,
                                          value=sharing.shown(str(params[ADDED_PARAM])),
                                          allowed=errors.in_language(errors.messages(exc), shared.language)))
        else:
            st.session_state[state.ADDED] = rows
    notices += regional.read_link(params)  # the regional allocation (villages_regions=..., see allocation_links)
    if AS_OF_PARAM in params:
        wanted = str(params[AS_OF_PARAM])
        if wanted in state.vintage_options(state.current_added()):
            st.session_state[state.AS_OF] = wanted
        else:
            options = state.vintage_options(state.current_added())
            notices.append(sharing.Notice(code="malformed", key=AS_OF_PARAM, value=sharing.shown(wanted),
                                          allowed=f"{options[0]} .. {options[-1]}"))
    st.session_state[state.NOTICES] = notices
    if shared.saved:
        st.session_state[state.SAVED] = {name: scenario.to_mapping() for name, scenario in shared.saved}


AS_OF_PARAM = "as_of"
"""The link's data vintage (YYYY-MM), carried only when it is not the decision's."""
ADDED_PARAM = "obs"
"""The link's added counts (:func:`simulator.io.added.to_link`), when there are a few ministry counts."""


def sync_link(scenario: Scenario, language: str) -> None:
    """Make the page's URL carry the current scenario, the language, the saved scenarios, the data vintage and a
    few added counts (only when they changed)."""
    wanted = sharing.to_query(scenario, language, saved=saved.saved_items())
    rows = added.to_link(state.current_added())
    if rows:
        wanted[ADDED_PARAM] = rows
    as_of = state.current_as_of()
    if as_of != observations.DEFAULT_AS_OF:
        wanted[AS_OF_PARAM] = as_of
    wanted.update(regional.link_params())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def _apply_file(loaded: scenario_files.ScenarioFile) -> None:
    """Apply the settings a scenario file names on top of the current ones (as --set does on the CLI), and the
    data it names (its added counts, then its vintage when the data reach it)."""
    try:
        scenario = scenario_from_state().replace(**loaded.settings)
    except ValueError as exc:
        st.session_state[state.UPLOAD_ERROR] = errors.messages(exc)
        return
    notices: list[sharing.Notice | Adjusted] = list(apply_loaded(scenario))
    if loaded.observations:
        st.session_state[state.ADDED] = loaded.observations
    if loaded.as_of is not None:
        options = state.vintage_options(state.current_added())
        if loaded.as_of in options:
            st.session_state[state.AS_OF] = loaded.as_of
        else:
            notices.append(Adjusted(key="as_of", given=loaded.as_of, used=state.current_as_of()))
    st.session_state[state.NOTICES] = notices


def load_preset(name: str) -> None:
    """Button callback: apply a bundled preset (its levers and start months; target and deadline stay)."""
    st.session_state.pop(state.UPLOAD_ERROR, None)
    _apply_file(scenario_files.load_preset(name))
    st.session_state[state.PRESET_APPLIED] = name


def matching_preset(scenario: Scenario) -> str | None:
    """The preset whose every setting the scenario holds (the one applied last if several do), or None."""
    last = st.session_state.get(state.PRESET_APPLIED)
    names = sorted(scenario_files.PRESET_NAMES, key=lambda name: name != last)
    for name in names:
        settings = caches.preset(name).settings
        if all(getattr(scenario, key) == value for key, value in settings.items()):
            return name
    return None


def current_name(scenario: Scenario, language: str) -> str:
    """What the current scenario is called in a comparison: the preset it holds ("Status quo"), that preset's
    name with "(changed)" once a lever moved after it was applied, else plain "Scenario"."""
    name = matching_preset(scenario)
    if name is not None:
        return caches.preset(name).title(language)
    applied = st.session_state.get(state.PRESET_APPLIED)
    if applied in scenario_files.PRESET_NAMES:
        return text("scenario_changed", language, name=caches.preset(applied).title(language))
    return text("series_scenario", language)


def load_upload() -> None:
    """File-uploader callback: apply an uploaded scenario file, or keep the scenario and say what is wrong."""
    upload = st.session_state.get(state.UPLOAD)
    st.session_state.pop(state.UPLOAD_ERROR, None)
    st.session_state.pop(state.PRESET_APPLIED, None)  # a file's settings are no preset "changed"
    if upload is None:
        return
    try:
        loaded = scenario_files.parse(upload.getvalue())
    except ValueError as exc:
        st.session_state[state.UPLOAD_ERROR] = errors.messages(exc)
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
