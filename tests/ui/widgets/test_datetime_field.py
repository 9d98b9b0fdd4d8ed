"""The date-and-time field: UK dates, 24-hour times, BST offsets, and stored times kept exactly."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from carehome_desk.models.dates import UK, DateFormatError
from carehome_desk.ui.widgets.datetime_field import DateTimeField, parse_time

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, expected", [("13:05", time(13, 5)), ("1305", time(13, 5)), ("9.05", time(9, 5)),
                                            ("00:00", time(0, 0)), ("23:59", time(23, 59))])
def test_times_are_read_on_the_24_hour_clock(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "1pm", "", "7"])
def test_impossible_times_are_refused_in_words(text: str) -> None:
    with pytest.raises(DateFormatError, match="24-hour clock"):
        parse_time(text)


def test_a_summer_time_carries_the_bst_offset(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateTimeField(TODAY)
    qtbot.addWidget(field)
    field.date.line.setText("1/7/26")
    field.time.setText("1300")
    value = field.value()
    assert value == datetime(2026, 7, 1, 13, 0, tzinfo=UK)
    assert value is not None and value.utcoffset() == timedelta(hours=1)


def test_one_box_without_the_other_says_which_is_missing(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateTimeField(TODAY)
    qtbot.addWidget(field)
    assert field.value() is None
    field.date.line.setText("21/11/2026")
    with pytest.raises(DateFormatError, match="Enter the time as well"):
        field.value()
    field.date.line.setText("")
    field.time.setText("10:00")
    with pytest.raises(DateFormatError, match="Enter the date as well"):
        field.value()


def test_a_stored_time_comes_back_exactly_until_it_is_edited(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateTimeField(TODAY)
    qtbot.addWidget(field)
    stored = datetime(2026, 11, 21, 13, 0, 30, tzinfo=timezone.utc)  # 30 s past the minute
    field.set_value(stored)
    assert field.text() == "21/11/2026 13:00"
    assert field.value() == stored  # not truncated to 13:00, which could move a step across its deadline
    field.time.setText("13:01")
    assert field.value() == datetime(2026, 11, 21, 13, 1, tzinfo=UK)


def test_now_fills_in_the_clock_to_the_minute(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateTimeField(TODAY, now=lambda: datetime(2026, 11, 22, 10, 17, 44, tzinfo=timezone.utc))
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.edited, timeout=1000):
        assert field.now_button is not None
        field.now_button.click()
    assert field.text() == "22/11/2026 10:17"
