"""Counts a staffer adds (a small table editor or a CSV in the bundled format), applied to every forecast.

The rows are checked as the command line checks an observations file (:mod:`simulator.io.added`); refused,
the message says what is wrong and the counts already applied stay. Applied, the data vintage moves to the
latest month the data now reach, so the forecast uses them at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import layout, state
from simulator import errors
from simulator.io import added, observations
from simulator.report.i18n import text

EDITOR = "added_editor"
COLUMNS = ("date", "value", "said_on", "definition", "source")


def _frame(rows: tuple[added.Row, ...]) -> pd.DataFrame:
    records = [dict(row) for row in rows]
    frame = pd.DataFrame({name: pd.Series([r.get(name, "") for r in records], dtype="string") for name in COLUMNS})
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    return frame


def _rows_from_editor(frame: pd.DataFrame) -> list[dict[str, str]]:
    rows = []
    for record in frame.to_dict("records"):
        cells = {k: ("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)) for k, v in record.items()}
        if not any(cells.values()):
            continue  # an empty row the editor keeps at the end
        if cells.get("value"):
            try:
                cells["value"] = f"{float(cells['value']):.0f}"
            except ValueError:
                pass  # the loader names it
        rows.append({k: v for k, v in cells.items() if v})
    return rows


def _rows_from_csv(raw: bytes) -> list[dict[str, str]]:
    """The rows of a CSV in the bundled format, read with the loader's own checks."""
    frame = observations.load(raw, as_of=None)
    if len(frame) > added.MAX_ADDED:
        raise ValueError(f"added counts: the file has {len(frame):,} rows; at most {added.MAX_ADDED} may be added")
    return [{"date": f"{r['date']:%Y-%m-%d}", "said_on": f"{r['said_on']:%Y-%m-%d}", "value": f"{r['value']:.0f}",
             "definition": r["definition"], "source": r["source"], "use": "true" if r["use"] else "false"}
            for r in frame.to_dict("records")]


def apply(rows: list[dict[str, str]]) -> None:
    """Check and apply added counts, or keep the previous ones and say what is wrong."""
    try:
        normalised = added.normalise(rows)
        added.combine(normalised)  # every check of the loader, before anything is kept
    except ValueError as exc:
        st.session_state[state.ADDED_ERROR] = errors.messages(exc)
        return
    st.session_state.pop(state.ADDED_ERROR, None)
    st.session_state[state.ADDED] = normalised
    st.session_state[state.AS_OF] = state.vintage_options(normalised)[-1]


def _apply_editor() -> None:
    edited = st.session_state.get(f"{EDITOR}_value")
    if isinstance(edited, pd.DataFrame):
        apply(_rows_from_editor(edited))


def _apply_upload() -> None:
    upload = st.session_state.get(state.ADDED_UPLOAD)
    if upload is None:
        return
    try:
        rows = _rows_from_csv(upload.getvalue())
    except ValueError as exc:
        st.session_state[state.ADDED_ERROR] = errors.messages(exc)
        return
    apply(rows)


def panel(language: str) -> None:
    """The expander where counts are added, listed and removed."""
    rows = state.current_added()
    expander = layout.lazy_expander(text("added_header", language, n=len(rows)), state.ADDED_OPEN)
    if not expander.open:  # the editor and the uploader are built only when someone opens it
        _error(language)
        return
    with expander:
        st.caption(text("added_intro", language, limit=added.MAX_ADDED))
        with st.form("added_form", border=False):
            edited = st.data_editor(
                _frame(rows), num_rows="dynamic", hide_index=True, width="stretch", key=EDITOR,
                column_config={
                    "date": st.column_config.TextColumn(text("col_date", language), help=text("added_date_help",
                                                                                               language)),
                    "value": st.column_config.NumberColumn(text("col_observed", language), min_value=0,
                                                           format="%d", help=text("added_value_help", language)),
                    "said_on": st.column_config.TextColumn(text("col_said_on", language),
                                                           help=text("added_said_help", language)),
                    "definition": st.column_config.SelectboxColumn(
                        text("col_definition", language), options=list(observations.DEFINITIONS),
                        default=observations.DEFAULT_DEFINITION),
                    "source": st.column_config.TextColumn(text("col_source", language), max_chars=200),
                })
            if st.form_submit_button(text("added_apply", language), icon=":material/add_chart:"):
                st.session_state[f"{EDITOR}_value"] = edited
                _apply_editor()
                st.rerun()
        st.file_uploader(text("added_upload", language), type=["csv"], key=state.ADDED_UPLOAD,
                         on_change=_apply_upload, help=text("added_upload_help", language))
        if rows:
            st.button(text("added_clear", language), key="added_clear", icon=":material/delete:",
                      on_click=lambda: [st.session_state.pop(k, None) for k in (state.ADDED, state.ADDED_ERROR)])
    _error(language)


def _error(language: str) -> None:
    error = st.session_state.get(state.ADDED_ERROR)
    if error:
        st.error(text("added_refused", language, reason=errors.in_language(error, language)), icon=":material/error:")
