"""Observed UMKM on e-commerce: loading and validating observation CSV files.

A file has the columns ``date`` (YYYY-MM-DD or YYYY-MM: the day or month the count refers to), ``value``
[UMKM], ``source`` and ``link``; optional ``use`` (true/false: fitted or only shown; default true), ``note``,
``said_on``, ``definition``, and ``source_id`` / ``note_id`` (the source and note in Bahasa Indonesia; where
empty or absent, readers see the English text):

``said_on``
    When the count was said or published (YYYY-MM-DD, or YYYY-MM for "some day that month", read as the month's
    last day); default: ``date``. It may not be before the first day of the month ``date`` refers to: a count
    can be published late (a June figure said in December) but not before its month has begun. A count said
    early in its own month ("15.9 million in early October", said 1 October) is allowed, which is why the
    bound is the month's first day and not ``date`` itself.
``definition``
    What was counted, one of :data:`DEFINITIONS` (default ``ministry_count``, the target's quantity). Rows
    ``bps_survey`` (BPS's e-commerce survey, about one sixth of the ministries' count) are a second indicator
    only; they, ``association_estimate`` and ``other_definition`` rows are shown and may not be fitted.

The bundled file holds the counts said up to June 2023, each with the date it was said; :func:`load` without a
file gives the June 2021 vintage (the decision), so every fitted figure is the decision-time one unless a later
vintage is asked for (``as_of``, see :mod:`simulator.io.vintages`).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import os
from importlib import resources

import pandas as pd

from simulator import timeline
from simulator.errors import InputError, grouped

REQUIRED_COLUMNS = ("date", "value", "source", "link")
OPTIONAL_COLUMNS = ("use", "note", "said_on", "definition", "source_id", "note_id")
TRANSLATED_COLUMNS = {"source": "source_id", "note": "note_id"}
"""Text columns with an Indonesian twin: English column -> its ``_id`` column (optional, may be empty)."""
DEFINITIONS = ("ministry_count", "platform_data", "association_estimate", "other_definition", "bps_survey")
"""Allowed ``definition`` values: the ministries' count, platform (idEA) data, an association's estimate, another
definition, and the BPS e-commerce survey (the last three never fitted)."""
DEFAULT_DEFINITION = "ministry_count"
NEVER_FITTED = ("association_estimate", "other_definition", "bps_survey")
"""Definitions shown but never fitted: the observation model (:mod:`simulator.observation_model`) relates only
the ministries' count and platform data to the modelled count."""
DEFAULT_AS_OF = "2021-06"
"""The vintage used when none is asked for: the month of the decision."""
_DEFAULT = object()
MAX_BYTES = 1_000_000
MAX_ROWS = 1_000
MAX_COLUMNS = 50  # the format has ten known columns; a few extra ones are ignored, thousands are refused unread
MIN_FITTED = 3
VALUE_RANGE = (1_000, 100_000_000)


def bundled_path() -> str:
    """Path of the bundled observations CSV."""
    return str(resources.files("simulator") / "data" / "observations.csv")


def _today() -> dt.date:
    """Today's date; tests replace this clock to check the refusal of future observations."""
    return dt.date.today()


def _header_width(text: str) -> int:
    """Number of fields in the first CSV record, read without parsing the rest of the file (linear time)."""
    try:
        return len(next(csv.reader(io.StringIO(text)), []))
    except csv.Error:  # e.g. a field over the csv module's size limit: let pandas report the problem
        return 0


def _row(row: int, en: str, id: str) -> InputError:
    """A problem of one row of the file (row 1 is the header), in both languages."""
    return InputError(f"observations row {row}: {en}", f"baris observasi {row}: {id}")


def _file(en: str, id: str) -> InputError:
    """A problem of the whole file, in both languages."""
    return InputError(f"observations: {en}", f"observasi: {id}")


def _parse_bool(value: object, row: int) -> bool:
    text = str(value).strip().lower()
    if text in ("", "true", "1", "yes", "nan"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise _row(row, f"use = {value!r} is not true or false", f"use = {value!r} bukan true atau false")


def _parse_date(text: str, *, month_end: bool) -> pd.Timestamp:
    """YYYY-MM-DD (a stated UTC offset keeps its local date) or YYYY-MM (mid-month, or the last day)."""
    if len(text) <= 7:
        index = timeline.parse_month(text, name="date")
        start = pd.Timestamp(timeline.month_start(index))
        return start + (pd.offsets.MonthEnd(0) if month_end else pd.Timedelta(days=14))
    date = pd.Timestamp(text)
    if date.tzinfo is not None:
        date = date.tz_localize(None)
    timeline.parse_month(f"{date.year:04d}-{date.month:02d}", name="date")
    return date


def load(source: str | os.PathLike[str] | bytes | None = None, *, as_of: object = _DEFAULT,
         today: dt.date | None = None) -> pd.DataFrame:
    """Read and validate observations; ``None`` reads the bundled file.

    Dates (and ``said_on``) after the current month (``today``, default the system clock) are refused: an
    observation cannot come from the future. Two *fitted* rows on the same day are refused too (they would count
    that day twice in the fit, and a month given as YYYY-MM stands for its 15th); the same month on different
    days is fine, as is a same-day row only shown (``use`` false), like the bundled file's conflicting counts.

    Parameters
    ----------
    source
        A path, the file's bytes, or ``None`` for the bundled file.
    as_of
        The data vintage "YYYY-MM": only rows said by the end of that month (:func:`simulator.io.vintages.as_of`).
        ``None``: every row. Default: :data:`DEFAULT_AS_OF` for a file with a ``said_on`` column (the bundled
        one), every row for a file without it (such a file behaves as before vintages existed).
    today
        The clock's date (default: the system clock), for tests.

    Returns
    -------
    DataFrame
        Columns ``date`` (Timestamp), ``value`` [UMKM], ``source``, ``link``, ``use`` (bool), ``note``,
        ``said_on`` (Timestamp), ``definition``, ``source_id``, ``note_id`` ("" where a file has none),
        ``t`` [years since 2020-01-01], sorted by date. ``attrs["as_of"]``
        is the vintage applied, or for a whole file the month of its latest ``said_on``.

    Raises
    ------
    ValueError
        Naming the file problem, the row and what is allowed.
    """
    if source is None:
        source = bundled_path()
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            with open(source, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ValueError(f"observations: cannot read {os.fspath(source)!r} ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        most = grouped(MAX_BYTES)
        raise _file(f"the file is larger than {most[0]} bytes", f"berkas lebih besar dari {most[1]} byte")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file("the file is not UTF-8 text", "berkas bukan teks UTF-8") from None
    width = _header_width(text)
    if width > MAX_COLUMNS:
        columns = f"{', '.join(REQUIRED_COLUMNS)}; optional: {', '.join(OPTIONAL_COLUMNS)}"
        wide = grouped(width)
        raise _file(f"the header has {wide[0]} columns; at most {MAX_COLUMNS} are allowed (required: {columns})",
                    f"baris judul punya {wide[1]} kolom; paling banyak {MAX_COLUMNS} (wajib: "
                    f"{columns.replace('optional', 'opsional')})")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "empty file"
        raise _file(f"not a readable CSV ({first})", f"bukan CSV yang dapat dibaca ({first})") from None
    if not isinstance(frame.index, pd.RangeIndex):
        # pandas turns surplus leading fields of the first row into an index and shifts every column, which
        # would be reported as a bad date in the wrong cell; the usual cause is an unquoted comma.
        raise _row(2, "more fields than the header has columns; quote text that contains commas, e.g. "
                      "\"Minister, Republika (3 Dec 2020)\"",
                   "kolom lebih banyak daripada baris judul; beri tanda kutip pada teks yang memuat koma, "
                   "misalnya \"Menteri, Republika (3 Des 2020)\"")
    names = [str(c).strip().lower() for c in frame.columns]
    repeated = sorted(n for n, count in collections.Counter(names).items() if count > 1)
    if repeated:
        raise _file(f"column {repeated[0]!r} appears more than once in the header (names are read without case "
                    "or spaces); give each column once",
                    f"kolom {repeated[0]!r} muncul lebih dari sekali di baris judul (nama dibaca tanpa huruf besar "
                    "atau spasi); tulis setiap kolom sekali")
    frame.columns = names
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise _file(f"missing column {missing[0]!r}; required columns: "
                    f"{', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})",
                    f"kolom {missing[0]!r} tidak ada; kolom wajib: "
                    f"{', '.join(REQUIRED_COLUMNS)} (opsional: {', '.join(OPTIONAL_COLUMNS)})")
    if len(frame) > MAX_ROWS:
        (rows_en, rows_id), (most_en, most_id) = grouped(len(frame)), grouped(MAX_ROWS)
        raise _file(f"{rows_en} rows; at most {most_en} are allowed", f"{rows_id} baris; paling banyak {most_id}")
    dates, values, uses, said, definitions = [], [], [], [], []
    this_month = today or _today()
    fitted_rows: dict[pd.Timestamp, int] = {}  # day -> first fitted row on it
    for i, record in enumerate(frame.to_dict("records"), start=2):  # row 1 is the header
        text_date = str(record["date"]).strip()
        try:
            date = _parse_date(text_date, month_end=False)
        except (ValueError, TypeError):
            raise _row(i, f"date {text_date!r} is not a date between 2020-01 and 2040-12 (use YYYY-MM-DD or "
                          "YYYY-MM)",
                       f"date {text_date!r} bukan tanggal antara 2020-01 dan 2040-12 (tulis YYYY-MM-DD atau "
                       "YYYY-MM)") from None
        text_said = str(record.get("said_on", "")).strip()
        if text_said:
            try:
                said_on = _parse_date(text_said, month_end=True)
            except (ValueError, TypeError):
                raise _row(i, f"said_on {text_said!r} is not a date between 2020-01 and 2040-12 (use "
                              "YYYY-MM-DD or YYYY-MM)",
                           f"said_on {text_said!r} bukan tanggal antara 2020-01 dan 2040-12 (tulis YYYY-MM-DD atau "
                           "YYYY-MM)") from None
            if said_on < date.replace(day=1):
                raise _row(i, f"said_on {text_said!r} is before the month the count refers to ({date:%Y-%m}); a "
                              "count is said during or after its month",
                           f"said_on {text_said!r} sebelum bulan yang dihitung ({date:%Y-%m}); angka disampaikan "
                           "pada atau sesudah bulannya")
        else:
            said_on = date
        definition = str(record.get("definition", "")).strip().lower() or DEFAULT_DEFINITION
        if definition not in DEFINITIONS:
            raise _row(i, f"definition {record['definition']!r} is not allowed; allowed: {', '.join(DEFINITIONS)}",
                       f"definition {record['definition']!r} tidak boleh; yang boleh: {', '.join(DEFINITIONS)}")
        try:
            value = float(str(record["value"]).replace("_", "").strip())
        except ValueError:
            raise _row(i, f"value {record['value']!r} is not a number of UMKM",
                       f"value {record['value']!r} bukan jumlah UMKM") from None
        if not VALUE_RANGE[0] <= value <= VALUE_RANGE[1]:
            (lo_en, lo_id), (hi_en, hi_id) = grouped(VALUE_RANGE[0]), grouped(VALUE_RANGE[1])
            raise _row(i, f"value {record['value']!r} is out of range; allowed {lo_en} to {hi_en} UMKM (counts, "
                          "not millions)",
                       f"value {record['value']!r} di luar rentang; boleh {lo_id} sampai {hi_id} UMKM (jumlah, "
                       "bukan juta)")
        for name, when, written in (("date", date, text_date), ("said_on", said_on, text_said)):
            if (when.year, when.month) > (this_month.year, this_month.month):
                raise _row(i, f"{name} {written!r} is in the future; allowed 2020-01 to {this_month:%Y-%m} (this "
                              "month)",
                           f"{name} {written!r} ada di masa depan; boleh 2020-01 sampai {this_month:%Y-%m} (bulan "
                           "ini)")
        use = _parse_bool(record.get("use", ""), i)
        if use and definition in NEVER_FITTED:
            raise _row(i, f"a {definition} row cannot be fitted (another definition; only ministry_count and "
                          "platform_data rows are fitted); set use to false",
                       f"baris {definition} tidak dapat dipakai untuk kalibrasi (definisi lain; hanya baris "
                       "ministry_count dan platform_data yang dipakai); isi use dengan false")
        day = date.normalize()
        if use and day in fitted_rows:
            raise _row(i, f"date {text_date!r} is the same day as row {fitted_rows[day]} and both are fitted; give "
                          "one count per day, or mark one use = false",
                       f"date {text_date!r} sama harinya dengan baris {fitted_rows[day]} dan keduanya dipakai; "
                       "tulis satu angka per hari, atau tandai satu use = false")
        if use:
            fitted_rows[day] = i
        dates.append(date)
        values.append(value)
        uses.append(use)
        said.append(said_on)
        definitions.append(definition)
    out = pd.DataFrame({
        "date": pd.to_datetime(dates) if dates else pd.to_datetime(pd.Series([], dtype=str)),
        "value": pd.Series(values, dtype=float),
        "source": frame["source"].astype(str).str.strip().to_numpy(),
        "link": frame["link"].astype(str).str.strip().to_numpy(),
        "use": pd.Series(uses, dtype=bool),
        "note": frame["note"].astype(str).to_numpy() if "note" in frame.columns else "",
        "said_on": pd.to_datetime(said) if said else pd.to_datetime(pd.Series([], dtype=str)),
        "definition": pd.Series(definitions, dtype=object),
        **{twin: frame[twin].astype(str).str.strip().to_numpy() if twin in frame.columns else ""
           for twin in TRANSLATED_COLUMNS.values()},
    })
    if int(out["use"].sum()) < MIN_FITTED:
        raise _file(f"{int(out['use'].sum())} usable rows; at least {MIN_FITTED} are needed to calibrate",
                    f"{int(out['use'].sum())} baris yang dapat dipakai; kalibrasi perlu paling sedikit {MIN_FITTED}")
    out["t"] = [timeline.years_since_start(d) for d in out["date"]]
    out = out.sort_values("date", kind="stable").reset_index(drop=True)
    if as_of is _DEFAULT:
        as_of = DEFAULT_AS_OF if "said_on" in frame.columns else None
    if as_of is None:
        out.attrs["as_of"] = f"{out['said_on'].max():%Y-%m}"
        return out
    from simulator.io import vintages  # here, not at the top: vintages imports this module

    return vintages.as_of(out, str(as_of))
