"""Monthly time axis of the simulation.

The model starts on 1 January 2020 (``t = 0`` years). Row ``k`` of every result is the calendar month
``2020-01 + k`` and holds the state at the *end* of that month, ``t = (k + 1) / 12`` years, so "reached by
December 2024" means "reached by the end of December 2024".
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pandas as pd

from simulator.errors import InputError

START_YEAR = 2020
"""Calendar year of the first simulated month (January)."""

MIN_MONTH = "2020-01"
MAX_MONTH = "2040-12"

_MONTH_RE = re.compile(r"[ ]*([0-9]{4})-([0-9]{1,2})[ ]*\Z")  # ASCII digits only, no trailing newline


def parse_month(text: str, *, name: str = "month") -> int:
    """Parse ``"YYYY-MM"`` into a month index (0 for 2020-01).

    Raises
    ------
    ValueError
        If the text is not a month in ``"YYYY-MM"`` form between 2020-01 and 2040-12; the message names
        ``name``, the value and what is allowed.
    """
    match = _MONTH_RE.match(text) if isinstance(text, str) else None
    if match is None:
        raise InputError(f"{name}: {text!r} is not a month; use YYYY-MM, e.g. 2024-12",
                         f"{name}: {text!r} bukan bulan; tulis YYYY-MM, misalnya 2024-12")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise InputError(f"{name}: {text!r} has month {month}; months run from 01 to 12",
                         f"{name}: {text!r} berbulan {month}; bulan berjalan dari 01 sampai 12")
    index = (year - START_YEAR) * 12 + (month - 1)
    lowest, highest = parse_month_bounds()
    if not lowest <= index <= highest:
        raise InputError(f"{name}: {text!r} is outside the model's calendar, {MIN_MONTH} to {MAX_MONTH}",
                         f"{name}: {text!r} di luar kalender model, {MIN_MONTH} sampai {MAX_MONTH}")
    return index


def parse_month_bounds() -> tuple[int, int]:
    """Smallest and largest month index the model accepts."""
    return 0, (int(MAX_MONTH[:4]) - START_YEAR) * 12 + int(MAX_MONTH[5:]) - 1


def format_month(index: int) -> str:
    """Month index -> ``"YYYY-MM"``."""
    year, month = divmod(int(index), 12)
    return f"{START_YEAR + year:04d}-{month + 1:02d}"


def month_start(index: int) -> dt.date:
    """Month index -> first day of that month."""
    year, month = divmod(int(index), 12)
    return dt.date(START_YEAR + year, month + 1, 1)


@functools.lru_cache(maxsize=64)
def month_dates(n_months: int) -> pd.DatetimeIndex:
    """First day of each of the first ``n_months`` months (the ``date`` column of results)."""
    return pd.date_range(f"{START_YEAR}-01-01", periods=n_months, freq="MS")


def end_times(n_months: int) -> np.ndarray:
    """Model time [years since 2020-01-01] at the end of each month, shape ``(n_months,)``."""
    return (np.arange(n_months) + 1.0) / 12.0


def years_since_start(date: dt.date | pd.Timestamp) -> float:
    """Calendar date -> model time [years since 2020-01-01]."""
    ts = pd.Timestamp(date)
    return (ts - pd.Timestamp(f"{START_YEAR}-01-01")).days / 365.25
