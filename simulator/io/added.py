"""Counts a user adds to the bundled observations: validated like the bundled file, marked, capped.

A staffer adds this month's official count (in the app's table editor, a CSV in the bundled format, a scenario
file's ``observations`` list, or a link's ``obs`` parameter). Added rows are appended to the bundled file's text
and the whole is read by :func:`simulator.io.observations.load`, so every check of the command line applies to
them too (a number of UMKM in range, months not in the future, no two fitted counts on one day, no fitted row
of a definition that is never fitted), and each keeps the mark :data:`ADDED_LINK` in its ``link`` column:
added rows are never mixed silently with the bundled ones (:func:`is_added`).

A row is a mapping with ``date`` (YYYY-MM-DD or YYYY-MM) and ``value`` [UMKM], and optional ``said_on``
(default: ``date``), ``definition`` (default ``ministry_count``), ``source`` and ``use`` (default true).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from simulator import errors
from simulator.errors import InputError, grouped
from simulator.io import observations

MAX_ADDED = 50
"""Most rows a user may add (the bundled file has 30): a fit over a few hundred rows stays under a second."""
MAX_LINK_ADDED = 5
"""Most added rows a share link carries (``obs=2023-09:23100000,...``); more go in a scenario file."""
ADDED_LINK = "added by the user"
"""The ``link`` cell that marks a row as added (the bundled rows' cells are empty or an address)."""
FIELDS = ("date", "said_on", "value", "definition", "source", "use")
_LINK_ROW = re.compile(r"^(\d{4}-\d{1,2}(?:-\d{1,2})?):(\d{1,9})(?::(\d{4}-\d{1,2}(?:-\d{1,2})?))?$")

Row = tuple[tuple[str, str], ...]
"""One added row as sorted ``(field, text)`` pairs: hashable, so caches can be keyed by the added rows."""


def normalise(rows: Sequence[Mapping[str, Any]]) -> tuple[Row, ...]:
    """Rows as hashable tuples of their fields' text; raises ValueError on a row that is not a mapping, an
    unknown field, a missing date or value, or more than :data:`MAX_ADDED` rows."""
    if not isinstance(rows, Sequence) or isinstance(rows, str | bytes):
        raise InputError("added counts: expected a list of rows, each with a date and a value",
                         "angka tambahan: diharapkan daftar baris, masing-masing dengan tanggal dan nilai")
    if len(rows) > MAX_ADDED:
        raise InputError(f"added counts: {grouped(len(rows))[0]} rows; at most {MAX_ADDED} may be added",
                         f"angka tambahan: {grouped(len(rows))[1]} baris; paling banyak {MAX_ADDED} boleh ditambahkan")
    out = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise InputError(f"added count {i}: expected an object with date and value, not {type(row).__name__}",
                             f"angka tambahan {i}: diharapkan objek dengan tanggal dan nilai, "
                             f"bukan {type(row).__name__}")
        unknown = sorted(str(k) for k in row if k not in FIELDS)
        if unknown:
            raise InputError(f"added count {i}: unknown field {unknown[0]!r}; allowed {', '.join(FIELDS)}",
                             f"angka tambahan {i}: kolom tidak dikenal {unknown[0]!r}; yang boleh: {', '.join(FIELDS)}")
        cells = {k: ("" if v is None else str(v).strip()) for k, v in row.items()}
        if not cells.get("date") or not cells.get("value"):
            raise InputError(f"added count {i}: a date (YYYY-MM or YYYY-MM-DD) and a value (UMKM) are needed",
                             f"angka tambahan {i}: perlu tanggal (YYYY-MM atau YYYY-MM-DD) dan nilai (UMKM)")
        out.append(tuple(sorted(cells.items())))
    return tuple(out)


def combine(added: Sequence[Row], *, bundled: bytes | None = None) -> pd.DataFrame:
    """The bundled rows and the added ones, every vintage, read and checked as one file (ValueError naming
    the added row's problem and what is allowed)."""
    raw = bundled if bundled is not None else Path(observations.bundled_path()).read_bytes()
    if not added:
        return observations.load(raw, as_of=None)
    text = raw.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    for row in added:
        cells = dict(row)
        writer.writerow({**{name: "" for name in header}, **cells, "link": ADDED_LINK,
                         "source": cells.get("source") or ADDED_LINK,
                         "definition": cells.get("definition") or observations.DEFAULT_DEFINITION,
                         "said_on": cells.get("said_on") or cells["date"]})
    joined = text if text.endswith("\n") else text + "\n"
    try:
        return observations.load((joined + buffer.getvalue()).encode("utf-8"), as_of=None)
    except ValueError as exc:
        last_bundled = sum(1 for _ in csv.reader(io.StringIO(text)))  # the loader numbers rows from the header
        said = errors.messages(exc)
        # The loader names rows of the joined file; the reader knows their added counts (and the bundled rows).
        wording = {"en": (r"observations row (\d+): (.*)", r"as row (\d+)", "as bundled row", "as added count",
                          "added count", "added counts"),
                   "id": (r"baris observasi (\d+): (.*)", r"dengan baris (\d+)", "dengan baris bawaan",
                          "dengan angka tambahan", "angka tambahan", "angka tambahan")}
        out = {}
        for language, (row_pattern, ref_pattern, bundled_ref, added_ref, one, many) in wording.items():
            match = re.match(row_pattern, said[language], flags=re.DOTALL)
            if match and int(match.group(1)) > last_bundled:
                def which(m: re.Match[str], bundled_ref: str = bundled_ref, added_ref: str = added_ref) -> str:
                    row = int(m.group(1))
                    return f"{bundled_ref} {row}" if row <= last_bundled else f"{added_ref} {row - last_bundled}"

                detail = re.sub(ref_pattern, which, match.group(2))
                out[language] = f"{one} {int(match.group(1)) - last_bundled}: {detail}"
            else:
                out[language] = f"{many}: {said[language]}"
        raise InputError(out["en"], out["id"]) from None


def is_added(frame: pd.DataFrame) -> pd.Series:
    """Which rows of a combined frame were added by the user."""
    return frame["link"] == ADDED_LINK


def to_records(added: Sequence[Row]) -> list[dict[str, str]]:
    """The added rows as plain objects (for a scenario file)."""
    return [dict(row) for row in added]


def to_link(added: Sequence[Row]) -> str | None:
    """``2023-09:23100000,2023-12:24000000:2024-01-05``: date:value[:said_on] of up to :data:`MAX_LINK_ADDED`
    ministry counts; None when there are none or some cannot be carried (another definition, text, too many)."""
    if not added or len(added) > MAX_LINK_ADDED:
        return None
    parts = []
    for row in added:
        cells = dict(row)
        if cells.get("definition", observations.DEFAULT_DEFINITION) != observations.DEFAULT_DEFINITION:
            return None
        if str(cells.get("use", "true")).lower() in ("false", "0", "no"):
            return None
        try:
            value = int(float(cells["value"]))
        except ValueError:
            return None
        said = f":{cells['said_on']}" if cells.get("said_on") else ""
        parts.append(f"{cells['date']}:{value}{said}")
    text = ",".join(parts)
    return text if all(_LINK_ROW.match(p) for p in parts) else None


def from_link(text: str) -> tuple[Row, ...]:
    """The rows a link's ``obs`` parameter carries (see :func:`to_link`); an :class:`~simulator.errors.InputError`
    (a ValueError, in both languages) naming what is allowed."""
    parts = [p for p in str(text).split(",") if p]
    if len(parts) > MAX_LINK_ADDED:
        raise InputError(f"obs: {len(parts)} counts; a link carries at most {MAX_LINK_ADDED} (use a scenario file)",
                         f"obs: {len(parts)} angka; tautan memuat paling banyak {MAX_LINK_ADDED} (pakai berkas "
                         "skenario)")
    rows = []
    for part in parts:
        match = _LINK_ROW.match(part.strip())
        if match is None:
            raise InputError(f"obs: {part[:40]!r} is not date:value[:said_on], e.g. 2023-09:23100000",
                             f"obs: {part[:40]!r} bukan tanggal:nilai[:tanggal_disebut], misalnya 2023-09:23100000")
        row = {"date": match.group(1), "value": match.group(2)}
        if match.group(3):
            row["said_on"] = match.group(3)
        rows.append(row)
    return normalise(rows)
