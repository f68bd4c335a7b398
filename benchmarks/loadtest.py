"""Load test: N concurrent protocol-level sessions load the app and move its widgets.

Each session opens the websocket, runs the page once (the page load), waits until every session has
loaded, then makes ``--moves`` widget moves, each after a think time: a random valid value for one of
the sliders it discovered, or for one of the widgets named with ``--widget KEY``. Session starts, and
again their first moves, are spread over the ramp-up time. Reported:

- rerun latency (send ``rerun_script`` -> final ``script_finished``): p50, p95, p99, max [ms];
- page-load latency (connect + first run) [ms];
- errors by kind (connect failures, timeouts, protocol errors, exceptions drawn by the app);
- reruns per second over the move phase, and server CPU seconds per rerun;
- server memory per idle session: RSS of the server process tree (from /proc) after one warm-up
  session, and again once all N sessions have loaded and sit idle, difference divided by N.

Traffic goes only to the given URL, which must be on the loopback interface. Every loop is bounded:
sessions x moves reruns, each with ``--run-timeout``, and the whole test with ``--timeout``.

Examples::

    .venv/bin/python -m benchmarks.loadtest --start-server benchmarks/bare_app.py --sessions 50 --moves 5
    .venv/bin/python -m benchmarks.loadtest --start-server app.py --processes 2 --sessions 200 --moves 3
    .venv/bin/python -m benchmarks.loadtest --url http://127.0.0.1:8501 --sessions 200 \\
        --widget training_per_year --widget financing_idr_per_year --json artifacts/load.json

Exit status: 0 without errors, 1 if any session had an error (or ``--max-p50-ms`` / ``--max-p95-ms`` is
missed), 2 if the test could not start.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from benchmarks.loadtest_server import PRODUCTION_FLAGS, StreamlitServer, pids_listening_on, rss_bytes
from benchmarks.streamlit_client import ProtocolError, StreamlitSession, movable_widgets, random_value

MIB = 1024 * 1024
# How many error messages of each kind the report keeps.
_ERROR_SAMPLES = 5


@dataclass
class SessionLog:
    """What one session measured and what went wrong in it."""

    load_latency_s: float | None = None
    rerun_latencies_s: list[float] = field(default_factory=list)
    bytes_received: int = 0
    cache_hits: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    loaded: bool = False
    finished: bool = False


def require_loopback(url: str) -> None:
    """Raise ValueError unless ``url`` points at this machine (127.0.0.0/8, ::1 or localhost)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"load tests only target the loopback interface, not {host!r}")


def _cpu_seconds(pids: list[int]) -> float:
    """utime + stime of ``pids`` [s] (not of their children)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


def machine_busy_seconds() -> float:
    """CPU time all cores spent busy since boot [s] (/proc/stat), to tell background load apart."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def latency_percentiles_ms(values_s: list[float]) -> dict[str, float | None]:
    if not values_s:
        return {"p50": None, "p95": None, "p99": None, "max": None, "mean": None}
    values_ms = np.asarray(values_s) * 1000.0
    return {
        "p50": round(float(np.percentile(values_ms, 50)), 1),
        "p95": round(float(np.percentile(values_ms, 95)), 1),
        "p99": round(float(np.percentile(values_ms, 99)), 1),
        "max": round(float(values_ms.max()), 1),
        "mean": round(float(values_ms.mean()), 1),
    }


async def _one_session(
    index: int,
    log: SessionLog,
    *,
    url: str,
    moves: int,
    widget_keys: list[str],
    think_time_s: float,
    start_delay_s: float,
    run_timeout_s: float,
    use_message_cache: bool,
    seed: int,
    all_loaded: asyncio.Event,
    on_loaded: Any,
    all_done: asyncio.Event,
) -> None:
    rng = random.Random(seed * 100_003 + index)
    session = StreamlitSession(url, run_timeout=run_timeout_s, use_message_cache=use_message_cache)
    try:
        await asyncio.sleep(start_delay_s)
        started = time.perf_counter()
        try:
            await session.connect()
        except Exception as exc:  # refused, handshake rejected (403, 404), timeout
            log.errors.append(("connect", f"{type(exc).__name__}: {exc}"))
            return
        if not await _run(session, log, None, kind="load"):
            return
        log.load_latency_s = time.perf_counter() - started
        try:
            widgets = movable_widgets(session, widget_keys)
        except (KeyError, ValueError) as exc:
            log.errors.append(("widgets", str(exc)))
            return
        if moves and not widgets:
            log.errors.append(("widgets", "the page has no slider to move; name widgets with --widget"))
            return
        log.loaded = True
        on_loaded()
        await all_loaded.wait()
        # Users arrived over the ramp-up and keep that spread: without it every session's first
        # move would land within one think time, a burst no real audience produces.
        await asyncio.sleep(start_delay_s)

        for _ in range(moves):
            await asyncio.sleep(think_time_s * rng.uniform(0.5, 1.5))
            widget = rng.choice(widgets)
            value = random_value(widget, rng, session.value_of(widget))
            if not await _run(session, log, {widget.widget_id: value}, kind="rerun"):
                return
            # Ids of unkeyed widgets change with their parameters (a label in another language), so
            # look the widgets up again after every run.
            try:
                widgets = movable_widgets(session, widget_keys) or widgets
            except (KeyError, ValueError) as exc:
                log.errors.append(("widgets", str(exc)))
                return
        log.finished = True
        await all_done.wait()
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a bug here must show in the report, not vanish with the task
        log.errors.append(("client", f"{type(exc).__name__}: {exc}"))
    finally:
        if not log.loaded:
            on_loaded()  # a failed session must not hold the others back
        await session.close()


async def _run(session: StreamlitSession, log: SessionLog, updates: dict[str, Any] | None, *, kind: str) -> bool:
    """One run; record its latency or its error. Return whether the session can go on."""
    try:
        result = await session.rerun(updates)
    except TimeoutError:
        log.errors.append(("timeout", f"{kind} did not finish within {session.run_timeout:.0f} s"))
        return False
    except ProtocolError as exc:
        log.errors.append(("protocol", f"{kind}: {exc}"))
        return False
    except OSError as exc:
        log.errors.append(("socket", f"{kind}: {type(exc).__name__}: {exc}"))
        return False
    log.bytes_received += result.n_bytes
    log.cache_hits += result.n_cache_hits
    if kind == "rerun":
        log.rerun_latencies_s.append(result.latency_s)
    if result.status != "ok":
        log.errors.append(("script", f"{kind}: {result.status}: {'; '.join(result.exceptions)}"))
        return False
    if result.exceptions:
        log.errors.append(("app_exception", f"{kind}: {result.exceptions[0]}"))
    return True


async def _warm_up(url: str, run_timeout_s: float, n_loads: int) -> None:
    """Load the page ``n_loads`` times, so first-run imports count neither as latency nor as memory.

    Behind a proxy each load reaches a process at random, so warm each process at its own URL.
    """
    for _ in range(n_loads):
        async with StreamlitSession(url, run_timeout=run_timeout_s) as session:
            await session.rerun()


def _process_names(pids: list[int]) -> list[str]:
    names = []
    for pid in pids:
        try:
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            names.append("?")
    return names


async def run_load_test(
    url: str,
    *,
    sessions: int,
    moves: int,
    widget_keys: list[str] | None = None,
    think_time_s: float = 1.0,
    ramp_up_s: float | None = None,
    run_timeout_s: float = 30.0,
    timeout_s: float = 600.0,
    server_pids: list[int] | None = None,
    use_message_cache: bool = True,
    warm_up_loads: int = 1,
    warm_up_urls: list[str] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Run the load test against ``url`` and return the report (see the module docstring).

    Parameters
    ----------
    url : str
        The app, on the loopback interface.
    sessions : int
        Concurrent sessions [1, 2000].
    moves : int
        Widget moves per session after the page load [0, 10000].
    widget_keys : list[str] | None
        Keys (or ids) of the widgets to move; every discovered slider if empty.
    think_time_s : float
        Mean pause before each move; each pause is uniform in [0.5, 1.5] times this [s].
    ramp_up_s : float | None
        Session starts are spread evenly over this time [s]; ``0.05 * sessions`` if None.
    run_timeout_s : float
        Longest wait for one run [s].
    timeout_s : float
        Longest time for the whole test; sessions still running then count as errors [s].
    server_pids : list[int] | None
        Server processes whose RSS and CPU to read; none read if empty.
    use_message_cache : bool
        Let sessions cache large messages as the browser does.
    warm_up_loads : int
        Page loads before the test, one after the other [0, 100].
    warm_up_urls : list[str] | None
        Where the warm-up loads go, each URL ``warm_up_loads`` times: the app processes behind a proxy,
        so that every one of them is warm (through the proxy a load reaches a process at random). The
        test's URL if None.
    seed : int
        Seed of the widget values and think times.
    """
    require_loopback(url)
    if not 1 <= sessions <= 2000:
        raise ValueError(f"sessions must be in [1, 2000], got {sessions}")
    if not 0 <= moves <= 10_000:
        raise ValueError(f"moves must be in [0, 10000], got {moves}")
    if not 0 <= warm_up_loads <= 100:
        raise ValueError(f"warm_up_loads must be in [0, 100], got {warm_up_loads}")
    if ramp_up_s is None:
        ramp_up_s = 0.05 * sessions
    server_pids = server_pids or []
    deadline = time.monotonic() + timeout_s

    try:
        for warm_up_url in warm_up_urls or [url]:
            require_loopback(warm_up_url)
            await asyncio.wait_for(_warm_up(warm_up_url, run_timeout_s, warm_up_loads),
                                   timeout=max(1.0, deadline - time.monotonic()))
    except Exception as exc:  # refused, rejected handshake, timeout: nothing to measure
        raise RuntimeError(f"warm-up page load failed: {type(exc).__name__}: {exc}") from exc
    await asyncio.sleep(0.5)
    rss_before = rss_bytes(server_pids) if server_pids else None

    logs = [SessionLog() for _ in range(sessions)]
    all_loaded, all_done = asyncio.Event(), asyncio.Event()
    n_settled = 0

    def on_loaded() -> None:
        nonlocal n_settled
        n_settled += 1
        if n_settled >= sessions:
            all_loaded.set()

    tasks = [
        asyncio.create_task(
            _one_session(
                i,
                logs[i],
                url=url,
                moves=moves,
                widget_keys=list(widget_keys or []),
                think_time_s=think_time_s,
                start_delay_s=ramp_up_s * i / sessions,
                run_timeout_s=run_timeout_s,
                use_message_cache=use_message_cache,
                seed=seed,
                all_loaded=all_loaded,
                on_loaded=on_loaded,
                all_done=all_done,
            )
        )
        for i in range(sessions)
    ]
    load_started = time.perf_counter()
    try:
        await asyncio.wait_for(all_loaded.wait(), timeout=max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        pass
    all_loaded.set()  # past the deadline, let the sessions that did load go on (and time out)
    load_phase_s = time.perf_counter() - load_started
    n_loaded = sum(log.loaded for log in logs)

    # All sessions idle: the server holds N sessions and runs nothing.
    await asyncio.sleep(1.0)
    rss_loaded = rss_bytes(server_pids) if server_pids else None

    cpu_server_before = _cpu_seconds(server_pids)
    cpu_client_before = resource.getrusage(resource.RUSAGE_SELF)
    busy_before = machine_busy_seconds()
    move_started = time.perf_counter()
    # Sessions that loaded make their moves; wait for them, never past the deadline.
    pending = {t for t, log in zip(tasks, logs, strict=True) if log.loaded and not t.done()}
    while pending and not all(log.finished or t.done() for t, log in zip(tasks, logs, strict=True)):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        await asyncio.sleep(min(0.2, remaining))
    move_phase_s = time.perf_counter() - move_started
    cpu_server_s = _cpu_seconds(server_pids) - cpu_server_before
    cpu_client_after = resource.getrusage(resource.RUSAGE_SELF)
    busy_s = machine_busy_seconds() - busy_before
    cpu_client_s = (cpu_client_after.ru_utime + cpu_client_after.ru_stime) - (
        cpu_client_before.ru_utime + cpu_client_before.ru_stime
    )
    rss_after_moves = rss_bytes(server_pids) if server_pids else None

    all_done.set()
    _, still_running = await asyncio.wait(tasks, timeout=10.0)
    for task, log in zip(tasks, logs, strict=True):
        if task in still_running or not (log.finished or log.errors):
            log.errors.append(("timeout", f"session did not finish within the {timeout_s:.0f} s test timeout"))
        if task in still_running:
            task.cancel()
    if still_running:
        await asyncio.wait(still_running, timeout=5.0)

    rerun_latencies = [x for log in logs for x in log.rerun_latencies_s]
    load_latencies = [log.load_latency_s for log in logs if log.load_latency_s is not None]
    errors = Counter(kind for log in logs for kind, _ in log.errors)
    samples: dict[str, list[str]] = {}
    for log in logs:
        for kind, message in log.errors:
            if len(samples.setdefault(kind, [])) < _ERROR_SAMPLES:
                samples[kind].append(message)

    # Names tell whether the right processes were read: "python" (streamlit), not "nginx".
    memory: dict[str, Any] = {"server_pids": server_pids, "server_processes": _process_names(server_pids)}
    if rss_before is not None and rss_loaded is not None:
        per_session = (rss_loaded - rss_before) / n_loaded if n_loaded else None
        memory.update(
            rss_before_mib=round(rss_before / MIB, 1),
            rss_idle_sessions_mib=round(rss_loaded / MIB, 1),
            rss_after_moves_mib=round(rss_after_moves / MIB, 1),
            per_idle_session_mib=None if per_session is None else round(per_session / MIB, 3),
        )

    return {
        "url": url,
        "sessions": sessions,
        "moves_per_session": moves,
        "widget_keys": list(widget_keys or []),
        "think_time_s": think_time_s,
        "ramp_up_s": ramp_up_s,
        "sessions_loaded": n_loaded,
        "sessions_finished": sum(log.finished for log in logs),
        "reruns": len(rerun_latencies),
        "rerun_latency_ms": latency_percentiles_ms(rerun_latencies),
        "load_latency_ms": latency_percentiles_ms(load_latencies),
        "load_phase_s": round(load_phase_s, 2),
        "move_phase_s": round(move_phase_s, 2),
        "reruns_per_s": round(len(rerun_latencies) / move_phase_s, 2) if move_phase_s > 0 else None,
        "server_cpu_s": round(cpu_server_s, 2) if server_pids else None,
        "server_cpu_ms_per_rerun": (
            round(1000 * cpu_server_s / len(rerun_latencies), 1) if server_pids and rerun_latencies else None
        ),
        "client_cpu_s": round(cpu_client_s, 2),
        # CPU the machine spent on neither the server nor this client during the move phase: other
        # people's work on a shared machine, which inflates latencies.
        "other_cpu_s": round(busy_s - cpu_client_s - (cpu_server_s if server_pids else 0.0), 2),
        "cores": os.cpu_count(),
        "bytes_received": sum(log.bytes_received for log in logs),
        "message_cache_hits": sum(log.cache_hits for log in logs),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "error_samples": samples,
        "memory": memory,
    }


def format_report(report: dict[str, Any]) -> str:
    """A few readable lines of the report."""
    r, ld, mem = report["rerun_latency_ms"], report["load_latency_ms"], report["memory"]
    lines = [
        f"{report['sessions']} sessions x {report['moves_per_session']} moves against {report['url']} "
        f"(think time {report['think_time_s']} s, ramp-up {report['ramp_up_s']} s)",
        f"  loaded {report['sessions_loaded']}, finished {report['sessions_finished']}, "
        f"reruns {report['reruns']}, errors {report['errors']} {report['errors_by_kind'] or ''}",
        f"  rerun latency [ms]: p50 {r['p50']}  p95 {r['p95']}  p99 {r['p99']}  max {r['max']}",
        f"  page load [ms]:     p50 {ld['p50']}  p95 {ld['p95']}  max {ld['max']}",
        f"  {report['reruns_per_s']} reruns/s over {report['move_phase_s']} s; server CPU "
        f"{report['server_cpu_ms_per_rerun']} ms/rerun; CPU [s]: server {report['server_cpu_s']}, "
        f"client {report['client_cpu_s']}, other processes {report['other_cpu_s']} (of {report['cores']} cores)",
    ]
    if "per_idle_session_mib" in mem:
        lines.append(
            f"  server RSS [MiB]: {mem['rss_before_mib']} -> {mem['rss_idle_sessions_mib']} with idle sessions "
            f"-> {mem['rss_after_moves_mib']} after moves; {mem['per_idle_session_mib']} MiB per idle session "
            f"(processes: {', '.join(mem['server_processes'])})"
        )
    for kind, messages in report["error_samples"].items():
        lines.append(f"  {kind}: {messages[0]}")
    return "\n".join(lines)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="app URL on 127.0.0.1, e.g. http://127.0.0.1:8501")
    target.add_argument("--start-server", metavar="APP", help="start `streamlit run APP` on a free port, then stop it")
    parser.add_argument("--processes", type=int, default=1,
                        help="with --start-server: run this many processes behind nginx (deploy/run_multi.py)")
    parser.add_argument("--server-flag", action="append", default=[], metavar="FLAG",
                        help="extra streamlit flag for --start-server, e.g. --server-flag=--runner.postScriptGC=false")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--moves", type=int, default=5, help="widget moves per session")
    parser.add_argument("--widget", action="append", default=[], metavar="KEY",
                        help="key of a widget to move (repeatable); default: every slider on the page")
    parser.add_argument("--think-time", type=float, default=1.0, help="mean pause before each move [s]")
    parser.add_argument("--ramp-up", type=float, default=None, help="spread session starts over this [s]")
    parser.add_argument("--run-timeout", type=float, default=30.0, help="longest wait for one run [s]")
    parser.add_argument("--timeout", type=float, default=600.0, help="longest time for the whole test [s]")
    parser.add_argument("--server-pid", type=int, action="append", default=[],
                        help="server pid to measure (repeatable); default: the process listening on the URL's port")
    parser.add_argument("--warm-up", type=int, default=None,
                        help="page loads before the test (default 1); with --processes, on each process directly")
    parser.add_argument("--no-message-cache", action="store_true", help="do not cache messages as the browser does")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--max-p50-ms", type=float, default=None, help="exit 1 if the rerun p50 is above this [ms]")
    parser.add_argument("--max-p95-ms", type=float, default=None, help="exit 1 if the rerun p95 is above this [ms]")
    return parser.parse_args(argv)


def missed_targets(report: dict[str, Any], max_p50_ms: float | None, max_p95_ms: float | None) -> list[str]:
    """The latency targets the report misses (a target without reruns to judge counts as missed)."""
    missed = []
    for name, limit in (("p50", max_p50_ms), ("p95", max_p95_ms)):
        value = report["rerun_latency_ms"][name]
        if limit is not None and (value is None or value > limit):
            missed.append(f"rerun {name} {value} ms > {limit:g} ms")
    return missed


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    server: Any = None
    try:
        if args.start_server and args.processes > 1:
            from deploy.run_multi import Deployment

            server = Deployment(args.start_server, processes=args.processes, extra_flags=tuple(args.server_flag))
            server.start()
            url, pids = server.url, server.server_pids
            warm_up_urls = [backend.url for backend in server.servers]
        elif args.start_server:
            server = StreamlitServer(args.start_server, extra_flags=tuple(args.server_flag)).start()
            url, pids, warm_up_urls = server.url, [server.pid], None
        else:
            url = args.url
            port = urlsplit(url).port or 80
            pids = args.server_pid or pids_listening_on(port)
            warm_up_urls = None
        report = asyncio.run(
            run_load_test(
                url,
                sessions=args.sessions,
                moves=args.moves,
                widget_keys=args.widget,
                think_time_s=args.think_time,
                ramp_up_s=args.ramp_up,
                run_timeout_s=args.run_timeout,
                timeout_s=args.timeout,
                server_pids=pids,
                use_message_cache=not args.no_message_cache,
                # Behind the proxy each process is warmed directly; through a --url, loads land at random.
                warm_up_loads=args.warm_up if args.warm_up is not None else 1,
                warm_up_urls=warm_up_urls,
                seed=args.seed,
            )
        )
    except (ValueError, FileNotFoundError, RuntimeError, TimeoutError, OSError, ProtocolError) as exc:
        print(f"load test could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
        if isinstance(server, StreamlitServer):
            print(server.log_tail(), file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()
    report["server_flags"] = list(PRODUCTION_FLAGS) + list(args.server_flag) if args.start_server else None
    report["server_processes"] = args.processes if args.start_server else None
    missed = missed_targets(report, args.max_p50_ms, args.max_p95_ms)
    report["missed_targets"] = missed
    print(format_report(report))
    for name, limit in (("p50", args.max_p50_ms), ("p95", args.max_p95_ms)):
        if limit is not None:
            value = report["rerun_latency_ms"][name]
            ratio = f"{value / limit:.2f}x the target" if value is not None else "no reruns"
            print(f"  target rerun {name} <= {limit:g} ms: {value} ms, {ratio} "
                  f"({'met' if value is not None and value <= limit else 'MISSED'})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if report["errors"] or missed else 0


if __name__ == "__main__":
    sys.exit(main())
