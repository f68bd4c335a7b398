"""Hostile input: share links, scenario files, observation files, the command line and the app.

Every reader either returns something valid or says, in one line, what was wrong; nothing a visitor or a file
can send makes the app show a traceback or lose the settings it had. What a visitor can make expensive (saved
scenarios, Monte Carlo draws, uploads, link length) is capped.

Two bugs found here are pinned by regression tests below: a header naming a column twice in different case or
spacing, and dates with a UTC offset, both once escaped as exceptions that named no row or column.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import sys
import tomllib
import warnings
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_from_bytes

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from app_pages import links, saved, state
from simulator import cli, errors, timeline
from simulator.errors import InputError
from simulator.io import observations, sharing
from simulator.io import scenario_files as sf
from simulator.parameters import HORIZON_RANGE, LEVER_SPECS, LEVERS, SCENARIO_KEYS, TARGET_RANGE, Scenario
from simulator.report.i18n import text
from simulator.report.sentences import notice_message

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

# Parsers take milliseconds: hundreds of examples each. The app and the CLI's calibration take about a second.
CHEAP = settings(max_examples=500, deadline=None)
FAST = settings(max_examples=200, deadline=None)
MEDIUM = settings(max_examples=100, deadline=None)
SLOW = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

MONTH_KEYS = ("deadline", "horizon", "start", *(lever.start_key for lever in LEVERS))
NUMBER_KEYS = tuple(k for k in SCENARIO_KEYS if k not in MONTH_KEYS)
VERDICT_RE = re.compile(r"Tidak tercapai|tercapai pada|Not reached by|reached in")
TRACEBACK_RE = re.compile(r"Traceback|File \"[^\"]+\", line \d+")


def assert_valid_scenario(scenario: Scenario) -> None:
    """Every value within its allowed range, months canonical and not after the horizon."""
    assert isinstance(scenario, Scenario)
    for lever in LEVERS:
        value = getattr(scenario, lever.key)
        assert isinstance(value, float) and 0.0 <= value <= lever.maximum, (lever.key, value)
    assert TARGET_RANGE[0] <= scenario.target <= TARGET_RANGE[1]
    horizon = timeline.parse_month(scenario.horizon)
    assert timeline.parse_month(HORIZON_RANGE[0]) <= horizon <= timeline.parse_month(HORIZON_RANGE[1])
    for key in ("deadline", *(lever.start_key for lever in LEVERS)):
        month = getattr(scenario, key)
        assert timeline.format_month(timeline.parse_month(month)) == month
        assert timeline.parse_month(month) <= horizon


def assert_one_line(message: str, *, limit: int = 400) -> None:  # an unknown key's message lists 16 allowed keys
    assert message and message.splitlines() == [message], repr(message)
    assert len(message) < limit, (len(message), message)


# --------------------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------------------

# Realistic text: no NUL (an OS argument or a URL cannot carry it raw); hypothesis leaves out surrogates.
_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
_huge = st.builds(lambda char, n: char * n, st.characters(codec="utf-8", exclude_characters="\x00"),
                  st.integers(65, 20_000))
_number_text = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.floats().map(repr),
    st.decimals(allow_nan=True).map(str),
    st.from_regex(r"\A[+-]?[0-9_]{0,6}\.?[0-9_]{0,4}([eE][+-]?[0-9]{1,12})?\Z"),
    st.sampled_from(["nan", "-inf", "Infinity", "1e999999999999", "1e-999999999999", "-0", ".5", "5.", "0x10",
                     "1,5", "4.000,5", "٣", "١٠٠٠", "1 000", "+7.5", "7.5e0", "5_000_000", "1e400", "²"]),
)
_month_text = st.one_of(
    st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99)),
    st.builds("{}-{}".format, st.integers(2015, 2045), st.integers(-1, 13)),
    st.sampled_from(["2024-12", "2030-12", "2040-12", "2022-11", "2024-1", " 2024-12 ", "2024/12", "Dec 2024",
                     "2024-12-01", "2024-12\n", "٢٠٢٤-١٢", "2024-12x"]),
)
_link_keys = (st.sampled_from(sharing.QUERY_KEYS) | _text).filter(
    lambda k: k.lower() not in ("embed", "embed_options"))  # Streamlit keeps these two for itself
_link_values = st.one_of(_number_text, _month_text, _text, _huge,
                         st.sampled_from(["id", "en", "EN", "1", "2", "", " ", "<script>", "[x](http://e.x)"]))

# Near-valid inputs: each field is garbled with a probability drawn once per input, so that a fair share of
# inputs is entirely valid (and exercises the success path) and the rest fail in one field or many.
_garble_share = st.sampled_from([0.0, 0.0, 0.1, 0.3, 0.7])


def _good_or_bad(draw: st.DrawFn, share: float, good: st.SearchStrategy, bad: st.SearchStrategy):
    return draw(bad) if share and draw(st.floats(0, 1)) < share else draw(good)


_valid_month = st.integers(0, timeline.parse_month("2030-12")).map(timeline.format_month)
_valid_horizon = st.integers(timeline.parse_month("2030-12"), timeline.parse_month(HORIZON_RANGE[1])).map(
    timeline.format_month)
_VALID_VALUES = {
    **{lever.key: st.floats(0, lever.maximum) | st.integers(0, int(lever.maximum)) for lever in LEVERS},
    "target": st.floats(*TARGET_RANGE) | st.integers(*(int(b) for b in TARGET_RANGE)),
    **{key: _valid_month for key in MONTH_KEYS if key != "horizon"},
    "horizon": _valid_horizon,
}


# --------------------------------------------------------------------------------------------------------
# Share links
# --------------------------------------------------------------------------------------------------------

def assert_sane_link_state(state: sharing.SharedState) -> None:
    assert isinstance(state, sharing.SharedState)
    assert_valid_scenario(state.scenario)
    assert state.language in sharing.LANGUAGES
    assert all(n.code != "unreadable" for n in state.notices)  # the safety net is never what saved us
    assert len(state.notices) <= sharing.MAX_PARAMETERS + 1
    for notice in state.notices:
        assert len(notice.key) <= sharing.MAX_VALUE_LENGTH and len(notice.value) <= sharing.MAX_VALUE_LENGTH
        for language in ("id", "en"):
            message = notice_message(notice, language)
            assert isinstance(message, str) and message.strip()
            assert "<" not in message and ">" not in message and "\n" not in message, message
            assert len(message) < 500
    # What the app then writes into the address opens the same scenario, silently.
    again = sharing.from_query(sharing.to_query(state.scenario, state.language))
    assert again == sharing.SharedState(scenario=state.scenario, language=state.language)


@FAST
@given(params=st.dictionaries(_link_keys, _link_values | st.lists(_link_values, max_size=4), max_size=24)
       | st.dictionaries(_text, st.just("1"), min_size=sharing.MAX_PARAMETERS, max_size=90),
       language=st.sampled_from(["id", "en", "xx"]))
def test_link_mapping_never_raises_and_gives_a_valid_scenario(params: dict, language: str) -> None:
    assert_sane_link_state(sharing.from_query(params, language=language))


_raw_piece = st.one_of(
    _text,  # may hold & = % + ; #
    st.binary(max_size=30).map(quote_from_bytes),  # percent-encoded bytes, mostly not UTF-8
    _text.map(lambda t: quote(t, safe="")),  # percent-encoded unicode
    st.sampled_from(["%", "%%", "%zz", "%0", "%C3", "%ED%A0%80", "%F4%90%80%80", "+", "%2B", "%00", "%FF%FE",
                     "%E2%80%AE", "%0A", "%0D%0A", "%3Cscript%3E"]),
    _link_values,
)
_raw_pair = st.tuples(st.sampled_from(sharing.QUERY_KEYS) | _raw_piece, _raw_piece).map("=".join) | _raw_piece
_raw_query = st.lists(_raw_pair, max_size=30).map("&".join) | st.text(max_size=200)


@CHEAP
@given(raw=_raw_query)
def test_link_from_raw_query_text_never_raises(raw: str) -> None:
    for keep_blank in (True, False):  # Streamlit keeps blank values; other readers do not
        params = parse_qs(raw, keep_blank_values=keep_blank)
        state = sharing.from_query(params)
        assert_sane_link_state(state)
        assert state == sharing.from_query({k: v[-1] for k, v in params.items()})  # a repeated key: the last wins


# --------------------------------------------------------------------------------------------------------
# Scenario files
# --------------------------------------------------------------------------------------------------------

def parse_scenario_file(data: bytes | str) -> sf.ScenarioFile | None:
    """sf.parse, checking that it fails only with one clear line; None when it refused the data."""
    try:
        parsed = sf.parse(data)
    except ValueError as exc:
        assert type(exc) in (ValueError, InputError)  # ours, not a library's subclass
        assert_one_line(str(exc))
        event("scenario file refused")
        return None
    event("scenario file accepted")
    assert isinstance(parsed, sf.ScenarioFile)
    assert_valid_scenario(parsed.scenario)
    assert set(parsed.settings) <= set(SCENARIO_KEYS)
    assert parsed.scenario == Scenario.from_mapping(parsed.settings)
    for texts in (parsed.name, parsed.rationale):
        assert set(texts) <= set(sf.LANGUAGES) and all(isinstance(t, str) for t in texts.values())
    assert parsed.model_version is None or isinstance(parsed.model_version, str)
    assert sf.parse(sf.dumps(parsed.scenario)).scenario == parsed.scenario
    return parsed


@CHEAP
@given(data=st.binary(max_size=2000) | _text.map(str.encode) | st.binary(max_size=200).map(b"\xef\xbb\xbf".__add__))
def test_scenario_file_from_arbitrary_bytes(data: bytes) -> None:
    parse_scenario_file(data)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**40), 10**40) | st.floats() | _text,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(sf.ALLOWED_KEYS) | _text, inner, max_size=5),
    max_leaves=25,
)


@MEDIUM
@given(value=_json_values, ascii_only=st.booleans())
def test_scenario_file_from_any_json_value(value: object, ascii_only: bool) -> None:
    parse_scenario_file(json.dumps(value, ensure_ascii=ascii_only))  # NaN and Infinity included


_wrong = st.none() | st.booleans() | _text | st.lists(st.integers(), max_size=2) | st.dictionaries(
    st.sampled_from(["en", "id", "fr"]), _text | st.integers(), max_size=2)
_number_literal = st.one_of(
    (st.integers(-(10**35), 10**35) | st.floats(allow_nan=False, allow_infinity=False) | st.floats(-1e8, 3e13)
     | st.sampled_from([0, -0.0, 5e-324, 5e6, 5e6 + 1, 20e12, 2.0000001e13, 999_999, 8e7, 8e7 + 1])).map(json.dumps),
    st.sampled_from(["1e400", "-1e400", "1" + "0" * 400, "-0", "1E+2", "1e-400", "NaN", "Infinity", "-Infinity"]),
)
_FIELD_LITERALS = {
    **{key: _number_literal | _wrong.map(json.dumps) for key in NUMBER_KEYS},
    **{key: (_month_text | _wrong).map(json.dumps) for key in MONTH_KEYS},
    "name": (_text | _wrong).map(json.dumps),
    "rationale": (_text | _wrong).map(json.dumps),
    "model_version": (_text | _wrong).map(json.dumps),
}


_VALID_LITERALS = {
    **{key: strategy.map(json.dumps) for key, strategy in _VALID_VALUES.items()},
    "name": (_text | st.fixed_dictionaries({"en": _text}, optional={"id": _text})).map(json.dumps),
    "rationale": (_text | st.fixed_dictionaries({"id": _text}, optional={"en": _text})).map(json.dumps),
    "model_version": st.sampled_from(["0.1.0", "9.9"]).map(json.dumps),
}


@st.composite
def near_valid_scenario_files(draw: st.DrawFn) -> str:
    """A JSON object of valid keys with, now and then, wrong-typed or out-of-range values, a repeated or a
    misspelt key."""
    share = draw(_garble_share)
    keys = draw(st.lists(st.sampled_from(sf.ALLOWED_KEYS), max_size=8, unique=True))
    if share and draw(st.booleans()):
        keys.append(draw(st.sampled_from([*sf.ALLOWED_KEYS, "trainng_per_year", "Target", ""])))
    pairs = []
    for key in keys:
        good, bad = _VALID_LITERALS.get(key, _number_literal), _FIELD_LITERALS.get(key, _number_literal)
        pairs.append(f"{json.dumps(key)}: {_good_or_bad(draw, share, good, bad)}")
    return "{" + ", ".join(pairs) + "}"


@CHEAP
@given(text=near_valid_scenario_files())
def test_scenario_file_with_near_valid_objects(text: str) -> None:
    parse_scenario_file(text)


# --------------------------------------------------------------------------------------------------------
# Observation files
# --------------------------------------------------------------------------------------------------------

_FILE_PROBLEM = re.compile(r"^observations: (not a readable CSV|the file is not UTF-8 text|the file is larger than"
                           r"|missing column '(date|value|source|link)'|[\d,]+ rows; at most|\d+ usable rows"
                           r"|the header has [\d,]+ columns; at most)")
_ROW_PROBLEM = re.compile(r"^observations row (\d+): (date |value |use = |more fields than the header)")


def load_observations(data: bytes, *, n_rows: int | None = None) -> pd.DataFrame | None:
    """observations.load, checking that it fails only with one line naming the row or column; None if refused."""
    try:
        frame = observations.load(data)
    except ValueError as exc:
        assert type(exc) in (ValueError, InputError)  # ours, not a library's subclass
        message = str(exc)
        assert_one_line(message)
        row = _ROW_PROBLEM.match(message)
        assert row or _FILE_PROBLEM.match(message), message
        if row and n_rows is not None:
            assert 2 <= int(row.group(1)) <= n_rows + 1, message
        event(f"observations refused: {(row.group(2) if row else _FILE_PROBLEM.match(message).group(1)).strip()}")
        return None
    event("observations accepted")
    assert list(frame.columns) == ["date", "value", "source", "link", "use", "note", "said_on", "definition",
                                   "source_id", "note_id", "t"]
    assert 1 <= len(frame) <= observations.MAX_ROWS and int(frame["use"].sum()) >= observations.MIN_FITTED
    assert frame["value"].between(*observations.VALUE_RANGE).all()
    assert frame["date"].between(pd.Timestamp("2020-01-01"), pd.Timestamp("2041-01-01")).all()
    assert frame["date"].is_monotonic_increasing
    return frame


@CHEAP
@given(data=st.binary(max_size=3000) | _text.map(str.encode))
def test_observations_from_arbitrary_bytes(data: bytes) -> None:
    load_observations(data)


_COLUMN_SPELLINGS = {  # one spelling per column; a column named twice has its own regression test
    "date": ["date", "Date", " DATE "], "value": ["value", "Value"], "source": ["source", "Source "],
    "link": ["link", "LINK"], "use": ["use", "Use"], "note": ["note", "Note"], "extra": ["extra", "comment"],
}
_dates = st.one_of(
    st.dates(pd.Timestamp("2020-01-01").date(), pd.Timestamp("2040-12-31").date()).map(str),
    st.builds("{:04d}-{:02d}".format, st.integers(2020, 2040), st.integers(1, 12)),
    st.datetimes(pd.Timestamp("2020-01-01").to_pydatetime(), pd.Timestamp("2040-12-31").to_pydatetime()
                 ).map(lambda d: d.isoformat(sep=" ")),
    st.datetimes(pd.Timestamp("2020-01-02").to_pydatetime(), pd.Timestamp("2040-12-30").to_pydatetime(),
                 timezones=st.sampled_from([dt.timezone(dt.timedelta(hours=h)) for h in (-5, 0, 7, 9)])
                 ).map(lambda d: d.isoformat()),
)
_bad_dates = _text | st.sampled_from(["2020-02-30", "2041-01", "2019-12", "now", "today", "NaT", "1e9", "",
                                      "2020-13", "0000-00-00", "20200201", "2020-02-01 25:00", "99999999999999999"])
_values = st.integers(*observations.VALUE_RANGE).map(str) | st.floats(*observations.VALUE_RANGE).map(repr)
_bad_values = _text | _number_text
_plain = st.text(st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=12)
_uses = st.sampled_from(["", "true", "false", "TRUE", " no ", "1", "0", "yes", "nan"])
_bad_uses = _text | st.sampled_from(["maybe", "2", "-1", "y"])


@st.composite
def near_valid_observation_files(draw: st.DrawFn) -> tuple[bytes, int]:
    """A CSV with the required columns (in any order, any case) whose cells are sometimes fuzzed."""
    columns = ["date", "value", "source", "link", *draw(st.lists(st.sampled_from(["use", "note", "extra"]),
                                                                 max_size=3, unique=True))]
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from(_COLUMN_SPELLINGS[c])) for c in columns]
    share = draw(_garble_share)
    cells = {"date": (_dates, _bad_dates), "value": (_values, _bad_values), "source": (_plain, _text),
             "link": (_plain, _text), "use": (_uses, _bad_uses), "note": (_plain, _text), "extra": (_plain, _text)}
    rows = [[_good_or_bad(draw, share, *cells[column]) for column in columns]
            for _ in range(draw(st.integers(0, 8)))]
    out = io.StringIO()
    if draw(st.booleans()):
        csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([header, *rows])
    else:  # written by hand: commas and quotes in text are not escaped
        out.write("".join(",".join(row) + "\n" for row in [header, *rows]))
    prefix = draw(st.sampled_from(["", "\ufeff"]))
    text = prefix + out.getvalue()
    return text.encode(), len(text.splitlines())  # a record can span lines; it cannot start after the last


@MEDIUM
@given(file=near_valid_observation_files())
def test_observations_from_near_valid_csv(file: tuple[bytes, int]) -> None:
    data, n_lines = file
    load_observations(data, n_rows=n_lines)


_THREE_ROWS = "2020-10-05,9400000,b,\n2020-12-03,10200000,c,\n2021-06-01,13700000,d,\n"


@pytest.mark.parametrize("header", ["date,value,source,link,Source", "date,value,source,link, link",
                                    "date,value,source,link,note,NOTE"])
def test_observation_header_naming_a_column_twice_is_a_clear_error(header: str) -> None:
    width = header.count(",") + 1
    data = (header + "\n" + "".join(line.rstrip("\n") + ",x" * (width - 4) + "\n"
                                    for line in _THREE_ROWS.splitlines(keepends=True))).encode()
    with pytest.raises(ValueError, match=r"^observations: .*column"):
        observations.load(data)


@pytest.mark.parametrize("rows", [
    "2020-02-01T00:00:00+07:00,8000000,a,\n2020-10-05T00:00:00+07:00,9400000,b,\n"
    "2020-12-03T00:00:00+07:00,10200000,c,\n",
    "2020-02-01T00:00:00+07:00,8000000,a,\n" + _THREE_ROWS,
])
def test_observation_dates_with_a_utc_offset_are_read_or_refused_clearly(rows: str) -> None:
    try:
        frame = observations.load(f"date,value,source,link\n{rows}".encode())
    except ValueError as exc:
        assert re.match(r"^observations row \d+: date ", str(exc)), str(exc)
    else:
        assert len(frame) >= 3


# --------------------------------------------------------------------------------------------------------
# The command line, in-process
# --------------------------------------------------------------------------------------------------------

def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """cli.main(argv) with its output captured; warnings go to stderr, as they would in a real process."""
    out, err = io.StringIO(), io.StringIO()

    def to_stderr(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = to_stderr
        status = cli.main(argv)
    return status, out.getvalue(), err.getvalue()


def assert_clean_exit(status: int, out: str, err: str) -> None:
    event(f"exit status {status}")
    assert status in (0, 2), (status, err)
    assert "Traceback" not in err
    if status == 2:
        assert out == ""
        assert err.startswith("python -m simulator: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    else:  # warnings (a calibration at its search bounds) are lines of their own
        assert out and all(line.startswith("python -m simulator: warning: ") for line in err.splitlines()), err


_set_keys = st.sampled_from(cli.SCENARIO_FILE_KEYS) | _text
_bad_assignments = st.builds("{}={}".format, _set_keys, _number_text | _month_text | _text | _huge) | _text
_spellings = st.sampled_from(["{:.0f}", "{:e}", "{:_.0f}", "{!r}", " {:.3f} "])
_good_assignments = st.sampled_from(sorted(_VALID_VALUES)).flatmap(lambda key: st.builds(
    lambda value, spelling: f"{key}={value if isinstance(value, str) else spelling.format(value)}",
    _VALID_VALUES[key], _spellings))


@st.composite
def set_options(draw: st.DrawFn) -> list[str]:
    share = draw(_garble_share)
    argv = []
    for _ in range(draw(st.integers(0, 4))):
        argv += ["--set", _good_or_bad(draw, share, _good_assignments, _bad_assignments)]
    return argv


@MEDIUM
@given(options=set_options())
def test_cli_set_never_fails_ungracefully(options: list[str]) -> None:
    assert_clean_exit(*run_cli(["run", "--format", "csv", *options]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=near_valid_scenario_files().map(str.encode) | st.binary(max_size=300))
def test_cli_scenario_file_never_fails_ungracefully(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "scenario.json"
    path.write_bytes(data)
    status, out, err = run_cli(["run", "--format", "csv", "--scenario", str(path)])
    assert_clean_exit(status, out, err)
    assert (status == 0) == (parse_scenario_file(data) is not None)


@settings(SLOW, max_examples=10)  # a valid file costs a calibration (about a second)
@given(file=near_valid_observation_files())
def test_cli_observation_file_never_fails_ungracefully(tmp_path: Path, file: tuple[bytes, int]) -> None:
    path = tmp_path / "observations.csv"
    path.write_bytes(file[0])
    status, out, err = run_cli(["run", "--format", "csv", "--observations", str(path)])
    assert_clean_exit(status, out, err)


def test_cli_refuses_a_header_naming_a_column_twice_with_status_2(tmp_path: Path) -> None:
    path = tmp_path / "observations.csv"
    path.write_text("date,value,source,link,Source\n2020-02-01,8000000,a,,x\n2020-10-05,9400000,b,,x\n"
                    "2020-12-03,10200000,c,,x\n")
    status, out, err = run_cli(["calibrate", "--observations", str(path)])
    assert status == 2 and out == "" and err.count("\n") == 1, err
    assert "column 'source' appears more than once" in err


# --------------------------------------------------------------------------------------------------------
# The app (AppTest)
# --------------------------------------------------------------------------------------------------------

def shown_texts(at: AppTest) -> list[str]:
    kinds = ("error", "warning", "info", "success", "markdown", "caption", "text", "title", "header", "subheader")
    return [str(element.value) for kind in kinds for element in getattr(at, kind)]


def training_on_grid(value: float) -> float:
    """Where the training slider holds ``value`` [UMKM per year]: an off-step value is rounded to the slider's
    step (and the page says so), so that a crafted value hits the cache entry of its on-grid neighbour."""
    step = LEVER_SPECS["training_per_year"].step
    return round(value / step) * step


def assert_page_is_sound(at: AppTest) -> None:
    """No exception, no traceback text, exactly one verdict, no 'invalid setting' fallback."""
    assert not at.exception, [e.value for e in at.exception]
    texts = shown_texts(at)
    assert not any(TRACEBACK_RE.search(t) for t in texts)
    assert len([b for b in [*at.success, *at.error] if VERDICT_RE.search(b.value)]) == 1
    assert not any(t.startswith(("Pengaturan tidak valid", "Invalid setting")) for t in texts)


@SLOW
@given(query=st.dictionaries(_link_keys, _link_values, max_size=8))
def test_app_opens_any_link_without_an_error(query: dict[str, str]) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert_page_is_sound(at)
    expected = sharing.from_query(query)
    assert at.radio(key="language").value == expected.language
    on_grid = training_on_grid(expected.scenario.training_per_year)
    assert at.slider(key="training_per_year").value * 1e3 == pytest.approx(on_grid)
    if expected.notices or on_grid != pytest.approx(expected.scenario.training_per_year):
        assert at.warning, "a link with problems opens with a notice"


_upload_contents = st.one_of(
    near_valid_scenario_files().map(str.encode),
    st.binary(max_size=200),
    _json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(lambda t, d: sf.dumps(Scenario(training_per_year=t * 1e3, deadline=d)).encode(),
              st.integers(0, 100).map(lambda i: i * 50), st.sampled_from(["2024-12", "2026-06"])),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_upload_contents, moved=st.sampled_from([0, 1000, 2500, 5000]))
def test_upload_keeps_the_settings_unless_the_file_is_valid(content: bytes, moved: int) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.slider(key="training_per_year").set_value(moved).run()
    at.file_uploader(key="scenario_upload").set_value(("fuzz.json", content, "application/json")).run()
    assert_page_is_sound(at)
    upload_errors = [e.value for e in at.error if "Berkas tidak dimuat" in e.value]
    try:
        parsed = sf.parse(content)
        # A file changes only the settings it names, on top of the current ones (as --set does).
        expected = Scenario(training_per_year=moved * 1e3).replace(**parsed.settings)
    except ValueError as exc:
        assert at.slider(key="training_per_year").value == moved  # the previous scenario is not lost
        shown = links.escape_markdown(errors.messages(exc)["id"])  # the Indonesian page says it in Indonesian
        assert len(upload_errors) == 1 and shown in upload_errors[0]
    else:
        on_grid = training_on_grid(expected.training_per_year)
        assert at.slider(key="training_per_year").value * 1e3 == pytest.approx(on_grid)
        assert upload_errors == []
        if on_grid != pytest.approx(expected.training_per_year):
            assert at.warning, "a file value rounded to the slider's step is reported"


# --------------------------------------------------------------------------------------------------------
# Caps on what a visitor can make expensive
# --------------------------------------------------------------------------------------------------------

def test_a_ninth_saved_scenario_is_refused() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_saved"] = {f"Plan {i}": Scenario().to_mapping() for i in range(saved.SAVED_LIMIT - 1)}
    at.session_state["scenario_tab"] = text("compare_header", "id")  # the tab with the save form, opened
    at.run()
    save = next(b for b in at.button if "save_form" in b.id)
    at.text_input(key="save_name").input("Eighth")
    save.click().run()
    assert len(at.session_state["_saved"]) == saved.SAVED_LIMIT == 8
    at.text_input(key="save_name").input("Ninth")
    next(b for b in at.button if "save_form" in b.id).click().run()
    assert not at.exception
    assert list(at.session_state["_saved"])[-1] == "Eighth" and len(at.session_state["_saved"]) == 8
    assert any("Paling banyak 8 skenario" in w.value for w in at.warning)


def test_undo_history_is_capped() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_history"] = [Scenario(training_per_year=1e6).to_mapping()] * (3 * state.HISTORY_LIMIT)
    at.run()
    assert not at.exception
    assert len(at.session_state["_history"]) == state.HISTORY_LIMIT


@settings(max_examples=200, deadline=None)
@given(cap=st.integers(1, 10**7))
def test_draw_options_never_exceed_the_cap(cap: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state, "MAX_APP_DRAWS", cap)
        options = state.draw_options()
    assert options and max(options) <= cap
    assert set(options) <= {*state.DRAW_OPTIONS, cap}
    assert max(state.draw_options()) <= state.MAX_APP_DRAWS


def test_uploads_are_capped_by_the_server_and_the_parser() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    max_upload_mb = config["server"]["maxUploadSize"]
    assert 0 < max_upload_mb <= 10
    assert sf.MAX_BYTES <= max_upload_mb * 1024 * 1024
    with pytest.raises(ValueError, match="too large"):
        sf.parse(b" " * (sf.MAX_BYTES + 1))
    with pytest.raises(ValueError, match="larger than"):
        observations.load(b"x" * (observations.MAX_BYTES + 1))


@MEDIUM
@given(key=st.sampled_from(sharing.QUERY_KEYS), length=st.integers(sharing.MAX_VALUE_LENGTH + 1, 1_000_000),
       char=st.sampled_from("1x-%é"))
def test_link_values_longer_than_the_cap_are_ignored(key: str, length: int, char: str) -> None:
    base = Scenario(training_per_year=2e6)
    state = sharing.from_query({key: char * length, char * length: "1"}, base=base, language="en")
    assert state.scenario == base and state.language == "en"
    assert [n.code for n in state.notices] == ["malformed", "unknown_key"]
    assert all(len(n.value) <= sharing.MAX_VALUE_LENGTH and len(n.key) <= sharing.MAX_VALUE_LENGTH
               for n in state.notices)


def test_links_with_many_parameters_are_read_up_to_the_cap() -> None:
    params = {**{f"x{i}": "1" for i in range(100_000)}, "train": "5000"}
    state = sharing.from_query(params)
    assert len(state.notices) == sharing.MAX_PARAMETERS + 1 and state.notices[-1].code == "too_many"
    assert state.scenario == Scenario()  # parameters after the cap are not read
