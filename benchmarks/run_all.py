"""Run every benchmark, one after another, each in its own interpreter and each with a time limit.

Run: ``.venv/bin/python -m benchmarks.run_all`` (``make bench``; 124 s on 2026-11-28 on 2 shared cores, never
more than ``TOTAL_LIMIT_S``). Output is passed through as it comes. What runs:

1. ``bench_model.py``: the engine, PySD beside it, goal seek, memory (targets inside);
2. ``bench_rerun.py``: one user's slider move on the app next to the bare page, the three levers only,
   new values (mostly new scenarios: model work) and then ``--revisit`` (scenarios seen before: cache
   hits); each prints the ratio of medians app/bare against the aim of 1.5;
3. ``loadtest.py``: 50 and then 200 sessions on two app processes behind nginx (one per core of the 2-core
   target), and 50 on one process, moving the three levers, think time 3 s, against p50 <= 400 ms and
   p95 <= 1 s;
4. ``rerun_profile.py``: where one rerun's server CPU goes (py-spy, from requirements-dev.txt);
5. any other ``bench_*.py`` in this folder, with its defaults.

A step that runs past its limit gets SIGINT (so it stops the servers it started), then SIGKILL. The exit
status is 1 if any step missed a target, failed or ran out of time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEVERS = ("training_per_year", "infrastructure_villages_per_year", "financing_idr_per_year")
TOTAL_LIMIT_S = 900.0
_LEVER_FLAGS = [flag for key in LEVERS for flag in ("--app-widget", key)]

# (title, script and arguments, time limit [s])
STEPS: list[tuple[str, list[str], float]] = [
    ("bench_model.py", ["bench_model.py"], 300.0),
    ("bench_rerun.py: new values", ["bench_rerun.py", "--moves", "20", "--max-ratio", "1.5", *_LEVER_FLAGS], 180.0),
    ("bench_rerun.py: revisited scenarios (cache hits)",
     ["bench_rerun.py", "--revisit", "--moves", "24", "--max-ratio", "1.5", *_LEVER_FLAGS], 180.0),
    ("loadtest.py: 50 sessions, 2 processes, think time 3 s",
     ["loadtest.py", "--start-server", "app.py", "--processes", "2", "--sessions", "50", "--moves", "2",
      "--think-time", "3",
      *[flag for key in LEVERS for flag in ("--widget", key)], "--timeout", "200",
      "--max-p50-ms", "400", "--max-p95-ms", "1000"], 260.0),
    ("loadtest.py: 200 sessions, 2 processes, think time 3 s",
     ["loadtest.py", "--start-server", "app.py", "--processes", "2", "--sessions", "200", "--moves", "3",
      "--think-time", "3",
      *[flag for key in LEVERS for flag in ("--widget", key)], "--timeout", "200",
      "--max-p50-ms", "400", "--max-p95-ms", "1000"], 260.0),
    ("loadtest.py: 50 sessions, 1 process, think time 3 s",
     ["loadtest.py", "--start-server", "app.py", "--processes", "1", "--sessions", "50", "--moves", "3",
      "--think-time", "3",
      *[flag for key in LEVERS for flag in ("--widget", key)], "--timeout", "200",
      "--max-p50-ms", "400", "--max-p95-ms", "1000"], 200.0),
    ("rerun_profile.py: where a rerun's server CPU goes", ["rerun_profile.py", "--moves", "40", *_LEVER_FLAGS], 180.0),
]


def _run(command: list[str], limit_s: float) -> int | None:
    """Run ``command``; return its exit status, or None if it ran past ``limit_s`` and was stopped."""
    # SIGINT back to its default in the child (a background shell ignores it), so the child turns it into
    # KeyboardInterrupt and its finally blocks stop the Streamlit servers it started.
    process = subprocess.Popen(command, cwd=HERE.parent,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        return process.wait(timeout=limit_s)
    except subprocess.TimeoutExpired:
        pass
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        raise
    for sig, grace in ((signal.SIGINT, 30.0), (signal.SIGKILL, 10.0)):
        try:
            os.kill(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue
    return None


def main() -> int:
    listed = {args[0] for _, args, _ in STEPS}
    steps = STEPS + [(path.name, [path.name], 300.0) for path in sorted(HERE.glob("bench_*.py"))
                     if path.name not in listed]
    load = os.getloadavg()
    print(f"run_all: {len(steps)} steps, {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / "
          f"{load[2]:.1f} (figures on a busy machine are slower)", flush=True)
    started = time.monotonic()
    outcomes: list[tuple[str, str]] = []
    for title, args, limit_s in steps:
        remaining = TOTAL_LIMIT_S - (time.monotonic() - started)
        if remaining < 30:
            outcomes.append((title, "skipped: out of time"))
            continue
        print(f"=== {title} ===", flush=True)
        step_started = time.monotonic()
        status = _run([sys.executable, "-m", f"benchmarks.{Path(args[0]).stem}", *args[1:]], min(limit_s, remaining))
        took = time.monotonic() - step_started
        outcome = (f"stopped after {took:.0f} s (limit {min(limit_s, remaining):.0f} s)" if status is None
                   else "met every target" if status == 0 else f"exit {status}: missed a target or failed")
        print(f"=== {title}: {outcome}; {took:.0f} s ===\n", flush=True)
        outcomes.append((title, outcome))
    print(f"run_all: {time.monotonic() - started:.0f} s in all")
    for title, outcome in outcomes:
        print(f"  {title}: {outcome}")
    return 0 if all(outcome == "met every target" for _, outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
