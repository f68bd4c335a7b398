"""Observation files: the bundled June 2021 evidence and the errors a malformed file gets."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from simulator import calibration, timeline
from simulator.io import observations, vintages

HEADER = b"date,value,source,link\n"
THREE_ROWS = (b"2020-02-01,8000000,Ministry,\n"
              b"2020-10-05,9400000,Kominfo,https://example.org/a\n"
              b"2020-12-03,10200000,Ministry,\n")


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return observations.load()


def test_bundled_file_loads_with_the_documented_columns(bundled: pd.DataFrame) -> None:
    assert list(bundled.columns) == ["date", "value", "source", "link", "use", "note", "said_on", "definition",
                                     "source_id", "note_id", "t"]
    assert len(bundled) == 7  # the June 2021 vintage: the Okezone row of 9 Aug 2021 came after the decision
    assert bundled.attrs["as_of"] == "2021-06"
    assert bundled["date"].is_monotonic_increasing
    assert bundled["use"].dtype == bool and bundled["use"].sum() >= observations.MIN_FITTED
    assert bundled["source"].str.len().min() > 20  # every row names who said it and where
    assert_allclose(bundled["t"], [timeline.years_since_start(d) for d in bundled["date"]], rtol=1e-12)


def test_bundled_file_holds_only_what_was_known_in_june_2021(bundled: pd.DataFrame) -> None:
    assert bundled["date"].max() <= pd.Timestamp("2021-06-30")
    assert bundled["date"].min() >= pd.Timestamp("2020-01-01")


def test_bundled_values_are_counts_of_umkm(bundled: pd.DataFrame) -> None:
    assert bundled["value"].between(5e6, 20e6).all()  # 7 to 14 million UMKM online, written in full


def test_rows_not_fitted_are_the_documented_conflicts(bundled: pd.DataFrame) -> None:
    shown_only = bundled.loc[~bundled["use"], "date"].dt.strftime("%Y-%m-%d").tolist()
    assert shown_only == ["2021-02-25"]
    assert (bundled.loc[~bundled["use"], "note"].str.len() > 0).all()  # each says why


def test_months_are_read_as_mid_month_and_sorted() -> None:
    frame = observations.load(HEADER + b"2021-03,12_000_000,x,\n" + THREE_ROWS)
    assert frame["date"].iloc[-1] == pd.Timestamp("2021-03-15")
    assert frame["value"].iloc[-1] == 12e6
    assert frame["date"].is_monotonic_increasing
    assert frame["use"].all()  # default when the column is absent


def test_optional_columns_byte_order_mark_and_header_case_are_accepted() -> None:
    text = (b"\xef\xbb\xbfDate,Value,Source,Link,Use,Note\n"
            b"2020-02-01,8000000,a,,true,\n2020-10-05,9400000,b,,false,shown only\n"
            b"2020-12-03,10200000,c,,yes,\n2021-04-04,12000000,d,,1,\n")
    frame = observations.load(text)
    assert frame["use"].tolist() == [True, False, True, True]
    assert frame["note"].tolist()[1] == "shown only"


def test_a_file_path_is_read(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_bytes(HEADER + THREE_ROWS)
    assert observations.load(path)["value"].tolist() == [8e6, 9.4e6, 10.2e6]
    assert observations.load(str(path))["value"].sum() == 27.6e6


@pytest.mark.parametrize(("content", "message"), [
    (b"date,value,source\n2020-02-01,8000000,a\n", "missing column 'link'; required columns: date, value, source, "
                                                   "link (optional: use, note, said_on, definition, source_id, "
                                                   "note_id)"),
    (b"when,value,source,link\n" + THREE_ROWS, "missing column 'date'"),
    (HEADER + b"2020-02-01,8000000,a,\n2020-13-01,9400000,b,\n2020-12-03,10200000,c,\n",
     "observations row 3: date '2020-13-01' is not a date between 2020-01 and 2040-12 (use YYYY-MM-DD or YYYY-MM)"),
    (HEADER + b"2020-02-30,8000000,a,\n" + THREE_ROWS, "observations row 2: date '2020-02-30' is not a date"),
    (HEADER + b"yesterday,8000000,a,\n" + THREE_ROWS, "observations row 2: date 'yesterday' is not a date"),
    (HEADER + THREE_ROWS + b"2041-01-01,20000000,a,\n", "observations row 5: date '2041-01-01' is not a date"),
    (HEADER + b"2020-02-01,eight million,a,\n" + THREE_ROWS,
     "observations row 2: value 'eight million' is not a number of UMKM"),
    (HEADER + b"2020-02-01,13.7,a,\n" + THREE_ROWS,
     "observations row 2: value '13.7' is out of range; allowed 1,000 to 100,000,000 UMKM (counts, not millions)"),
    (HEADER + THREE_ROWS + b"2021-05-15,,a,\n", "observations row 5: value '' is not a number of UMKM"),
    (HEADER + b"2020-02-01,-8000000,a,\n" + THREE_ROWS, "observations row 2: value '-8000000' is out of range"),
    (HEADER + b"2020-02-01,nan,a,\n" + THREE_ROWS, "observations row 2: value 'nan' is out of range"),
    (b"date,value,source,link,use\n2020-02-01,8000000,a,,maybe\n",
     "observations row 2: use = 'maybe' is not true or false"),
    (b"", "observations: not a readable CSV"),
    (HEADER, "observations: 0 usable rows; at least 3 are needed to calibrate"),
    (HEADER + THREE_ROWS[:THREE_ROWS.rindex(b"2020-12")], "observations: 2 usable rows; at least 3 are needed"),
    (bytes(range(256)) * 4, "observations: the file is not UTF-8 text"),
    (b"\x00\x01\x02\x03", "observations: missing column 'date'"),
    (HEADER + b"2020-02-01,8000000,Minister, Republika,\n" + THREE_ROWS,
     "observations row 2: more fields than the header has columns; quote text that contains commas"),
    (HEADER + THREE_ROWS + b"2021-04-04,12000000,Minister, Setkab,\n",
     "observations: not a readable CSV (Error tokenizing data. C error: Expected 4 fields in line 5, saw 5)"),
    (HEADER + b"2020-02-01,8000000,a,\n" * (observations.MAX_ROWS + 1), "rows; at most 1,000 are allowed"),
    (b"x" * (observations.MAX_BYTES + 1), "observations: the file is larger than 1,000,000 bytes"),
], ids=["no-link", "no-date", "month-13", "feb-30", "word-date", "after-calendar", "word-value", "millions",
        "empty-value", "negative", "nan", "bad-use", "empty-file", "header-only", "too-few", "binary", "nul-bytes",
        "unquoted-comma-first-row", "unquoted-comma-later-row", "too-many-rows", "too-large"])
def test_malformed_files_are_rejected_naming_the_row_or_column(content: bytes, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        observations.load(content)
    text = str(caught.value)
    assert message in text
    assert text.startswith("observations")
    assert "\n" not in text


def test_a_missing_file_is_a_value_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(ValueError, match=r"^observations: cannot read '.*nope\.csv' \(No such file or directory\)"):
        observations.load(path)


# --- degenerate files: too wide, the same day twice, the future (issue "a public server", rows 5 and 13) -------

def test_a_header_with_thousands_of_columns_is_refused_quickly_before_parsing() -> None:
    wide = (",".join(f"c{i}" for i in range(100_000)) + "\n").encode()  # 688 kB, under the size cap
    assert len(wide) < observations.MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"^observations: the header has 100,000 columns; at most 50 are allowed "
                                         r"\(required: date, value, source, link; optional: use, note, said_on, "
                                         r"definition, source_id, note_id\)$"):
        observations.load(wide)
    assert time.perf_counter() - started < 2.0  # was 168 s: a quadratic duplicate-column check


def test_a_few_extra_columns_are_still_read() -> None:
    header = b"date,value,source,link," + b",".join(b"x%d" % i for i in range(observations.MAX_COLUMNS - 4)) + b"\n"
    rows = b"".join(line + b"," * (observations.MAX_COLUMNS - 4) + b"\n" for line in THREE_ROWS.splitlines())
    assert observations.load(header + rows)["value"].tolist() == [8e6, 9.4e6, 10.2e6]


def test_a_header_naming_a_column_twice_among_many_is_found_in_linear_time() -> None:
    header = ",".join(["date", "value", "source", "link", *(f"x{i}" for i in range(40)), "Value"])
    with pytest.raises(ValueError, match="column 'value' appears more than once"):
        observations.load((header + "\n").encode())


@pytest.mark.parametrize("extra", [b"2020-10-05,9500000,Other,\n", b"2020-10-05T08:00:00,9500000,Other,\n"])
def test_two_fitted_counts_on_the_same_day_are_refused_naming_both_rows(extra: bytes) -> None:
    with pytest.raises(ValueError, match=r"^observations row 5: date '2020-10-05.*' is the same day as row 3 and "
                                         r"both are fitted; give one count per day, or mark one use = false$"):
        observations.load(HEADER + THREE_ROWS + extra)


def test_months_given_twice_are_the_same_day_but_different_days_of_a_month_are_fine() -> None:
    with pytest.raises(ValueError, match=r"^observations row 3: date '2020-10' is the same day as row 2"):
        observations.load(HEADER + b"2020-10,9400000,a,\n2020-10,9500000,b,\n2020-12-03,10200000,c,\n")
    frame = observations.load(HEADER + THREE_ROWS + b"2020-10-20,9500000,Other,\n")
    assert len(frame) == 4


def test_a_same_day_count_that_is_only_shown_is_kept() -> None:
    content = b"date,value,source,link,use\n" + THREE_ROWS.replace(b",\n", b",,\n").replace(b"/a\n", b"/a,\n")
    frame = observations.load(content + b"2020-10-05,8000000,Other,,false\n")
    assert frame["use"].tolist() == [True, True, False, True]


def test_the_bundled_file_has_no_fitted_day_twice(bundled: pd.DataFrame) -> None:
    fitted = bundled[bundled["use"]]
    assert not fitted["date"].dt.normalize().duplicated().any()


@pytest.mark.parametrize(("today", "date", "refused"), [
    (dt.date(2026, 11, 28), b"2026-11-30", False), (dt.date(2026, 11, 28), b"2026-11", False),
    (dt.date(2026, 11, 28), b"2026-12-01", True), (dt.date(2026, 11, 28), b"2035-06", True),
    (dt.date(2021, 6, 11), b"2021-07-01", True),
])
def test_observations_after_this_month_are_refused(today: dt.date, date: bytes, refused: bool) -> None:
    content = HEADER + THREE_ROWS + date + b",20000000,Forecast,\n"
    if not refused:
        assert len(observations.load(content, today=today)) == 4
        return
    with pytest.raises(ValueError, match=rf"^observations row 5: date '{date.decode()}' is in the future; allowed "
                                         rf"2020-01 to {today:%Y-%m} \(this month\)$"):
        observations.load(content, today=today)


def test_the_default_clock_is_the_module_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(observations, "_today", lambda: dt.date(2020, 11, 1))
    with pytest.raises(ValueError, match=r"^observations row 4: date '2020-12-03' is in the future"):
        observations.load(HEADER + THREE_ROWS)


# --- vintages: said_on, definition and as_of ------------------------------------------------------------------

@pytest.fixture(scope="module")
def full() -> pd.DataFrame:
    return observations.load(as_of=None)


def test_the_bundled_file_holds_the_counts_to_june_2023_with_the_date_each_was_said(full: pd.DataFrame) -> None:
    assert full.attrs["as_of"] == "2023-06"
    assert set(full["definition"]) <= set(observations.DEFINITIONS)
    assert (full["said_on"] >= full["date"].dt.to_period("M").dt.start_time).all()
    ministry = full[full["use"] & (full["definition"] == "ministry_count")]
    assert ministry["said_on"].max() <= pd.Timestamp("2023-06-30")
    assert len(ministry[ministry["said_on"] > pd.Timestamp("2021-06-30")]) >= 12
    assert (full.loc[~full["use"], "note"].str.len() > 0).all()  # every row shown but not fitted says why


def test_the_bps_survey_is_a_second_indicator_never_fitted(full: pd.DataFrame) -> None:
    bps = full[full["definition"] == "bps_survey"]
    assert len(bps) >= 2 and not bps["use"].any()
    assert bps["value"].max() < 3e6  # about a sixth of the ministries' count of the same years


def test_the_june_2021_vintage_is_exactly_the_decision_time_fitted_rows(full: pd.DataFrame,
                                                                       bundled: pd.DataFrame) -> None:
    vintage = vintages.as_of(full, "2021-06")
    fitted = vintage[vintage["use"]]
    assert fitted["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-02-01", "2020-10-05", "2020-12-03",
                                                              "2021-04-04", "2021-05-15", "2021-06-22"]
    assert fitted["value"].tolist() == [8e6, 9.4e6, 10.2e6, 12e6, 13.7e6, 13.5e6]
    pd.testing.assert_frame_equal(vintage, bundled)
    fit = calibration.fit(vintage)
    for name, value in calibration.registry_values().items():
        assert_allclose(fit.fitted[name], value, rtol=1e-3)


def test_a_file_without_the_new_columns_loads_whole_as_before() -> None:
    frame = observations.load(HEADER + THREE_ROWS + b"2022-05,19000000,x,\n")
    assert len(frame) == 4 and frame.attrs["as_of"] == "2022-05"
    assert (frame["said_on"] == frame["date"]).all()
    assert (frame["definition"] == "ministry_count").all()
    assert len(observations.load(HEADER + THREE_ROWS + b"2022-05,19000000,x,\n", as_of="2021-01")) == 3


def test_said_on_as_a_month_is_its_last_day() -> None:
    frame = observations.load(b"date,said_on,value,source,link\n2020-02-01,2020-12,8000000,a,\n"
                              b"2020-10-05,,9400000,b,\n2020-12-03,2020-12-03,10200000,c,\n", as_of=None)
    assert frame["said_on"].tolist() == [pd.Timestamp("2020-12-31"), pd.Timestamp("2020-10-05"),
                                         pd.Timestamp("2020-12-03")]


@pytest.mark.parametrize(("row", "message"), [
    (b"2021-06-15,2021-05-31,13500000,,a,,true\n",
     "observations row 5: said_on '2021-05-31' is before the month the count refers to (2021-06)"),
    (b"2021-06-15,soon,13500000,,a,,true\n", "observations row 5: said_on 'soon' is not a date"),
    (b"2021-06-15,,13500000,guess,a,,true\n", "observations row 5: definition 'guess' is not allowed; allowed: "
                                              "ministry_count, platform_data, association_estimate, "
                                              "other_definition, bps_survey"),
    (b"2021-06-15,,2400000,bps_survey,a,,true\n", "observations row 5: a bps_survey row cannot be fitted"),
], ids=["said-before-month", "said-not-a-date", "unknown-definition", "bps-fitted"])
def test_bad_said_on_or_definition_is_rejected_naming_the_row(row: bytes, message: str) -> None:
    content = (b"date,said_on,value,definition,source,link,use\n2020-02-01,,8000000,,a,,true\n"
               b"2020-10-05,,9400000,,a,,true\n2020-12-03,,10200000,,a,,true\n" + row)
    with pytest.raises(ValueError) as caught:
        observations.load(content)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_count_said_early_in_its_own_month_is_allowed() -> None:
    frame = observations.load(b"date,said_on,value,source,link\n2020-02-01,,8000000,a,\n2020-10-05,,9400000,b,\n"
                              b"2020-12-03,,10200000,c,\n2021-10-15,2021-10-01,15900000,d,\n", as_of=None)
    assert frame["said_on"].iloc[-1] == pd.Timestamp("2021-10-01")


@pytest.mark.parametrize(("month", "message"), [
    ("2020-11", "as of: 2020-11 is before the data (3 fitted counts were first said by 2020-12); allowed 2020-12 "
                "to 2023-06"),
    ("2019-06", "as of: 2019-06 is before the data"),
    ("2023-07", "as of: 2023-07 is after the latest data or today; allowed 2020-12 to 2023-06"),
    ("2030-01", "as of: 2030-01 is after the latest data or today"),
    ("June 2022", "as of: 'June 2022' is not a month; use YYYY-MM, allowed 2020-12 to 2023-06"),
    ("2022-13", "as of: '2022-13' is not a month"),
    ("", "as of: '' is not a month"),
])
def test_bad_vintages_get_one_clear_line_with_the_allowed_range(full: pd.DataFrame, month: str,
                                                                message: str) -> None:
    with pytest.raises(ValueError) as caught:
        vintages.as_of(full, month)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_a_vintage_never_runs_past_today(full: pd.DataFrame) -> None:
    assert vintages.vintage_range(full, today=dt.date(2022, 3, 9)) == ("2020-12", "2022-03")
    with pytest.raises(ValueError, match="allowed 2020-12 to 2022-03"):
        vintages.as_of(full, "2022-04", today=dt.date(2022, 3, 9))


@settings(max_examples=60, deadline=None)
@given(st.integers(timeline.parse_month("2020-12"), timeline.parse_month("2023-06")))
def test_no_vintage_ever_uses_a_row_said_later(full: pd.DataFrame, index: int) -> None:
    month = timeline.format_month(index)
    vintage = vintages.as_of(full, month)
    end = vintages.month_end(month)
    assert (vintage["said_on"] <= end).all()
    later = full[full["said_on"] > end]
    assert len(vintage) + len(later) == len(full)  # nothing said by then is left out either
    assert vintage.attrs["as_of"] == month


# --- Indonesian twins of the text columns (issue "The public demo", item 3) -----------------------------------

def test_every_bundled_row_has_its_source_and_note_in_indonesian() -> None:
    whole = observations.load(as_of=None)
    assert len(whole) == 30
    assert (whole["source_id"].str.len() > 20).all()  # every row, like its English source
    has_note = whole["note"].str.strip() != ""
    assert ((whole["note_id"].str.strip() != "") == has_note).all()  # a note_id exactly where there is a note
    assert not whole["source_id"].str.contains(r"\b(?:Minister|Ministry|million|survey)\b").any()


def test_a_file_without_the_indonesian_columns_loads_with_empty_twins() -> None:
    frame = observations.load(HEADER + THREE_ROWS)
    assert list(frame["source_id"]) == ["", "", ""] and list(frame["note_id"]) == ["", "", ""]
    assert list(frame["source"]) == ["Ministry", "Kominfo", "Ministry"]


def test_a_file_with_the_indonesian_columns_keeps_them_row_by_row() -> None:
    data = (b"date,value,source,link,source_id\n2020-02-01,8000000,Ministry,,Kementerian\n"
            b"2020-10-05,9400000,Kominfo,,\n2020-12-03,10200000,Ministry,,Kementerian\n")
    frame = observations.load(data)
    assert list(frame["source_id"]) == ["Kementerian", "", "Kementerian"]
    assert list(frame["note_id"]) == ["", "", ""]
