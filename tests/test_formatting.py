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


# --- locale everywhere: negative money, fixed decimals (issue "The public demo", item 3) -----------------------

@pytest.mark.parametrize(("value", "language", "short", "expected"), [
    (-17.2e12, "id", False, "\u2212Rp17,2 triliun"), (-17.2e12, "en", False, "\u2212Rp17.2 trillion"),
    (-17.2e12, "id", True, "\u2212Rp17,2\xa0T"), (-950e9, "id", False, "\u2212Rp950 miliar"),
    (-500.0, "id", False, "\u2212Rp500"), (-0.3, "id", False, "Rp0"), (17.2e12, "id", False, "Rp17,2 triliun"),
])
def test_negative_money_has_the_minus_sign_before_rp(value: float, language: str, short: bool,
                                                     expected: str) -> None:
    assert formatting.rupiah(value, language, short=short) == expected
    assert "Rp-" not in formatting.rupiah(value, language, short=short)


@pytest.mark.parametrize(("value", "language", "digits", "expected"), [
    (1.0, "id", 1, "1,0"), (7.5, "id", 1, "7,5"), (30.0, "id", 1, "30,0"), (4000.0, "id", 0, "4.000"),
    (1.0, "en", 1, "1.0"), (7.5, "en", 1, "7.5"), (4000.0, "en", 0, "4,000"), (1234.5, "id", 2, "1.234,50"),
])
def test_decimal_keeps_its_digits_with_the_languages_marks(value: float, language: str, digits: int,
                                                           expected: str) -> None:
    assert formatting.decimal(value, language, digits=digits) == expected
