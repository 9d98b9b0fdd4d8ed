"""Automatic backups on disk: beside the database, rotated, copied to a second folder that may be missing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from carehome_desk.models.backup_rotation import RetentionPolicy
from carehome_desk.store import Store
from carehome_desk.store.auto_backup import (
    backups_folder,
    last_off_pc_copy,
    list_backups,
    newest_good_backup,
    off_pc_notice,
    take_automatic_backup,
)
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.backup_record import check_database, read_record
from tests.conftest import Clock
from tests.store.backup_data import demo_copy

NOW = datetime(2026, 12, 6, 23, 10, tzinfo=timezone.utc)
POLICY = RetentionPolicy(daily=2, weekly=1, monthly=1)


def test_an_automatic_backup_goes_beside_the_database_verified(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    result = take_automatic_backup(db, None, policy=RetentionPolicy(), second_folder=None, now=NOW)
    assert result.path == tmp_path / "backups" / "carehome-20261206-231000.sqlite3"
    assert oct(backups_folder(db).stat().st_mode & 0o777) == "0o700"
    record = read_record(result.path)
    assert record is not None and record.automatic and record.verified
    assert result.second_copy is None and result.second_problem is None
    (listed,) = list_backups(db)
    assert listed.path == result.path and listed.verified and listed.automatic and not listed.encrypted


def test_rotation_removes_old_automatic_backups_but_never_hand_made_ones(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    by_hand = backup_sqlite(db, backups_folder(db) / "carehome-20261101-120000.sqlite3",
                            now=datetime(2026, 11, 1, 12, tzinfo=timezone.utc))
    for days in range(5, -1, -1):
        take_automatic_backup(db, None, policy=POLICY, second_folder=None, now=NOW - timedelta(days=days))
    listed = list_backups(db)
    automatic = [b.taken_at for b in listed if b.automatic]
    # 2 daily (06/12, 05/12); the week's newest is 06/12 and the month's too: nothing more.
    assert automatic == [NOW, NOW - timedelta(days=1)]
    assert by_hand in [b.path for b in listed]
    leftovers = sorted(p.name for p in backups_folder(db).iterdir())
    assert len(leftovers) == 3 * 2  # each backup with its record, nothing else


def test_a_missing_second_folder_warns_but_the_backup_is_made(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    unplugged = tmp_path / "media" / "usb"
    result = take_automatic_backup(db, None, policy=POLICY, second_folder=unplugged, now=NOW)
    assert result.path.is_file() and result.second_copy is None
    assert result.second_problem is not None and "cannot be reached" in result.second_problem
    assert not unplugged.exists()  # an unplugged stick's mount point is never made on the PC's disk
    assert last_off_pc_copy(db, unplugged) is None


def test_a_second_folder_receives_a_checked_copy(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    stick = tmp_path / "usb"
    stick.mkdir()
    result = take_automatic_backup(db, None, policy=POLICY, second_folder=stick, now=NOW)
    assert result.second_copy == stick / result.path.name and result.second_problem is None
    assert check_database(result.second_copy, key=None).ok
    assert read_record(result.second_copy) == read_record(result.path)
    assert [b.path for b in list_backups(db, stick)] == [result.second_copy]
    assert last_off_pc_copy(db, stick) == NOW
    assert not list(stick.glob("*.partial"))


def test_the_store_backs_up_with_its_policy_values_and_second_folder(db_path: Path, clock: Clock,
                                                                     tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    with Store.open(db_path, clock=clock) as store:
        store.settings.set_second_backup_folder(stick)
        assert store.settings.second_backup_folder() == stick
        result = store.automatic_backup()
        store.settings.set_second_backup_folder(None)
        assert store.settings.second_backup_folder() is None
    assert result.second_copy is not None and result.second_copy.is_file()
    assert newest_good_backup(db_path) is not None


def test_the_dashboard_notice_about_copies_off_the_pc(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    stick = tmp_path / "usb"
    hint = off_pc_notice(db, None, NOW)
    assert hint is not None and not hint.warning and "second backup folder" in hint.text
    never = off_pc_notice(db, stick, NOW)
    assert never is not None and never.warning and "yet" in never.text
    stick.mkdir()
    take_automatic_backup(db, None, policy=POLICY, second_folder=stick, now=NOW)
    assert off_pc_notice(db, stick, NOW + timedelta(days=6, hours=23)) is None
    old = off_pc_notice(db, stick, NOW + timedelta(days=8))
    assert old is not None and old.warning and "06/12/2026, 8 days ago" in old.text
    other = off_pc_notice(db, tmp_path / "another", NOW)  # a new folder: nothing has reached it yet
    assert other is not None and other.warning


def test_leftovers_of_a_killed_backup_or_restore_go_at_the_next_start(tmp_path: Path) -> None:
    from carehome_desk.private_files import owner_tag
    from carehome_desk.store.auto_backup import tidy_backups

    db = demo_copy(tmp_path)
    backups_folder(db).mkdir()
    dead = 2 ** 22 + 4242
    host = owner_tag().split("-", 1)[1]
    left = [backups_folder(db) / f"carehome-20261206-231000.sqlite3~{dead}-{host}.partial",
            tmp_path / f"carehome.sqlite3.restoring~{dead}-{host}.partial"]
    for path in left:
        path.write_bytes(b"half")
    assert sorted(tidy_backups(db)) == sorted(left)
    assert db.is_file() and not any(p.exists() for p in left)


def test_the_policy_values_edited_in_home_settings_decide_what_is_kept(db_path: Path, clock: Clock) -> None:
    from carehome_desk.models.settings import ProviderSettings

    with Store.open(db_path, clock=clock) as store:
        store.settings.save(ProviderSettings(backups_daily=2, backups_weekly=1, backups_monthly=1))
        for _ in range(4):
            store.automatic_backup()
            clock.advance(days=1)
    kept = [b.taken_at.date() for b in list_backups(db_path)]
    assert len(kept) == 2 and kept[0] - kept[1] == timedelta(days=1)


def test_clear_automatic_backups_are_listed_once_the_database_is_protected(tmp_path: Path) -> None:
    from carehome_desk.store.protection import protect, unprotected_copies
    from tests.store.backup_data import CHEAP

    db = demo_copy(tmp_path)
    clear = take_automatic_backup(db, None, policy=POLICY, second_folder=None, now=NOW).path
    protect(db, "correct horse battery", kdf=CHEAP)
    assert unprotected_copies(db) == [clear.resolve()]


def test_backups_dated_in_the_future_do_not_make_each_new_backup_delete_the_last(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    policy = RetentionPolicy(daily=7, weekly=4, monthly=12)
    ahead = datetime(2027, 12, 1, 17, tzinfo=timezone.utc)  # the PC's clock a year ahead for a fortnight
    for days in range(14):
        take_automatic_backup(db, None, policy=policy, second_folder=None, now=ahead + timedelta(days=days))
    future = [b.path for b in list_backups(db)]  # what rotation kept while the clock was ahead
    right = datetime(2026, 12, 7, 17, tzinfo=timezone.utc)  # then put right
    taken = []
    for days in range(5):
        result = take_automatic_backup(db, None, policy=policy, second_folder=None, now=right + timedelta(days=days))
        assert result.path.exists(), "the backup just taken was rotated away"
        assert not any(p in result.removed for p in taken)
        taken.append(result.path)
    listed = list_backups(db)
    assert [b.path for b in listed if b.taken_at.year == 2026] == taken[::-1]
    assert [b.path for b in listed if b.taken_at.year == 2027] == future  # never removed automatically
