"""Shared test helpers: the repository root on sys.path, a status-quo parameter set, and lever paths."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so plain `pytest` (not only `python -m pytest`) imports the package
    sys.path.insert(0, str(ROOT))

from simulator.model import LeverPaths  # noqa: E402
from simulator.parameters import LEVER_SPECS  # noqa: E402

STATUS_QUO_PACE = {
    "training_per_year": LEVER_SPECS["training_per_year"].status_quo,
    "villages_per_year": LEVER_SPECS["infrastructure_villages_per_year"].status_quo,
    "financing_idr_per_year": LEVER_SPECS["financing_idr_per_year"].status_quo,
}
"""Status-quo lever intensities by :class:`~simulator.model.LeverPaths` field [natural units per year]."""


def constant_levers(n_months: int, **values: float | np.ndarray) -> LeverPaths:
    """Lever paths constant over ``n_months``; unspecified levers run at the status-quo pace.

    A value may be an array of shape ``(n,)`` to get a batch of ``n`` lever settings shaped ``(n, months)``.
    """
    unknown = set(values) - set(STATUS_QUO_PACE)
    if unknown:
        raise TypeError(f"unknown lever path {sorted(unknown)}")
    merged = {**STATUS_QUO_PACE, **values}
    shapes = [np.shape(v) for v in merged.values()]
    batch = np.broadcast_shapes(*shapes)
    return LeverPaths(**{key: np.broadcast_to(np.asarray(value, dtype=float)[..., None], (*batch, n_months))
                         for key, value in merged.items()})


def levers_off(n_months: int) -> LeverPaths:
    """No training, no new villages, no financing."""
    return constant_levers(n_months, training_per_year=0.0, villages_per_year=0.0, financing_idr_per_year=0.0)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (working directory for subprocess tests)."""
    return ROOT
