"""Time left to a deadline, or how late it is: one set of words wherever a countdown shows.

Counted in real elapsed time (UTC), whatever the clocks do. Whole days from 24 hours on, then
hours, then minutes, at most two parts ('1 day 3 hours', '5 hours 12 minutes', '45 minutes').
Minutes left are rounded down (never promise time that is not there); minutes late are counted
from the first second late ('overdue by 1 minute' the moment it is late), so the words turn to
'overdue' exactly when the step's status does.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

MINUTES_A_DAY = 24 * 60


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def span_words(minutes: int) -> str:
    """'1 day 3 hours', '2 days', '3 hours 12 minutes', '1 hour', '45 minutes'; '' for none."""
    days, rest = divmod(max(minutes, 0), MINUTES_A_DAY)
    hours, mins = divmod(rest, 60)
    if days:
        return _plural(days, "day") + (f" {_plural(hours, 'hour')}" if hours else "")
    if hours:
        return _plural(hours, "hour") + (f" {_plural(mins, 'minute')}" if mins else "")
    return _plural(mins, "minute") if mins else ""


def duration_words(delta: timedelta) -> str:
    """A length of time, rounded down, sign ignored: '2 days 4 hours', …, 'less than a minute'."""
    return span_words(int(abs(delta.total_seconds()) // 60)) or "less than a minute"


def time_left(due_at: datetime, now: datetime) -> str:
    """'1 day 3 hours left', 'less than a minute left', 'due now', 'overdue by 1 minute'."""
    seconds = (due_at.astimezone(timezone.utc) - now.astimezone(timezone.utc)).total_seconds()
    if seconds == 0:
        return "due now"
    if seconds > 0:
        return f"{span_words(int(seconds // 60)) or 'less than a minute'} left"
    late_minutes = max(1, int(-(seconds // 60)))  # a part-minute late counts as a whole one
    return f"overdue by {span_words(late_minutes)}"
