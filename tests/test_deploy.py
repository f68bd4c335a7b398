"""The production configuration, and Streamlit processes behind nginx (deploy/run_multi.py): health through
the proxy, websockets with a browser-like Origin, sticky sessions, a short load test without errors, and the
real app through the proxy.

Proxy tests are skipped where nginx is not installed (Debian: ``apt-get install nginx``); .ci/run installs it.
"""

import asyncio
import re
import tomllib
import urllib.request
from pathlib import Path

import pytest

from benchmarks.loadtest import run_load_test
from benchmarks.loadtest_server import PRODUCTION_ENV, PRODUCTION_FLAGS
from benchmarks.streamlit_client import StreamlitSession
from deploy.run_multi import TEMPLATE, Deployment, find_nginx, render_config

REPO_ROOT = Path(__file__).resolve().parents[1]

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
LEVERS = ("training_per_year", "infrastructure_villages_per_year", "financing_idr_per_year")

needs_nginx = pytest.mark.skipif(find_nginx() is None, reason="nginx is not installed (apt-get install nginx)")


def _get(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode(), response.headers


def _connects(server_url: str) -> dict[str, int]:
    """Session connects and reconnects counted by one Streamlit process (/_stcore/metrics)."""
    _, text, _ = _get(f"{server_url}/_stcore/metrics")
    counts = dict(re.findall(r'session_events_total\{type="(\w+)"\} (\d+)', text))
    return {kind: int(counts.get(kind, 0)) for kind in ("connect", "reconnect")}


def test_config_lists_every_backend_and_keeps_files_under_the_prefix(tmp_path):
    text = render_config(prefix=tmp_path, listen_port=8080, backend_ports=[9001, 9002])
    assert "listen 127.0.0.1:8080;" in text
    assert "server 127.0.0.1:9001" in text and "server 127.0.0.1:9002" in text
    assert "{{" not in text
    for directive in ("pid", "error_log", "access_log", "proxy_temp_path", "client_body_temp_path"):
        assert re.search(rf"^\s*{directive} {re.escape(str(tmp_path))}/", text, re.MULTILINE), directive
    assert "proxy_set_header Host $http_host;" in text  # keeps the port: Streamlit compares Origin with Host


def test_production_settings_are_in_config_toml():
    """What a public deployment needs, in the file every host reads (Community Cloud reads only this file)."""
    server, runner = CONFIG["server"], CONFIG["runner"]
    assert server["enableXsrfProtection"] is True
    assert server["fileWatcherType"] == "none" and server["runOnSave"] is False and server["headless"] is True
    assert 0 < server["maxUploadSize"] <= 10  # [MB]; scenario files are a few kB
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert runner["postScriptGC"] is False
    assert CONFIG["theme"]["primaryColor"]


def test_load_test_flags_do_not_contradict_config_toml():
    """The load test measures the production configuration: its flags repeat config.toml, never override it."""
    for flag in PRODUCTION_FLAGS:
        name, value = flag.removeprefix("--").split("=", 1)
        section, option = name.split(".", 1)
        if option in CONFIG.get(section, {}):
            configured = CONFIG[section][option]
            assert str(configured).lower() == value.lower(), (flag, configured)


def test_nginx_accepts_every_upload_streamlit_accepts():
    """nginx's body limit sits above server.maxUploadSize, so Streamlit (not a bare 413) answers a large file."""
    limit = re.search(r"client_max_body_size (\d+)m;", TEMPLATE.read_text())
    assert limit, "client_max_body_size in megabytes"
    assert int(limit.group(1)) > CONFIG["server"]["maxUploadSize"]


def test_config_needs_a_backend(tmp_path):
    with pytest.raises(ValueError, match="backend"):
        render_config(prefix=tmp_path, listen_port=8080, backend_ports=[])


@pytest.fixture(scope="module")
def deployment():
    if find_nginx() is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    with Deployment("benchmarks/bare_app.py", processes=2) as running:
        yield running


@needs_nginx
@pytest.mark.slow
def test_health_through_the_proxy_sets_the_sticky_cookie(deployment):
    status, body, headers = _get(f"{deployment.url}/_stcore/health")
    assert (status, body) == (200, "ok")
    assert any(c.startswith("st_backend=") for c in headers.get_all("Set-Cookie"))
    # A tab that has the cookie is not given another one.
    _, _, headers = _get(f"{deployment.url}/_stcore/health", {"Cookie": "st_backend=abc"})
    assert not any(c.startswith("st_backend=") for c in headers.get_all("Set-Cookie") or [])


@needs_nginx
@pytest.mark.slow
def test_every_app_process_runs_with_the_production_environment(deployment):
    """MALLOC_ARENA_MAX and the rest of PRODUCTION_ENV reach each Streamlit process (read from /proc)."""
    for pid in deployment.server_pids:
        environ = dict(item.split("=", 1) for item in
                       Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0") if "=" in item)
        for name, value in PRODUCTION_ENV.items():
            assert environ.get(name) == value, (pid, name)


@needs_nginx
@pytest.mark.slow
def test_the_cookie_brings_a_reconnecting_tab_back_to_its_session(deployment):
    """The session lives in one process: a reconnect must reach it to resume (not start afresh)."""

    async def reconnect_three_times() -> list[bool]:
        cookie = "st_backend=tab-42"
        async with StreamlitSession(deployment.url, cookie=cookie) as first:
            await first.rerun()
            session_id = first.session_id
        resumed = []
        for _ in range(3):
            async with StreamlitSession(deployment.url, cookie=cookie, existing_session_id=session_id) as again:
                await again.rerun()
                resumed.append(again.session_id == session_id)
        return resumed

    before = [_connects(server.url) for server in deployment.servers]
    assert asyncio.run(reconnect_three_times()) == [True, True, True]
    after = [_connects(server.url) for server in deployment.servers]
    assert sum(a["reconnect"] - b["reconnect"] for a, b in zip(after, before, strict=True)) == 3


@needs_nginx
@pytest.mark.slow
def test_short_load_test_through_the_proxy_has_no_errors_and_reaches_both_processes(deployment):
    before = [_connects(server.url)["connect"] for server in deployment.servers]
    report = asyncio.run(
        run_load_test(
            deployment.url,
            sessions=16,
            moves=3,
            think_time_s=0.2,
            run_timeout_s=30,
            timeout_s=180,
            server_pids=deployment.server_pids,
        )
    )
    assert report["errors"] == 0, report["error_samples"]
    assert report["reruns"] == 16 * 3
    new_connects = [_connects(server.url)["connect"] - b for server, b in zip(deployment.servers, before, strict=True)]
    assert sum(new_connects) == 16 + 1  # the sessions and the warm-up load
    # Tabs without the cookie are spread at random: all 17 on one process has probability 2**-16.
    assert all(n > 0 for n in new_connects), new_connects


@pytest.fixture(scope="module")
def app_deployment():
    if find_nginx() is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    with Deployment("app.py", processes=2, startup_timeout=120) as running:
        yield running


@needs_nginx
@pytest.mark.slow
def test_the_app_through_the_proxy_loads_and_follows_its_levers(app_deployment):
    """The real app, with the production settings (XSRF on), behind nginx: a page load and a move of each lever."""

    async def load_and_move() -> list[tuple[str, tuple[str, ...]]]:
        results = []
        async with StreamlitSession(app_deployment.url, cookie="st_backend=tab-7", run_timeout=120) as tab:
            load = await tab.rerun()
            results.append((load.status, load.exceptions))
            for key in LEVERS:
                widget = tab.find_widget(key)
                moved = await tab.rerun({key: [widget.element.max]})
                results.append((moved.status, moved.exceptions))
        return results

    assert asyncio.run(load_and_move()) == [("ok", ())] * (1 + len(LEVERS))


@needs_nginx
@pytest.mark.slow
def test_a_lever_move_reruns_only_the_scenario_view(app_deployment):
    """Through the proxy, as a browser does it: a lever move reruns the page's fragment (the levers, the verdict,
    the chart, the tabs), not the panels around it, and the page keeps every element it had; the number of
    draws, which the panel beside the verdict reads, reruns the whole page."""

    from simulator.report.i18n import text

    def texts(elements) -> str:
        return " ".join(str(e.proto) for e in elements)

    async def moves():
        async with StreamlitSession(app_deployment.url, cookie="st_backend=tab-8", run_timeout=120) as tab:
            load = await tab.rerun()
            before = len(tab.elements)
            training = tab.find_widget("training_per_year")
            assert training.fragment_id  # drawn by the view's fragment, in the sidebar
            moved = await tab.rerun({"training_per_year": [training.element.max]})
            after = len(tab.elements)
            skill_kept = text("skill_title", "id") in texts(tab.elements)
            draws = tab.find_widget("draws")
            options = list(draws.element.options)
            full = await tab.rerun({"draws": [options[0]]})
            return load, moved, full, before, after, skill_kept

    load, moved, full, before, after, skill_kept = asyncio.run(moves())
    assert (load.status, moved.status, full.status) == ("ok", "ok", "ok")
    assert not (load.exceptions or moved.exceptions or full.exceptions)
    assert moved.fragment_ids and not full.fragment_ids  # the draws setting asked for the whole page
    assert moved.n_messages < load.n_messages  # the panels around the view were not sent again
    assert after == before and skill_kept  # ...and the page still has them
