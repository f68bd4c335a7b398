"""Every visible string exists in both languages with the same placeholders."""

import string

import pytest

from simulator.report.i18n import STREAMLIT_LABELS, STRINGS, column_text, source_text, text


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


# --- sources and observation texts in the reader's language; Streamlit's own labels ---------------------------

def test_source_text_takes_a_plain_string_or_a_bilingual_text() -> None:
    from simulator.parameters import Text

    assert source_text("BPS (2021)", "id") == "BPS (2021)"
    assert source_text(Text(en="Assumption", id="Asumsi"), "id") == "Asumsi"
    assert source_text(Text(en="Assumption", id="Asumsi"), "en") == "Assumption"
    assert source_text(Text(en="Assumption", id=""), "id") == "Assumption"  # no translation yet: English
    assert source_text(None, "id") == ""


def test_column_text_reads_the_indonesian_twin_and_falls_back_to_english() -> None:
    import pandas as pd

    frame = pd.DataFrame({"source": ["Minister", "idEA"], "source_id": ["Menteri", " "]})
    assert column_text(frame, "source", "id") == ["Menteri", "idEA"]
    assert column_text(frame, "source", "en") == ["Minister", "idEA"]
    assert column_text(frame.drop(columns="source_id"), "source", "id") == ["Minister", "idEA"]


@pytest.mark.parametrize("label", sorted(STREAMLIT_LABELS))
def test_streamlit_labels_have_both_languages_and_english_is_streamlits_own(label: str) -> None:
    entry = STREAMLIT_LABELS[label]
    assert set(entry) == {"id", "en"} and entry["en"] == label and entry["id"] != label
    assert placeholders(entry["id"]) == placeholders(label)
