"""Test set-up shared by every test module: import paths, and the markers of the test tiers.

``tests`` is a package (so ``python -m tests.update_baseline`` runs from the root), which makes pytest put the
root rather than ``tests/`` on ``sys.path``; ``tests/`` is added too, so helpers such as ``strategies`` still
import by their plain name.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
for path in (ROOT, TESTS):  # so plain `pytest`, not only `python -m pytest`, imports the package
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


# --- Test tiers ----------------------------------------------------------------------------------------------
# `make test-fast` deselects the tiers below (see FAST in the Makefile); `make test` runs everything. Browser
# tests are marked by tests/browser/conftest.py.

APP_MODULES = "test_app*.py"
"""Modules whose every test drives the Streamlit app through AppTest (through helpers, so marked by name)."""
SERVER_FIXTURES = {"deployment": "deploy", "app_deployment": "deploy", "bare_server": "load", "fragment_server": "load",
                   "app_server": "load"}
"""Fixtures that start real servers (nginx, streamlit), and the tier of the tests that use them."""


def _names_used(function: object) -> set[str]:
    """Global names a test function's own body uses (for a hypothesis test, the test it wraps)."""
    inner = getattr(getattr(function, "hypothesis", None), "inner_test", function)
    code = getattr(inner, "__code__", None)
    return set(code.co_names) if code is not None else set()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        marks = set()
        if item.path.match(APP_MODULES) or "AppTest" in _names_used(getattr(item, "function", None)):
            marks.add("app")
        marks.update(kind for fixture, kind in SERVER_FIXTURES.items()
                     if fixture in getattr(item, "fixturenames", ()))
        for mark in sorted(marks):
            item.add_marker(getattr(pytest.mark, mark))
