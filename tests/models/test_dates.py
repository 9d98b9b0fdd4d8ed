from datetime import date

import pytest

from carehome_desk.models.dates import DateFormatError, format_uk, parse_uk_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2026", date(2026, 4, 3)),
        ("3/4/2026", date(2026, 4, 3)),
        ("3.4.26", date(2026, 4, 3)),
        ("03-04-2026", date(2026, 4, 3)),
        (" 3 4 2026 ", date(2026, 4, 3)),
        ("2026-04-03", date(2026, 4, 3)),
        ("29/02/2024", date(2024, 2, 29)),  # leap day in a leap year
        ("31/12/1999", date(1999, 12, 31)),
        ("1/1/85", date(1985, 1, 1)),  # two-digit year far ahead of today is last century
        ("1/1/46", date(2046, 1, 1)),  # ...but up to 20 years ahead is this century
        ("1/1/47", date(1947, 1, 1)),
    ],
)
def test_reads_day_first_dates(text: str, expected: date) -> None:
    assert parse_uk_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_no_date(text: str) -> None:
    assert parse_uk_date(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31/02/2026", "not a real date"),
        ("29/02/2025", "not a real date"),  # not a leap year
        ("12/13/2026", "no month 13"),  # a US-style date is not silently swapped
        ("April 2026", "not a date"),
        ("03/04/0026", "cannot be right"),
        ("soon", "not a date"),
    ],
)
def test_impossible_dates_are_errors_never_guesses(text: str, words: str) -> None:
    with pytest.raises(DateFormatError, match=words):
        parse_uk_date(text, TODAY)


def test_format_is_dd_mm_yyyy() -> None:
    assert format_uk(date(2026, 4, 3)) == "03/04/2026"
    assert format_uk(None) == ""
