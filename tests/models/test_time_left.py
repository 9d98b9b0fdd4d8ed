"""Time left in one set of words: the dashboard's band and the incident page both use this formatter."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from carehome_desk.models.dates import UK
from carehome_desk.models.time_left import duration_words, time_left

DUE = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("before_due", "words"), [
    (timedelta(hours=24), "1 day left"),                          # exactly 24 hours: a day
    (timedelta(hours=24) - timedelta(minutes=1), "23 hours 59 minutes left"),
    (timedelta(hours=27), "1 day 3 hours left"),                  # the finding's "27 h 0 min left"
    (timedelta(hours=48, minutes=59), "2 days left"),             # minutes are dropped beyond a day, rounding down
    (timedelta(hours=5), "5 hours left"),
    (timedelta(hours=1, minutes=1), "1 hour 1 minute left"),
    (timedelta(minutes=59), "59 minutes left"),
    (timedelta(minutes=59, seconds=59), "59 minutes left"),       # never promise time that is not there
    (timedelta(minutes=1), "1 minute left"),
    (timedelta(seconds=59), "less than a minute left"),
    (timedelta(0), "due now"),                                    # exactly on the deadline is on time
    (-timedelta(seconds=1), "overdue by 1 minute"),               # late from the first second
    (-timedelta(minutes=1), "overdue by 1 minute"),               # 1 minute past
    (-timedelta(minutes=1, seconds=1), "overdue by 2 minutes"),
    (-timedelta(hours=3, minutes=4), "overdue by 3 hours 4 minutes"),
    (-timedelta(days=40, hours=2), "overdue by 40 days 2 hours"),
])
def test_time_left_at_the_boundaries(before_due: timedelta, words: str) -> None:
    assert time_left(DUE, DUE - before_due) == words


def test_real_hours_count_across_the_autumn_clock_change() -> None:
    start = datetime(2026, 10, 25, 0, 30, tzinfo=UK)  # BST; the clocks go back at 02:00
    due = datetime(2026, 10, 25, 23, 30, tzinfo=UK)   # GMT: 24 real hours on, 23 on the wall clock
    assert time_left(due, start) == "1 day left"


@pytest.mark.parametrize(("delta", "words"), [
    (timedelta(hours=2, minutes=30), "2 hours 30 minutes"),
    (-timedelta(hours=2, minutes=30), "2 hours 30 minutes"),      # a length: the sign is ignored
    (timedelta(days=1), "1 day"),
    (timedelta(seconds=30), "less than a minute"),
])
def test_duration_words(delta: timedelta, words: str) -> None:
    assert duration_words(delta) == words
