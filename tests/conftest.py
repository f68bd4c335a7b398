"""Test set-up shared by every test module: import paths, and the markers of the test tiers.

``tests`` is a package (so ``python -m tests.update_baseline`` runs from the root), which makes pytest put the
root rather than ``tests/`` on ``sys.path``; ``tests/`` is added too, so helpers such as ``strategies`` still
import by their plain name.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
for path in (ROOT, TESTS):  # so plain `pytest`, not only `python -m pytest`, imports the package
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
