"""The app's style sheet (``app_pages/app.css``): the phone's lever bar, wrapping labels, and printing.

Streamlit has no screen-width query in Python, so what differs between a phone and a wide screen is decided in
CSS media queries; the page draws the same elements for both.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import streamlit as st

STYLE_PATH = Path(__file__).with_name("app.css")
"""The style sheet. It holds no ``<``, not even in a comment: the browser's HTML sanitiser reads ``<word>`` as a
tag and drops the whole style element (a test checks)."""


@functools.cache
def style_html() -> str:
    """The style sheet as one ``<style>`` element (read once per process)."""
    return f"<style>{STYLE_PATH.read_text(encoding='utf-8')}</style>"


def inject_style() -> None:
    """Put the style sheet on the page (once per run, from ``app.py``, so every page has it)."""
    st.html(style_html())


def table(frame: pd.DataFrame) -> None:
    """A small result table drawn as HTML (``st.table``) without its index, so long headers and names wrap
    to the column's width (``st.dataframe`` cuts them, and scrolls sideways on a phone)."""
    st.table(frame.style.hide(axis="index"))


def lazy_expander(label: str, key: str):
    """An expander whose ``.open`` says whether it is open (opening or closing it reruns the page), so that its
    content is built only when someone looks at it.

    Its label, and so its widget identity, changes with the language: re-assigning its state before it is drawn
    keeps it open (or closed) across a language switch and a visit to another page.
    """
    st.session_state[key] = bool(st.session_state.get(key, False))
    return st.expander(label, key=key, on_change="rerun")
