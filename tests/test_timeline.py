"""The monthly time axis: parsing and formatting months, dates and model times."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from simulator import timeline

LAST = timeline.parse_month(timeline.MAX_MONTH)


@pytest.mark.parametrize(("text", "index"), [
    ("2020-01", 0), ("2020-12", 11), ("2024-12", 59), ("2024-5", 52), (" 2030-12 ", 131), ("2040-12", 251),
])
def test_parse_month(text: str, index: int) -> None:
    assert timeline.parse_month(text) == index


def test_calendar_bounds() -> None:
    assert timeline.parse_month_bounds() == (0, 251) == (0, LAST)
    assert timeline.format_month(0) == timeline.MIN_MONTH and timeline.format_month(LAST) == timeline.MAX_MONTH


def test_format_is_the_inverse_of_parse_over_the_whole_calendar() -> None:
    for index in range(LAST + 1):
        text = timeline.format_month(index)
        assert len(text) == 7 and timeline.parse_month(text) == index


@pytest.mark.parametrize(("text", "message"), [
    ("2019-12", "deadline: '2019-12' is outside the model's calendar, 2020-01 to 2040-12"),
    ("2041-01", "deadline: '2041-01' is outside the model's calendar"),
    ("2024-00", "deadline: '2024-00' has month 0; months run from 01 to 12"),
    ("2024-13", "deadline: '2024-13' has month 13"),
    ("24-12", "deadline: '24-12' is not a month; use YYYY-MM, e.g. 2024-12"),
    ("2024/12", "deadline: '2024/12' is not a month"),
    ("2024-12-31", "deadline: '2024-12-31' is not a month"),
    ("", "deadline: '' is not a month"),
    (202412, "deadline: 202412 is not a month"),
    (None, "deadline: None is not a month"),
])
def test_parse_month_rejects_what_is_not_a_calendar_month(text: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        timeline.parse_month(text, name="deadline")  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_month_dates_and_starts() -> None:
    dates = timeline.month_dates(132)
    assert len(dates) == 132
    assert dates[0] == pd.Timestamp("2020-01-01") and dates[-1] == pd.Timestamp("2030-12-01")
    assert all(date.day == 1 for date in dates)
    assert timeline.month_start(59) == dt.date(2024, 12, 1)
    assert [timeline.month_start(k) for k in (0, 13)] == [d.date() for d in dates[[0, 13]]]


def test_end_times_are_the_end_of_each_month_in_years() -> None:
    assert_allclose(timeline.end_times(3), [1 / 12, 2 / 12, 3 / 12], rtol=1e-15)
    assert_allclose(timeline.end_times(60)[-1], 5.0, rtol=1e-15)  # end of December 2024


def test_years_since_start() -> None:
    assert timeline.years_since_start(dt.date(2020, 1, 1)) == 0.0
    assert_allclose(timeline.years_since_start(pd.Timestamp("2021-01-01")), 366 / 365.25, rtol=1e-15)
    assert_allclose(timeline.years_since_start(dt.date(2024, 12, 31)), 5.0, atol=1.0 / 365)
    times = [timeline.years_since_start(d) for d in timeline.month_dates(24)]
    assert np.all(np.diff(times) > 0)
