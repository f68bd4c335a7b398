"""The Streamlit app through AppTest: runs in both languages, levers change the verdict, no exceptions."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
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


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """The tables the page draws as HTML (``st.html``; e.g. the contribution table), read back as frames."""
    return [pd.read_html(io.StringIO(e.proto.body))[0] for e in at.get("html") if "<table" in e.proto.body]


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open a lazy expander as a click would (its state is a bool under its key) and rerun."""
    at.session_state[key] = True
    return at.run()


def open_tab(at: AppTest, label_key: str, language: str = "id") -> AppTest:
    """Select a tab of the scenario page as a click would (its state is the label) and rerun."""
    from simulator.report.i18n import text

    at.session_state["scenario_tab"] = text(label_key, language)
    return at.run()


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
    assert "UMKM onboarded, December 2024 (median)" in metric_values(app)


def test_training_slider_changes_value_at_deadline(app: AppTest) -> None:
    before = metric_values(app)["UMKM onboarding, Desember 2024 (median)"]
    app.slider(key="training_per_year").set_value(5000).run()
    assert not app.exception
    after = metric_values(app)["UMKM onboarding, Desember 2024 (median)"]
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

    def tables() -> list:  # html elements with a table (not the page's language script or its style sheet)
        return [e for e in app.get("html") if "<table" in e.proto.body]

    closed = " ".join(str(element.proto) for element in tables())  # the contribution table is one too
    assert not any(f"<td>{spec.name}</td>" in closed for spec in PARAMETERS)  # closed: its tables are not built
    open_expander(app, "assumptions_open")
    assert not app.exception
    html = " ".join(str(element.proto) for element in tables())
    for spec in PARAMETERS:
        assert f"<td>{spec.name}</td>" in html
        assert spec.source("id").split(";")[0][:30].replace("&", "&amp;") in html  # the page is in Indonesian


def test_out_of_range_state_shows_a_message_not_a_traceback(app: AppTest) -> None:
    app.session_state["target_millions"] = 500.0  # beyond the allowed range, as a hand-made state would be
    app.run()
    assert not app.exception
    assert 1.0 <= app.number_input(key="target_millions").value <= 80.0
    assert "kurang" in headline(app) or "tercapai" in headline(app)


@pytest.mark.parametrize("page", ["app_pages/methodology.py", "app_pages/data.py"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_other_pages_run_in_both_languages(app: AppTest, page: str, language: str) -> None:
    app.session_state["language"] = language  # AppTest runs the page alone, without the entry point's toggle
    app.switch_page(page).run()
    assert not app.exception
    expected = {"app_pages/methodology.py": {"id": "Metodologi", "en": "Methodology"},
                "app_pages/data.py": {"id": "Data dan sumber", "en": "Data and sources"}}[page][language]
    assert app.title[0].value == expected


def test_methodology_lists_every_parameter_and_the_equations(app: AppTest) -> None:
    from simulator.parameters import PARAMETERS

    app.switch_page("app_pages/methodology.py").run()
    frames = [df.value for df in app.dataframe]
    names = next(set(frame.iloc[:, 0]) for frame in frames if "umkm_2019" in set(frame.iloc[:, 0]))
    assert names == {spec.name for spec in PARAMETERS}
    assert any("Rata-rata" in set(frame.iloc[:, 0]) for frame in frames)  # the backtest table, by origin
    assert len(app.get("latex")) >= 5


def percent(value: str) -> float:
    """``36% ± 2`` -> 36.0 (the probability, without its Monte Carlo error)."""
    return float(value.split("±")[0].replace("%", "").replace(",", ".").replace("<", "").replace(">", "").strip())


def test_probability_headline_rises_with_the_levers(app: AppTest) -> None:
    before = percent(metric_values(app)["Peluang tercapai"])
    app.slider(key="training_per_year").set_value(5000)
    app.slider(key="financing_idr_per_year").set_value(20.0).run()
    assert not app.exception
    after = percent(metric_values(app)["Peluang tercapai"])
    assert 0 <= before < after <= 100


def test_draws_are_capped_for_the_public_server(app: AppTest) -> None:
    from app_pages.state import MAX_APP_DRAWS

    options = app.select_slider(key="draws").options
    assert max(int(o) for o in options) <= MAX_APP_DRAWS
    app.select_slider(key="draws").set_value(500).run()
    assert not app.exception
    assert "%" in metric_values(app)["Peluang tercapai"]


def test_cost_ranges_per_lever_on_request(app: AppTest) -> None:
    app.slider(key="training_per_year").set_value(3000).run()
    table = next(df for df in html_tables(app) if "Tuas" in df.columns)
    assert "Biaya per UMKM tambahan, P10-P90" not in table.columns  # ranges only on request
    assert "Pelatihan & pendampingan (jalur pusat)" in set(table["Tuas"])  # per lever: the central run, marked
    app.toggle(key="ce_ranges").set_value(True).run()
    assert not app.exception
    table = next(df for df in html_tables(app) if "Biaya per UMKM tambahan, P10-P90" in df.columns)
    ranges = dict(zip(table["Tuas"], table["Biaya per UMKM tambahan, P10-P90"], strict=True))
    assert ranges["Pelatihan & pendampingan"].startswith("Rp") and " – " in ranges["Pelatihan & pendampingan"]
    assert ranges["Semua tuas"].startswith("Rp")  # with the levers' runs, every row is a Monte Carlo median


def test_reach_month_distribution_is_shown(app: AppTest) -> None:
    assert len(app.get("vega_lite_chart")) == 1  # the main chart; the reach chart's expander is closed
    open_expander(app, "reach_open")
    assert not app.exception
    specs = [str(chart.proto) for chart in app.get("vega_lite_chart")]
    assert any("Tahun pertama kali tercapai" in spec for spec in specs)
    assert any("Tidak sebelum akhir 2030" in spec for spec in specs)  # status quo: some draws never reach it


# --------------------------------------------------------------------------------------------------------
# Only what is open is drawn (and computed)
# --------------------------------------------------------------------------------------------------------

def widget_keys(at: AppTest) -> set[str]:
    return {getattr(w, "key", None) for kind in ("slider", "toggle", "number_input", "radio", "button",
                                                 "download_button", "text_input") for w in getattr(at, kind)}


def test_only_the_open_tab_is_drawn(app: AppTest) -> None:
    shown = widget_keys(app)
    assert "ce_ranges" in shown  # the first tab is open
    assert not {"gs_probability", "gs_budget", "sens_run", "save_name", "export_csv"} & shown
    open_tab(app, "gs_header")
    assert not app.exception
    shown = widget_keys(app)
    assert {"gs_probability", "gs_budget"} <= shown
    assert not {"ce_ranges", "sens_run", "save_name", "export_csv"} & shown
    assert not any("Tuas" in df.columns for df in html_tables(app))  # the contribution table is not drawn
    open_tab(app, "export_header")
    assert {"export_csv", "export_pdf"} <= widget_keys(app) and "gs_probability" not in widget_keys(app)


def test_the_open_tab_and_expanders_survive_a_language_switch(app: AppTest) -> None:
    open_tab(app, "gs_header")
    open_expander(app, "reach_open")
    app.session_state["language"] = "en"  # AppTest reruns the page alone, without the entry point's toggle
    app.run()
    assert not app.exception
    assert "30 million UMKM" in app.title[0].value
    assert app.session_state["scenario_tab"] == "What would it take?"
    assert "gs_probability" in widget_keys(app) and "ce_ranges" not in widget_keys(app)
    assert app.session_state["reach_open"] is True
    assert any("Year first reached" in str(chart.proto) for chart in app.get("vega_lite_chart"))
    app.session_state["language"] = "id"
    app.run()
    assert app.session_state["scenario_tab"] == "Apa yang dibutuhkan?"
    assert "gs_probability" in widget_keys(app)


def test_settings_inside_a_tab_survive_a_visit_to_another_tab(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages import fairness

    monkeypatch.setattr(fairness, "INTERVAL_S", 0.0)  # two heavy jobs in a row (ranges, goal seek): no window here
    app.toggle(key="ce_ranges").set_value(True).run()
    open_tab(app, "gs_header")
    app.slider(key="gs_probability").set_value(50)
    next(b for b in app.button if "goal_seek_form" in b.id).click().run()  # a form: its values count once sent
    assert app.slider(key="gs_probability").value == 50
    open_tab(app, "contrib_header")
    assert app.toggle(key="ce_ranges").value is True
    open_tab(app, "gs_header")
    assert not app.exception
    assert app.slider(key="gs_probability").value == 50
    assert any("Campuran termurah" in s.value and "50%" in s.value for s in app.success)  # the result is kept


def test_a_mix_below_the_median_is_not_shown_in_green_and_a_cut_is_flagged(app: AppTest) -> None:
    """At 30% the cheapest mix reaches the target less often than not: its median falls short, the verdict is
    red, so goal seek says so in a neutral box (never green beside red), and warns of a lever cut below the
    status quo."""
    open_tab(app, "gs_header")
    app.slider(key="gs_probability").set_value(30)
    next(b for b in app.button if "goal_seek_form" in b.id).click().run()
    assert not app.exception
    assert not any("Campuran termurah" in s.value for s in app.success)
    assert any("Campuran termurah" in i.value and "tetap" in i.value for i in app.info)
    assert len(app.error) == 1  # the page's verdict: not reached (the median)
    assert any("di bawah laju status quo" in w.value for w in app.warning)


def test_saved_scenarios_are_computed_only_when_their_tab_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from app_pages import caches
    from simulator.parameters import Scenario

    asked: list[Scenario] = []
    cached = caches.ensemble
    monkeypatch.setattr(caches, "ensemble", lambda s, *a, **k: asked.append(s) or cached(s, *a, **k))
    saved = Scenario(training_per_year=4_321_000)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_saved"] = {"Plan": saved.to_mapping()}
    at.run()
    key = Scenario.from_mapping(saved.to_mapping())
    assert asked and key not in asked
    open_tab(at, "compare_header")
    assert not at.exception
    assert key in asked
    # The current scenario holds the status-quo preset's settings, so it is named after it.
    assert any(list(df.value.iloc[:, 0]) == ["Status quo", "Plan"] for df in at.table)


def test_one_scenario_page_run_at_a_time_per_process() -> None:
    """A run waits while another session's run holds the lock, then completes (see app_pages.caches.RUN_LOCK)."""
    import threading

    from app_pages import caches

    at = AppTest.from_file(APP, default_timeout=60)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (at.run(), done.set()))
    with caches.RUN_LOCK:  # another session's page run in progress
        worker.start()
        assert not done.wait(2.0), "the page ran while another run held the lock"
    assert done.wait(60.0)
    worker.join()
    assert not at.exception
    assert "Desember 2024" in headline(at)  # the verdict was drawn


@pytest.mark.parametrize("script", ["app.py", "app_pages/scenario.py", "app_pages/methodology.py", "app_pages/data.py"])
def test_scripts_have_no_bare_strings_that_magic_would_draw(script: str) -> None:
    """Streamlit runs these files as scripts and draws any bare expression ("magic"), such as a string
    written as a docstring under a constant; only the module docstring is left alone."""
    import ast

    tree = ast.parse((Path(APP).parent / script).read_text(encoding="utf-8"))
    bare = [node.lineno for node in tree.body[1:]
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)]
    assert not bare, f"{script}: bare strings on lines {bare} would appear on the page"


def test_a_new_scenario_runs_its_monte_carlo_once(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The verdict, the chart and the contribution tab read one ensemble: a lever move to a scenario nobody
    computed before runs the Monte Carlo once (the page's caches must not key one result twice)."""
    from simulator import uncertainty

    calls: list[bool] = []
    real = uncertainty.ensemble

    def counting(*args, **kwargs):
        calls.append(kwargs.get("levers", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(uncertainty, "ensemble", counting)
    app.slider(key="training_per_year").set_value(4100).run()  # a value no other test uses
    assert not app.exception
    assert calls == [False]


def test_a_lever_moves_monte_carlo_runs_before_the_view_draws_its_levers(app: AppTest,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """``scenario.prefetch``: the engine runs while nothing of the view is on its way to the browser (its two
    threads then have both cores), for the scenario the levers then show (one computation, not two)."""
    from app_pages import sidebar
    from simulator import uncertainty

    log: list[str] = []
    real_ensemble, real_levers = uncertainty.ensemble, sidebar.levers
    monkeypatch.setattr(uncertainty, "ensemble", lambda s, *a, **k: log.append(f"ensemble {s.training_per_year:.0f}")
                        or real_ensemble(s, *a, **k))
    monkeypatch.setattr(sidebar, "levers", lambda *a, **k: log.append("levers") or real_levers(*a, **k))
    app.slider(key="training_per_year").set_value(4150).run()  # a value no other test uses
    assert not app.exception
    assert log == ["ensemble 4150000", "levers"]


def test_the_caches_key_a_scenario_by_its_settings_not_by_the_object(monkeypatch: pytest.MonkeyPatch) -> None:
    """``caches.HASH_FUNCS`` hashes a scenario by ``Scenario.key``: an equal scenario built anew is a hit, a
    scenario one step away is computed."""
    import simulator
    from app_pages import caches
    from simulator.parameters import Scenario

    calls: list[Scenario] = []
    real = simulator.assess
    monkeypatch.setattr(simulator, "assess", lambda s: calls.append(s) or real(s))
    first = Scenario(training_per_year=3_350_000)
    caches.assessment(first)
    caches.assessment(Scenario.from_mapping(first.to_mapping()))
    assert calls == [first]
    caches.assessment(first.replace(training_per_year=3_400_000))
    assert len(calls) == 2


def test_a_result_table_is_escaped_html_that_reads_back_as_the_same_table() -> None:
    """``caches.html_table`` (the contribution and the assumptions tables): a header row and every cell as
    text, with markup in a label shown as text, never run."""
    from app_pages import caches

    frame = pd.DataFrame({"Tuas <b>": ["Pelatihan", "<script>alert(1)</script>", "A & B"],
                          "Biaya": ["Rp1,2 triliun", "–", "Rp0"]})
    html = caches.html_table(frame)
    assert "<script>" not in html and "&lt;script&gt;" in html and "A &amp; B" in html
    (back,) = pd.read_html(io.StringIO(html))
    assert list(back.columns) == list(frame.columns)
    assert back.astype(str).to_numpy().tolist() == frame.to_numpy().tolist()


def test_the_main_charts_cached_spec_is_shared_and_drawing_it_leaves_it_whole(app: AppTest) -> None:
    """``caches.main_chart_spec`` is a resource cache (one spec for every session, not a copy per hit): drawing
    it takes the datasets out of Streamlit's own copy, never out of the cached spec."""
    from app_pages import caches, state
    from simulator.io import observations
    from simulator.parameters import Scenario

    app.slider(key="training_per_year").set_value(3850).run()  # a scenario no other test uses, drawn
    assert not app.exception
    key = state.DrawsKey(state.DEFAULT_APP_DRAWS, observations.DEFAULT_AS_OF)
    spec = caches.main_chart_spec(Scenario(training_per_year=3_850_000), key, "id")
    assert spec is caches.main_chart_spec(Scenario(training_per_year=3_850_000), key, "id")
    assert set(spec["datasets"]) == {"band", "curves", "observed", "later", "reference", "target", "deadline"}
    assert all(isinstance(data, bytes) and data for data in spec["datasets"].values())
    charts = app.get("vega_lite_chart")
    assert charts, "the main chart is drawn"
    assert {d.name for d in charts[0].proto.datasets} == set(spec["datasets"])  # as sent to the browser


def test_a_scenario_the_widgets_cannot_make_is_said_in_the_main_area_in_the_pages_language(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a phone the sidebar's lever box is hidden, so the levers' message about a bad state goes to the main
    area, in the reader's language; the page goes on with the status quo."""
    from app_pages import state
    from simulator.errors import InputError

    def refuse():
        raise InputError("training_per_year: nan is not a number", "training_per_year: nan bukan angka")

    monkeypatch.setattr(state, "scenario_from_state", refuse)
    app.slider(key="training_per_year").set_value(4200).run()
    assert not app.exception
    assert any("nan bukan angka" in e.value for e in app.main.error)
    assert not any("nan" in e.value for e in app.sidebar.error)
    assert not any("is not a number" in e.value for e in app.error)
