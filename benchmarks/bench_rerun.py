"""Single-user rerun latency of the app next to the bare page (benchmarks/bare_app.py).

Starts both with production settings, loads each page once and makes a few unmeasured moves, then
makes ``--moves`` slider moves on each, alternating between the two so that background load on a
shared machine hits both alike. Prints the median and p95 of each and the ratio of the medians; the
aim is a ratio <= 1.5 (a slider move reruns the app in close to the time of a bare page).

Example::

    .venv/bin/python benchmarks/bench_rerun.py --moves 30 --json artifacts/bench_rerun.json

Without app.py (or with ``--app ''``) only the bare page is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
from loadtest import latency_percentiles_ms, machine_busy_seconds
from loadtest_server import REPO_ROOT, StreamlitServer
from streamlit_client import StreamlitSession, movable_widgets, random_value

TARGET_RATIO = 1.5
_WARM_UP_MOVES = 3


async def _measure(sessions: dict[str, tuple[StreamlitSession, list[str]]], moves: int, seed: int) -> dict[str, list]:
    rng = random.Random(seed)
    latencies: dict[str, list[float]] = {name: [] for name in sessions}
    widgets = {}
    for name, (session, keys) in sessions.items():
        load = await session.rerun()
        if load.status != "ok" or load.exceptions:
            raise RuntimeError(f"{name} failed to load: {load.status} {load.exceptions}")
        widgets[name] = movable_widgets(session, keys)
        if not widgets[name]:
            raise RuntimeError(f"{name} has no slider to move; name widgets with --app-widget")
    for i in range(_WARM_UP_MOVES + moves):
        for name, (session, keys) in sessions.items():
            widget = rng.choice(widgets[name])
            result = await session.rerun({widget.widget_id: random_value(widget, rng, session.value_of(widget))})
            if result.status != "ok" or result.exceptions:
                raise RuntimeError(f"{name}: a move failed: {result.status} {result.exceptions}")
            if i >= _WARM_UP_MOVES:
                latencies[name].append(result.latency_s)
            widgets[name] = movable_widgets(session, keys) or widgets[name]
    return latencies


async def _run(urls: dict[str, tuple[str, list[str]]], moves: int, seed: int, run_timeout: float) -> dict[str, list]:
    sessions = {name: (StreamlitSession(url, run_timeout=run_timeout), keys) for name, (url, keys) in urls.items()}
    try:
        for session, _ in sessions.values():
            await session.connect()
        return await _measure(sessions, moves, seed)
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
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--max-ratio", type=float, default=None, help=f"exit 1 above this ratio (aim: {TARGET_RATIO})")
    args = parser.parse_args(argv)
    if not 1 <= args.moves <= 1000:
        parser.error("--moves must be in [1, 1000]")

    app_present = bool(args.app) and (REPO_ROOT / args.app).is_file()
    if args.app and not app_present:
        print(f"{args.app} not found: measuring the bare page only", file=sys.stderr)
    started = time.perf_counter()
    busy_before = machine_busy_seconds()
    with ExitStack() as stack:
        try:
            urls = {"bare": (stack.enter_context(StreamlitServer("benchmarks/bare_app.py")).url, [])}
            if app_present:
                urls["app"] = (stack.enter_context(StreamlitServer(args.app)).url, args.app_widget)
            latencies = asyncio.run(_run(urls, args.moves, args.seed, args.run_timeout))
        except (RuntimeError, TimeoutError, OSError, KeyError, ValueError) as exc:
            print(f"benchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
    wall_s = time.perf_counter() - started
    busy_s = machine_busy_seconds() - busy_before

    report: dict[str, Any] = {"moves": args.moves, "rerun_latency_ms": {}}
    for name, values in latencies.items():
        report["rerun_latency_ms"][name] = latency_percentiles_ms(values)
    if "app" in latencies:
        report["ratio_of_medians"] = round(float(np.median(latencies["app"]) / np.median(latencies["bare"])), 2)
    report["target_ratio"] = TARGET_RATIO
    report["machine_busy_cores"] = round(busy_s / wall_s, 2)  # servers + client + anything else running

    for name, figures in report["rerun_latency_ms"].items():
        print(f"{name:>4}: median {figures['p50']} ms  p95 {figures['p95']} ms  max {figures['max']} ms "
              f"({args.moves} moves)")
    if "ratio_of_medians" in report:
        verdict = "within" if report["ratio_of_medians"] <= TARGET_RATIO else "above"
        print(f"ratio app/bare: {report['ratio_of_medians']} ({verdict} the aim of {TARGET_RATIO})")
    print(f"machine busy: {report['machine_busy_cores']} cores on average (one user needs about one)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if args.max_ratio is not None and report.get("ratio_of_medians", 0) > args.max_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
