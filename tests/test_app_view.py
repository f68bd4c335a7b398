"""The scenario page's fragment against a real server: a lever move redraws the view only.

The view (``app_pages.scenario.scenario_view``) draws the lever sliders, the tools that follow the scenario,
the verdict, the chart and the open tab; the page's full run draws the rest (the advanced settings, the
preset box, the phone's lever bar, the data and skill panels). Spoken to as a browser tab does, through the
load test's websocket client.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.loadtest_server import StreamlitServer
from benchmarks.streamlit_client import StreamlitSession
from simulator.parameters import LEVERS

pytestmark = pytest.mark.slow

VIEW = ("training_per_year", "infrastructure_villages_per_year", "financing_idr_per_year", "undo",
        "download_scenario")
FULL_RUN = ("training_start", "infrastructure_start", "financing_start", "target_millions", "deadline", "draws",
            "preset", "preset_apply", "reset", "scenario_upload", "as_of",
            *(f"bar_{lever.key}" for lever in LEVERS))


def alerts(tab: StreamlitSession) -> list[str]:
    """The text of every alert the page shows (the verdict is one)."""
    return [element.proto.body for element in sorted(tab.elements, key=lambda e: e.delta_path)
            if element.kind == "alert"]


@pytest.fixture(scope="module")
def app_server():
    with StreamlitServer("app.py", startup_timeout=120) as server:
        yield server


def test_a_lever_move_redraws_the_view_and_not_the_rest_of_the_page(app_server):
    async def scenario():
        async with StreamlitSession(app_server.url, run_timeout=120) as tab:
            load = await tab.rerun()
            assert load.status == "ok" and not load.exceptions, load
            view = tab.find_widget("training_per_year").fragment_id
            assert view, "the levers are drawn by the view's fragment"
            assert {key: tab.find_widget(key).fragment_id for key in VIEW} == dict.fromkeys(VIEW, view)
            assert {key: tab.find_widget(key).fragment_id for key in FULL_RUN} == dict.fromkeys(FULL_RUN, "")
            verdict = alerts(tab)
            assert any(text.startswith("### ") for text in verdict), verdict

            moved = await tab.rerun({"training_per_year": 3_650.0})
            assert moved.status == "ok" and not moved.exceptions, moved
            assert moved.fragment_ids == (view,)
            # What the full run drew is neither redrawn nor forgotten.
            assert moved.n_messages < 0.6 * load.n_messages, (moved.n_messages, load.n_messages)
            assert all(tab.find_widget(key) for key in FULL_RUN)
            assert tab.value_of(tab.find_widget("training_per_year")) == 3_650.0
            assert alerts(tab) != verdict

            # A setting the full run draws (the deadline) reruns the whole page.
            deadline = tab.find_widget("deadline")
            later = deadline.element.options[list(deadline.element.options).index(tab.value_of(deadline)[0]) + 6]
            whole = await tab.rerun({"deadline": [later]})
            assert whole.status == "ok" and not whole.exceptions and whole.fragment_ids == (), whole
            assert tab.value_of(tab.find_widget("training_per_year")) == 3_650.0
            assert tab.value_of(tab.find_widget("deadline")) == [later]

    asyncio.run(scenario())


def test_a_tab_opened_on_the_regions_page_stays_there_when_a_lever_moves(app_server):
    """``StreamlitSession(page_name=...)`` (what ``bench_rerun --page`` uses): every run of the tab is of that
    page, a lever move too, and the page draws its six small multiples."""
    async def scenario():
        async with StreamlitSession(app_server.url, run_timeout=120, page_name="regions") as tab:
            load = await tab.rerun()
            assert load.status == "ok" and not load.exceptions, load
            assert sum(e.kind == "vega_lite_chart" for e in tab.elements) >= 6
            assert any(key.startswith("alloc_") for key in tab.widget_keys()), tab.widget_keys()  # the page's form
            moved = await tab.rerun({"training_per_year": 3_700.0})
            assert moved.status == "ok" and not moved.exceptions and moved.fragment_ids == (), moved
            assert sum(e.kind == "vega_lite_chart" for e in tab.elements) >= 6

    asyncio.run(scenario())
