"""The real app in Chromium: it loads, the levers follow the keyboard, links carry the scenario, the language and
the settings survive navigation, a phone-width screen does not scroll sideways, and Tab reaches the controls.

One ``streamlit run app.py`` serves the whole module (production settings from ``.streamlit/config.toml``).
Waits are event-driven: a check waits for the change it expects, then ``wait_for_run`` for the run to end.
``open_app`` can return before the page has drawn its widgets (the script-state attribute reads ``notRunning``
a moment before the sidebar appears), so :func:`open_scenario` also waits for the verdict, a slider and the chart.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

EXCEPTION = '.stException, [data-testid="stException"]'
ALERT = '[data-testid="stAlert"]'
VERDICT_RE = re.compile(r"Tidak tercapai|tercapai pada|Not reached by|reached in")
CHART = '[data-testid="stVegaLiteChart"]'
CHART_DRAWING = f"{CHART} canvas, {CHART} svg.marks"
RANGE = 'input[type="range"]'
# What the main chart currently draws: its SVG marks (or canvas pixels), to tell that it was drawn again.
CHART_SIGNATURE = """() => {
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  if (!chart) return null;
  const svg = chart.querySelector('svg.marks');
  if (svg) return svg.innerHTML;
  const canvas = chart.querySelector('canvas');
  return canvas ? canvas.toDataURL() : null;
}"""
FOCUSED = """() => {
  const e = document.activeElement;
  const keyed = e.closest('[class*="st-key-"]');
  const key = keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')).slice(7) : '';
  return {tag: e.tagName.toLowerCase(), type: e.type || '', key: key, text: (e.innerText || '').trim()};
}"""


def widget(page, key: str):
    """The element Streamlit draws for the widget with ``key`` (it carries the class ``st-key-<key>``)."""
    return page.locator(f".st-key-{key}")


def thumb(page, key: str):
    """The visible value above a slider's thumb."""
    return widget(page, key).locator('[data-testid="stSliderThumbValue"]')


def verdict(page):
    return page.locator(ALERT).filter(has_text=VERDICT_RE)


def metric_value(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def open_scenario(page, open_app, wait_for_run, url: str):
    """Open the scenario page and wait until the verdict, the levers and the chart are drawn."""
    from playwright.sync_api import expect

    open_app(url)
    expect(verdict(page)).to_be_visible()
    expect(widget(page, "training_per_year").locator(RANGE)).to_be_attached()
    expect(page.locator(CHART_DRAWING).first).to_be_visible()
    wait_for_run()
    return page


def assert_clean(page, page_errors) -> None:
    """No exception element on the page and no uncaught JavaScript error."""
    assert page.locator(EXCEPTION).count() == 0
    assert page_errors == []


def wait_for_new_chart(page, before: str) -> None:
    changed = f"(before) => {{ const now = ({CHART_SIGNATURE})(); return now !== null && now !== before; }}"
    page.wait_for_function(changed, arg=before)


def test_page_loads_with_a_verdict_and_a_chart(page, app_url, open_app, wait_for_run, screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    expect(page.locator("h1").first).to_have_text("30 juta UMKM masuk e-commerce pada 2024?")
    expect(verdict(page)).to_have_count(1)
    expect(verdict(page)).to_contain_text("Desember 2024")
    drawing = page.locator(CHART_DRAWING).first
    box = drawing.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150, box
    if drawing.evaluate("e => e.tagName.toLowerCase()") == "svg":  # lines were drawn, not just an empty frame
        assert drawing.locator("path").count() > 3
    expect(page).to_have_url(re.compile(r"[?&]lang=id(&|$)"))  # the address carries the scenario at once
    assert_clean(page, page_errors)
    screenshot("loaded")


def press_on_training(page, wait_for_run, key: str, shown: str, times: int = 1) -> None:
    """Press ``key`` on the training lever ``times`` times; wait until its thumb shows ``shown`` (thousand UMKM),
    the link carries it and the run has ended."""
    from playwright.sync_api import expect

    widget(page, "training_per_year").locator(RANGE).focus()
    for _ in range(times):
        page.keyboard.press(key)
    expect(thumb(page, "training_per_year")).to_have_text(shown)
    expect(page).to_have_url(re.compile(rf"[?&]train={shown.replace('.', '')}(&|$)"))
    wait_for_run()


def test_keyboard_on_a_lever_updates_verdict_chart_and_link(page, app_url, open_app, wait_for_run, screenshot,
                                                            page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    at_deadline = metric_value(page, "UMKM onboarding, Desember 2024 (median)")
    before_metric, before_verdict = at_deadline.inner_text(), verdict(page).inner_text()
    before_chart = page.evaluate(CHART_SIGNATURE)
    slider = widget(page, "training_per_year").locator(RANGE)

    slider.focus()  # the thumb is a visually hidden <input type="range">
    page.keyboard.press("ArrowRight")
    expect(thumb(page, "training_per_year")).to_have_text("550")
    expect(page).to_have_url(re.compile(r"[?&]train=550(&|$)"))
    wait_for_run()

    page.keyboard.press("End")
    expect(thumb(page, "training_per_year")).to_have_text("5.000")  # Indonesian grouping (app_pages.document)
    expect(at_deadline).not_to_have_text(before_metric)
    expect(verdict(page)).not_to_have_text(before_verdict)
    wait_for_new_chart(page, before_chart)
    expect(page).to_have_url(re.compile(r"[?&]train=5000(&|$)"))
    wait_for_run()
    assert_clean(page, page_errors)
    screenshot("training-at-maximum")


def test_undo_steps_back_through_a_lever_move_and_a_start_month(page, app_url, open_app, wait_for_run,
                                                               screenshot, page_errors):
    """A lever move reruns only the view; a start month (advanced settings) reruns the whole page. Undo, pressed
    in the view, must put back both: the start month is drawn by the full run, so undo reruns all of it."""
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    page.locator('[data-testid="stSidebar"] summary').filter(has_text="Pengaturan lanjutan").click()
    start_before = thumb(page, "training_start").inner_text()
    widget(page, "training_start").locator(RANGE).focus()
    page.keyboard.press("ArrowRight")
    expect(thumb(page, "training_start")).not_to_have_text(start_before)
    start_moved = thumb(page, "training_start").inner_text()
    wait_for_run()
    press_on_training(page, wait_for_run, "ArrowRight", "550")

    undo = widget(page, "undo").get_by_role("button")
    undo.click()  # the lever move
    expect(thumb(page, "training_per_year")).to_have_text("500")
    expect(thumb(page, "training_start")).to_have_text(start_moved)
    wait_for_run()
    undo.click()  # the start month, drawn by the full run
    expect(thumb(page, "training_start")).to_have_text(start_before)
    expect(thumb(page, "training_per_year")).to_have_text("500")
    wait_for_run()
    assert_clean(page, page_errors)
    screenshot("undone")


def test_shared_link_opens_the_same_scenario(page, app_url, open_app, wait_for_run, screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, f"{app_url}/?lang=en&train=2500&finance=7.5&deadline=2025-06")
    expect(page.locator("h1").first).to_have_text("30 million UMKM on e-commerce by 2024?")
    expect(thumb(page, "training_per_year")).to_have_text("2500")
    expect(thumb(page, "financing_idr_per_year")).to_have_text("7.5")
    expect(widget(page, "deadline").locator(RANGE)).to_have_attribute("aria-valuetext", "June 2025")
    expect(page.locator('[data-testid="stMetricLabel"]').filter(has_text="UMKM onboarded, June 2025")).to_have_count(1)
    expect(widget(page, "language").get_by_role("radio", checked=True)).to_have_value("1")  # options: id, en
    expect(page.locator(ALERT).filter(has_text="could not be used")).to_have_count(0)  # a clean link: no notice
    expect(page).to_have_url(re.compile(r"[?&]train=2500&finance=7\.5&"))
    assert_clean(page, page_errors)
    screenshot("english-link")


def test_hand_edited_link_shows_a_notice_not_an_error(page, app_url, open_app, wait_for_run, screenshot,
                                                     page_errors):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_scenario(page, open_app, wait_for_run,
                  f"{app_url}/?train=abc&bogus=1&finance=%FF%FE&lang=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    notice = page.locator(ALERT).filter(has_text="bogus")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("abc")
    expect(thumb(page, "training_per_year")).to_have_text("500")  # malformed: the status quo is kept
    expect(page.locator("h1").first).to_have_text("30 juta UMKM masuk e-commerce pada 2024?")
    expect(page).not_to_have_url(re.compile("bogus"))  # the address is rewritten to a clean link
    assert page.locator("img[src='x']").count() == 0 and dialogs == []
    assert_clean(page, page_errors)
    screenshot("hostile-link")


def test_language_and_levers_survive_a_visit_to_methodology(page, app_url, open_app, wait_for_run, screenshot,
                                                            page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    widget(page, "language").get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text("30 million UMKM on e-commerce by 2024?")
    expect(verdict(page)).to_contain_text("December 2024")
    wait_for_run()
    press_on_training(page, wait_for_run, "End", "5000")

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Methodology").click()
    expect(page.locator("h1").first).to_have_text("Methodology")
    expect(widget(page, "language").get_by_role("radio", checked=True)).to_have_value("1")
    wait_for_run()
    screenshot("methodology")

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Simulator").click()
    expect(page.locator("h1").first).to_have_text("30 million UMKM on e-commerce by 2024?")
    expect(thumb(page, "training_per_year")).to_have_text("5000")
    expect(verdict(page)).to_contain_text("December 2024")
    expect(page).to_have_url(re.compile(r"[?&]lang=en&.*train=5000(&|$)"))
    wait_for_run()
    assert_clean(page, page_errors)
    screenshot("back-on-simulator")


def test_phone_width_shows_verdict_and_chart_without_sideways_scrolling(page, app_url, open_app, wait_for_run,
                                                                       screenshot, page_errors):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 844})
    open_scenario(page, open_app, wait_for_run, app_url)
    expect(verdict(page)).to_be_in_viewport()
    screenshot("top")
    widths = page.evaluate("""() => {
      const main = document.querySelector('[data-testid="stMain"]') || document.body;
      return {page: document.scrollingElement.scrollWidth, window: window.innerWidth,
              main: main.scrollWidth, mainClient: main.clientWidth};
    }""")
    assert widths["page"] <= widths["window"] + 1, widths
    assert widths["main"] <= widths["mainClient"] + 1, widths  # Streamlit scrolls inside its main block
    drawing = page.locator(CHART_DRAWING).first
    drawing.scroll_into_view_if_needed()
    expect(drawing).to_be_in_viewport(ratio=0.9)
    box = drawing.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, box
    assert box["width"] > 250 and box["height"] > 150, box
    assert_clean(page, page_errors)
    screenshot("chart")


def test_tab_reaches_the_levers_and_buttons(page, app_url, open_app, wait_for_run, screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    seen = []
    for _ in range(20):  # skip link, three page links, the language, a help button, then the first lever
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
        if seen[-1]["type"] == "range":
            break
    focused = seen[-1]
    assert focused["type"] == "range", seen
    lever = focused["key"]
    before = thumb(page, lever).inner_text()
    page.keyboard.press("ArrowRight")
    expect(thumb(page, lever)).not_to_have_text(before)
    moved = thumb(page, lever).inner_text()
    wait_for_run()
    assert page.evaluate(FOCUSED)["key"] == lever  # the rerun keeps the keyboard focus on the lever

    for _ in range(40):  # on through the other levers to the scenario tools
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
        if seen[-1]["key"] == "reset":
            break
    assert seen[-1]["key"] == "reset" and seen[-1]["tag"] == "button", seen
    assert sum(item["type"] == "range" for item in seen) >= 3, seen
    wait_for_run()
    if thumb(page, lever).inner_text() != moved:
        # Seen under heavy load only, not deterministic: the page puts the lever back to its old value (a lost
        # setting, reported with the keyboard-step race). Pressing "Status quo" would then prove nothing.
        pytest.xfail(f"the lever went back from {moved} to {thumb(page, lever).inner_text()} while tabbing")
    expect(widget(page, "undo").get_by_role("button")).to_be_enabled()
    screenshot("reset-focused")
    page.keyboard.press("Enter")
    expect(thumb(page, lever)).to_have_text(before)  # "Status quo" pressed from the keyboard
    wait_for_run()
    assert_clean(page, page_errors)


def test_tabs_and_expanders_draw_when_opened_and_stay_open_across_a_language_switch(
        page, app_url, open_app, wait_for_run, screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    charts = page.locator(CHART)
    expect(charts).to_have_count(1)  # the reach-month chart is drawn only when its expander is opened
    expect(widget(page, "gs_probability")).to_have_count(0)  # nor is a tab that is not open
    widget(page, "reach_open").locator("summary").click()
    expect(charts).to_have_count(2)
    expect(charts.nth(1).locator("canvas, svg.marks")).to_be_visible()
    wait_for_run()
    page.get_by_role("tab", name="Apa yang dibutuhkan?").click()
    expect(widget(page, "gs_probability")).to_be_visible()
    expect(widget(page, "ce_ranges")).to_have_count(0)
    wait_for_run()

    widget(page, "language").get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text("30 million UMKM on e-commerce by 2024?")
    expect(page.get_by_role("tab", selected=True)).to_have_text("What would it take?")
    expect(widget(page, "gs_probability")).to_be_visible()
    expect(charts).to_have_count(2)
    expect(page.get_by_text("Year first reached")).to_be_visible()
    wait_for_run()
    assert_clean(page, page_errors)
    screenshot("english-tab-kept")


def test_a_link_to_the_methodology_works_as_a_fresh_servers_first_request(page, wait_for_run, screenshot,
                                                                          page_errors):
    """A shared link to /methodology opened right after a (re)start: the app's own navigation and language.

    Streamlit decides per process, until some run calls ``st.navigation``, whether to treat a ``pages/``
    folder as the old automatic multipage app; a first request for a page would then run that file alone
    (why the pages live in ``app_pages/``).
    """
    from playwright.sync_api import expect

    from benchmarks.loadtest_server import StreamlitServer

    server = StreamlitServer("app.py").start()
    try:
        page.goto(f"{server.url}/methodology?lang=en")
        wait_for_run()
        expect(page.locator("h1").first).to_have_text("Methodology")
        expect(widget(page, "language").get_by_role("radio", checked=True)).to_have_value("1")
        links = page.locator('[data-testid="stSidebarNav"] a')
        # The app's four pages (each link's text starts with its icon's name), not the files of a folder.
        expect(links).to_have_text([re.compile(r"Simulator$"), re.compile(r"Regions$"), re.compile(r"Methodology$"),
                                    re.compile(r"Data and sources$")])
        assert_clean(page, page_errors)
        screenshot("first-request")
    finally:
        server.stop()


def test_the_scenario_file_downloaded_holds_the_levers_as_set(page, app_url, open_app, wait_for_run, page_errors):
    """The sidebar's scenario file is written when the button is pressed (not on every move): it must hold the
    settings of the moment, and load back into the same scenario."""
    import json

    from simulator.io import scenario_files

    open_scenario(page, open_app, wait_for_run, app_url)
    press_on_training(page, wait_for_run, "ArrowRight", "650", times=3)
    with page.expect_download() as download:
        widget(page, "download_scenario").get_by_role("button").click()
    assert download.value.suggested_filename == "umkm_scenario.json"
    body = download.value.path().read_bytes()
    loaded = scenario_files.parse(body)
    assert loaded.settings["training_per_year"] == 650_000
    assert json.loads(body)["as_of"] == "2021-06"
    assert_clean(page, page_errors)
