"""Every visible string exists in both languages with the same placeholders."""

import string

import pytest

from simulator.report.i18n import STRINGS, text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_with_same_placeholders(key: str) -> None:
    entry = STRINGS[key]
    assert set(entry) == {"id", "en"}
    assert entry["id"].strip() and entry["en"].strip()
    assert placeholders(entry["id"]) == placeholders(entry["en"])


def test_text_fills_placeholders() -> None:
    assert text("verdict_missed", "en", deadline="December 2024", gap="4.1 million") == (
        "Not reached by December 2024: 4.1 million short")
    assert text("verdict_missed", "id", deadline="Desember 2024", gap="4,1 juta") == (
        "Tidak tercapai pada Desember 2024: kurang 4,1 juta")


def test_unknown_language_falls_back_to_indonesian() -> None:
    assert text("title", "fr") == STRINGS["title"]["id"]
