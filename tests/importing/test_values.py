"""Reading single cells: UK dates in the styles managers type, ticks and crosses, numbers, references."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from carehome_desk.importing.values import CellError, read_date, read_digits, read_number, read_text, read_tick

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("cell", ["03/04/2024", "3/4/2024", "3.4.24", "03-04-2024", "2024-04-03", "3 April 2024",
                                  "3rd Apr 24", "03-Apr-2024", "Wednesday 3 April 2024", " 03/04/2024 ",
                                  datetime(2024, 4, 3, 0, 0), date(2024, 4, 3)])
def test_dates_are_read_day_first_in_every_style(cell: object) -> None:
    assert read_date(cell, TODAY) == date(2024, 4, 3)


@pytest.mark.parametrize("cell, message", [
    ("31/02/2024", "'31/02/2024' is not a real date: that month has no day 31."),
    ("29/02/2023", "'29/02/2023' is not a real date: that month has no day 29."),
    ("31 Feb 2024", "'31 Feb 2024' is not a real date: that month has no day 31."),
    ("04/13/2024", "'04/13/2024' has no month 13: the month comes second (DD/MM/YYYY)."),
    ("3 Foo 2024", "'3 Foo 2024' is not a date: 'Foo' is not a month."),
    ("soon", "'soon' is not a date."),
    (45383, "'45383' is a number, not a date."),
    (time(9, 30), "is a time, not a date"),
])
def test_impossible_or_unreadable_dates_are_errors_never_guesses(cell: object, message: str) -> None:
    with pytest.raises(CellError) as caught:
        read_date(cell, TODAY)
    assert message in str(caught.value)


@pytest.mark.parametrize("cell", ["April 2024", "Apr 2024", "Apr-24", "04/2024"])
def test_month_and_year_only_where_the_day_is_not_needed(cell: str) -> None:
    assert read_date(cell, TODAY, month_is_enough=True) == date(2024, 4, 1)
    with pytest.raises(CellError) as caught:
        read_date(cell, TODAY)
    assert "has no day: this column needs the full date (DD/MM/YYYY)" in str(caught.value)


@pytest.mark.parametrize("cell", ["✓", "✔", "yes", "Y", "TRUE", True, 1, "Yes."])
def test_ticks(cell: object) -> None:
    assert read_tick(cell) is True


@pytest.mark.parametrize("cell", ["x", "X", "✗", "✘", "no", "n", "False", False, 0])
def test_crosses(cell: object) -> None:
    assert read_tick(cell) is False


def test_something_else_in_a_tick_column_is_an_error() -> None:
    with pytest.raises(CellError, match="'maybe' is not a tick or a cross: use ✓ or ✗"):
        read_tick("maybe")


def test_numbers_text_and_references() -> None:
    assert read_number("37.5 hrs") == 37.5 and read_number(20) == 20.0 and read_number("1,000") == 1000.0
    with pytest.raises(CellError, match="'about 30' is not a number"):
        read_number("about 30")
    assert read_text(1234.0) == "1234" and read_text("  Aisha \xa0 Brennan ") == "Aisha Brennan"
    assert read_text(date(2024, 4, 3)) == "03/04/2024"
    # Excel escapes a line break's CR as _x000D_ and a literal '_x' as _x005F_; openpyxl leaves them so.
    assert read_text("line_x000D_\nnext  ", one_line=False) == "line\nnext"
    assert read_text("file _x005F_x0041_") == "file _x0041_"
    assert read_digits("0012 3456 7890") == "001234567890"
    with pytest.raises(CellError, match="stored as a number, so any leading zeros were lost"):
        read_digits(12345678901)
