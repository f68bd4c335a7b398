"""app_pages.process: the garbage collector is kept off what the process's first page run left."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_objects_alive_after_the_first_run_are_frozen_once() -> None:
    code = (
        "import gc\n"
        "from app_pages import process\n"
        "process.settle(); first = gc.get_freeze_count()\n"
        "kept = [[i] for i in range(50_000)]  # what a first run leaves: data, caches\n"
        "process.settle(); second = gc.get_freeze_count()\n"
        "later = [[i] for i in range(1_000)]\n"
        "process.settle(); third = gc.get_freeze_count()\n"
        "import asyncio.base_events; from deploy import serve\n"
        "assert asyncio.base_events._set_nodelay is serve._set_nodelay  # the first run turned TCP_NODELAY on\n"
        "print(first, second, third)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    first, second, third = (int(x) for x in done.stdout.split())
    assert first == 0  # the first run is not frozen: it has not loaded anything yet
    assert second >= 50_000  # at the second run, everything the first left is frozen...
    assert third == second  # ...once: later runs' objects stay with the collector
