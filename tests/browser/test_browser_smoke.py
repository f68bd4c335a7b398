"""Smoke test of the browser setup on the bare reference page: it loads, shows no exception, draws its
chart, and a keyboard move of the slider reruns the page."""

import pytest

pytestmark = pytest.mark.browser

EXCEPTION = '.stException, [data-testid="stException"]'
CHART_DRAWING = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg, .vega-embed canvas'


def test_bare_page_loads_draws_its_chart_and_follows_the_keyboard(
    page, bare_app_url, open_app, wait_for_run, screenshot, page_errors
):
    from playwright.sync_api import expect

    open_app(bare_app_url)
    expect(page.locator('[data-testid="stSlider"]')).to_be_visible()
    expect(page.locator(CHART_DRAWING).first).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0

    thumb_value = page.locator('[data-testid="stSliderThumbValue"]')
    result = page.get_by_text("Value after 120 months")
    expect(thumb_value).to_have_text("2.00")
    before = result.inner_text()

    # The thumb is a visually hidden <input type="range"> (react-aria); it takes the keyboard focus.
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")

    expect(thumb_value).to_have_text("2.10")
    expect(result).not_to_have_text(before)  # the server reran the script with the new value
    wait_for_run()
    assert page.locator(EXCEPTION).count() == 0
    assert screenshot("after-arrow-right").stat().st_size > 0
    assert page_errors == []
