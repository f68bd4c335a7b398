"""The Regions page in a real browser, on a phone (390 px) and a wide screen (1400 px), in both languages: the
goal seek by region answers with where each lever goes, the tornado of a region is drawn, and nothing scrolls
sideways."""

from __future__ import annotations

import pytest
from test_app_browser import RANGE, assert_clean, widget
from test_phone_browser import BARS, CHART, assert_no_sideways_scrolling

pytestmark = pytest.mark.browser

LABELS = {"en": ("What would it take, by region?", "What moves a region most?", "Find the cheapest mix and placement",
                 "The cheapest mix reaching"),
          "id": ("Apa yang dibutuhkan, per wilayah?", "Apa yang paling menggerakkan satu wilayah?",
                 "Cari campuran dan penempatan termurah", "Campuran termurah yang mencapai")}


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("language", ["id", "en"])
def test_goal_seek_and_tornado_by_region(page, app_url, open_app, wait_for_run, screenshot, page_errors,
                                         language: str, width: int) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size({"width": width, "height": 900})
    open_app(f"{app_url}/regions?lang={language}")
    goal, tornado, button, found = LABELS[language]
    expanders = page.locator('[data-testid="stExpander"] summary')
    expanders.filter(has_text=goal).click()
    expanders.filter(has_text=tornado).click()
    slider = widget(page, "regions_gs_probability").locator(RANGE)
    slider.focus()  # the thumb is a visually hidden <input type="range">
    for _ in range(6):  # 80% -> 50%: a goal the levers can reach
        page.keyboard.press("ArrowLeft")
    page.get_by_role("button", name=button).click()
    wait_for_run(timeout_ms=120_000)
    expect(page.get_by_text(found).first).to_be_visible(timeout=60_000)
    expect(widget(page, "regions_gs_apply")).to_be_visible()
    chart = page.locator(CHART).last
    chart.scroll_into_view_if_needed()
    bars = chart.evaluate(BARS)
    assert bars is None or bars >= 10  # the twelve largest swings (None: drawn on a canvas)
    assert_no_sideways_scrolling(page)
    screenshot(f"regions-{language}-{width}")
    assert_clean(page, page_errors)
