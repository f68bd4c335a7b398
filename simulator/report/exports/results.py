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

from simulator.report.i18n import text
from simulator.runner import RESULT_COLUMNS, Assessment, results_frame

__all__ = ["COMPARISON_COLUMNS", "CSV_FORMATS", "FAN_COLUMNS", "RESULT_COLUMNS", "comparison_frame", "results_csv",
           "results_frame"]


COMPARISON_COLUMNS: tuple[str, ...] = (
    "scenario", "adopters_at_deadline", "reached_on", "probability", "cost_idr", "extra_cost_idr",
    "cost_per_additional_idr",
)
"""Columns of a comparison: name, UMKM online at the deadline [UMKM], first month reaching the target
(``YYYY-MM`` or None), probability of reaching it by the deadline [fraction] (NaN when not estimated),
programme cost to the deadline and extra cost versus the status quo [rupiah], and extra cost per additional
UMKM online at the deadline [rupiah per UMKM] (NaN when the scenario adds none). Only ``scenario`` and
``adopters_at_deadline`` are required by the exports; a missing column is shown as "–"."""


FAN_COLUMNS: tuple[str, ...] = ("n_adopters_p10", "n_adopters_p50", "n_adopters_p90")
"""Columns a fan adds to :func:`results_csv` after ``n_adopters``: the Monte Carlo P10, P50 and P90 [UMKM]."""
CSV_FORMATS = {"id": (";", ","), "en": (",", ".")}
"""Field separator and decimal mark of a reader's CSV per language: Excel set to Indonesian splits fields at
``;`` and reads ``,`` as the decimal mark, so the Indonesian file opens in columns with a double click."""


def results_csv(assessment: Assessment, *, language: str | None = None, fan: pd.DataFrame | None = None) -> bytes:
    """:func:`results_frame` as CSV, full precision.

    Without ``language``: the machine format (column names of :data:`RESULT_COLUMNS`, comma-separated, ``.``
    decimals, UTF-8), as the command line writes it. With ``language``: the reader's format, headers in that
    language (with their units) and the separators of :data:`CSV_FORMATS` (Indonesian: ``;`` and decimal
    comma), UTF-8 with a byte-order mark so Excel reads the text as UTF-8. ``fan`` (the frame of
    :class:`simulator.uncertainty.Ensemble`, one row per month) adds :data:`FAN_COLUMNS`.
    """
    frame = results_frame(assessment)
    if fan is not None:
        if len(fan) != len(frame):
            raise ValueError(f"results_csv: the fan has {len(fan)} months, the results {len(frame)}")
        at = frame.columns.get_loc("n_adopters") + 1
        for offset, column in enumerate(FAN_COLUMNS):
            frame.insert(at + offset, column, np.asarray(fan[column], dtype=float))
    if language is None:
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    separator, decimal = CSV_FORMATS.get(language, CSV_FORMATS["id"])
    frame.columns = [text(f"export_col_{column}", language) for column in frame.columns]
    return frame.to_csv(index=False, sep=separator, decimal=decimal, lineterminator="\n").encode("utf-8-sig")


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


