"""Data vintages: the observations as they were known at the end of a month.

A vintage "as of" month M keeps the rows whose ``said_on`` (the date the count was said or published) falls on or
before the last day of M; every other column is left as it is. The vintage of June 2021 (the decision) is the
default everywhere, so the fitted rows, the calibration and every figure of the model are those of the decision
unless a later vintage is asked for.

The allowed vintages run from the first month by whose end :data:`~simulator.io.observations.MIN_FITTED` fitted
counts had been said (fewer cannot be calibrated; 2020-12 for the bundled file) to the month of the latest
``said_on`` in the data, and never past the current month.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from simulator import timeline
from simulator.io import observations as observations_module

_MONTH_RE = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})\s*")


def month_end(month: str) -> pd.Timestamp:
    """Last day of month "YYYY-MM"."""
    return pd.Timestamp(timeline.month_start(timeline.parse_month(month))) + pd.offsets.MonthEnd(0)


def _said_on(observations: pd.DataFrame) -> pd.Series:
    return observations["said_on"] if "said_on" in observations.columns else observations["date"]


def vintage_range(observations: pd.DataFrame, *, today: dt.date | None = None) -> tuple[str, str]:
    """First and last allowed vintage ("YYYY-MM") of ``observations`` (as from ``observations.load``)."""
    said = _said_on(observations)
    fitted = said[observations["use"].to_numpy(bool)].sort_values()
    if len(fitted) < observations_module.MIN_FITTED:
        raise ValueError(f"as of: the observations have {len(fitted)} fitted rows; at least "
                         f"{observations_module.MIN_FITTED} are needed for any vintage")
    first = fitted.iloc[observations_module.MIN_FITTED - 1]
    today = today or observations_module._today()  # the loader's clock, which tests can set
    last = min(pd.Timestamp(said.max()), pd.Timestamp(today))
    return f"{first:%Y-%m}", f"{last:%Y-%m}"


def check(observations: pd.DataFrame, month: object, *, today: dt.date | None = None) -> str:
    """``month`` as "YYYY-MM" if it is an allowed vintage of ``observations``; else one-line ValueError."""
    lo, hi = vintage_range(observations, today=today)
    match = _MONTH_RE.fullmatch(month) if isinstance(month, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"as of: {month!r} is not a month; use YYYY-MM, allowed {lo} to {hi}")
    text = f"{match.group(1)}-{int(match.group(2)):02d}"
    if text < lo:
        raise ValueError(f"as of: {text} is before the data ({observations_module.MIN_FITTED} fitted counts were "
                         f"first said by {lo}); allowed {lo} to {hi}")
    if text > hi:
        raise ValueError(f"as of: {text} is after the latest data or today; allowed {lo} to {hi}")
    return text


def as_of(observations: pd.DataFrame, month: str, *, today: dt.date | None = None) -> pd.DataFrame:
    """The rows of ``observations`` said by the end of ``month`` ("YYYY-MM"), in the same order.

    Raises
    ------
    ValueError
        One line naming the allowed range, when ``month`` is not a month, is before the first vintage that can
        be calibrated, or is after the latest ``said_on`` of the data or the current month.
    """
    text = check(observations, month, today=today)
    keep = (_said_on(observations) <= month_end(text)).to_numpy(bool)
    out = observations[keep].reset_index(drop=True)
    out.attrs["as_of"] = text
    return out


def n_fitted(observations: pd.DataFrame) -> int:
    """Rows a fit or the Monte Carlo would use (``use`` true)."""
    return int(observations["use"].sum())
