"""A hostile visitor against the real app: one Streamlit process with the production flags, behind nginx.

Each test replays one finding of the attacker (on 127.0.0.1 only, bounded in count and time) and asserts the
fixed behaviour: uploads under ids the server never issued are refused and memory stays flat; a session keeps at
most its cap of files; a huge or malformed widget state neither breaks the session nor floods the log;
``clear_cache`` from a tab clears nothing; crafted widget values leave the session working on its next run; and
through nginx, metrics are closed, security headers are present, uploads are rate-limited, an over-long link gets
a page that says so and a nested unknown path redirects.

The in-app rows talk to the process's own port (as on Community Cloud, where no nginx runs); the proxy rows go
through nginx. Without nginx the proxy rows are skipped (CI installs it).
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from app_pages import guard
from benchmarks.loadtest_server import StreamlitServer, rss_bytes
from benchmarks.streamlit_client import StreamlitSession
from deploy.run_multi import Deployment, find_nginx

REPO_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
XSRF_COOKIE = "_streamlit_xsrf"
MB = 1_000_000


@dataclass
class Target:
    direct: str  # the Streamlit process's own URL
    proxy: str | None  # nginx in front of it, if nginx is installed
    pid: int
    log: Path


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    log = tmp_path_factory.mktemp("hostile") / "streamlit.log"
    if find_nginx() is None:
        with StreamlitServer("app.py", log_path=log, startup_timeout=120) as server:
            yield _warm(Target(server.url, None, server.pid, log))
        return
    with Deployment("app.py", processes=1, startup_timeout=120) as deployment:
        server = deployment.servers[0]
        yield _warm(Target(server.url, deployment.url, server.pid, server.log_path))


def _warm(target: Target) -> Target:
    """One page load: the guards install on a process's first script run."""
    result = asyncio.run(_load(target.direct))
    assert result.status == "ok" and not result.exceptions, result
    return target


async def _load(url: str):
    async with StreamlitSession(url, run_timeout=120) as tab:
        return await tab.rerun()


def _log_size(target: Target) -> int:
    return target.log.stat().st_size


def _metric(url: str, cache_type: str, *, fresh: bool = True) -> int:
    """Summed ``cache_memory_bytes`` of one kind of cache, read from the process's /_stcore/metrics.

    Streamlit computes that family at most every 5 s: ``fresh`` waits that long, so the figure is current.
    """
    if fresh:
        time.sleep(5.2)
    text = requests.get(f"{url}/_stcore/metrics", timeout=10).text
    return sum(int(float(v)) for v in re.findall(
        rf'cache_memory_bytes\{{cache_type="{re.escape(cache_type)}"[^}}]*\}} (\S+)', text))


def _xsrf(url: str) -> str:
    return requests.get(f"{url}/_stcore/health", timeout=10).cookies[XSRF_COOKIE]


def _put(url: str, session_id: str, file_id: str, data: bytes, token: str) -> int:
    response = requests.put(f"{url}/_stcore/upload_file/{session_id}/{file_id}",
                            files={"file": ("scenario.json", data, "application/json")},
                            headers={"X-Xsrftoken": token}, cookies={XSRF_COOKIE: token}, timeout=30)
    return response.status_code


async def _issued_ids(tab: StreamlitSession, n: int) -> list[str]:
    """Ask the server for ``n`` upload URLs, as the browser does before an upload."""
    msg = BackMsg()
    msg.file_urls_request.request_id = uuid.uuid4().hex
    msg.file_urls_request.file_names.extend(["scenario.json"] * n)
    msg.file_urls_request.session_id = tab.session_id
    await tab._ws.send(msg.SerializeToString())
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(tab._ws.recv(), timeout=20))
        if reply.WhichOneof("type") == "file_urls_response":
            return [urls.file_id for urls in reply.file_urls_response.file_urls]
    raise TimeoutError("no file_urls_response")


def _state(widget_id: str, **value) -> WidgetState:
    state = WidgetState(id=widget_id)
    (field, v), = value.items()
    if field.endswith("array_value"):
        getattr(state, field).data.extend(v)
    elif field == "file_uploader_state_value":
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = v, "scenario.json", 10
    else:
        setattr(state, field, v)
    return state


# ------------------------------------------------------------------------------------------------------------
# Row 1: uploads fill the server's memory
# ------------------------------------------------------------------------------------------------------------

def test_uploads_under_ids_never_issued_are_refused_and_memory_stays_flat(target):
    """The attacker's repro: PUT 1 MB files under new ids in a loop (was +955 MB for 1,000; here 120)."""
    n_uploads = 120
    payload = b"x" * MB

    async def attack() -> tuple[list[int], int, int]:
        async with StreamlitSession(target.direct, run_timeout=120) as tab:
            await tab.rerun()
            token = _xsrf(target.direct)
            before = rss_bytes([target.pid])
            statuses = [_put(target.direct, tab.session_id, str(uuid.uuid4()), payload, token)
                        for _ in range(n_uploads)]
            return statuses, before, rss_bytes([target.pid])

    started = time.monotonic()
    statuses, before, after = asyncio.run(attack())
    print(f"{n_uploads} x 1 MB under new ids in {time.monotonic() - started:.1f} s: statuses {set(statuses)}, "
          f"RSS {before / 2**20:.0f} -> {after / 2**20:.0f} MiB")
    assert set(statuses) == {403}
    assert _metric(target.direct, "UploadedFileManager", fresh=False) == 0  # no upload ever stored
    assert after - before < 60 * 2**20  # 120 MB kept would show as ~+120 MiB


def test_a_session_keeps_at_most_its_cap_of_uploads_and_each_id_works_once(target):
    async def attack() -> tuple[list[int], int, list[int]]:
        async with StreamlitSession(target.direct, run_timeout=120) as tab:
            await tab.rerun()
            token = _xsrf(target.direct)
            ids = await _issued_ids(tab, 20)  # only the last ISSUED_IDS_KEPT stay valid
            first = [_put(target.direct, tab.session_id, file_id, b"y" * MB, token) for file_id in ids]
            kept = _metric(target.direct, "UploadedFileManager")
            again = [_put(target.direct, tab.session_id, ids[-1], b"z", token)]  # an id works once
            more = await _issued_ids(tab, guard.ISSUED_IDS_KEPT)
            again += [_put(target.direct, tab.session_id, file_id, b"{}", token) for file_id in more]
            return first, kept, again

    first, kept, again = asyncio.run(attack())
    n_old = 20 - guard.ISSUED_IDS_KEPT
    assert first[:n_old] == [403] * n_old
    assert first[n_old:] == [204] * guard.ISSUED_IDS_KEPT
    assert 0 < kept <= guard.MAX_BYTES_PER_SESSION
    assert again[0] == 403
    # 8 uploads done this minute; the rate cap lets the next 4 through and refuses the rest.
    n_allowed = guard.MAX_UPLOADS_PER_MINUTE - guard.ISSUED_IDS_KEPT
    assert again[1:] == [204] * n_allowed + [429] * (guard.ISSUED_IDS_KEPT - n_allowed)


# ------------------------------------------------------------------------------------------------------------
# Rows 2 and 10: malformed and crafted widget states
# ------------------------------------------------------------------------------------------------------------

def test_a_huge_widget_state_closes_only_its_socket_and_writes_little_log(target):
    """Was: one 24 MB message and three reruns wrote 72 MB of log, and the session failed from then on."""

    async def attack() -> tuple[str, object, object]:
        async with StreamlitSession(target.direct, run_timeout=60) as tab:
            await tab.rerun()
            tab._widget_states["bad"] = _state("x" * (24 * MB), int_value=1)
            try:
                await tab.rerun()
                outcome = "ran"
            except Exception as exc:  # the server closes the socket (1009 message too big)
                outcome = type(exc).__name__
        async with StreamlitSession(target.direct, run_timeout=60) as tab:
            tab._widget_states["bad"] = _state("y" * 900_000, int_value=1)  # under the frame limit
            runs = [await tab.rerun() for _ in range(3)]
        return outcome, runs, await _load(target.direct)

    before = _log_size(target)
    outcome, runs, fresh = asyncio.run(attack())
    written = _log_size(target) - before
    print(f"24 MB state: {outcome}; 0.9 MB id + 3 reruns; log +{written} B")
    assert outcome != "ran"
    assert [(r.status, r.exceptions) for r in runs] == [("ok", ())] * 3
    assert (fresh.status, fresh.exceptions) == ("ok", ())
    assert written < 4000


CRAFTED = {
    "a double for a select slider": ("deadline", {"double_value": 3.0}),
    "a string array for a number slider": ("training_per_year", {"string_array_value": ["lots"]}),
    "a string for the target": ("target_millions", {"string_value": "thirty"}),
    "an upload id never uploaded": ("scenario_upload", {"file_uploader_state_value": "never-uploaded"}),
    "NaN for a slider": ("training_per_year", {"double_array_value": [float("nan")]}),
    "a month that is not an option": ("deadline", {"string_array_value": ["1999-01"]}),
    "a language that does not exist": ("language", {"string_value": "xx"}),
    "an id that is not a widget id": (None, {"int_value": 1}),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_crafted_widget_values_leave_the_session_working(target, case):
    key, value = CRAFTED[case]

    async def attack():
        async with StreamlitSession(target.direct, run_timeout=60) as tab:
            await tab.rerun()
            widget_id = tab.find_widget(key).widget_id if key else "not-a-widget-id"
            tab._widget_states[widget_id] = _state(widget_id, **value)
            crafted = await tab.rerun()
            del tab._widget_states[widget_id]
            lever = tab.find_widget("financing_idr_per_year")
            moved = await tab.rerun({"financing_idr_per_year": [lever.element.max]})
            return crafted, moved, tab.find_widget("financing_idr_per_year").current_value(), lever.element.max

    crafted, moved, value_now, wanted = asyncio.run(attack())
    assert (crafted.status, crafted.exceptions) == ("ok", ())
    assert (moved.status, moved.exceptions) == ("ok", ())
    assert value_now == [wanted]  # the next, valid move took effect


def test_valid_moves_of_every_kind_pass_the_guard(target):
    """The checks drop only what does not fit: a slider, a select slider, a number input and a radio move."""

    async def move():
        async with StreamlitSession(target.direct, run_timeout=60) as tab:
            await tab.rerun()
            deadline = tab.find_widget("deadline")
            moves = {"training_per_year": [50.0], "deadline": [deadline.element.options[-3]], "target_millions": 25.0}
            result = await tab.rerun(moves)
            values = {key: tab.find_widget(key).current_value() for key in moves}
            english = await tab.rerun({"language": "English"})
            assert (english.status, english.exceptions) == ("ok", ())
            return result, moves, values, tab.texts()

    result, moves, values, texts = asyncio.run(move())
    assert (result.status, result.exceptions) == ("ok", ())
    assert values == moves
    assert any("reached" in t or "Not reached" in t for t in texts)  # the page switched to English


# ------------------------------------------------------------------------------------------------------------
# Row 9: clear_cache from a tab
# ------------------------------------------------------------------------------------------------------------

def test_clear_cache_from_a_tab_clears_nothing_and_the_victim_stays_fast(target):
    """Was: looping clear_cache took a victim's move between two known scenarios from 24 to 182 ms."""

    async def run() -> tuple[float, float, int, int]:
        async with StreamlitSession(target.direct, run_timeout=60) as victim, \
                StreamlitSession(target.direct, run_timeout=60) as attacker:
            await victim.rerun()
            await attacker.rerun()
            values = ([10.0], [20.0])
            for v in values:  # both scenarios computed once
                await victim.rerun({"infrastructure_villages_per_year": v})

            flooded = [0]  # clear_cache messages sent so far

            async def moves(n: int, *, until_flooded: int = 0) -> float:
                """The median of at least ``n`` moves, and of more until the flood has sent ``until_flooded``
                messages (a fast victim would otherwise finish its moves before the flood had begun)."""
                times: list[float] = []
                while len(times) < n or (flooded[0] < until_flooded and len(times) < 400):
                    move = {"infrastructure_villages_per_year": values[len(times) % 2]}
                    times.append((await victim.rerun(move)).latency_s)
                return statistics.median(times)

            quiet = await moves(8)
            cached_before = _metric(target.direct, "st_cache_resource")
            stop = asyncio.Event()

            async def flood() -> int:
                clear = BackMsg(clear_cache=True).SerializeToString()
                while not stop.is_set() and flooded[0] < 2000:
                    await attacker._ws.send(clear)
                    flooded[0] += 1
                    await asyncio.sleep(0.002)
                return flooded[0]

            flooding = asyncio.create_task(flood())
            loud = await moves(8, until_flooded=100)
            stop.set()
            sent = await flooding
            return quiet, loud, sent, cached_before

    quiet, loud, sent, cached_before = asyncio.run(run())
    cached_after = _metric(target.direct, "st_cache_resource")
    print(f"victim median move {quiet * 1e3:.0f} ms quiet, {loud * 1e3:.0f} ms under {sent} clear_cache messages")
    assert sent > 50
    assert cached_before > 0 and cached_after >= cached_before
    assert loud < max(3 * quiet, quiet + 0.1)


# ------------------------------------------------------------------------------------------------------------
# Rows 1, 8 and 14 through nginx
# ------------------------------------------------------------------------------------------------------------

@pytest.fixture
def proxy(target) -> str:
    if target.proxy is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return target.proxy


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def test_metrics_are_closed_through_the_proxy(proxy, target):
    assert requests.get(f"{proxy}/_stcore/metrics", timeout=10).status_code == 404
    assert requests.get(f"{target.direct}/_stcore/metrics", timeout=10).status_code == 200  # local monitoring


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/methodology", "/_stcore/metrics", "/favicon.png"])
def test_every_answer_carries_the_security_headers(proxy, path):
    headers = requests.get(f"{proxy}{path}", timeout=10, allow_redirects=False).headers
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, (path, name, headers.get(name))


def test_page_assets_still_load_through_the_proxy(proxy):
    page = requests.get(f"{proxy}/", timeout=10).text
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', page).group(1)
    response = requests.get(f"{proxy}/{script}", timeout=10)
    assert response.status_code == 200 and "javascript" in response.headers["Content-Type"]


@pytest.mark.parametrize("size", [40_000, 100_000])
def test_an_over_long_link_gets_a_page_that_says_so(proxy, size):
    for response in (requests.get(f"{proxy}/?training_per_year={'9' * size}", timeout=10),
                     requests.get(f"{proxy}/", headers={"Cookie": "c=" + "a" * size}, timeout=10)):
        assert response.status_code in (400, 414)
        assert "too long" in response.text and "terlalu panjang" in response.text
        assert "Invalid HTTP request" not in response.text
        assert response.headers["X-Frame-Options"] == "DENY"


def test_a_link_under_the_limit_still_opens_the_app(proxy):
    response = requests.get(f"{proxy}/?training_per_year={'9' * 20_000}", timeout=10)
    assert response.status_code == 200 and "<div id=\"root\">" in response.text


@pytest.mark.parametrize(("path", "location"), [
    ("/data/x", "/data"), ("/methodology/a/b?lang=en", "/methodology?lang=en"), ("/nothing/here/", "/nothing")])
def test_a_nested_unknown_path_redirects_to_its_first_part(proxy, path, location):
    response = requests.get(f"{proxy}{path}", timeout=10, allow_redirects=False)
    assert response.status_code == 302 and response.headers["Location"] == location


def test_uploads_through_the_proxy_are_rate_limited(proxy):
    """A burst of PUTs from one address: nginx lets the burst through (Streamlit refuses the unknown ids), then
    answers 429 itself."""
    token = requests.get(f"{proxy}/_stcore/health", timeout=10).cookies[XSRF_COOKIE]
    statuses = [_put(proxy, "no-such-session", str(uuid.uuid4()), b"{}", token) for _ in range(25)]
    print("upload burst through nginx:", statuses)
    assert statuses.count(429) >= 25 - 11 - 2  # burst 10 + the first, and a couple refilled meanwhile
    assert 429 not in statuses[:10]


def test_a_real_upload_still_loads_its_scenario(target):
    """The browser's way (ask for a URL, PUT the file, rerun naming it) passes every check and applies the file."""
    content = b'{"financing_idr_per_year": 15000000000000}'

    async def upload():
        async with StreamlitSession(target.direct, run_timeout=60) as tab:
            await tab.rerun()
            token = _xsrf(target.direct)
            (file_id,) = await _issued_ids(tab, 1)
            status = _put(target.direct, tab.session_id, file_id, content, token)
            widget_id = tab.find_widget("scenario_upload").widget_id
            state = _state(widget_id, file_uploader_state_value=file_id)
            state.file_uploader_state_value.uploaded_file_info[0].size = len(content)
            tab._widget_states[widget_id] = state
            result = await tab.rerun()
            return status, result, tab.find_widget("financing_idr_per_year").current_value()

    status, result, value = asyncio.run(upload())
    assert status == 204
    assert (result.status, result.exceptions) == ("ok", ())
    assert value == [15.0]
