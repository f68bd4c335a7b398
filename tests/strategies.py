"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from hypothesis import strategies as st

from simulator import timeline
from simulator.parameters import HORIZON_RANGE, LEVERS, TARGET_RANGE, Scenario


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Any valid scenario: levers across their full range, months anywhere up to the horizon."""
    lo_h, hi_h = (timeline.parse_month(m) for m in HORIZON_RANGE)
    horizon = draw(st.integers(lo_h, hi_h))
    month = st.integers(0, horizon).map(timeline.format_month)
    values = {lever.key: draw(st.floats(0.0, lever.maximum, allow_nan=False)) for lever in LEVERS}
    values |= {lever.start_key: draw(month) for lever in LEVERS}
    return Scenario(**values, target=draw(st.floats(*TARGET_RANGE)), deadline=draw(month),
                    horizon=timeline.format_month(horizon))
