"""Write ``tests/baseline.json`` from the current code: ``python -m tests.update_baseline`` (``make baseline``).

Run it only when a change to the model's numbers is intended, and commit the file with that change, so the
diff shows which headline figures moved. ``tests/test_baseline.py`` fails until then. It also rewrites the stored
backtest the app reads (``simulator/data/backtest.json``, checked by ``tests/test_io_backtests.py``).
"""

from __future__ import annotations

import sys

from simulator.io import backtests
from tests import baseline


def main() -> int:
    stored = baseline.load() if baseline.PATH.exists() else {}
    figures = baseline.compute()
    changed = baseline.differences(stored, figures)
    baseline.PATH.write_text(baseline.dumps(figures), encoding="utf-8")
    print(f"wrote {baseline.PATH}: {len(changed)} figure(s) changed")
    for line in changed:
        print(f"  {line}")
    print(f"wrote {backtests.write()} (the backtest the app reads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
