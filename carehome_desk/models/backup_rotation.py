"""Which automatic backups to keep: so many daily, weekly and monthly ones (pure; no files, no clock).

The rule is the one backup tools such as Borg and restic use: going from the newest backup back,
keep the newest backup of each of the last ``daily`` days that have a backup, of each of the last
``weekly`` ISO weeks that have one, and of each of the last ``monthly`` calendar months that have
one. Counting periods that *have* a backup (not calendar days back from today) means a PC left
switched off for a month still keeps its last backups: nothing is thrown away for being old alone.
The newest backup is always kept. Times are the home's local (UK) times, passed in.

A PC whose clock ran ahead (then was put right) leaves backups dated in the future. Given ``now``,
the rules count only backups taken at or before it, and a future-dated backup is never removed
automatically (it may be the newest real copy; a person decides): otherwise the future ones would
fill every slot and each new backup would delete the one before it. ``always_keep`` names backups
kept whatever the rules say (the one just taken).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RetentionPolicy:
    """How many daily, weekly and monthly automatic backups to keep (provider policy values)."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def day_of(at: datetime) -> Hashable:
    """The calendar day a backup falls in."""
    return at.date()


def iso_week_of(at: datetime) -> Hashable:
    """The ISO week (ISO year and week number: 31/12/2024 is in week 1 of 2025)."""
    iso = at.isocalendar()
    return (iso.year, iso.week)


def month_of(at: datetime) -> Hashable:
    """The calendar month."""
    return (at.year, at.month)


def backups_to_keep(backups: Sequence[tuple[K, datetime]], policy: RetentionPolicy, *,
                    now: datetime | None = None, always_keep: Collection[K] = ()) -> set[K]:
    """The keys of the backups to keep, from (key, local time taken) pairs in any order.

    With ``now`` (timezone-aware, like the times), backups dated after it are all kept and the rules
    apply to the rest; ``always_keep`` is kept too.
    """
    future = {key for key, at in backups if now is not None and at > now}
    newest_first = sorted(((key, at) for key, at in backups if key not in future),
                          key=lambda item: item[1], reverse=True)
    keep: set[K] = future | set(always_keep)
    if newest_first:
        keep.add(newest_first[0][0])
    rules: list[tuple[Callable[[datetime], Hashable], int]] = [
        (day_of, policy.daily), (iso_week_of, policy.weekly), (month_of, policy.monthly)]
    for period_of, count in rules:
        seen: set[Hashable] = set()
        for key, at in newest_first:
            if len(seen) >= count:
                break
            period = period_of(at)
            if period not in seen:  # the newest backup of this period
                seen.add(period)
                keep.add(key)
    return keep


def backups_to_remove(backups: Sequence[tuple[K, datetime]], policy: RetentionPolicy, *,
                      now: datetime | None = None, always_keep: Collection[K] = ()) -> list[K]:
    """The keys of the backups the policy no longer keeps, oldest first (see ``backups_to_keep``)."""
    kept = backups_to_keep(backups, policy, now=now, always_keep=always_keep)
    return [key for key, _ in sorted(backups, key=lambda item: item[1]) if key not in kept]
