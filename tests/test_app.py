"""The Streamlit app through AppTest: runs in both languages, levers change the verdict, no exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def headline(at: AppTest) -> str:
    boxes = [*at.success, *at.error]
    assert len(boxes) == 1, [b.value for b in boxes]
    return boxes[0].value


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_runs_in_indonesian_by_default(app: AppTest) -> None:
    assert not app.exception
    assert app.radio(key="language").value == "id"
    assert "30 juta UMKM" in app.title[0].value
    assert "Desember 2024" in headline(app)
    assert any("juta" in v for v in metric_values(app).values())


def test_english_toggle_translates_the_page(app: AppTest) -> None:
    app.radio(key="language").set_value("en").run()
    assert not app.exception
    assert "30 million UMKM" in app.title[0].value
    assert "December 2024" in headline(app)
    assert "UMKM online, December 2024" in metric_values(app)


def test_training_slider_changes_value_at_deadline(app: AppTest) -> None:
    before = metric_values(app)["UMKM daring, Desember 2024"]
    app.slider(key="training_per_year").set_value(5000).run()
    assert not app.exception
    after = metric_values(app)["UMKM daring, Desember 2024"]
    assert before != after
    assert float(after.split()[0].replace(",", ".")) > float(before.split()[0].replace(",", "."))


def test_all_levers_at_maximum_reach_the_target(app: AppTest) -> None:
    app.slider(key="training_per_year").set_value(5000)
    app.slider(key="infrastructure_villages_per_year").set_value(5000)
    app.slider(key="financing_idr_per_year").set_value(20.0).run()
    assert not app.exception
    assert len(app.success) == 1 and "tercapai pada" in app.success[0].value


def test_lower_target_and_later_deadline_are_reached(app: AppTest) -> None:
    assert len(app.error) == 1  # status quo misses 30 million by December 2024
    app.number_input(key="target_millions").set_value(20.0).run()
    assert not app.exception
    assert len(app.success) == 1


def test_deadline_moves_the_verdict_month(app: AppTest) -> None:
    app.select_slider(key="deadline").set_value("2026-12").run()
    assert not app.exception
    assert "Desember 2026" not in headline(app)  # reached, so the headline names the month reached
    assert len(app.success) == 1


def test_assumptions_section_lists_every_parameter(app: AppTest) -> None:
    from simulator.parameters import PARAMETERS

    html = " ".join(str(element.proto) for element in app.get("html"))
    for spec in PARAMETERS:
        assert f"<td>{spec.name}</td>" in html
        assert spec.source.split(";")[0][:30].replace("&", "&amp;") in html


def test_out_of_range_state_shows_a_message_not_a_traceback(app: AppTest) -> None:
    app.session_state["target_millions"] = 500.0  # beyond the allowed range, as a hand-made state would be
    app.run()
    assert not app.exception
    assert 1.0 <= app.number_input(key="target_millions").value <= 80.0
    assert "kurang" in headline(app) or "tercapai" in headline(app)


@pytest.mark.parametrize("page", ["pages/methodology.py", "pages/data.py"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_other_pages_run_in_both_languages(app: AppTest, page: str, language: str) -> None:
    app.session_state["language"] = language  # AppTest runs the page alone, without the entry point's toggle
    app.switch_page(page).run()
    assert not app.exception
    expected = {"pages/methodology.py": {"id": "Metodologi", "en": "Methodology"},
                "pages/data.py": {"id": "Data dan sumber", "en": "Data and sources"}}[page][language]
    assert app.title[0].value == expected


def test_methodology_lists_every_parameter_and_the_equations(app: AppTest) -> None:
    from simulator.parameters import PARAMETERS

    app.switch_page("pages/methodology.py").run()
    names = set(app.dataframe[0].value.iloc[:, 0])
    assert names == {spec.name for spec in PARAMETERS}
    assert len(app.get("latex")) >= 5


def percent(value: str) -> float:
    return float(value.replace("%", "").replace(",", ".").replace("<", "").replace(">", "").strip())


def test_probability_headline_rises_with_the_levers(app: AppTest) -> None:
    before = percent(metric_values(app)["Peluang tercapai"])
    app.slider(key="training_per_year").set_value(5000)
    app.slider(key="financing_idr_per_year").set_value(20.0).run()
    assert not app.exception
    after = percent(metric_values(app)["Peluang tercapai"])
    assert 0 <= before < after <= 100


def test_draws_are_capped_for_the_public_server(app: AppTest) -> None:
    from pages.common import MAX_APP_DRAWS

    options = app.select_slider(key="draws").options
    assert max(int(o) for o in options) <= MAX_APP_DRAWS
    app.select_slider(key="draws").set_value(500).run()
    assert not app.exception
    assert "%" in metric_values(app)["Peluang tercapai"]


def test_cost_ranges_per_lever_on_request(app: AppTest) -> None:
    app.slider(key="training_per_year").set_value(3000).run()
    table = next(df.value for df in app.dataframe if "Biaya per UMKM tambahan, P10-P90" in df.value.columns)
    ranges = dict(zip(table["Tuas"], table["Biaya per UMKM tambahan, P10-P90"], strict=True))
    assert ranges["Pelatihan & pendampingan"] == "–" and ranges["Semua tuas"].startswith("Rp")
    app.toggle(key="ce_ranges").set_value(True).run()
    assert not app.exception
    table = next(df.value for df in app.dataframe if "Biaya per UMKM tambahan, P10-P90" in df.value.columns)
    ranges = dict(zip(table["Tuas"], table["Biaya per UMKM tambahan, P10-P90"], strict=True))
    assert ranges["Pelatihan & pendampingan"].startswith("Rp") and " – " in ranges["Pelatihan & pendampingan"]


def test_reach_month_distribution_is_shown(app: AppTest) -> None:
    specs = [str(chart.proto) for chart in app.get("vega_lite_chart")]
    assert any("Tahun pertama kali tercapai" in spec for spec in specs)
    assert any("Tidak sebelum akhir 2030" in spec for spec in specs)  # status quo: some draws never reach it
