"""Which automatic backups are kept: daily, weekly (ISO weeks) and monthly, at the calendar's edges."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from carehome_desk.models.backup_rotation import RetentionPolicy, backups_to_keep, backups_to_remove


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def daily(start: date, days: int) -> list[tuple[str, datetime]]:
    """One backup a day for ``days`` days from ``start``, keyed by its ISO date."""
    return [((start + timedelta(n)).isoformat(), at(start + timedelta(n))) for n in range(days)]


def test_defaults_are_7_daily_4_weekly_12_monthly() -> None:
    assert RetentionPolicy() == RetentionPolicy(daily=7, weekly=4, monthly=12)


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months() -> None:
    backups = daily(date(2025, 12, 1), 370)  # to 05/12/2026, a Saturday
    kept = backups_to_keep(backups, RetentionPolicy())
    days = sorted(date.fromisoformat(k) for k in kept)
    last_week = [date(2026, 12, 5) - timedelta(n) for n in range(7)]
    assert set(last_week) <= set(days)
    # Sundays end ISO weeks: the newest of each of the 4 newest weeks (this week's is 05/12, kept already).
    assert {date(2026, 11, 29), date(2026, 11, 22), date(2026, 11, 15)} <= set(days)
    # The last day of each of the 12 newest months (this month's newest is 05/12).
    month_ends = {date(2026, m + 1, 1) - timedelta(1) for m in range(1, 12)} - {date(2026, 11, 30)}
    assert month_ends <= set(days) and date(2025, 12, 31) not in days
    assert len(days) == len(set(last_week) | {date(2026, 11, 29), date(2026, 11, 22), date(2026, 11, 15)}
                            | month_ends | {date(2026, 11, 30)})
    assert backups_to_remove(backups, RetentionPolicy())[0] == "2025-12-01"  # oldest first


def test_only_the_newest_of_a_day_counts_as_that_days_backup() -> None:
    day = date(2026, 6, 10)
    backups = [("morning", at(day, 9)), ("close", at(day, 17)), ("evening", at(day, 21))]
    assert backups_to_keep(backups, RetentionPolicy(daily=1, weekly=1, monthly=1)) == {"evening"}


def test_month_ends_fall_in_their_own_month() -> None:
    backups = [("31 Jan", at(date(2027, 1, 31), 23)), ("1 Feb", at(date(2027, 2, 1), 0))]
    assert backups_to_keep(backups, RetentionPolicy(daily=1, weekly=1, monthly=2)) == {"31 Jan", "1 Feb"}
    assert backups_to_keep(backups, RetentionPolicy(daily=1, weekly=1, monthly=1)) == {"1 Feb"}


def test_leap_day_is_a_day_of_february() -> None:
    backups = [("28 Feb", at(date(2028, 2, 28))), ("29 Feb", at(date(2028, 2, 29))), ("1 Mar", at(date(2028, 3, 1)))]
    # 28/02 and 29/02/2028 are a Monday and Tuesday of one ISO week; 01/03 the Wednesday.
    kept = backups_to_keep(backups, RetentionPolicy(daily=1, weekly=1, monthly=2))
    assert kept == {"1 Mar", "29 Feb"}  # the newest of February is the leap day


def test_iso_weeks_cross_the_new_year() -> None:
    # 29/12/2025 (Monday) starts ISO week 1 of 2026; 28/12/2025 (Sunday) ends week 52 of 2025.
    backups = [("sun 28", at(date(2025, 12, 28))), ("mon 29", at(date(2025, 12, 29))),
               ("fri 2 Jan", at(date(2026, 1, 2)))]
    kept = backups_to_keep(backups, RetentionPolicy(daily=1, weekly=2, monthly=1))
    assert kept == {"fri 2 Jan", "sun 28"}  # mon 29 shares week 1 with 2 January
    # 01/01/2027 (Friday) is in ISO week 53 of 2026, with 28/12/2026.
    backups = [("mon 28", at(date(2026, 12, 28))), ("fri 1 Jan", at(date(2027, 1, 1)))]
    assert backups_to_keep(backups, RetentionPolicy(daily=1, weekly=1, monthly=1)) == {"fri 1 Jan"}


def test_a_pc_left_off_keeps_its_last_backups() -> None:
    old = daily(date(2026, 1, 1), 10)  # then nothing for ten months
    kept = backups_to_keep(old, RetentionPolicy())
    assert len(kept) >= 7 and "2026-01-10" in kept


def test_nothing_to_rotate() -> None:
    assert backups_to_keep([], RetentionPolicy()) == set()
    assert backups_to_remove([("only", at(date(2026, 1, 1)))], RetentionPolicy(daily=1, weekly=1, monthly=1)) == []


# -- a PC clock that ran ahead, then was put right ---------------------------------------------

def test_future_dated_backups_are_never_removed_and_do_not_fill_the_slots() -> None:
    ahead = daily(date(2027, 12, 1), 14)  # taken while the clock was a year ahead
    real = daily(date(2026, 12, 1), 7)
    now = at(date(2026, 12, 7))  # the clock put right: the newest real backup is taken now
    removed = backups_to_remove(ahead + real, RetentionPolicy(daily=7, weekly=4, monthly=12), now=now)
    assert removed == []  # 7 real days fill the 7 daily slots; the future ones are left for a person
    removed = backups_to_remove(ahead + real, RetentionPolicy(daily=2, weekly=1, monthly=1), now=now)
    assert removed == [k for k, _ in real[:5]]  # the rules count only the real ones: 07/12 and 06/12 kept
    assert not set(removed) & {k for k, _ in ahead}


def test_a_backup_taken_exactly_now_counts_and_one_a_second_later_is_future() -> None:
    now = datetime(2026, 12, 7, 18, 0, 0)
    backups = [("earlier", now - timedelta(days=1)), ("now", now), ("ahead", now + timedelta(seconds=1))]
    policy = RetentionPolicy(daily=1, weekly=1, monthly=1)
    assert backups_to_remove(backups, policy, now=now) == ["earlier"]  # "now" is at or before now: it counts
    # without now, the second-ahead one would have taken the only daily slot and "now" would go
    assert backups_to_remove(backups, policy) == ["earlier", "now"]


def test_the_backup_just_taken_is_always_kept() -> None:
    now = datetime(2026, 12, 7, 18)
    backups = [("a", now - timedelta(hours=2)), ("b", now - timedelta(hours=1)), ("just", now - timedelta(hours=3))]
    policy = RetentionPolicy(daily=1, weekly=1, monthly=1)
    assert "just" not in backups_to_remove(backups, policy, now=now, always_keep={"just"})
    assert backups_to_remove(backups, policy, now=now, always_keep={"just"}) == ["a"]
