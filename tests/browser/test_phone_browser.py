"""The real app on a phone-sized screen (390 x 844 px) and in print: the levers one tap away without hiding the
result, the tornado's bars drawn, tables and tabs that fit, a comparison that survives a reload, and a printout
without the sidebar.

What differs between a phone and a wide screen is decided by the style sheet (``app_pages/app.css``), so only a
real browser can check it. The server is the module-wide one of ``conftest.py``.
"""

from __future__ import annotations

import re

import pytest
from test_app_browser import RANGE, assert_clean, open_scenario, thumb, verdict, widget

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CHART = '[data-testid="stVegaLiteChart"]'
# Widths of the page and of the main column (Streamlit scrolls inside its main block) against what they show.
WIDTHS = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  return {page: document.scrollingElement.scrollWidth, window: window.innerWidth,
          main: main.scrollWidth, mainClient: main.clientWidth};
}"""
# Bars of a chart drawn as SVG (Vega's rect marks), or null when it is drawn on a canvas.
BARS = """(chart) => {
  const svg = chart.querySelector('svg.marks');
  if (!svg) return null;
  return [...svg.querySelectorAll('g.mark-rect path')].filter(p => {
    const box = p.getBBox(); return box.width > 1 && box.height > 1;
  }).length;
}"""


def assert_no_sideways_scrolling(page) -> None:
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= widths["window"] + 1, widths
    assert widths["main"] <= widths["mainClient"] + 1, widths


def open_phone(page, open_app, wait_for_run, url: str):
    page.set_viewport_size(PHONE)
    return open_scenario(page, open_app, wait_for_run, url)


def test_levers_are_one_tap_away_and_the_verdict_stays_in_view(page, app_url, open_app, wait_for_run,
                                                                 screenshot, page_errors):
    from playwright.sync_api import expect

    open_phone(page, open_app, wait_for_run, app_url)
    expect(page.locator('[data-testid="stSidebar"]')).not_to_be_in_viewport()  # folded away, as Streamlit does
    bar = widget(page, "lever_bar")
    expect(bar).to_be_in_viewport()
    # One place to move a lever on a phone: the drawer keeps the settings and tools, the bar has the sliders.
    expect(widget(page, "sidebar_levers")).to_be_hidden()
    expect(verdict(page)).to_be_in_viewport()
    # Below the verdict comes "How good is this forecast?" (beside it on a wide screen), then the chart.
    skill = page.get_by_text("Seberapa baik prakiraan ini?").first.bounding_box()["y"]
    chart_top = page.locator(CHART).first.bounding_box()["y"]
    assert verdict(page).bounding_box()["y"] < skill < chart_top, (skill, chart_top)
    screenshot("first-load")
    bar.locator("summary").click()  # the one tap
    expect(widget(page, "bar_training_per_year")).to_be_in_viewport()
    expect(verdict(page)).to_be_in_viewport()
    bar_top, verdict_box = bar.bounding_box()["y"], verdict(page).bounding_box()
    assert verdict_box["y"] + verdict_box["height"] <= bar_top, (verdict_box, bar_top)  # not covered by the bar
    before = verdict(page).inner_text()
    widget(page, "bar_training_per_year").locator(RANGE).focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(thumb(page, "bar_training_per_year")).to_have_text("1.500")
    expect(verdict(page)).not_to_have_text(before)
    wait_for_run()
    # One source: the sidebar's own slider and the link follow the bar's.
    expect(thumb(page, "training_per_year")).to_have_text("1.500")
    expect(page).to_have_url(re.compile(r"[?&]train=1500(&|$)"))
    expect(widget(page, "lever_bar").locator("details")).to_have_attribute("open", "")  # still open after the run
    assert_no_sideways_scrolling(page)
    assert_clean(page, page_errors)
    screenshot("lever-moved")


def test_wide_screens_have_no_lever_bar(page, app_url, open_app, wait_for_run, page_errors):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1400, "height": 900})
    open_scenario(page, open_app, wait_for_run, app_url)
    expect(widget(page, "lever_bar")).to_be_hidden()
    expect(widget(page, "sidebar_levers")).to_be_visible()
    expect(widget(page, "training_per_year").locator(RANGE)).to_be_visible()
    assert_clean(page, page_errors)


def test_the_contribution_table_fits_a_phone_in_both_languages(page, app_url, open_app, wait_for_run, screenshot,
                                                                page_errors):
    """The contribution table is drawn as cached HTML: on a phone its five columns share the width and their
    words wrap, none cut off behind a sideways scroll."""
    for language in ("id", "en"):
        open_phone(page, open_app, wait_for_run, f"{app_url}/?lang={language}&train=2500")
        table = page.locator(".umkm-table").first
        table.scroll_into_view_if_needed()
        inner = table.evaluate("(t) => [t.querySelector('table').scrollWidth, t.clientWidth]")
        assert inner[0] <= inner[1] + 1, (language, inner)
        box = table.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
        assert_no_sideways_scrolling(page)
        screenshot(f"contribution-{language}")
    assert_clean(page, page_errors)


def test_tornado_draws_its_bars_and_tabs_wrap_at_phone_width(page, app_url, open_app, wait_for_run, screenshot,
                                                               page_errors):
    from playwright.sync_api import expect

    open_phone(page, open_app, wait_for_run, f"{app_url}/?lang=en")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(5)
    for i in range(5):  # every tab label inside the screen: they wrap onto rows instead of scrolling
        box = tabs.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (i, box)
    page.get_by_role("tab", name="What matters most?").click()
    wait_for_run()
    widget(page, "sens_run").get_by_role("button").click()
    charts = page.locator(CHART)
    expect(charts).to_have_count(2, timeout=120_000)
    tornado = charts.nth(1)
    expect(tornado.locator("svg.marks, canvas")).to_be_visible()
    wait_for_run()
    tornado.scroll_into_view_if_needed()
    bars = tornado.evaluate(BARS)
    assert bars is not None, "the tornado is drawn as SVG (Streamlit's renderer for small charts)"
    assert bars >= 10, bars  # one bar per input shown (12 at most)
    widest = tornado.evaluate("""(chart) => Math.max(...[...chart.querySelectorAll('svg.marks g.mark-rect path')]
                                   .map(p => p.getBBox().width))""")
    assert widest > 60, widest  # the bars have room beside their labels
    assert_no_sideways_scrolling(page)
    assert_clean(page, page_errors)
    screenshot("tornado")


def test_a_comparison_survives_a_reload_and_its_table_fits(page, app_url, open_app, wait_for_run, screenshot,
                                                          page_errors):
    from playwright.sync_api import expect

    open_phone(page, open_app, wait_for_run, f"{app_url}/?lang=en&train=2500")
    page.get_by_role("tab", name="Compare scenarios").click()
    wait_for_run()
    widget(page, "save_name").locator("input").fill("A rather long saved scenario name")
    page.get_by_role("tabpanel", name="Compare scenarios").locator('[data-testid="stFormSubmitButton"] button').click()
    # In the tab's own panel: for a moment after a tab switch the old tab's table is still on the page.
    table = page.get_by_role("tabpanel", name="Compare scenarios").locator('[data-testid="stTable"]')
    expect(table).to_contain_text("A rather long saved scenario name")
    expect(page).to_have_url(re.compile(r"[?&]saved1=A(\+|%20)rather"))
    wait_for_run()
    page.reload()
    wait_for_run()
    page.get_by_role("tab", name="Compare scenarios").click()
    wait_for_run()
    expect(table).to_contain_text("A rather long saved scenario name")  # back after the reload
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
    inner = table.evaluate("(t) => [t.querySelector('table').scrollWidth, t.clientWidth]")
    assert inner[0] <= inner[1] + 1, inner  # every column inside the screen, none cut
    assert_no_sideways_scrolling(page)
    assert_clean(page, page_errors)
    screenshot("comparison")


def test_print_shows_the_main_content_without_the_sidebar(page, app_url, open_app, wait_for_run, screenshot,
                                                          page_errors):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1400, "height": 900})
    open_scenario(page, open_app, wait_for_run, app_url)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(widget(page, "lever_bar")).to_be_hidden()
    expect(verdict(page)).to_be_visible()
    expect(page.locator(CHART).first).to_be_visible()
    main = page.locator('[data-testid="stMain"]').bounding_box()
    assert main is not None and main["x"] <= 1 and main["width"] >= 1390, main  # the whole width, from the left
    overflow = page.evaluate("""() => getComputedStyle(document.querySelector('[data-testid="stMain"]')).overflow""")
    assert overflow == "visible"  # the printout runs over pages instead of cutting at one screen
    assert_clean(page, page_errors)
    screenshot("print")
