"""AppTest: a public server stays fair under hostile use (issue "one hostile visitor cannot take down").

Crafted off-step widget values hit the same cache entries as on-grid ones; heavy jobs (goal seek, sensitivity,
cost-effectiveness ranges, exports) are rate-limited per session, queued one at a time per process and cached;
a stale goal-seek result says so; the notices of a link show on every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator.parameters import Scenario
from simulator.report.i18n import text

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_app(query: dict[str, str] | None = None, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if tab:
        at.session_state["scenario_tab"] = text(tab, "id")
    return at.run()


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
        assert "4037" in notices[0] and "dibulatkan" in notices[0]  # the rounding is said, too
