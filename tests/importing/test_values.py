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


# ---- times and date-times (UK local, across the clock changes) ---------------------------

from datetime import timedelta, timezone  # noqa: E402

from carehome_desk.importing.values import ClockTime, read_datetime, read_time, uk_local  # noqa: E402

BST, GMT = timezone(timedelta(hours=1)), timezone.utc


@pytest.mark.parametrize("cell, expected", [
    ("14:30", ClockTime(time(14, 30))), ("14.30", ClockTime(time(14, 30))), ("1430", ClockTime(time(14, 30))),
    ("0930", ClockTime(time(9, 30))), ("2.30pm", ClockTime(time(14, 30))), ("12am", ClockTime(time(0, 0))),
    ("12:15 p.m.", ClockTime(time(12, 15))), ("14:30:15", ClockTime(time(14, 30, 15))),
    ("01:30 BST", ClockTime(time(1, 30), "BST")), ("7pm (GMT)", ClockTime(time(19, 0), "GMT")),
    (time(14, 29, 59, 999_999), ClockTime(time(14, 30))),  # Excel's float noise rounds to the second
    (datetime(1899, 12, 30, 9, 5), ClockTime(time(9, 5))),  # a time typed alone, on Excel's day zero
    (timedelta(hours=6), ClockTime(time(6, 0))), (0.5, ClockTime(time(12, 0))),
])
def test_times_are_read_in_the_styles_managers_type(cell: object, expected: ClockTime) -> None:
    assert read_time(cell) == expected


@pytest.mark.parametrize("cell, message", [
    ("25:00", "'25:00' is not a time of day. Use HH:MM on the 24-hour clock, for example 14:30."),
    ("13pm", "'13pm' is not a time: with am or pm the hour is 1 to 12."),
    ("soon", "'soon' is not a time."),
    (14.3, "'14.3' is a number, not a time: a spreadsheet keeps 14.30 typed in a number cell as 14.3."),
    (datetime(2026, 4, 3, 14, 30), "has a date as well: put the date in the date column and only the time here."),
])
def test_a_cell_that_is_not_a_time_says_why(cell: object, message: str) -> None:
    with pytest.raises(CellError) as caught:
        read_time(cell)
    assert message in str(caught.value)


def test_uk_local_time_is_bst_in_summer_and_gmt_in_winter() -> None:
    assert uk_local(date(2026, 7, 1), ClockTime(time(23, 30))) == datetime(2026, 7, 1, 23, 30, tzinfo=BST)
    assert uk_local(date(2026, 7, 1), ClockTime(time(23, 30))).utcoffset() == timedelta(hours=1)
    assert uk_local(date(2026, 12, 1), ClockTime(time(23, 30))).utcoffset() == timedelta(0)
    # Either side of the spring change: 00:59 GMT, then 02:00 BST, an hour of real time apart less a minute.
    before = uk_local(date(2026, 3, 29), ClockTime(time(0, 59)))
    after = uk_local(date(2026, 3, 29), ClockTime(time(2, 0)))
    assert after - before == timedelta(minutes=1)


@pytest.mark.parametrize("clock", [time(1, 0), time(1, 30), time(1, 59)])
def test_a_time_in_the_skipped_spring_hour_is_an_error(clock: time) -> None:
    with pytest.raises(CellError, match=f"{clock:%H:%M} on 29/03/2026 did not happen in the UK: the clocks went "
                                        "forward an hour that night, so no time from 01:00 to 01:59 existed."):
        uk_local(date(2026, 3, 29), ClockTime(clock))


def test_the_repeated_autumn_hour_needs_bst_or_gmt() -> None:
    with pytest.raises(CellError, match="01:30 on 25/10/2026 happened twice in the UK: once in BST, then again an "
                                        "hour later in GMT"):
        uk_local(date(2026, 10, 25), ClockTime(time(1, 30)))
    first = uk_local(date(2026, 10, 25), ClockTime(time(1, 30), "BST"))
    second = uk_local(date(2026, 10, 25), ClockTime(time(1, 30), "GMT"))
    assert second - first == timedelta(hours=1)
    assert uk_local(date(2026, 10, 25), ClockTime(time(2, 0))).utcoffset() == timedelta(0)  # after: no doubt


@pytest.mark.parametrize("cell, expected", [
    ("03/04/2026 14:30", datetime(2026, 4, 3, 14, 30, tzinfo=BST)),
    ("3.4.26 14.30", datetime(2026, 4, 3, 14, 30, tzinfo=BST)),
    ("3 April 2026 at 2.30pm", datetime(2026, 4, 3, 14, 30, tzinfo=BST)),
    ("2026-04-03T14:30", datetime(2026, 4, 3, 14, 30, tzinfo=BST)),
    ("03/12/2026, 14:30", datetime(2026, 12, 3, 14, 30, tzinfo=GMT)),
    (datetime(2026, 4, 3, 14, 30), datetime(2026, 4, 3, 14, 30, tzinfo=BST)),  # a date-time cell: UK local
])
def test_date_and_time_cells_are_read_as_uk_local_time(cell: object, expected: datetime) -> None:
    read = read_datetime(cell, TODAY)
    assert read == expected and read.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("cell, message", [
    ("03/04/2026", "'03/04/2026' has no time: this column needs the date and the time (DD/MM/YYYY HH:MM"),
    ("31/02/2026 10:00", "'31/02/2026' is not a real date: that month has no day 31."),
    ("29/03/2026 01:30", "01:30 on 29/03/2026 did not happen in the UK"),
    (datetime(2026, 3, 29, 1, 30), "01:30 on 29/03/2026 did not happen in the UK"),
    ("next Tuesday", "'next Tuesday' is not a date and time. Use DD/MM/YYYY HH:MM"),
])
def test_a_cell_that_is_not_a_date_and_time_says_why(cell: object, message: str) -> None:
    with pytest.raises(CellError) as caught:
        read_datetime(cell, TODAY)
    assert message in str(caught.value)
