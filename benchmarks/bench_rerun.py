"""Single-user rerun latency of the app next to the bare page (benchmarks/bare_app.py).

Starts both with production settings, loads each page once and makes a few unmeasured moves, then
makes ``--moves`` slider moves on each, alternating between the two so that background load on a
shared machine hits both alike. Prints the median and p95 of each and the ratio of the medians; the
aim is a ratio <= 1.5 (a slider move reruns the app in close to the time of a bare page).

Example::

    .venv/bin/python -m benchmarks.bench_rerun --moves 30 --json artifacts/bench_rerun.json

Without app.py (or with ``--app ''``) only the bare page is measured. ``--page regions`` measures another page
of the app (by its URL path); the aim of 1.5 is the scenario page's.

``--revisit`` measures the rerun of a scenario already computed (a cache hit): each page cycles through a
fixed tour (every widget to a second value, then every widget back), the tour is run once unmeasured, and
every measured move lands on a state visited before, so ``st.cache_data`` answers it. Without it every move
is a random new value, mostly a new scenario (real model work)::

    .venv/bin/python -m benchmarks.bench_rerun --revisit --moves 30 --app-widget training_per_year \
        --app-widget infrastructure_villages_per_year --app-widget financing_idr_per_year
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.loadtest import _cpu_seconds, latency_percentiles_ms, machine_busy_seconds
from benchmarks.loadtest_server import REPO_ROOT, StreamlitServer
from benchmarks.streamlit_client import StreamlitSession, Widget, movable_widgets, random_value

TARGET_RATIO = 1.5
_WARM_UP_MOVES = 3


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def revisit_tour(session: StreamlitSession, widgets: list[Widget], rng: random.Random) -> list[tuple[str, Any]]:
    """A closed tour of moves: each widget to a second (fixed, random) value, then each back to its first.

    Repeating the tour revisits the same ``2 * len(widgets)`` states, so after one pass every move is a state
    the app has computed before.
    """
    first = {w.widget_id: session.value_of(w) for w in widgets}
    second = {w.widget_id: random_value(w, rng, first[w.widget_id]) for w in widgets}
    return [(w.key or w.widget_id, second[w.widget_id]) for w in widgets] + [
        (w.key or w.widget_id, first[w.widget_id]) for w in widgets
    ]


async def _measure(
    sessions: dict[str, tuple[StreamlitSession, list[str]]], moves: int, seed: int, revisit: bool = False
) -> dict[str, list]:
    rng = random.Random(seed)
    latencies: dict[str, list[float]] = {name: [] for name in sessions}
    widgets: dict[str, list[Widget]] = {}
    tours: dict[str, list[tuple[str, Any]]] = {}
    for name, (session, keys) in sessions.items():
        load = await session.rerun()
        if load.status != "ok" or load.exceptions:
            raise RuntimeError(f"{name} failed to load: {load.status} {load.exceptions}")
        widgets[name] = movable_widgets(session, keys)
        if not widgets[name]:
            raise RuntimeError(f"{name} has no slider to move; name widgets with --app-widget")
        if revisit:
            tours[name] = revisit_tour(session, widgets[name], rng)
    # With --revisit the unmeasured moves cover one whole tour of every page.
    warm_up = max([_WARM_UP_MOVES, *(len(tour) for tour in tours.values())])
    for i in range(warm_up + moves):
        for name, (session, keys) in sessions.items():
            if revisit:
                key, value = tours[name][i % len(tours[name])]
                update = {key: value}
            else:
                widget = rng.choice(widgets[name])
                update = {widget.widget_id: random_value(widget, rng, session.value_of(widget))}
            result = await session.rerun(update)
            if result.status != "ok" or result.exceptions:
                raise RuntimeError(f"{name}: a move failed: {result.status} {result.exceptions}")
            if i >= warm_up:
                latencies[name].append(result.latency_s)
            widgets[name] = movable_widgets(session, keys) or widgets[name]
    return latencies


async def _run(
    urls: dict[str, tuple[str, list[str]]], moves: int, seed: int, run_timeout: float, revisit: bool = False,
    page: str = "",
) -> dict[str, list]:
    sessions = {name: (StreamlitSession(url, run_timeout=run_timeout, page_name=page if name == "app" else ""),
                       keys) for name, (url, keys) in urls.items()}
    try:
        for session, _ in sessions.values():
            await session.connect()
        return await _measure(sessions, moves, seed, revisit)
    finally:
        for session, _ in sessions.values():
            await session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="app.py", help="the app to compare (default app.py; '' to skip)")
    parser.add_argument("--app-widget", action="append", default=[], metavar="KEY",
                        help="key of an app widget to move (repeatable); default: every slider on the page")
    parser.add_argument("--moves", type=int, default=30, help="measured moves on each page (default 30)")
    parser.add_argument("--run-timeout", type=float, default=60.0, help="longest wait for one run [s]")
    parser.add_argument("--revisit", action="store_true",
                        help="cycle through a few fixed values so every measured move is a state seen before "
                             "(a cache hit in the app)")
    parser.add_argument("--page", default="", metavar="URL_PATH",
                        help="the app's page to measure, by its URL path (e.g. regions); default: its first page")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--max-ratio", type=float, default=None, help=f"exit 1 above this ratio (aim: {TARGET_RATIO})")
    args = parser.parse_args(argv)
    if not 1 <= args.moves <= 1000:
        parser.error("--moves must be in [1, 1000]")

    app_present = bool(args.app) and (REPO_ROOT / args.app).is_file()
    if args.app and not app_present:
        print(f"{args.app} not found: measuring the bare page only", file=sys.stderr)
    with ExitStack() as stack:
        try:
            servers = [stack.enter_context(StreamlitServer("benchmarks/bare_app.py"))]
            if app_present:
                servers.append(stack.enter_context(StreamlitServer(args.app)))
            urls = {"bare": (servers[0].url, [])}
            if app_present:
                urls["app"] = (servers[1].url, args.app_widget)
            # From here on: the measurement (server start-up is not counted in the CPU figures).
            started, busy_before = time.perf_counter(), machine_busy_seconds()
            servers_before, client_before = _cpu_seconds([s.pid for s in servers]), _own_cpu_seconds()
            latencies = asyncio.run(_run(urls, args.moves, args.seed, args.run_timeout, args.revisit, args.page))
            servers_s = _cpu_seconds([s.pid for s in servers]) - servers_before
            client_s = _own_cpu_seconds() - client_before
            wall_s, busy_s = time.perf_counter() - started, machine_busy_seconds() - busy_before
        except (RuntimeError, TimeoutError, OSError, KeyError, ValueError) as exc:
            print(f"benchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2

    report: dict[str, Any] = {"moves": args.moves, "revisit": args.revisit, "app_widgets": args.app_widget,
                              "page": args.page, "rerun_latency_ms": {}}
    for name, values in latencies.items():
        report["rerun_latency_ms"][name] = latency_percentiles_ms(values)
    if "app" in latencies:
        report["ratio_of_medians"] = round(float(np.median(latencies["app"]) / np.median(latencies["bare"])), 2)
    report["target_ratio"] = TARGET_RATIO
    report["machine_busy_cores"] = round(busy_s / wall_s, 2)  # servers + client + anything else running
    report["servers_cpu_s"], report["client_cpu_s"] = round(servers_s, 2), round(client_s, 2)
    # CPU of neither the servers nor this client: other people's work on a shared machine.
    report["other_cpu_s"], report["wall_s"] = round(busy_s - servers_s - client_s, 2), round(wall_s, 1)

    for name, figures in report["rerun_latency_ms"].items():
        print(f"{name:>4}: median {figures['p50']} ms  p95 {figures['p95']} ms  max {figures['max']} ms "
              f"({args.moves} moves{', revisited states' if args.revisit else ', new values'})")
    if "ratio_of_medians" in report:
        verdict = "within" if report["ratio_of_medians"] <= TARGET_RATIO else "above"
        aim = f"page {args.page}: the aim of {TARGET_RATIO} is the scenario page's" if args.page else (
            f"{verdict} the aim of {TARGET_RATIO}")
        print(f"ratio app/bare: {report['ratio_of_medians']} ({aim})")
    print(f"machine busy: {report['machine_busy_cores']} cores on average (one user needs about one); CPU [s] "
          f"over {report['wall_s']} s: servers {report['servers_cpu_s']}, client {report['client_cpu_s']}, "
          f"other processes {report['other_cpu_s']} (of {os.cpu_count()} cores)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if args.max_ratio is not None and report.get("ratio_of_medians", 0) > args.max_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
