"""AppTest: shared links, presets, undo and reset, scenario files, saving and comparing scenarios."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from simulator.io import scenario_files, sharing
from simulator.parameters import Scenario
from tests.apptest import open_app


def save_button(at: AppTest):
    buttons = [b for b in at.button if "save_form" in b.id]
    assert len(buttons) == 1, "the save form has one submit button"
    return buttons[0]


def at_deadline(at: AppTest) -> str:
    """Value of the 'UMKM online at the deadline' metric (the one after the probability)."""
    return next(m.value for m in at.metric if m.label.startswith(("UMKM onboarding", "UMKM onboarded")))


def test_link_restores_the_scenario_and_language() -> None:
    scenario = Scenario(training_per_year=2_500_000, financing_idr_per_year=7.5e12, deadline="2025-06")
    at = open_app(sharing.to_query(scenario, "en"))
    assert not at.exception
    assert at.radio(key="language").value == "en"
    assert at.slider(key="training_per_year").value == 2500
    assert at.slider(key="financing_idr_per_year").value == 7.5
    assert at.select_slider(key="deadline").value == "2025-06"
    assert any("June 2025" in m.label for m in at.metric)
    assert not at.warning  # a clean link gives no notice


def test_hostile_link_opens_with_notices_and_sane_values() -> None:
    at = open_app({"train": "9999999", "finance": "abc", "bogus": "<script>", "deadline": "2024-13",
                   "lang": "xx"})
    assert not at.exception
    assert at.slider(key="training_per_year").value == 5000  # clamped to the maximum
    assert at.slider(key="financing_idr_per_year").value == 1.0  # malformed: status quo kept
    assert at.select_slider(key="deadline").value == "2024-12"
    assert at.radio(key="language").value == "id"
    notices = at.warning[0].value
    assert "bogus" in notices and "abc" in notices and "<script>" not in notices
    at.button(key="dismiss_notices").click().run()
    assert not at.warning


def test_url_follows_the_levers() -> None:
    at = open_app()
    at.slider(key="training_per_year").set_value(3000).run()
    params = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert params["train"] == "3000"
    shared = sharing.from_query(params)
    assert shared.scenario.training_per_year == 3_000_000 and not shared.notices


def test_undo_and_reset() -> None:
    at = open_app()
    baseline = at_deadline(at)
    at.slider(key="training_per_year").set_value(4000).run()
    changed = at_deadline(at)
    assert changed != baseline
    at.slider(key="financing_idr_per_year").set_value(10.0).run()
    at.button(key="undo").click().run()
    assert at.slider(key="financing_idr_per_year").value == 1.0
    assert at.slider(key="training_per_year").value == 4000
    assert at_deadline(at) == changed
    at.button(key="reset").click().run()
    assert at.slider(key="training_per_year").value == 500
    assert at_deadline(at) == baseline
    at.button(key="undo").click().run()  # undo the reset
    assert at.slider(key="training_per_year").value == 4000


@pytest.mark.parametrize("name", scenario_files.PRESET_NAMES)
def test_each_preset_applies(name: str) -> None:
    at = open_app()
    at.selectbox(key="preset").set_value(name).run()
    at.button(key="preset_apply").click().run()
    assert not at.exception
    preset = scenario_files.load_preset(name).scenario
    assert at.slider(key="training_per_year").value * 1e3 == pytest.approx(preset.training_per_year)
    assert at.slider(key="infrastructure_villages_per_year").value == pytest.approx(
        preset.infrastructure_villages_per_year)


def test_save_compare_rename_remove() -> None:
    at = open_app(tab="compare_header")
    at.text_input(key="save_name").input("Status quo copy")
    save_button(at).click().run()
    at.slider(key="training_per_year").set_value(5000).run()
    at.text_input(key="save_name").input("Training max")
    save_button(at).click().run()
    assert not at.exception
    table = [df.value for df in at.table if "Skenario" in df.value.columns or "Scenario" in df.value.columns]
    assert table, "a comparison table is shown"
    names = list(table[0].iloc[:, 0])
    # Training at 5,000 thousand with the other levers at the status quo is the "training first" preset.
    assert names == ["Pelatihan dulu", "Status quo copy", "Training max"]
    at.selectbox(key="saved_choice").set_value("Training max")
    at.text_input(key="rename_to").input("Max training")
    at.button(key="rename").click().run()
    table = next(df.value for df in at.table if "Skenario" in df.value.columns)
    assert list(table.iloc[:, 0]) == ["Pelatihan dulu", "Status quo copy", "Max training"]
    at.selectbox(key="saved_choice").set_value("Status quo copy")
    at.button(key="remove").click().run()
    table = next(df.value for df in at.table if "Skenario" in df.value.columns)
    assert list(table.iloc[:, 0]) == ["Pelatihan dulu", "Max training"]


def test_the_phone_bar_mirrors_the_sidebar_levers_and_writes_back_to_them() -> None:
    at = open_app()
    at.slider(key="bar_training_per_year").set_value(2500).run()
    assert not at.exception
    assert at.slider(key="training_per_year").value == 2500  # the lever's own key: the one source
    assert dict(at.query_params.items())["train"] == "2500"  # and the link
    at.slider(key="financing_idr_per_year").set_value(7.5).run()
    assert at.slider(key="bar_financing_idr_per_year").value == 7.5  # and the bar follows the sidebar
    at.button(key="reset").click().run()
    assert at.slider(key="bar_training_per_year").value == 500


def comparison_names(at) -> list[str]:
    return list(next(df.value for df in at.table if "Skenario" in df.value.columns).iloc[:, 0])


def test_the_current_scenario_is_named_after_its_preset_and_changed_after_a_move() -> None:
    at = open_app(tab="compare_header")
    at.text_input(key="save_name").input("Mine")
    save_button(at).click().run()
    assert comparison_names(at) == ["Status quo", "Mine"]
    assert "Sedang dipakai." in at.sidebar.caption[-1].value  # the box shows the status quo, in use
    at.selectbox(key="preset").set_value("government_plan").run()
    assert "Belum diterapkan" in at.sidebar.caption[-1].value  # chosen, not applied: it does not describe the levers
    at.button(key="preset_apply").click().run()
    assert comparison_names(at) == ["Rencana pemerintah (laju 2021)", "Mine"]
    assert "Sedang dipakai." in at.sidebar.caption[-1].value
    at.slider(key="training_per_year").set_value(3000).run()
    assert not at.exception
    assert comparison_names(at) == ["Rencana pemerintah (laju 2021) (diubah)", "Mine"]
    assert "lalu tuasnya diubah" in at.sidebar.caption[-1].value
    at.button(key="reset").click().run()
    assert comparison_names(at) == ["Status quo", "Mine"]


def test_a_link_holding_a_presets_settings_opens_with_that_preset_in_the_box() -> None:
    at = open_app({"villages": "5000", "train": "3500", "finance": "8"})  # the government plan's levers
    assert at.selectbox(key="preset").value == "government_plan"
    assert "Sedang dipakai." in at.sidebar.caption[-1].value


def test_saved_scenarios_are_in_the_link_and_a_link_opens_them() -> None:
    at = open_app(tab="compare_header")
    at.slider(key="training_per_year").set_value(2500).run()
    at.text_input(key="save_name").input("Half way")
    save_button(at).click().run()
    query = dict(at.query_params.items())
    assert query["saved1"] == "Half way"
    assert query["saved1_set"] == "2500,2500,1,2021-07,2021-07,2021-07,30,2024-12"

    reopened = open_app(query | {"saved2": "Broken", "saved2_set": "4000,oops"}, tab="compare_header")
    assert not reopened.exception
    assert comparison_names(reopened) == ["Skenario", "Half way"]  # the comparison is back, the broken part left out
    assert reopened.slider(key="training_per_year").value == 2500  # and the current scenario kept
    assert any("Broken" in warning.value and "tidak berubah" in warning.value for warning in reopened.warning)


def test_saving_without_a_name_is_refused() -> None:
    at = open_app(tab="compare_header")
    save_button(at).click().run()
    assert not at.exception
    assert any("nama" in w.value.lower() for w in at.warning)


def test_uploaded_scenario_file_is_applied() -> None:
    at = open_app()
    data = scenario_files.dumps(Scenario(training_per_year=3_500_000, deadline="2026-06")).encode()
    at.file_uploader(key="scenario_upload").set_value(("plan.json", data, "application/json")).run()
    assert not at.exception
    assert at.slider(key="training_per_year").value == 3500
    assert at.select_slider(key="deadline").value == "2026-06"


@pytest.mark.parametrize(("payload", "why"), [
    (b"not json", "bukan JSON yang sah"), (b"[1, 2]", "harus berupa objek JSON"),
    (b'{"training_per_year": -5}', "di luar rentang; boleh 0 sampai 5.000.000 UMKM per tahun"),
    (b'{"bogus_key": 1}', "kunci tidak dikenal"), (b"\xff\xfe\x00garbage", "bukan teks UTF-8")])
def test_broken_scenario_file_keeps_the_settings_and_says_why(payload: bytes, why: str) -> None:
    """The settings stay, and the Indonesian page says what is wrong, and what is allowed, in Indonesian."""
    at = open_app()
    at.slider(key="training_per_year").set_value(2000).run()
    at.file_uploader(key="scenario_upload").set_value(("bad.json", payload, "application/json")).run()
    assert not at.exception
    assert at.slider(key="training_per_year").value == 2000
    errors = [e.value for e in at.error if "Berkas tidak dimuat" in e.value]
    assert len(errors) == 1 and why in errors[0].replace("\\", "")  # the message is shown Markdown-escaped


def test_export_buttons_are_offered() -> None:
    at = open_app(tab="export_header")
    keys = {b.key for b in at.download_button}
    assert {"download_scenario", "export_csv", "export_excel", "export_pdf", "export_png", "export_svg"} <= keys


def test_link_settings_the_page_cannot_show_are_reported() -> None:
    at = open_app({"horizon": "2035-12", "deadline": "2032-06", "train": "1234.5"})
    assert not at.exception
    assert at.select_slider(key="deadline").value == "2030-12"
    assert at.slider(key="training_per_year").value == 1250.0  # off the slider's step: rounded to it, and said
    notices = at.warning[0].value.replace("\\", "")  # Markdown escapes of the values
    # In the reader's words and units: the lever's short label, thousands in the language's marks, months named.
    assert "Juni 2032" in notices and "Desember 2035" in notices and "Cakrawala" in notices
    assert "Pelatihan & pendampingan = 1.234.500 UMKM per tahun" in notices and "1.250.000 UMKM per tahun" in notices
    assert "dibulatkan" in notices and "training_per_year" not in notices


def test_goal_seek_finds_a_mix_and_applies_it_to_the_levers() -> None:
    at = open_app(tab="gs_header")
    at.slider(key="gs_probability").set_value(50)  # above the status quo's chance, within the levers' reach
    next(b for b in at.button if "goal_seek_form" in b.id).click().run()
    assert not at.exception
    found = [s.value for s in at.success if "Campuran termurah" in s.value]
    assert len(found) == 1 and "50%" in found[0]
    quoted = re.search(r"biaya (Rp[\d.,]+ \w+)", found[0]).group(1)
    at.button(key="gs_apply").click().run()
    assert not at.exception
    applied = scenario_files.parse(json.dumps({
        "training_per_year": at.slider(key="training_per_year").value * 1e3,
        "financing_idr_per_year": at.slider(key="financing_idr_per_year").value * 1e12,
        "infrastructure_villages_per_year": at.slider(key="infrastructure_villages_per_year").value,
    })).scenario
    assert applied != Scenario().replace(target=applied.target)  # the mix moved the levers
    probability = next(m.value for m in at.metric if m.label == "Peluang tercapai")
    assert float(probability.split("%")[0].replace(",", ".")) >= 48  # near the required 50% (same draws)
    cost = next(m for m in at.metric if m.label == "Biaya program yang diharapkan")
    assert quoted in cost.help  # one cost measure: the page quotes what goal seek quoted


def test_goal_seek_says_clearly_when_nothing_is_enough() -> None:
    at = open_app(tab="gs_header")
    at.slider(key="gs_probability").set_value(95)
    next(b for b in at.button if "goal_seek_form" in b.id).click().run()
    assert not at.exception
    assert any("Tidak ada campuran" in w.value for w in at.warning)


def test_sensitivity_is_computed_on_request() -> None:
    at = open_app(tab="sens_header")
    before = len(at.get("vega_lite_chart"))  # the main chart
    at.button(key="sens_run").click().run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == before + 1  # and now the tornado
    at.slider(key="training_per_year").set_value(3000).run()
    assert any("sebelumnya" in i.value for i in at.info)  # marked outdated, not recomputed on every move


def test_partial_scenario_file_changes_only_what_it_names() -> None:
    at = open_app()
    at.slider(key="financing_idr_per_year").set_value(10.0).run()
    at.file_uploader(key="scenario_upload").set_value(
        ("partial.json", b'{"training_per_year": 2000000}', "application/json")).run()
    assert not at.exception
    assert at.slider(key="training_per_year").value == 2000
    assert at.slider(key="financing_idr_per_year").value == 10.0


def test_preset_keeps_the_target_and_deadline() -> None:
    at = open_app()
    at.select_slider(key="deadline").set_value("2026-12").run()
    at.selectbox(key="preset").set_value("training_first").run()
    at.button(key="preset_apply").click().run()
    assert at.select_slider(key="deadline").value == "2026-12"
    assert at.slider(key="training_per_year").value == 5000


def test_text_from_a_broken_file_is_shown_literally() -> None:
    at = open_app()
    at.file_uploader(key="scenario_upload").set_value(
        ("evil.json", b'{"[click](http://example.invalid)": 1}', "application/json")).run()
    error = next(e.value for e in at.error if "Berkas tidak dimuat" in e.value)
    assert "\\[click\\]\\(http" in error  # escaped: rendered as text, not as a link


def test_other_pages_keep_the_scenario_in_the_address() -> None:
    at = open_app()
    at.slider(key="training_per_year").set_value(2500).run()
    at.session_state["language"] = "en"
    at.switch_page("app_pages/methodology.py").run()
    params = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert params["train"] == "2500" and params["lang"] == "en"
