"""Opening the real app under Streamlit's AppTest, shared by the app test modules."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_pages import state
from simulator.report.i18n import text

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_app(query: dict[str, str] | None = None, tab: str | None = None) -> AppTest:
    """The app, opened with a shared link's ``query`` and with the tab ``tab`` (an i18n key) selected."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if tab:
        at.session_state[state.TABS] = text(tab, "id")
    return at.run()
