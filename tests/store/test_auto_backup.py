"""Automatic backups on disk: beside the database, rotated, copied to a second folder that may be missing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from carehome_desk.models.backup_rotation import RetentionPolicy
from carehome_desk.store import Store
from carehome_desk.store.auto_backup import (
    backups_folder,
    second_backups_folder,
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


# -- two homes sharing one second folder (a NAS share) -----------------------------------------

def identified_copy(tmp_path: Path, home: str) -> tuple[Path, str]:
    """A demo home's database named carehome.sqlite3 in its own folder, given its identity."""
    (tmp_path / home).mkdir()
    db = demo_copy(tmp_path / home)
    with Store.open(db) as store:
        database_id = store.settings.ensure_database_id()
    return db, database_id


def test_two_homes_sharing_a_second_folder_never_rotate_away_each_others_backups(tmp_path: Path) -> None:
    a, a_id = identified_copy(tmp_path, "homeA")
    b, b_id = identified_copy(tmp_path, "homeB")
    assert a_id != b_id and a.name == b.name == "carehome.sqlite3"
    share = tmp_path / "share"
    share.mkdir()
    policy = RetentionPolicy(daily=7, weekly=4, monthly=12)
    start = datetime(2026, 11, 1, 17, tzinfo=timezone.utc)
    for days in range(10):
        for db, hour in ((b, 0), (a, 1)):  # B closes at 17:00, A at 18:00
            result = take_automatic_backup(db, None, policy=policy, second_folder=share,
                                           now=start + timedelta(days=days, hours=hour))
            assert result.second_problem is None and result.second_copy is not None
    for db, database_id in ((a, a_id), (b, b_id)):
        mine = second_backups_folder(share, db, database_id)
        assert mine.parent == share and database_id[:12] in mine.name
        copies = list_backups(db, mine)
        assert len(copies) == 8  # 7 days, and the newest of an older week: as on the PC
        assert {c.database_id for c in copies} == {database_id}
        assert [c.taken_at for c in copies] == [c.taken_at for c in list_backups(db)]


def test_rotation_never_removes_another_databases_backups_or_ones_without_a_record(tmp_path: Path) -> None:
    import shutil

    from carehome_desk.store.backup_record import record_path

    a, a_id = identified_copy(tmp_path, "homeA")
    b, _ = identified_copy(tmp_path, "homeB")
    old = datetime(2026, 10, 1, 17, tzinfo=timezone.utc)
    foreign = take_automatic_backup(b, None, policy=POLICY, second_folder=None, now=old).path
    bare = take_automatic_backup(b, None, policy=POLICY, second_folder=None, now=old + timedelta(days=1)).path
    # B's backups (one with its record, one without) put among A's, where rotation looks
    backups_folder(a).mkdir()
    for backup in (foreign, bare):
        shutil.copyfile(backup, backups_folder(a) / backup.name)
    shutil.copyfile(record_path(foreign), record_path(backups_folder(a) / foreign.name))
    for days in range(4):
        take_automatic_backup(a, None, policy=POLICY, second_folder=None, now=NOW + timedelta(days=days))
    listed = list_backups(a, database_id=a_id)
    assert (backups_folder(a) / foreign.name).exists() and (backups_folder(a) / bare.name).exists()
    others = [x for x in listed if x.other_database]
    assert [x.path.name for x in others] == [foreign.name]  # listed, but marked another database's
    assert len([x for x in listed if x.database_id == a_id]) == 2  # A's own were rotated as usual


def test_a_copy_to_the_second_folder_never_overwrites_one_of_the_same_name(tmp_path: Path) -> None:
    from carehome_desk.store.auto_backup import copy_backup

    db = demo_copy(tmp_path)
    stick = tmp_path / "usb"
    stick.mkdir()
    first = take_automatic_backup(db, None, policy=POLICY, second_folder=None, now=NOW).path
    there = copy_backup(first, stick, key=None)
    before = there.read_bytes()
    again = copy_backup(first, stick, key=None)  # e.g. another home's backup taken in the same second
    assert again != there and again.name == "carehome-20261206-231000-2.sqlite3"
    assert there.read_bytes() == before and check_database(again, key=None).ok


def test_the_store_gives_its_database_an_identity_once_and_every_backup_records_it(db_path: Path, clock: Clock,
                                                                                  tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    with Store.open(db_path, clock=clock) as store:
        assert store.settings.database_id() is None
        store.settings.set_second_backup_folder(stick)
        first = store.automatic_backup()
        database_id = store.settings.database_id()
        clock.advance(days=1)
        second = store.automatic_backup()
        assert store.settings.database_id() == database_id is not None
    for result in (first, second):
        for path in (result.path, result.second_copy):
            assert path is not None
            record = read_record(path)
            assert record is not None and record.database_id == database_id
    assert second.second_copy is not None and second.second_copy.parent == second_backups_folder(stick, db_path,
                                                                                                  database_id)
    with Store.open(second.path, clock=clock) as copy:  # it lives in the database: a backup (or restore) keeps it
        assert copy.settings.database_id() == database_id
