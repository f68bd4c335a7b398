"""Run every ``bench_*.py`` in this folder, one after another, each in its own interpreter.

Run: ``.venv/bin/python benchmarks/run_all.py`` (``make bench``). Output is passed through as it comes; the exit
status is 1 if any benchmark missed a target or failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print(f"no bench_*.py in {HERE}")
        return 0
    failed = []
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        start = time.perf_counter()
        status = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False).returncode
        print(f"=== {script.name}: exit {status} after {time.perf_counter() - start:.0f} s ===\n", flush=True)
        if status != 0:
            failed.append(script.name)
    print(f"{len(scripts) - len(failed)} of {len(scripts)} benchmarks met every target"
          + (f"; not: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
