"""Test set-up shared by every test module: the repository root on ``sys.path``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so plain `pytest`, not only `python -m pytest`, imports the package
    sys.path.insert(0, str(ROOT))
