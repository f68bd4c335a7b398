"""AppTest: a public server stays fair under hostile use (issue "one hostile visitor cannot take down").

Crafted off-step widget values hit the same cache entries as on-grid ones; heavy jobs (goal seek, sensitivity,
cost-effectiveness ranges, exports) are rate-limited per session, queued one at a time per process and cached;
a stale goal-seek result says so; the notices of a link show on every page.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from simulator.parameters import Scenario
from simulator.report.i18n import text
from tests.apptest import APP, open_app


def params(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def record_scenarios(monkeypatch: pytest.MonkeyPatch) -> list[Scenario]:
    """Every scenario the page asks the ensemble cache for."""
    from app_pages import caches

    asked: list[Scenario] = []
    cached = caches.ensemble
    monkeypatch.setattr(caches, "ensemble", lambda s, *a, **k: asked.append(s) or cached(s, *a, **k))
    return asked


@pytest.mark.parametrize(("key", "crafted", "on_grid"), [
    ("training_per_year", 1234.567, 1250.0),
    ("financing_idr_per_year", 2.2, 2.0),
    ("infrastructure_villages_per_year", 4037.0, 4000.0),
    ("target_millions", 30.26, 30.5),
])
def test_off_step_state_gives_the_cache_entry_of_the_on_grid_value(monkeypatch: pytest.MonkeyPatch, key: str,
                                                                   crafted: float, on_grid: float) -> None:
    asked = record_scenarios(monkeypatch)
    grid = AppTest.from_file(APP, default_timeout=60)
    grid.session_state[key] = on_grid
    grid.run()
    expected = asked[-1]
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[key] = crafted  # as a crafted client can send it
    at.run()
    assert not at.exception
    assert asked[-1] == expected and hash(asked[-1]) == hash(expected)
    assert at.session_state[key] == on_grid  # and the widget shows the value used


def test_off_grid_months_snap_to_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = record_scenarios(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["deadline"] = "2040-01"
    at.session_state["training_start"] = "2019-03"
    at.run()
    assert not at.exception
    assert asked[-1].deadline == "2030-12" and asked[-1].training_start == "2020-01"


def test_minus_zero_in_a_link_is_written_as_zero() -> None:
    at = open_app({"villages": "-0", "train": "-0.0"})
    assert not at.exception
    assert params(at)["villages"] == "0" and params(at)["train"] == "0"


def test_link_notices_show_on_the_methodology_and_data_pages() -> None:
    at = open_app({"bogus": "1", "villages": "4037"})
    assert any("bogus" in w.value for w in at.warning)
    for page in ("app_pages/methodology.py", "app_pages/data.py"):
        at.switch_page(page).run()
        assert not at.exception
        notices = [w.value for w in at.warning if "bogus" in w.value]
        assert len(notices) == 1, page
        assert "4.037" in notices[0].replace("\\", "") and "dibulatkan" in notices[0]  # the rounding is said, too


def gs_button(at: AppTest):
    return next(b for b in at.button if "goal_seek_form" in b.id)


def unique_scenario_app(tab: str, training: float) -> AppTest:
    """The app on a scenario no other test computes (the caches are process-wide), with ``tab`` open."""
    at = open_app(tab=tab)
    at.slider(key="training_per_year").set_value(training).run()
    return at


def test_a_second_heavy_request_inside_the_window_is_refused_and_the_settings_are_kept() -> None:
    at = unique_scenario_app("sens_header", 3150.0)
    at.button(key="sens_run").click().run()
    assert not at.exception
    assert not any("Coba lagi" in w.value for w in at.warning)
    charts = len(at.get("vega_lite_chart"))
    at.slider(key="financing_idr_per_year").set_value(6.5).run()
    at.button(key="sens_run").click().run()  # a new scenario, within the window
    assert not at.exception
    refusals = [w.value for w in at.warning if "Coba lagi dalam" in w.value]
    assert len(refusals) == 1 and "pengaturan Anda tetap" in refusals[0]
    assert at.slider(key="financing_idr_per_year").value == 6.5  # nothing the visitor set changed
    assert at.slider(key="training_per_year").value == 3150.0
    assert any("sebelumnya" in i.value for i in at.info)  # the earlier result is still shown, marked outdated
    assert len(at.get("vega_lite_chart")) == charts
    at.slider(key="financing_idr_per_year").set_value(1.0).run()
    at.slider(key="training_per_year").set_value(3150.0).run()
    at.button(key="sens_run").click().run()  # computed before: free, so never refused
    assert not any("Coba lagi" in w.value for w in at.warning)


def test_a_refused_request_runs_once_the_window_has_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages import fairness

    at = unique_scenario_app("gs_header", 3350.0)
    at.number_input(key="target_millions").set_value(27.5).run()  # goal seek depends on the target, not the levers
    at.slider(key="gs_probability").set_value(30)
    gs_button(at).click().run()
    at.slider(key="gs_probability").set_value(35)
    gs_button(at).click().run()
    assert any("Coba lagi dalam" in w.value for w in at.warning)
    monkeypatch.setattr(fairness, "INTERVAL_S", 0.0)  # the window has passed
    gs_button(at).click().run()
    assert not any("Coba lagi" in w.value for w in at.warning)
    assert any("35%" in s.value for s in [*at.success, *at.warning])


def test_off_step_goal_seek_inputs_ask_for_the_on_grid_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages import caches, fairness

    monkeypatch.setattr(fairness, "INTERVAL_S", 0.0)
    asked: list[tuple] = []
    cached = caches.goal_seek_result
    monkeypatch.setattr(caches, "goal_seek_result", lambda *a: asked.append(a) or cached(*a))
    at = open_app(tab="gs_header")
    for probability, budget in ((30, 20.0), (31, 21.3)):  # the second as a crafted client could send it
        at.session_state["gs_probability"] = probability
        at.session_state["gs_budget"] = budget
        gs_button(at).click().run()
        assert not at.exception
    assert len(asked) == 2 and asked[0] == asked[1]
    assert asked[0][2:4] == (0.3, 20e12)


def test_goal_seek_result_is_marked_outdated_and_apply_keeps_the_new_deadline() -> None:
    at = open_app(tab="gs_header")
    at.slider(key="gs_probability").set_value(30)
    gs_button(at).click().run()
    assert not any("target atau tenggat sudah berubah" in i.value for i in at.info)
    at.select_slider(key="deadline").set_value("2026-06").run()
    assert not at.exception
    outdated = [i.value for i in at.info if "target atau tenggat sudah berubah" in i.value]
    assert len(outdated) == 1 and "Desember 2024" in outdated[0]
    at.button(key="gs_apply").click().run()
    assert not at.exception
    assert at.select_slider(key="deadline").value == "2026-06"  # apply sets the levers, not the deadline
    assert at.slider(key="training_per_year").value != 500.0  # and the levers were set


def test_a_refused_save_keeps_the_typed_name() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_saved"] = {f"S{i}": Scenario().to_mapping() for i in range(8)}
    at.session_state["scenario_tab"] = text("compare_header", "id")
    at.run()
    at.text_input(key="save_name").input("Kesembilan")
    next(b for b in at.button if "save_form" in b.id).click().run()
    assert not at.exception
    assert any("Paling banyak 8" in w.value for w in at.warning)
    assert at.text_input(key="save_name").value == "Kesembilan"


def test_a_save_clears_the_name_for_the_next_one() -> None:
    at = open_app(tab="compare_header")
    at.text_input(key="save_name").input("Rencana A")
    next(b for b in at.button if "save_form" in b.id).click().run()
    assert not at.exception
    assert "Rencana A" in at.session_state["_saved"]
    assert at.text_input(key="save_name").value == ""


def test_exports_are_generated_once_per_scenario_and_under_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages import fairness
    from simulator.report import exports

    calls: list[str] = []
    brief = exports.policy_brief_pdf
    monkeypatch.setattr(exports, "policy_brief_pdf", lambda *a, **k: calls.append("pdf") or brief(*a, **k))
    buttons: dict[tuple, object] = {}
    deferred = fairness.deferred
    monkeypatch.setattr(fairness, "deferred",
                        lambda clock, key, compute: buttons.setdefault(key, deferred(clock, key, compute)))
    at = unique_scenario_app("export_header", 3450.0)
    assert not at.exception
    pdf = next(data for key, data in buttons.items() if key[1] == "pdf" and key[2].training_per_year == 3_450_000)
    first = pdf()
    assert first[:5] == b"%PDF-" and calls == ["pdf"]
    assert pdf() == first and calls == ["pdf"]  # a repeat, even at once, costs nothing
    svg = next(data for key, data in buttons.items() if key[1] == "svg" and key[2].training_per_year == 3_450_000)
    with pytest.raises(fairness.Refused) as refused:  # another heavy file within the window
        svg()
    assert 0 < refused.value.seconds <= fairness.INTERVAL_S


def test_brief_says_how_many_comparison_rows_it_left_out() -> None:
    import io
    import struct
    import zlib

    import pandas as pd
    from pypdf import PdfReader

    import simulator
    from simulator.report import exports

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00")) + chunk(b"IEND", b""))  # a 2x1 grey image
    assessment = simulator.assess(Scenario())
    frame = exports.comparison_frame({f"Skenario {i}": assessment for i in range(11)})
    assert len(frame) == 11 and isinstance(frame, pd.DataFrame)
    pdf = exports.policy_brief_pdf(assessment, language="en", chart_png=png, comparison=frame)
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "2 more scenarios are left out" in words and "Skenario 8" in words and "Skenario 9" not in words


def test_two_sessions_asking_for_the_same_heavy_entry_do_not_deadlock() -> None:
    """Both hold the page lock (a page run) and ask for one cache entry; the second waits for the entry's own
    lock. Were the page lock still held while waiting, the first could never take it back: a deadlock seen
    with three looping clients before the request released it."""
    import threading
    import time

    from app_pages import caches, fairness

    entry = threading.Lock()  # what a cache holds while it computes an entry

    def cached() -> None:
        with entry, fairness.slot():
            time.sleep(0.2)

    def page_run() -> None:
        with caches.RUN_LOCK:
            fairness.request(fairness.Clock(), object(), cached)

    runs = [threading.Thread(target=page_run, daemon=True) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=10.0)
    assert not any(run.is_alive() for run in runs), "deadlock"
