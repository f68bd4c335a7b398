"""Indonesian throughout (issue "The public demo", item 3), in a real browser: ``<html lang>`` follows the
language, Streamlit's own labels are translated, sliders write the decimal comma, and the Indonesian pages speak
no English, in what they show (text, tables, the registry's sources) nor in what they read aloud (``aria-label``,
``title``).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.test_app_browser import RANGE, assert_clean, open_scenario, thumb, widget

pytestmark = pytest.mark.browser

ENGLISH = re.compile(r"\b(?:the|and|of|with|from|to|per file|Source|Sources|Upload|Browse files|Drag and drop"
                     r"|Show data|Download|Help for|Choose an option|Fullscreen|Search|million|thousand|trillion"
                     r"|villages|year|Minister|Ministry|Scenario|Reset|Note)\b")
"""English words an Indonesian page must not show or read aloud (none of them is Indonesian)."""
ALLOWED = ("English", "Bahasa / Language")  # the language switch names both languages in their own words

PAGE_WORDS = """() => {
  const texts = [document.body.innerText];
  document.querySelectorAll('[data-testid="stDataFrame"] table').forEach((t) => texts.push(t.innerText));
  const names = ['aria-label', 'title', 'placeholder'];
  for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]'))
    for (const name of names) if (e.getAttribute(name)) texts.push(e.getAttribute(name));
  return texts.join('\\n');
}"""


def english_leaks(text: str) -> list[str]:
    """Lines of ``text`` holding an English word, without the allowed names."""
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return sorted({line.strip()[:160] for line in text.splitlines() if ENGLISH.search(line)})


def lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def switch_language(page, wait_for_run, name: str) -> None:
    page.get_by_text(name, exact=True).click()
    wait_for_run()


def test_html_lang_follows_the_chosen_language_on_every_page(page, app_url, open_app, wait_for_run, screenshot,
                                                            page_errors):
    open_scenario(page, open_app, wait_for_run, app_url)
    page.wait_for_function("document.documentElement.lang === 'id'")
    switch_language(page, wait_for_run, "English")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.get_by_role("link", name=re.compile("Methodology")).click()
    wait_for_run()
    page.wait_for_function("document.documentElement.lang === 'en'")
    switch_language(page, wait_for_run, "Bahasa Indonesia")
    page.wait_for_function("document.documentElement.lang === 'id'")
    open_app(f"{app_url}/data?lang=en")  # a shared link's language, on a fresh session
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert lang(page) == "en"
    assert_clean(page, page_errors)


def test_streamlit_labels_and_slider_decimals_follow_the_language(page, app_url, open_app, wait_for_run,
                                                                 screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    uploader = page.locator('[data-testid="stSidebar"] [data-testid="stFileUploaderDropzone"]')
    expect(uploader.locator("button")).to_have_text(re.compile("Unggah"))
    expect(uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"]')).to_have_text(
        re.compile(r"^1MB per berkas • JSON$"))
    finance, villages = "financing_idr_per_year", "infrastructure_villages_per_year"
    expect(thumb(page, villages)).to_have_text("2.500")
    expect(widget(page, villages).locator('[data-testid="stSliderTickBar"]')).to_have_text(re.compile("0.*5.000"))
    expect(thumb(page, finance)).to_have_text("1,0")
    expect(widget(page, finance).locator('[data-testid="stSliderTickBar"]')).to_have_text(re.compile("0,0.*20,0"))
    expect(widget(page, finance).locator(RANGE)).to_have_attribute("aria-valuetext", "1,0")
    widget(page, finance).locator(RANGE).focus()
    page.keyboard.press("ArrowRight")  # a redrawn value gets the comma too
    expect(thumb(page, finance)).to_have_text("1,5")
    wait_for_run()
    expect(page.locator('button[aria-label^="Tampilkan data: "]').first).to_be_attached()
    screenshot("indonesian")

    switch_language(page, wait_for_run, "English")
    expect(uploader.locator("button")).to_have_text(re.compile("Upload"))
    expect(uploader.locator('[data-testid="stFileUploaderDropzoneInstructions"]')).to_have_text(
        re.compile(r"^1MB per file • JSON$"))
    expect(thumb(page, finance)).to_have_text("1.5")
    expect(thumb(page, villages)).to_have_text("2500")  # as Streamlit writes it: no grouping, unambiguous
    expect(page.locator('button[aria-label^="Show data: "]').first).to_be_attached()
    assert_clean(page, page_errors)


def test_indonesian_pages_speak_no_english(page, app_url, open_app, wait_for_run, screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    for expander in ("Asumsi, sumber, dan uji model", "Kapan target tercapai? (sebaran undian)"):
        page.get_by_text(expander, exact=True).click()
        wait_for_run()
    expect(page.get_by_text("Data teramati (hingga Juni 2021)")).to_be_visible()
    seen = [page.evaluate(PAGE_WORDS)]
    for tab in ("Apa yang dibutuhkan?", "Apa yang paling berpengaruh?", "Bandingkan skenario", "Unduh"):
        page.get_by_role("tab", name=tab).click()  # each tab draws its content when opened
        wait_for_run()
        seen.append(page.evaluate(PAGE_WORDS))
    leaks = {"scenario": english_leaks("\n".join(seen))}
    for name, heading in (("methodology", "Metodologi"), ("data", "Data dan sumber")):
        page.get_by_role("link", name=re.compile(heading)).click()
        wait_for_run()
        expect(page.locator("h1").first).to_have_text(heading)
        expect(page.locator('[data-testid="stDataFrame"] table').first).to_be_attached()
        leaks[name] = english_leaks(page.evaluate(PAGE_WORDS))
    screenshot("data-page")
    assert leaks == {"scenario": [], "methodology": [], "data": []}
    switch_language(page, wait_for_run, "English")  # the check is not blind: the English page trips it
    expect(page.locator("h1").first).to_have_text("Data and sources")
    assert len(english_leaks(page.evaluate(PAGE_WORDS))) >= 5
    assert_clean(page, page_errors)


def test_the_chosen_preset_and_its_explanation_follow_a_language_switch(page, app_url, open_app, wait_for_run,
                                                                       screenshot, page_errors):
    from playwright.sync_api import expect

    open_scenario(page, open_app, wait_for_run, app_url)
    box = widget(page, "preset").locator('input[role="combobox"]')
    option = page.get_by_role("option", name="Pelatihan dulu")
    for _ in range(3):  # a rerun that redraws the sidebar can close the list just opened: open it again
        wait_for_run()
        box.focus()
        page.keyboard.press("ArrowDown")  # opens the list (react-aria combobox)
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except Exception:  # playwright's TimeoutError
            page.keyboard.press("Escape")
    option.click()
    wait_for_run()
    expect(box).to_have_value("Pelatihan dulu")
    explanation = page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').filter(
        has_text="Pelatihan dan pendampingan pada batas tuas")
    expect(explanation).to_be_visible()
    switch_language(page, wait_for_run, "English")
    expect(box).to_have_value("Training first")
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').filter(
        has_text="Training and mentoring")).to_be_visible()
    assert_clean(page, page_errors)
