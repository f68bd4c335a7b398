"""Tests of the protocol-level Streamlit client and the load test (benchmarks/streamlit_client.py,
benchmarks/loadtest.py): pure parts first, then against a real ``streamlit run`` of the bare page."""

import asyncio
import random
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.Selectbox_pb2 import Selectbox
from streamlit.proto.Slider_pb2 import Slider

from benchmarks.loadtest import latency_percentiles_ms, require_loopback, run_load_test
from benchmarks.loadtest_server import StreamlitServer, process_tree, rss_bytes
from benchmarks.streamlit_client import (
    Element,
    ForwardMsgCache,
    ProtocolError,
    StreamlitSession,
    Widget,
    fragment_of,
    http_url,
    merge_fragment_run,
    movable_widgets,
    random_value,
    stream_url,
    user_key_from_widget_id,
    widget_state,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


def _slider(default=(2.0,), low=0.0, high=10.0, step=0.5, key="growth_rate", **fields):
    widget_id = f"$$ID-0123abcd-{key}"
    element = Slider(id=widget_id, label="Growth", min=low, max=high, step=step, default=list(default), **fields)
    return Widget(widget_id=widget_id, kind="slider", key=key, label="Growth", element=element)


def _cacheable_delta(body: str, msg_hash: str, fragment_id: str = "") -> ForwardMsg:
    msg = ForwardMsg(hash=msg_hash)
    msg.delta.new_element.markdown.body = body
    msg.delta.fragment_id = fragment_id
    msg.metadata.cacheable = True
    msg.metadata.delta_path[:] = [0, 1]
    return msg


def _ref(msg_hash: str, path: list[int]) -> ForwardMsg:
    msg = ForwardMsg(ref_hash=msg_hash)
    msg.metadata.delta_path[:] = path
    return msg


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8501", "ws://127.0.0.1:8501/_stcore/stream"),
        ("http://127.0.0.1:8501/", "ws://127.0.0.1:8501/_stcore/stream"),
        ("https://127.0.0.1/base/", "wss://127.0.0.1/base/_stcore/stream"),
        ("ws://127.0.0.1:8501/_stcore/stream", "ws://127.0.0.1:8501/_stcore/stream"),
    ],
)
def test_stream_url(url, expected):
    assert stream_url(url) == expected


def test_http_url_strips_the_stream_path():
    assert http_url("ws://127.0.0.1:8501/base/_stcore/stream", "_stcore/health") == (
        "http://127.0.0.1:8501/base/_stcore/health"
    )


def test_stream_url_rejects_other_schemes():
    with pytest.raises(ValueError, match="url must start"):
        stream_url("ftp://127.0.0.1")


@pytest.mark.parametrize(
    ("widget_id", "key"),
    [
        ("$$ID-44f55ae260edbed5580cbdf5e15c8ddb-growth_rate", "growth_rate"),
        ("$$ID-44f55ae260edbed5580cbdf5e15c8ddb-None", None),
        ("$$ID-44f55ae2-key-with-dashes", "key-with-dashes"),
        ("plain", None),
    ],
)
def test_user_key_from_widget_id(widget_id, key):
    assert user_key_from_widget_id(widget_id) == key


def test_slider_state_is_a_double_array():
    state = widget_state(_slider(), 3.5)
    assert state.id == "$$ID-0123abcd-growth_rate"
    assert state.WhichOneof("value") == "double_array_value"
    assert list(state.double_array_value.data) == [3.5]


def test_range_slider_state_takes_two_values():
    widget = _slider(default=(1.0, 4.0))
    assert list(widget_state(widget, [2.0, 3.0]).double_array_value.data) == [2.0, 3.0]
    with pytest.raises(ValueError, match="takes 2 values"):
        widget_state(widget, 2.0)


def test_slider_state_outside_range_raises():
    with pytest.raises(ValueError, match="outside"):
        widget_state(_slider(), 10.5)


def test_select_slider_state_is_a_string_array_of_option_labels():
    element = Slider(id="$$ID-3-deadline", type=Slider.SELECT_SLIDER, options=["2029-12", "2030-12"], default=[0])
    widget = Widget("$$ID-3-deadline", "slider", "deadline", "Deadline", element)
    assert widget.is_select_slider
    assert widget.current_value() == ["2029-12"]
    assert list(widget_state(widget, "2030-12").string_array_value.data) == ["2030-12"]
    assert random_value(widget, random.Random(0)) == ["2030-12"]
    with pytest.raises(ValueError, match="not an option"):
        widget_state(widget, 1.0)


def test_number_input_and_selectbox_states():
    number = Widget("$$ID-1-n", "number_input", "n", "N", NumberInput(id="$$ID-1-n", has_min=True, min=0.0, step=1.0))
    assert widget_state(number, 4).double_value == 4.0
    with pytest.raises(ValueError, match="outside"):
        widget_state(number, -1)
    element = Selectbox(id="$$ID-2-language", options=["id", "en"])
    select = Widget("$$ID-2-language", "selectbox", "language", "L", element)
    assert widget_state(select, "en").string_value == "en"
    with pytest.raises(ValueError, match="not an option"):
        widget_state(select, "fr")


def test_random_slider_values_are_on_the_grid_and_in_range():
    widget = _slider(low=1.0, high=3.0, step=0.25)
    rng = random.Random(7)
    values = [random_value(widget, rng)[0] for _ in range(200)]
    assert all(1.0 <= v <= 3.0 for v in values)
    assert all(abs((v - 1.0) / 0.25 - round((v - 1.0) / 0.25)) < 1e-9 for v in values)
    assert len(set(values)) > 5


def test_random_value_differs_from_the_current_one():
    widget = _slider(low=0.0, high=1.0, step=1.0, default=(0.0,))
    rng = random.Random(0)
    assert all(random_value(widget, rng, current=[0.0]) == [1.0] for _ in range(20))


def test_form_and_disabled_widgets_are_not_movable():
    assert _slider().movable
    assert not _slider(form_id="f").movable
    assert not _slider(disabled=True).movable


def test_cache_resolves_references_with_their_own_metadata():
    cache = ForwardMsgCache()
    _, hit = cache.resolve(_cacheable_delta("big", "h1"))
    assert not hit
    assert cache.hashes() == ["h1"]
    full, hit = cache.resolve(_ref("h1", [0, 5]))
    assert hit
    assert full.delta.new_element.markdown.body == "big"
    assert list(full.metadata.delta_path) == [0, 5]


def test_cache_ignores_messages_not_marked_cacheable():
    cache = ForwardMsgCache()
    msg = _cacheable_delta("small", "h2")
    msg.metadata.cacheable = False
    cache.resolve(msg)
    assert len(cache) == 0


def test_unknown_reference_is_a_protocol_error():
    with pytest.raises(ProtocolError, match="uncached"):
        ForwardMsgCache().resolve(_ref("missing", [0, 0]))


def test_cache_evicts_messages_unused_for_more_than_max_age_runs():
    cache = ForwardMsgCache(max_age=2)
    cache.resolve(_cacheable_delta("a", "a"))
    cache.on_run_finished()
    cache.on_run_finished()
    assert cache.hashes() == ["a"]
    cache.resolve(_ref("a", [0, 0]))  # used again: its age restarts
    cache.on_run_finished()
    cache.on_run_finished()
    assert cache.hashes() == ["a"]
    cache.on_run_finished()
    assert cache.hashes() == []


def test_cache_keeps_messages_of_fragments_that_did_not_run():
    # The 1.67 frontend ages out, after a fragment run, only entries drawn by the fragments that ran:
    # the rest of the page was not redrawn because the run did not reach it.
    cache = ForwardMsgCache(max_age=1)
    cache.resolve(_cacheable_delta("outside", "out"))
    cache.resolve(_cacheable_delta("in f", "f", fragment_id="F"))
    cache.resolve(_cacheable_delta("in g", "g", fragment_id="G"))
    for _ in range(3):
        cache.on_run_finished(["F"])
    assert sorted(cache.hashes()) == ["g", "out"]
    cache.on_run_finished()  # a full run ages out everything unused
    assert cache.hashes() == []


def _element(path, kind="markdown", fragment_id="", **proto):
    from streamlit.proto.Markdown_pb2 import Markdown

    return Element(tuple(path), kind, proto.pop("element", None) or Markdown(**proto), fragment_id)


def test_a_change_reruns_the_fragment_common_to_its_widgets():
    inside = _slider(key="rate")
    inside = Widget(inside.widget_id, "slider", "rate", "Rate", inside.element, fragment_id="F")
    other = Widget("$$ID-1-other", "slider", "other", "Other", inside.element, fragment_id="G")
    outside = _slider(key="scale")
    assert fragment_of([inside]) == "F"
    assert fragment_of([inside, inside]) == "F"
    assert fragment_of([inside, other]) == ""
    assert fragment_of([inside, outside]) == ""
    assert fragment_of([outside]) == ""
    assert fragment_of([]) == ""


def test_a_fragment_run_keeps_what_it_did_not_redraw():
    scale, rate, nested = _slider(key="scale"), _slider(key="rate"), _slider(key="nested")
    old_elements = [
        _element([0, 0], body="title"),
        _element([0, 1], "slider", element=scale.element),
        _element([0, 2, 0], body="result: 1", fragment_id="F"),
        _element([0, 2, 1], body="gone: F no longer draws it", fragment_id="F"),
        _element([0, 2, 2, 0], "slider", fragment_id="N", element=nested.element),  # nested fragment
        _element([1, 0, 0], "slider", fragment_id="F", element=rate.element),  # F's lever in the sidebar
        _element([0, 3], body="footer"),
    ]
    old_widgets = {w.widget_id: w for w in (scale, rate, nested)}
    new_rate = Widget(rate.widget_id, "slider", "rate", "Rate", rate.element, fragment_id="F")
    new_elements = [_element([1, 0, 0], "slider", "F", element=rate.element), _element([0, 2, 0], body="result: 2")]
    widgets, elements = merge_fragment_run(
        old_widgets, old_elements, {rate.widget_id: new_rate}, new_elements, ["F"], [(0, 2), (1, 0)]
    )
    assert [w.key for w in widgets.values()] == ["scale", "rate"]  # nested went with F's block
    assert widgets[rate.widget_id] is new_rate
    bodies = sorted((e.delta_path, getattr(e.proto, "body", e.kind)) for e in elements)
    assert bodies == [
        ((0, 0), "title"),
        ((0, 1), "slider"),
        ((0, 2, 0), "result: 2"),
        ((0, 3), "footer"),
        ((1, 0, 0), "slider"),
    ]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://127.5.0.1", "http://localhost:1", "ws://[::1]:80"])
def test_loopback_urls_are_accepted(url):
    require_loopback(url)


@pytest.mark.parametrize("url", ["http://10.0.0.1:8501", "http://192.168.1.2", "http://example.org"])
def test_other_urls_are_refused(url):
    with pytest.raises(ValueError, match="loopback"):
        require_loopback(url)


def test_percentiles():
    result = latency_percentiles_ms([0.1, 0.2, 0.3, 0.4])
    assert result["p50"] == pytest.approx(250.0)
    assert result["max"] == pytest.approx(400.0)
    assert latency_percentiles_ms([])["p95"] is None


def test_rss_of_this_process_is_plausible():
    import os

    assert os.getpid() in process_tree([os.getpid()])
    assert 10 * 2**20 < rss_bytes([os.getpid()]) < 4 * 2**30


# --- against a real server -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bare_server():
    # A low cache threshold makes every element cacheable, so the reference path is exercised.
    with StreamlitServer("benchmarks/bare_app.py", extra_flags=("--global.minCachedMessageSize=100",)) as server:
        yield server


@pytest.mark.slow
def test_session_loads_the_page_and_moves_the_slider(bare_server):
    async def scenario():
        async with StreamlitSession(bare_server.url) as session:
            first = await session.rerun()
            assert first.status == "ok"
            assert first.exceptions == ()
            assert session.session_id
            assert [w.key for w in movable_widgets(session)] == ["growth_rate"]
            slider = session.find_widget("growth_rate")
            assert slider.current_value() == [2.0]
            before = session.texts()
            moved = await session.rerun({"growth_rate": 5.0})
            assert moved.status == "ok"
            assert session.value_of(slider) == 5.0
            assert session.texts() != before
            assert any(e.kind == "vega_lite_chart" for e in session.elements)
            return moved

    moved = asyncio.run(scenario())
    assert 0 < moved.latency_s < 30


@pytest.mark.slow
def test_unchanged_rerun_is_served_from_the_message_cache(bare_server):
    async def scenario():
        async with StreamlitSession(bare_server.url) as session:
            await session.rerun()
            again = await session.rerun()
            assert again.n_cache_hits > 0
            # Widgets and elements are rebuilt from the cached messages.
            assert session.find_widget("growth_rate").kind == "slider"
            assert any(e.kind == "vega_lite_chart" for e in session.elements)

    asyncio.run(scenario())


@pytest.mark.slow
def test_unknown_widget_key_names_the_known_ones(bare_server):
    async def scenario():
        async with StreamlitSession(bare_server.url) as session:
            await session.rerun()
            with pytest.raises(KeyError, match="growth_rate"):
                await session.rerun({"no_such_key": 1.0})

    asyncio.run(scenario())


@pytest.mark.slow
def test_small_load_test_has_no_errors_and_measures_memory(bare_server):
    report = asyncio.run(
        run_load_test(
            bare_server.url, sessions=4, moves=2, think_time_s=0.05, timeout_s=120, server_pids=[bare_server.pid]
        )
    )
    assert report["errors"] == 0, report["error_samples"]
    assert report["reruns"] == 8
    assert report["rerun_latency_ms"]["p50"] > 0
    assert report["memory"]["per_idle_session_mib"] is not None
    assert report["memory"]["server_processes"][0].startswith("python")


@pytest.mark.slow
def test_load_test_reports_a_missing_widget_as_an_error(bare_server):
    report = asyncio.run(
        run_load_test(bare_server.url, sessions=2, moves=1, widget_keys=["no_such_key"], think_time_s=0, timeout_s=60)
    )
    assert report["errors_by_kind"] == {"widgets": 2}


# --- fragments, against a real server ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fragment_server():
    # tests/fragment_app.py: a number input outside a fragment, a slider inside one (drawn into the
    # sidebar), counters of full and fragment runs. Every element cacheable, as for the bare page.
    with StreamlitServer("tests/fragment_app.py", extra_flags=("--global.minCachedMessageSize=100",)) as server:
        yield server


def _record_sent_fragment_ids(session: StreamlitSession) -> list[str]:
    """Wrap the session's socket so each rerun's ``ClientState.fragment_id`` is appended to a list."""
    sent: list[str] = []
    send = session._ws.send

    async def recording_send(data):
        back_msg = BackMsg()
        back_msg.ParseFromString(data)
        sent.append(back_msg.rerun_script.fragment_id)
        await send(data)

    session._ws.send = recording_send
    return sent


def _counters(session: StreamlitSession) -> dict[str, str]:
    """The app's lines ``name: value`` (full runs, fragment runs, result), as the page shows them."""
    return dict(text.split(": ", 1) for text in session.texts() if ": " in text)


@pytest.mark.slow
def test_fragment_slider_reruns_only_its_fragment(fragment_server):
    async def scenario():
        async with StreamlitSession(fragment_server.url) as session:
            sent = _record_sent_fragment_ids(session)
            first = await session.rerun()
            assert first.status == "ok" and first.exceptions == () and first.fragment_ids == ()
            rate, scale = session.find_widget("rate"), session.find_widget("scale")
            assert rate.fragment_id and scale.fragment_id == ""
            assert _counters(session) == {"full runs": "1", "result": "2.00", "fragment runs": "1"}

            moved = await session.rerun({"rate": 5.0})
            assert sent == ["", rate.fragment_id]
            assert moved.status == "ok" and moved.exceptions == ()
            assert moved.fragment_ids == (rate.fragment_id,)
            # The full-run counter is the one drawn before: the script outside the fragment did not run.
            assert _counters(session) == {"full runs": "1", "result": "5.00", "fragment runs": "2"}
            assert "footer" in session.texts()
            assert session.value_of(session.find_widget("rate")) == 5.0

            # The widget outside the fragment is still known, and moving it reruns the whole script.
            assert session.find_widget("scale").fragment_id == ""
            full = await session.rerun({"scale": 3.0})
            assert sent[-1] == ""
            assert full.status == "ok" and full.fragment_ids == ()
            assert _counters(session) == {"full runs": "2", "result": "15.00", "fragment runs": "3"}

            forced = await session.rerun({"rate": 1.0}, full_run=True)
            assert sent[-1] == "" and forced.fragment_ids == ()
            assert _counters(session) == {"full runs": "3", "result": "3.00", "fragment runs": "4"}

    asyncio.run(scenario())


@pytest.mark.slow
def test_alternating_fragment_and_full_runs_stay_in_step(fragment_server):
    # Fragment runs leave the cache entries of the rest of the page alone; full runs refer to them.
    # A long alternation must never meet a reference the client cannot resolve, and the page the
    # client pieces together must always match the server's counters.
    async def scenario():
        rng = random.Random(3)
        async with StreamlitSession(fragment_server.url) as session:
            await session.rerun()
            rate_value, scale_value, full_runs, fragment_runs, cache_hits = 2.0, 1.0, 1, 1, 0
            for move in range(40):
                if move % 3 == 2:  # two fragment moves, then one full-run move
                    scale_value = float(rng.choice([v for v in range(1, 11) if v != scale_value]))
                    result = await session.rerun({"scale": scale_value})
                    assert result.fragment_ids == ()
                    full_runs += 1
                else:
                    rate_value = random_value(session.find_widget("rate"), rng, [rate_value])[0]
                    result = await session.rerun({"rate": rate_value})
                    assert len(result.fragment_ids) == 1
                fragment_runs += 1
                cache_hits += result.n_cache_hits
                assert result.status == "ok" and result.exceptions == ()
                assert _counters(session) == {
                    "full runs": str(full_runs),
                    "result": f"{rate_value * scale_value:.2f}",
                    "fragment runs": str(fragment_runs),
                }
                assert {"rate", "scale"} <= set(session.widget_keys())
            assert cache_hits > 0

    asyncio.run(scenario())
