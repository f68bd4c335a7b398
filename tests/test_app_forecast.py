"""The scenario page on the Monte Carlo: vintage control, headline on the median, skill panel, added counts."""

from __future__ import annotations

import pytest

from app_pages import caches, state
from simulator.io import added
from simulator.parameters import Scenario
from simulator.report import formatting
from tests.apptest import open_app

pytestmark = pytest.mark.app


def _headline(at) -> str:
    boxes = [*at.success, *at.error]
    assert len(boxes) == 1, [b.value for b in boxes]
    return boxes[0].value


def _texts(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_the_headline_and_the_metrics_are_the_median_forecast() -> None:
    at = open_app({"lang": "en"})
    assert not at.exception
    fan = caches.ensemble(Scenario(horizon=state.APP_HORIZON), state.DrawsKey(n=1000, as_of="2021-06"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["UMKM onboarded, December 2024 (median)"] == formatting.count(fan.adopters_at_deadline_p50, "en")
    shortfall = formatting.count(Scenario().target - fan.adopters_at_deadline_p50, "en")
    if fan.median_reached_by_deadline:
        assert "reached in" in _headline(at)
    else:
        assert shortfall in _headline(at)
    assert "±" in metrics["Chance of reaching it"]
    assert "How good is this forecast?" in _texts(at)
    assert "straight line" in _texts(at)


def test_a_later_vintage_sees_more_data_and_is_carried_by_the_link() -> None:
    at = open_app({"lang": "en", "as_of": "2022-12"})
    assert not at.exception
    assert at.selectbox(key=state.AS_OF).value == "2022-12"
    assert "data as of December 2022 said" in _texts(at)
    at.selectbox(key=state.AS_OF).set_value("2021-06").run()
    assert "data as of June 2021 said" in _texts(at)
    assert "as_of" not in at.query_params  # the default vintage is not written into the link


def test_a_bad_vintage_in_a_link_is_a_notice_and_the_decision_is_used() -> None:
    at = open_app({"lang": "en", "as_of": "2031-01"})
    assert not at.exception
    assert at.selectbox(key=state.AS_OF).value == "2021-06"
    assert any("as_of" in w.value for w in at.warning)


def test_counts_from_a_link_are_applied_marked_and_move_the_vintage_range() -> None:
    at = open_app({"lang": "en", "obs": "2023-09:23100000:2023-10-05", "as_of": "2023-10"})
    assert not at.exception
    assert at.session_state[state.ADDED] == added.normalise([{"date": "2023-09", "value": "23100000",
                                                             "said_on": "2023-10-05"}])
    assert at.selectbox(key=state.AS_OF).value == "2023-10"
    assert "2023-10" in at.selectbox(key=state.AS_OF).options or "October 2023" in at.selectbox(
        key=state.AS_OF).options


def test_hostile_counts_in_a_link_keep_the_page_and_say_why() -> None:
    at = open_app({"lang": "en", "obs": "2023-09:-5,2099-01:1"})
    assert not at.exception
    assert state.ADDED not in at.session_state or at.session_state[state.ADDED] == ()
    assert any("obs" in w.value for w in at.warning)
    assert _headline(at)  # the page still answers


def test_a_malformed_count_in_a_link_is_explained_in_the_pages_language() -> None:
    at = open_app({"lang": "id", "obs": "2023-09:banyak"})
    assert not at.exception
    notice = next(w.value for w in at.warning if "obs" in w.value)
    assert "bukan tanggal:nilai" in notice and "2023-09:23100000" in notice  # what is allowed, in Indonesian
    assert "is not" not in notice


def _apply_twice() -> None:
    """A script: apply good counts, then hostile ones; show what is kept."""
    import streamlit as st

    from app_pages import added_counts, state

    if "step" not in st.session_state:
        st.session_state.step = 0
        added_counts.apply([{"date": "2023-09", "value": "23100000", "said_on": "2023-10-05"}])
        st.session_state.after_good = (st.session_state[state.ADDED], st.session_state[state.AS_OF])
        for bad in ([{"date": "2023-10", "value": "-5"}], [{"date": "2099-01", "value": "1"}],
                    [{"date": "2023-11", "value": "lots"}], [{"date": "2023-09", "value": "3e6",
                                                             "definition": "bps_survey"}],
                    [{"date": "2023-12", "value": "24000000"}] * 10_000):
            added_counts.apply(bad)
            st.session_state.setdefault("errors", []).append(st.session_state.get(state.ADDED_ERROR))
        st.session_state.after_bad = (st.session_state[state.ADDED], st.session_state[state.AS_OF])
    st.write("ok")


def test_hostile_added_counts_say_why_and_keep_the_previous_ones() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_apply_twice, default_timeout=60).run()
    assert not at.exception
    good_rows, good_as_of = at.session_state["after_good"]
    assert len(good_rows) == 1 and good_as_of == "2023-10"  # the vintage moved to the latest month
    assert at.session_state["after_bad"] == (good_rows, good_as_of)  # every refusal kept them
    errors = at.session_state["errors"]
    assert all(errors) and len(errors) == 5
    assert "out of range" in errors[0]["en"] and "at most 50" in errors[4]["en"]
    assert "paling banyak 50" in errors[4]["id"]  # kept in both languages, shown in the reader's
