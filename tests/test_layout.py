"""The style sheet (app_pages/app.css): it reaches the page whole, and names the elements the app draws."""

from __future__ import annotations

from app_pages import layout, state
from simulator.parameters import LEVERS


def test_the_style_sheet_holds_no_angle_bracket_the_sanitiser_would_read_as_a_tag() -> None:
    css = layout.STYLE_PATH.read_text(encoding="utf-8")
    assert "<" not in css  # "<key>" even in a comment made the browser drop the whole style element
    assert layout.style_html() == f"<style>{css}</style>"


def test_the_style_sheet_shows_the_lever_bar_on_narrow_screens_and_hides_it_in_print() -> None:
    css = layout.STYLE_PATH.read_text(encoding="utf-8")
    assert f".st-key-{state.LEVER_BAR}" in css
    narrow = css.split("@media screen and (max-width: 768px)", 1)[1].split("@media", 1)[0]
    assert f".st-key-{state.LEVER_BAR}" in narrow and "position: fixed" in narrow
    printed = css.split("@media print", 1)[1]
    assert '[data-testid="stSidebar"]' in printed and f".st-key-{state.LEVER_BAR}" in printed


def test_each_lever_has_a_distinct_bar_key() -> None:
    keys = {state.bar_key(lever.key) for lever in LEVERS}
    assert len(keys) == len(LEVERS) and not keys & {lever.key for lever in LEVERS}
