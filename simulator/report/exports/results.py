"""Results as tables: the monthly results frame and CSV, and a comparison of named scenarios.

A comparison of named scenarios is a DataFrame with the columns of :data:`COMPARISON_COLUMNS` (build one with
:func:`comparison_frame`); the Excel export writes it as a sheet, the policy brief as a table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from simulator.runner import RESULT_COLUMNS, Assessment, results_frame

__all__ = ["COMPARISON_COLUMNS", "RESULT_COLUMNS", "comparison_frame", "results_csv", "results_frame"]


COMPARISON_COLUMNS: tuple[str, ...] = (
    "scenario", "adopters_at_deadline", "reached_on", "probability", "cost_idr", "extra_cost_idr",
    "cost_per_additional_idr",
)
"""Columns of a comparison: name, UMKM online at the deadline [UMKM], first month reaching the target
(``YYYY-MM`` or None), probability of reaching it by the deadline [fraction] (NaN when not estimated),
programme cost to the deadline and extra cost versus the status quo [rupiah], and extra cost per additional
UMKM online at the deadline [rupiah per UMKM] (NaN when the scenario adds none). Only ``scenario`` and
``adopters_at_deadline`` are required by the exports; a missing column is shown as "–"."""


def results_csv(assessment: Assessment) -> bytes:
    """:func:`results_frame` as UTF-8 CSV (comma-separated, ``.`` decimals, full precision)."""
    return results_frame(assessment).to_csv(index=False, lineterminator="\n").encode("utf-8")


def comparison_frame(assessments: Mapping[str, Assessment], *,
                     probabilities: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Named scenarios side by side, columns :data:`COMPARISON_COLUMNS`, in the mapping's order.

    Each scenario is compared with its own baseline (the status quo with the same target and deadline).
    """
    rows = []
    for name, assessment in assessments.items():
        verdict, base = assessment.scenario.verdict, assessment.baseline.verdict
        added = verdict.adopters_at_deadline - base.adopters_at_deadline
        extra = round(verdict.cost_idr - base.cost_idr)  # whole rupiah: drops float noise of equal budgets
        rows.append({
            "scenario": name,
            "adopters_at_deadline": verdict.adopters_at_deadline,
            "reached_on": verdict.reached_on,
            "probability": float((probabilities or {}).get(name, math.nan)),
            "cost_idr": round(verdict.cost_idr),
            "extra_cost_idr": extra,
            "cost_per_additional_idr": extra / added if added > 1.0 else math.nan,
        })
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def _scalar(value: Any) -> float | str:
    """A model parameter as one number; a per-draw array is written as its mean (the exports show one run)."""
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else float(array.mean())


def _month_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


