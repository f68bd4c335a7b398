"""Share links: a scenario and a language as short, readable URL query parameters, and back.

Every link carries every setting, so it reproduces exactly what its author saw::

    ?v=1&lang=id&villages=4000&train=500&finance=1&villages_start=2021-07&train_start=2021-07
     &finance_start=2021-07&target=30&deadline=2024-12&horizon=2030-12

========================  =============================================  ==================================
parameter                 scenario key                                   unit in the link
========================  =============================================  ==================================
``v``                     (link format version, :data:`FORMAT_VERSION`)  --
``lang``                  (language: ``id`` or ``en``)                   --
``villages``              ``infrastructure_villages_per_year``           villages per year
``train``                 ``training_per_year``                          thousand UMKM per year
``finance``               ``financing_idr_per_year``                     trillion rupiah per year
``villages_start``        ``infrastructure_start``                       month, ``YYYY-MM``
``train_start``           ``training_start``                             month, ``YYYY-MM``
``finance_start``         ``financing_start``                            month, ``YYYY-MM``
``target``                ``target``                                     million UMKM
``deadline``              ``deadline``                                   month, ``YYYY-MM``
``horizon``               ``horizon``                                    month, ``YYYY-MM``
``start``                 (read only: all three start months at once)    month, ``YYYY-MM``
========================  =============================================  ==================================

Saved scenarios (those a visitor compares) ride along, at most :data:`MAX_SAVED`, two parameters each::

    &saved1=Training+max&saved1_set=4000,5000,1,2021-07,2021-07,2021-07,30,2024-12

``savedN`` is the name (at most :data:`SAVED_NAME_LENGTH` characters) and ``savedN_set`` its settings in the
order of :data:`SAVED_FIELDS`, in the same units, comma-separated; the horizon is the link's own. A saved part
that cannot be read exactly is left out with a ``saved_malformed`` notice; the scenario the link opens is not
affected by it.

The units are the app's slider units. Numbers are written in plain decimal notation (``7.5``, never a
thousands separator) and converted by exact decimal shifting, so a link reproduces the scenario bit for bit.

Reading a link never fails: :func:`from_query` keeps what it can and reports the rest as :class:`Notice` s
(unknown parameter, number clamped to its range, malformed value ignored, other format version, too many
parameters). Parameters missing from the link keep the caller's current values (``base``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, DecimalException
from typing import Literal
from urllib.parse import urlencode

from simulator import timeline
from simulator.parameters import (
    HORIZON_RANGE,
    LANGUAGES,
    LEVER_SPECS,
    LEVERS,
    MODEL_START,
    TARGET_RANGE,
    LeverSpec,
    Scenario,
)

FORMAT_VERSION = "1"
"""Version of the link format, written as ``v``; bump it when a parameter's name or unit changes."""

MAX_VALUE_LENGTH = 64
"""Longest parameter value considered [characters]; longer ones are ignored with a notice."""

MAX_PARAMETERS = 64
"""Most query parameters examined; a link with more is read up to this many, with a notice."""

MAX_SAVED = 8
"""Most saved scenarios a link carries (and a visitor may keep: ``app_pages.saved`` uses this limit)."""

SAVED_NAME_LENGTH = 40
"""Longest name of a saved scenario [characters]; longer names are cut."""

__all__ = ["LANGUAGES"]  # re-exported: the one list lives beside Text in simulator.parameters


@dataclass(frozen=True)
class _Field:
    name: str  # query parameter
    key: str  # scenario key
    exponent: int | None  # link value = natural value x 10**-exponent; None for a month
    label_key: str | None = None  # i18n key of the label (None: the lever's own short label)
    unit_key: str | None = None  # i18n key of the unit in the link (None: the lever's display unit, if any)
    lever: LeverSpec | None = None  # the lever this parameter sets (its amount or its start month)


# Link names and units come from the lever registry: links already shared keep opening the same scenario as long
# as LeverSpec.link_name and display_exponent keep their values (bump FORMAT_VERSION if they must change).
_FIELDS: tuple[_Field, ...] = (
    *(_Field(lever.link_name, lever.key, lever.display_exponent, lever=lever) for lever in LEVERS),
    *(_Field(lever.start_link_name, lever.start_key, None, lever=lever) for lever in LEVERS),
    _Field("target", "target", 6, "share_target", "share_unit_million_umkm"),
    _Field("deadline", "deadline", None, "deadline"),
    _Field("horizon", "horizon", None, "share_horizon"),
)
FIELDS_BY_NAME = {f.name: f for f in _FIELDS}
START_FIELDS = tuple(lever.start_link_name for lever in LEVERS)

QUERY_KEYS: tuple[str, ...] = ("v", "lang", *(f.name for f in _FIELDS), "start")
"""Every query parameter of the scenario :func:`from_query` reads (``start`` is read but never written)."""

SAVED_FIELDS: tuple[str, ...] = tuple(f.name for f in _FIELDS if f.name != "horizon")
"""The settings of a saved scenario in its ``savedN_set`` value, in this order."""

SAVED_KEYS: tuple[str, ...] = tuple(key for i in range(1, MAX_SAVED + 1) for key in (f"saved{i}", f"saved{i}_set"))
"""The query parameters of the saved scenarios: ``saved1``, ``saved1_set``, ... ``saved8_set``."""

SAVED_FORMAT = f"savedN=name, savedN_set={','.join(SAVED_FIELDS)}; N = 1 – {MAX_SAVED}"
"""What a saved part of a link looks like (the ``allowed`` of its notices)."""

NoticeCode = Literal["unknown_key", "clamped", "malformed", "version", "too_many", "unreadable", "saved_malformed"]

_SAVED_KEY_SET = frozenset(SAVED_KEYS)
_NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_SHOWN_RE = re.compile(r"[^0-9A-Za-z .,:+\-_]")
_WIDE = Context(prec=60, Emax=10**6, Emin=-(10**6))  # exact for every value a link can hold


@dataclass(frozen=True, kw_only=True)
class Notice:
    """Something in a link that was not used as written.

    ``code`` says what happened (``unknown_key``, ``clamped``, ``malformed``, ``version``, ``too_many``,
    ``unreadable``), ``key`` is the query parameter, ``value`` the value found (at most
    :data:`MAX_VALUE_LENGTH` characters) and ``allowed`` what would have been accepted, in link units.
    """

    code: NoticeCode
    key: str
    value: str
    allowed: str



def shown(value: str) -> str:
    """A link's key or value made safe to show: characters other than letters, digits and ``.,:+-_`` become
    ``?``, and at most 40 characters are kept."""
    value = _SHOWN_RE.sub("?", value)
    return value if len(value) <= 40 else value[:39] + "…"



@dataclass(frozen=True, kw_only=True)
class SharedState:
    """What a link opens: the scenario, the language and what could not be used as written."""

    scenario: Scenario
    language: str
    notices: tuple[Notice, ...] = ()
    saved: tuple[tuple[str, Scenario], ...] = ()  # saved scenarios (name, scenario), in the link's order


def _decimal_text(value: Decimal) -> str:
    """Plain decimal notation (``7.5``, ``4000``), scientific only where plain would be absurdly long."""
    value = value.normalize(_WIDE)
    plain = format(value, "f")
    return plain if len(plain) <= 24 else str(value)


def _to_link(value: float, exponent: int) -> str:
    return _decimal_text(Decimal(repr(float(value))).scaleb(-exponent, _WIDE))


def _link_value(scenario: Scenario, field: _Field) -> str:
    value = getattr(scenario, field.key)
    return value if field.exponent is None else _to_link(value, field.exponent)


def saved_value(scenario: Scenario) -> str:
    """A saved scenario's settings as its ``savedN_set`` value: :data:`SAVED_FIELDS` comma-separated."""
    return ",".join(_link_value(scenario, FIELDS_BY_NAME[name]) for name in SAVED_FIELDS)


def to_query(scenario: Scenario, language: str, *, saved: Sequence[tuple[str, Scenario]] = ()
             ) -> dict[str, str]:
    """Query parameters for every setting of ``scenario`` and the language, in the order of :data:`QUERY_KEYS`,
    then the ``saved`` scenarios (name, scenario) as ``saved1``, ``saved1_set``, ...

    ``from_query(to_query(s, language, saved=kept))`` gives back ``s``, ``language`` and ``kept`` exactly, with no
    notices, for up to :data:`MAX_SAVED` saved scenarios with distinct names of at most :data:`SAVED_NAME_LENGTH`
    characters, on the horizon of ``s``, whose settings fit :data:`MAX_VALUE_LENGTH` characters (any setting on
    the app's slider grid does). A saved scenario outside these limits is not written.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language: {language!r} is not supported; allowed: {', '.join(LANGUAGES)}")
    out = {"v": FORMAT_VERSION, "lang": language}
    for field in _FIELDS:
        out[field.name] = _link_value(scenario, field)
    names: set[str] = set()
    for name, other in saved:
        value = saved_value(other)
        if (len(names) >= MAX_SAVED or not name.strip() or name != name.strip() or len(name) > SAVED_NAME_LENGTH
                or name in names or len(value) > MAX_VALUE_LENGTH or other.horizon != scenario.horizon):
            continue
        names.add(name)
        out[f"saved{len(names)}"] = name
        out[f"saved{len(names)}_set"] = value
    return out


def query_string(scenario: Scenario, language: str, *, saved: Sequence[tuple[str, Scenario]] = ()) -> str:
    """``v=1&lang=id&villages=4000&...``: :func:`to_query` URL-encoded, to append to the app's address."""
    return urlencode(to_query(scenario, language, saved=saved), safe=",")  # a saved part's commas stay readable


def _bounds(field: _Field) -> tuple[float, float]:
    if field.key == "target":
        return TARGET_RANGE
    return 0.0, LEVER_SPECS[field.key].maximum


class _Reader:
    """Collects values and notices; every method is total (no exceptions escape for any input)."""

    def __init__(self, base: Scenario) -> None:
        self.base = base
        self.notices: list[Notice] = []

    def notice(self, code: NoticeCode, key: str, value: str, allowed: str) -> None:
        item = Notice(code=code, key=key, value=value, allowed=allowed)
        if item not in self.notices:
            self.notices.append(item)

    def values(self, params: Mapping[object, object], ignore: Collection[str]) -> dict[str, str]:
        """The last value of each parameter as text, dropping (with notices) what cannot be used."""
        raw: dict[str, str] = {}
        known = ", ".join((*QUERY_KEYS, f"saved1 – saved{MAX_SAVED}", f"saved1_set – saved{MAX_SAVED}_set"))
        for count, (key, value) in enumerate(params.items()):
            if count >= MAX_PARAMETERS:
                self.notice("too_many", "", str(len(params)), str(MAX_PARAMETERS))
                break
            if not isinstance(key, str):
                self.notice("unknown_key", repr(key)[:MAX_VALUE_LENGTH], "", known)
                continue
            key = key[:MAX_VALUE_LENGTH]
            if key in ignore:
                continue
            if isinstance(value, list | tuple):  # a repeated parameter: the last one wins, as in Streamlit
                value = value[-1] if value else ""
            shown = value[:MAX_VALUE_LENGTH] if isinstance(value, str) else ""
            if key not in QUERY_KEYS and key not in _SAVED_KEY_SET:
                self.notice("unknown_key", key, shown, known)
            elif not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
                self.notice("malformed", key, shown, text_allowed(key, self.base))
            else:
                raw[key] = value.strip()
        return raw

    def number(self, field: _Field, value: str) -> float | None:
        """The natural value of a number in link units, clamped to its range; None if not a finite number."""
        lo, hi = _bounds(field)
        exponent = field.exponent or 0
        lo_link, hi_link = (Decimal(repr(b)).scaleb(-exponent, _WIDE) for b in (lo, hi))
        allowed = f"{_decimal_text(lo_link)} – {_decimal_text(hi_link)}"
        if not _NUMBER_RE.match(value):
            self.notice("malformed", field.name, value, allowed)
            return None
        try:
            number = Decimal(value)
            if number < lo_link or number > hi_link:
                self.notice("clamped", field.name, value, allowed)
                return lo if number < lo_link else hi
            return float(number.scaleb(exponent, _WIDE))
        except (DecimalException, ValueError, OverflowError):  # an absurd exponent: report, never raise
            self.notice("malformed", field.name, value, allowed)
            return None


def text_allowed(key: str, base: Scenario) -> str:
    """What a parameter accepts, in link units (language-neutral)."""
    if key in _SAVED_KEY_SET:
        return SAVED_FORMAT
    if key == "lang":
        return ", ".join(LANGUAGES)
    if key == "v":
        return FORMAT_VERSION
    field = FIELDS_BY_NAME.get(key)
    if field is not None and field.exponent is not None:
        lo, hi = _bounds(field)
        return " – ".join(_to_link(b, field.exponent) for b in (lo, hi))
    if key == "horizon":
        return f"YYYY-MM, {HORIZON_RANGE[0]} – {HORIZON_RANGE[1]}"
    return f"YYYY-MM, {MODEL_START} – {base.horizon}"


def _month(value: str) -> int | None:
    try:
        return timeline.parse_month(value)
    except ValueError:
        return None


def _months(reader: _Reader, raw: Mapping[str, str], horizon: int) -> tuple[dict[str, int], list[Notice], int]:
    """Deadline and start months read against ``horizon``: month indices, notices, latest current value kept.

    A value from the link after ``horizon`` is refused; a current value kept (because the link has none or an
    unusable one) may be after it, which the caller checks with the third item.
    """
    chosen: dict[str, int] = {}
    notices: list[Notice] = []
    latest_kept = 0
    allowed = f"YYYY-MM, {MODEL_START} – {timeline.format_month(horizon)}"
    for name in ("deadline", *START_FIELDS):
        field = FIELDS_BY_NAME[name]
        source = name if name in raw else ("start" if name in START_FIELDS and "start" in raw else None)
        index = _month(raw[source]) if source else None
        if source and (index is None or index > horizon):
            notice = Notice(code="malformed", key=source, value=raw[source], allowed=allowed)
            if notice not in notices:
                notices.append(notice)
            index = None
        if index is None:
            index = reader.base.month_index(field.key)
            latest_kept = max(latest_kept, index)
        chosen[field.key] = index
    return chosen, notices, latest_kept


def _read(params: Mapping[object, object], base: Scenario, language: str, ignore: Collection[str]
          ) -> SharedState:
    reader = _Reader(base)
    raw = reader.values(params, ignore)
    if "v" in raw and raw["v"] != FORMAT_VERSION:
        reader.notice("version", "v", raw["v"], FORMAT_VERSION)
    if "lang" in raw:
        if raw["lang"] in LANGUAGES:
            language = raw["lang"]
        else:
            reader.notice("malformed", "lang", raw["lang"], text_allowed("lang", base))
    values: dict[str, object] = {}
    for field in _FIELDS:
        if field.exponent is not None and field.name in raw:
            number = reader.number(field, raw[field.name])
            if number is not None:
                values[field.key] = number
    # Horizon first: the other months must not fall after it. A horizon from the link that leaves one of the
    # kept (current) months beyond it is refused, and the current horizon used instead.
    horizon = base.month_index("horizon")
    if "horizon" in raw:
        index = _month(raw["horizon"])
        lo, hi = (timeline.parse_month(m) for m in HORIZON_RANGE)
        if index is None or not lo <= index <= hi:
            reader.notice("malformed", "horizon", raw["horizon"], text_allowed("horizon", base))
        else:
            latest_kept = _months(reader, raw, index)[2]
            if latest_kept <= index:
                horizon = index
            else:
                reader.notice("malformed", "horizon", raw["horizon"],
                              f"YYYY-MM, {timeline.format_month(max(latest_kept, lo))} – {HORIZON_RANGE[1]}")
    months, notices, _ = _months(reader, raw, horizon)
    for item in notices:
        reader.notice(item.code, item.key, item.value, item.allowed)
    values["horizon"] = timeline.format_month(horizon)
    values |= {key: timeline.format_month(index) for key, index in months.items()}
    scenario = Scenario.from_mapping(values, base=base)
    saved = _saved(reader, raw, scenario, language) if set(raw) & _SAVED_KEY_SET else ()
    return SharedState(scenario=scenario, language=language, notices=tuple(reader.notices), saved=saved)


def _saved(reader: _Reader, raw: Mapping[str, str], scenario: Scenario, language: str
           ) -> tuple[tuple[str, Scenario], ...]:
    """The saved scenarios of a link, each read strictly: one that cannot be used exactly as written (no name,
    a repeated name, settings missing, malformed, out of range or after the horizon) is left out with one
    ``saved_malformed`` notice. ``scenario`` (the link's own) gives the horizon and is never changed."""
    kept: list[tuple[str, Scenario]] = []
    for i in range(1, MAX_SAVED + 1):
        name_key, set_key = f"saved{i}", f"saved{i}_set"
        if name_key not in raw and set_key not in raw:
            if any(n.key in (name_key, set_key) for n in reader.notices):  # dropped as too long: say which one
                reader.notice("saved_malformed", name_key, "", SAVED_FORMAT)
            continue
        name, value = raw.get(name_key, "").strip(), raw.get(set_key, "")
        values = value.split(",")
        problem = (not name or name in dict(kept) or len(name) > SAVED_NAME_LENGTH
                   or len(values) != len(SAVED_FIELDS))
        if not problem:
            read = _read(dict(zip(SAVED_FIELDS, values, strict=True)), scenario, language, ())
            problem = bool(read.notices)
        if problem:
            reader.notice("saved_malformed", name_key, name or value, SAVED_FORMAT)
            continue
        kept.append((name, read.scenario))
    return tuple(kept)


def from_query(params: Mapping[str, str | list[str]], *, base: Scenario | None = None, language: str = "id",
               ignore: Collection[str] = ()) -> SharedState:
    """The scenario and language a link carries; never raises.

    Parameters
    ----------
    params
        Query parameters, e.g. ``st.query_params`` or ``urllib.parse.parse_qs(...)``; for a repeated
        parameter the last value counts.
    base
        Values for parameters missing from the link or unusable in it (default: the status quo).
    language
        Language when the link has none or an unusable one.
    ignore
        Parameters that belong to the caller (not to the scenario): skipped without a notice.

    Returns
    -------
    SharedState
        The scenario (always valid), the language and one :class:`Notice` per parameter not used as written:
        unknown parameters are ignored, out-of-range numbers clamped, malformed values (not a number, not a
        month, a month after the horizon, too long) ignored, and a link of another format version is read as
        far as possible.
    """
    base = base if isinstance(base, Scenario) else Scenario()
    language = language if language in LANGUAGES else "id"
    if not isinstance(params, Mapping):
        return SharedState(scenario=base, language=language,
                           notices=(Notice(code="unreadable", key="", value="", allowed=""),))
    try:
        return _read(params, base, language, ignore)
    except Exception:  # a safety net for the app: a bad link must never stop the page
        return SharedState(scenario=base, language=language,
                           notices=(Notice(code="unreadable", key="", value="", allowed=""),))
