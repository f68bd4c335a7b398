"""Where a rerun's server CPU goes: py-spy samples of the app server while one user moves levers.

Starts the app with production settings (like ``bench_rerun``), loads the page and makes a few unmeasured moves
(so start-up, imports and the first Monte Carlo draws are not counted), then attaches ``py-spy`` to the server
and makes ``--moves`` lever moves to new random values. Every sample is put in the first category of
:data:`CATEGORIES` whose pattern is in its stack (model code before the elements that show its results), and the
table prints each category's milliseconds of CPU per rerun and its share. Samples of the event loop (websocket,
sessions) are counted apart from the script's thread.

Run (needs ``py-spy``, in requirements-dev.txt; about a minute)::

    .venv/bin/python -m benchmarks.rerun_profile --moves 60 --app-widget training_per_year \\
        --app-widget infrastructure_villages_per_year --app-widget financing_idr_per_year

``--raw PATH`` keeps py-spy's collapsed stacks (for a flame graph).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.loadtest import _cpu_seconds
from benchmarks.loadtest_server import StreamlitServer
from benchmarks.streamlit_client import StreamlitSession, movable_widgets, random_value

CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("engine: compiled month loop", ("simulator/kernel.py",)),
    ("ensemble: quantiles, probabilities, tables", ("simulator/uncertainty.py",)),
    ("main chart: tooltip labels, Arrow data", ("simulator/report/charts.py", "altair/")),
    ("tables (pandas Styler, Arrow)", ("pandas_styler_utils", "dataframe_util", "arrow", "pyarrow")),
    ("other model and report code", ("simulator/",)),
    ("app code: widgets, text, layout", ("app_pages/", "app.py")),
    ("Streamlit script run (elements, protobuf, state)", ("script_runner.py",)),
    ("server: websocket, sessions, event loop", ("asyncio/", "starlette", "uvicorn", "tornado", "app_session")),
)
"""Categories in priority order: a sample goes to the first whose pattern appears in its stack."""

OTHER = "other (garbage collection, threads)"



def categorise(raw: str, pid: int) -> collections.Counter:
    """Samples per category in py-spy's ``--format raw`` output (``frame;frame;... count`` lines)."""
    counts: collections.Counter = collections.Counter()
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        frames = stack.split(";")
        if frames and frames[0].startswith("process ") and not frames[0].startswith(f"process {pid}:"):
            continue
        name = next((label for label, patterns in CATEGORIES if any(p in stack for p in patterns)), OTHER)
        counts[name] += int(n)
    return counts


async def _moves(url: str, keys: list[str], warm_up: int, moves: int, seed: int, on_ready) -> list[float]:
    rng = random.Random(seed)
    session = StreamlitSession(url, run_timeout=60.0)
    await session.connect()
    try:
        first = await session.rerun()
        if first.status != "ok" or first.exceptions:
            raise RuntimeError(f"the page failed to load: {first.status} {first.exceptions}")
        latencies = []
        for i in range(warm_up + moves):
            if i == warm_up:
                on_ready()
            widgets = movable_widgets(session, keys)
            if not widgets:
                raise RuntimeError("no slider to move; name widgets with --app-widget")
            widget = rng.choice(widgets)
            result = await session.rerun({widget.widget_id: random_value(widget, rng, session.value_of(widget))})
            if result.status != "ok" or result.exceptions:
                raise RuntimeError(f"a move failed: {result.status} {result.exceptions}")
            if i >= warm_up:
                latencies.append(result.latency_s)
        return latencies
    finally:
        await session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="app.py")
    parser.add_argument("--app-widget", action="append", default=[], metavar="KEY")
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--rate", type=int, default=500, help="py-spy samples per second")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--raw", type=Path, help="keep py-spy's collapsed stacks here")
    parser.add_argument("--idle", action="store_true", help="also sample waiting threads (py-spy --idle; for "
                        "--raw: where a rerun waits rather than computes)")
    parser.add_argument("--json", type=Path, help="write the table here")
    args = parser.parse_args(argv)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("py-spy not found: pip install -r requirements-dev.txt", file=sys.stderr)
        return 2
    raw_path = args.raw or Path(tempfile.mkstemp(prefix="rerun-", suffix=".txt")[1])
    with StreamlitServer(args.app) as server:
        recorder: list[subprocess.Popen] = []

        def start() -> None:
            recorder.append(subprocess.Popen(
                [spy, "record", "--pid", str(server.pid), "--rate", str(args.rate), "--format", "raw",
                 "--nonblocking", *(["--idle"] if args.idle else []), "--output", str(raw_path)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            time.sleep(1.0)  # py-spy attaches

        marks: dict[str, object] = {}

        def ready() -> None:
            start()
            marks["cpu"] = _cpu_seconds([server.pid])

        latencies = asyncio.run(_moves(server.url, args.app_widget, args.warm_up, args.moves, args.seed, ready))
        cpu_s = _cpu_seconds([server.pid]) - marks["cpu"]
        recorder[0].send_signal(signal.SIGINT)
        _, err = recorder[0].communicate(timeout=60)
        pid = server.pid
    raw = raw_path.read_text()
    if not raw.strip():
        print(f"py-spy recorded nothing: {err.decode(errors='replace')[-400:]}", file=sys.stderr)
        return 2
    counts = categorise(raw, pid)
    total = sum(counts.values())
    # py-spy drops samples it cannot take in time, so its counts give the shares; the process's own CPU
    # clock gives the milliseconds.
    per_rerun_ms = cpu_s * 1e3 / args.moves
    latencies.sort()
    print(f"rerun_profile: {args.moves} moves to new scenarios, median latency "
          f"{latencies[len(latencies) // 2] * 1e3:.0f} ms, server CPU {per_rerun_ms:.1f} ms per rerun "
          f"(py-spy: {total} samples at {args.rate}/s)")
    print(f"{'where the server CPU goes':<52}{'ms per rerun':>14}{'share':>8}")
    rows = []
    for label in [name for name, _ in CATEGORIES] + [OTHER]:
        share = counts[label] / total if total else 0.0
        rows.append({"category": label, "ms_per_rerun": round(share * per_rerun_ms, 1), "share": round(share, 3)})
        print(f"{label:<52}{share * per_rerun_ms:>14.1f}{share:>8.0%}")
    print(f"{'total':<52}{per_rerun_ms:>14.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"moves": args.moves, "median_latency_ms": round(
            latencies[len(latencies) // 2] * 1e3, 1), "server_cpu_ms_per_rerun": round(per_rerun_ms, 1),
            "rows": rows}, indent=2) + "\n")
    if not args.raw:
        raw_path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
