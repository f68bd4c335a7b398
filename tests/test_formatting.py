"""Indonesian and English number, money and month formats (babel)."""

import math

import pytest

from simulator.report import formatting


@pytest.mark.parametrize(("value", "language", "expected"), [
    (30e6, "id", "30 juta"), (13.7e6, "id", "13,7 juta"), (30e6, "en", "30 million"),
    (13.7e6, "en", "13.7 million"), (850_000, "id", "850 ribu"), (850_000, "en", "850 thousand"), (12, "id", "12"),
])
def test_count(value: float, language: str, expected: str) -> None:
    assert formatting.count(value, language) == expected


@pytest.mark.parametrize(("month", "language", "expected"), [
    ("2024-12", "id", "Desember 2024"), ("2024-12", "en", "December 2024"), ("2021-07", "id", "Juli 2021"),
])
def test_month(month: str, language: str, expected: str) -> None:
    assert formatting.month(month, language) == expected


def test_rupiah_and_share() -> None:
    assert formatting.rupiah(4.1e12, "id") == "Rp4,1 triliun"
    assert formatting.rupiah(4.1e12, "en") == "Rp4.1 trillion"
    assert formatting.rupiah(23.3e12, "id", short=True) == "Rp23,3\xa0T"
    assert formatting.rupiah(950e9, "id", short=True) == "Rp950\xa0M"  # miliar
    assert formatting.rupiah(23.3e12, "en", short=True) == "Rp23.3T"
    assert formatting.share(0.452, "id") == "45,2%"
    assert formatting.share(0.452, "en") == "45.2%"
    assert formatting.number(1234567, "id") == "1.234.567"
    assert formatting.number(1234567, "en") == "1,234,567"


def test_non_finite_values_show_a_dash() -> None:
    for fn in (formatting.count, formatting.rupiah, formatting.share, formatting.number):
        assert fn(math.nan, "id") == "–"


def test_axis_expression_uses_the_language_word_and_decimal_mark() -> None:
    assert "juta" in formatting.axis_millions_expr("id") and "replace" in formatting.axis_millions_expr("id")
    assert "million" in formatting.axis_millions_expr("en") and "replace" not in formatting.axis_millions_expr("en")
