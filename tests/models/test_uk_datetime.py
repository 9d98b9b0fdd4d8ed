"""Reading 'DD/MM/YYYY HH:MM' as UK time, including the hours the clocks skip or repeat."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from carehome_desk.models.dates import (
    UK,
    DateFormatError,
    format_uk_moment,
    parse_uk_datetime,
    uk_clock_change_note,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(("text", "utc"), [
    ("13/06/2026 10:00", datetime(2026, 6, 13, 9, 0)),  # BST
    ("15/01/2026 10:00", datetime(2026, 1, 15, 10, 0)),  # GMT
    ("2026-06-13T10:00", datetime(2026, 6, 13, 9, 0)),
    (" 3/4/26 9:05 ", datetime(2026, 4, 3, 8, 5)),
    ("13/06/2026 00:00", datetime(2026, 6, 12, 23, 0)),
    ("13/06/2026 23:59", datetime(2026, 6, 13, 22, 59)),
])
def test_reads_uk_local_times(text: str, utc: datetime) -> None:
    moment = parse_uk_datetime(text, TODAY)
    assert moment.tzinfo is UK
    assert moment.astimezone(timezone.utc) == utc.replace(tzinfo=timezone.utc)
    assert uk_clock_change_note(moment) is None


@pytest.mark.parametrize(("text", "message"), [
    ("31/02/2026 10:00", "not a real date"),
    ("13/06/2026 24:00", "hours go from 00 to 23"),
    ("13/06/2026 10:75", "minutes go from 00 to 59"),
    ("13/06/2026", "has no time"),
    ("25:00", "not a date and time"),
    ("", "not a date and time"),
    ("13/06/2026 10.00", "has no time"),
])
def test_refuses_what_is_not_a_date_and_time(text: str, message: str) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_uk_datetime(text, TODAY)


def test_a_time_the_clocks_skip_is_read_with_the_offset_before_the_change() -> None:
    moment = parse_uk_datetime("29/03/2026 01:30", TODAY)  # clocks went from 01:00 GMT to 02:00 BST
    assert moment.astimezone(timezone.utc) == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    note = uk_clock_change_note(moment)
    assert note is not None and "did not happen" in note and "01:30 GMT" in note and "02:30 BST" in note


def test_a_time_that_happens_twice_is_read_as_the_first() -> None:
    moment = parse_uk_datetime("25/10/2026 01:30", TODAY)  # 01:30 BST, then 01:30 GMT an hour later
    assert moment.astimezone(timezone.utc) == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)
    note = uk_clock_change_note(moment)
    assert note is not None and "happened twice" in note and "the first, 01:30 BST" in note
    assert uk_clock_change_note(parse_uk_datetime("25/10/2026 02:00", TODAY)) is None


@pytest.mark.parametrize(("utc", "shown"), [
    # October's repeated hour: 01:30 happens first in BST, then an hour later in GMT.
    (datetime(2026, 10, 25, 0, 30), "25/10/2026 01:30 (BST)"),
    (datetime(2026, 10, 25, 1, 30), "25/10/2026 01:30 (GMT)"),
    # Either side of it, and every other time, as a clock shows it.
    (datetime(2026, 10, 24, 23, 59), "25/10/2026 00:59"),
    (datetime(2026, 10, 25, 2, 0), "25/10/2026 02:00"),
    (datetime(2026, 6, 13, 9, 0), "13/06/2026 10:00"),
    (datetime(2026, 1, 15, 10, 0), "15/01/2026 10:00"),
    (datetime(2026, 3, 29, 1, 30), "29/03/2026 02:30"),
])
def test_a_time_is_shown_with_gmt_or_bst_only_in_the_repeated_hour(utc: datetime, shown: str) -> None:
    moment = utc.replace(tzinfo=timezone.utc)
    assert format_uk_moment(moment) == shown
    assert format_uk_moment(moment.astimezone(UK)) == shown


def test_a_uk_time_read_in_the_repeated_hour_is_shown_as_it_was_read() -> None:
    first = parse_uk_datetime("25/10/2026 01:30", TODAY)  # read as the first, BST
    assert format_uk_moment(first) == "25/10/2026 01:30 (BST)"
    assert format_uk_moment(first.replace(fold=1)) == "25/10/2026 01:30 (GMT)"
    # A time the clocks skipped is shown as they showed that instant.
    assert format_uk_moment(parse_uk_datetime("29/03/2026 01:30", TODAY)) == "29/03/2026 02:30"
