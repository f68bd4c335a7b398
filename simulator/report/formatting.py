"""Numbers, money, shares and months formatted for a language (babel): "30 juta", "Desember 2024".

Babel takes a fraction of a millisecond per value and pages format the same values on every rerun, so each
formatter memoises its output per (value, language, digits).

Languages are ``"id"`` (Bahasa Indonesia, the default) and ``"en"``.
"""

from __future__ import annotations

import functools
import math

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from simulator import timeline

LANGUAGES = ("id", "en")
_LOCALE = {"id": "id_ID", "en": "en_US"}
MINUS = "\u2212"
"""The minus sign (U+2212) written before a negative amount of money: ``−Rp17,2 triliun``."""


def locale(language: str) -> str:
    """Babel locale of a language code; unknown codes fall back to Indonesian."""
    return _LOCALE.get(language, _LOCALE["id"])


def count(value: float, language: str, *, digits: int = 1) -> str:
    """A count of UMKM, compact and long: ``30 juta``, ``13,7 juta``, ``30 million``, ``850 ribu``."""
    if value is None or not math.isfinite(value):
        return "–"
    value = float(value)
    if abs(value) < 1_000:
        return _count(float(round(value)), language, digits)
    # Round to what the label can show first, so charts with hundreds of points reuse memoised labels.
    scale = 10 ** (3 * (int(math.log10(abs(value))) // 3) - digits)
    return _count(round(value / scale) * scale, language, digits)


@functools.lru_cache(maxsize=8192)
def _count(value: float, language: str, digits: int) -> str:
    if abs(value) < 1_000:
        return format_decimal(round(value), locale=locale(language))
    return format_compact_decimal(value, locale=locale(language), format_type="long", fraction_digits=digits)


def number(value: float, language: str, *, digits: int = 0) -> str:
    """A plain number with the language's grouping: ``1.234.567`` / ``1,234,567``."""
    if value is None or not math.isfinite(value):
        return "–"
    return _pattern(float(value), language, "#,##0" + ("." + "#" * digits if digits else ""))


def decimal(value: float, language: str, *, digits: int = 1) -> str:
    """A number with exactly ``digits`` decimals and the language's marks: ``7,5`` / ``7.5``, ``1,0``."""
    if value is None or not math.isfinite(value):
        return "–"
    return _pattern(float(value), language, "#,##0" + ("." + "0" * digits if digits else ""))


@functools.lru_cache(maxsize=8192)
def _pattern(value: float, language: str, pattern: str) -> str:
    """``value`` in a CLDR number ``pattern`` with the language's marks (:func:`number`, :func:`decimal`)."""
    return format_decimal(value, format=pattern, locale=locale(language))


def parameter_value(value: float, kind: str, language: str, *, compact: bool = False) -> str:
    """A registry value shown by its display kind (``ParameterSpec.display``): precise for the tables,
    ``compact`` for the brief (fewer digits, large counts in words)."""
    if kind == "money":
        return rupiah(value, language, digits=1 if compact else 2)
    if kind == "count" or (kind == "villages" and not compact):
        return count(value, language) if compact and value >= 1_000 else number(value, language)
    return number(value, language, digits=3 if compact else 4)


def rupiah(value: float, language: str, *, digits: int = 1, short: bool = False) -> str:
    """Money in rupiah, compact: ``Rp4,1 triliun`` / ``Rp4.1 trillion``; ``short``: ``Rp4,1 T`` / ``Rp4.1T``;
    negative: ``−Rp17,2 triliun`` (:data:`MINUS`).

    The short form (the language's abbreviations: T, M for *miliar*, jt; T, B, M) fits narrow places such as a
    metric in a four-column row.
    """
    if value is None or not math.isfinite(value):
        return "–"
    return _rupiah(float(value), language, digits, "short" if short else "long")


@functools.lru_cache(maxsize=4096)
def _rupiah(value: float, language: str, digits: int, form: str) -> str:
    # The sign goes before "Rp" (babel would put it after: "Rp-17,2 triliun"), as the typographic minus.
    magnitude = abs(value)
    if magnitude < 1_000:
        body = format_decimal(round(magnitude), locale=locale(language))
    else:
        body = format_compact_decimal(magnitude, locale=locale(language), format_type=form, fraction_digits=digits)
    sign = MINUS if value < 0 and body.strip("0,.") else ""
    return f"{sign}Rp{body}"


def share(value: float, language: str, *, digits: int = 1) -> str:
    """A fraction as a percentage: ``45,2%`` / ``45.2%``."""
    if value is None or not math.isfinite(value):
        return "–"
    return _share(float(value), language, digits)


@functools.lru_cache(maxsize=4096)
def _share(value: float, language: str, digits: int) -> str:
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=locale(language))


@functools.lru_cache(maxsize=4096)
def month(value: str | int, language: str) -> str:
    """``"2024-12"`` (or a month index) -> ``Desember 2024`` / ``December 2024``."""
    index = timeline.parse_month(value) if isinstance(value, str) else int(value)
    return format_date(timeline.month_start(index), "MMMM yyyy", locale=locale(language))


def axis_millions_expr(language: str) -> str:
    """Vega expression labelling an axis value [UMKM] in millions: ``30 juta`` / ``30 million``."""
    word = "juta" if language == "id" else "million"
    core = "format(datum.value / 1e6, '~r')"
    if language == "id":
        core = f"replace({core}, '.', ',')"
    return f"{core} + ' {word}'"


def probability(value: float, language: str) -> str:
    """A probability in whole percent, never rounded to a certainty it is not: ``> 99%``, ``< 1%``."""
    if 0.99 < value < 1.0:
        return "> " + share(0.99, language, digits=0)
    if 0.0 < value < 0.01:
        return "< " + share(0.01, language, digits=0)
    return share(value, language, digits=0)
