"""The page script of app_pages.document: <html lang> and Streamlit's own labels for each language."""

import json
import re

import pytest

from app_pages import document
from simulator.report.i18n import STREAMLIT_LABELS


def maps(language: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    script = document.script(language)
    exact = json.loads(re.search(r"exact = (\{.*?\}), patterns", script).group(1))
    patterns = json.loads(re.search(r"patterns = (\[.*?\])\.map", script).group(1))
    return exact, patterns


@pytest.mark.parametrize("language", ["id", "en"])
def test_script_sets_the_lang_attribute_and_runs_as_javascript(language: str) -> None:
    script = document.script(language)
    assert script.startswith("<script>") and script.rstrip().endswith("</script>")
    assert f'const lang = "{language}"' in script and "document.documentElement.lang = lang" in script
    assert not re.search(r"__[A-Z]+__", script)  # every placeholder filled


def test_indonesian_script_swaps_streamlits_labels_and_english_swaps_them_back() -> None:
    exact, _ = maps("id")
    assert exact["Upload"] == "Unggah" and exact["Show data"] == "Tampilkan data"
    back, _ = maps("en")
    assert back["Unggah"] == "Upload" and "Upload" not in back
    assert set(exact) == {label for label in STREAMLIT_LABELS if "{" not in label}


@pytest.mark.parametrize(("language", "shown", "expected"), [
    ("id", "1MB per file", "1MB per berkas"), ("en", "1MB per berkas", "1MB per file"),
    ("id", "Help for Tenggat", "Bantuan untuk Tenggat"),
    ("id", "Show data: Grafik garis", "Tampilkan data: Grafik garis"),
])
def test_patterns_keep_what_streamlit_filled_in(language: str, shown: str, expected: str) -> None:
    _, patterns = maps(language)
    for source, target in patterns:
        if re.fullmatch(source, shown):
            assert re.sub(source, target.replace("$", "\\"), shown) == expected
            return
    pytest.fail(f"no pattern matches {shown!r}")
