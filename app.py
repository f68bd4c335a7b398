"""Streamlit entry point: page set-up, the language toggle shared by every page, and navigation.

Run with ``streamlit run app.py``. The pages live in ``app_pages/``; all model logic lives in ``simulator``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import document, guard, layout, process, state
from app_pages.links import load_link_once
from app_pages.state import LANGUAGE_NAMES, current_language, keep_state
from simulator.report.i18n import text

guard.install()  # first: upload caps, widget-state checks, no cache clearing by visitors (see app_pages/guard.py)
process.settle()  # the garbage collector off what every run shares, after the process's first run
st.set_page_config(page_title="UMKM Go Digital", page_icon="🛒", layout="wide")
layout.inject_style()  # phone lever bar, wrapping labels, print (app_pages/app.css)
load_link_once()  # before the widgets: a shared link sets the language and the levers
# Re-assigning the toggle's value keeps it as plain session state, so no page switch can drop it.
st.session_state[state.LANGUAGE] = current_language()
st.sidebar.radio("Bahasa / Language", options=list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.__getitem__,
                 key=state.LANGUAGE, horizontal=True)
language = current_language()
document.set_language(language)  # <html lang> and Streamlit's own labels follow the language, on every page
keep_state()
navigation = st.navigation([
    st.Page("app_pages/scenario.py", title=text("nav_scenario", language), icon=":material/trending_up:", default=True),
    st.Page("app_pages/regions.py", title=text("nav_regions", language), icon=":material/map:",
            url_path="regions"),
    st.Page("app_pages/methodology.py", title=text("nav_methodology", language), icon=":material/functions:",
            url_path="methodology"),
    st.Page("app_pages/data.py", title=text("nav_data", language), icon=":material/table:", url_path="data"),
])
navigation.run()
