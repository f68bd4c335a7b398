"""Numbers for JSON and spreadsheets: one rule for what has no finite value, used by the core and every export."""

from __future__ import annotations

import math
from typing import Any


def finite_or_none(value: Any) -> float | None:
    """``value`` as a finite float, or None for None, NaN, infinities, text, booleans and non-numbers.

    JSON has no NaN or infinity, and a spreadsheet cell or a table shows None as empty ("–").
    """
    if value is None or isinstance(value, bool | str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
