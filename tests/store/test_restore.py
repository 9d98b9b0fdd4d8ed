"""Restore with real files: the backup checked first, the current file kept, the backup put in place."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from carehome_desk.store import Store, StoreError
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.errors import PasswordNeededError, WrongPasswordError
from carehome_desk.store.protection import change_password, protect
from carehome_desk.store.restore import inspect_backup, restore_backup, unlock_backup
from tests.store.backup_data import CHEAP, corrupt_middle, demo_copy

AT = datetime(2026, 12, 6, 23, 10, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


def staff_names(store: Store) -> set[str]:
    return {m.full_name for m in store.staff.list()}


def test_restore_round_trip_keeps_the_current_file(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    with Store.open(db) as store:
        before = staff_names(store)
        backup = store.backup(tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
        member = store.staff.list()[0]
        store.staff.archive(member.id, "entered in error")  # a change made after the backup
        assert staff_names(store) == before - {member.full_name}
    unlocked = unlock_backup(backup, database=db)
    report = inspect_backup(backup, unlocked.key)
    assert report.integrity.ok and report.counts["staff"] == len(before) and not report.encrypted
    result = restore_backup(db, backup, unlocked, now=AT)
    assert result.kept == tmp_path / "carehome.before-restore-20261206-231000.sqlite3"
    assert not Path(f"{db}-wal").exists()
    with Store.open(db, create=False) as store:
        assert staff_names(store) == before  # the data is back
    with Store.open(result.kept, create=False) as kept:  # the file it replaced opens, with the later change
        assert staff_names(kept) == before - {member.full_name}


def test_a_damaged_backup_is_not_restored_and_nothing_changes(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    backup = backup_sqlite(db, tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
    corrupt_middle(backup)
    raw = db.read_bytes()
    unlocked = unlock_backup(backup, database=db)
    assert not inspect_backup(backup, unlocked.key).integrity.ok
    with pytest.raises(StoreError, match="fails its integrity check"):
        restore_backup(db, backup, unlocked, now=AT)
    assert db.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "carehome.sqlite3"]


def test_a_protected_backup_restores_with_todays_password_and_keeps_it(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    protect(db, PASSWORD, kdf=CHEAP)
    with Store.open(db, password=PASSWORD) as store:
        backup = store.backup(tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
        count = len(staff_names(store))
    change_password(db, PASSWORD, "a newer password here", kdf=CHEAP)
    with pytest.raises(PasswordNeededError):
        unlock_backup(backup, database=db)
    with pytest.raises(WrongPasswordError):
        unlock_backup(backup, database=db, password="not the password at all")
    unlocked = unlock_backup(backup, database=db, password="a newer password here")  # today's works
    assert unlocked.keep_current_keys
    result = restore_backup(db, backup, unlocked, now=AT)
    assert result.kept is not None and Path(f"{result.kept}.keys").is_file()
    with Store.open(db, create=False, password="a newer password here") as store:  # the password stays
        assert len(staff_names(store)) == count
    with Store.open(result.kept, create=False, password="a newer password here") as kept:
        assert len(staff_names(kept)) == count


def test_a_backup_from_another_key_brings_its_key_file(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    other = demo_copy(tmp_path, "other.sqlite3")
    protect(other, "the other password", kdf=CHEAP)
    with Store.open(other, password="the other password") as store:
        backup = store.backup(tmp_path / "backups" / "other-20261206-220000.sqlite3")
    unlocked = unlock_backup(backup, database=db, password="the other password")  # the password of its day
    assert unlocked.key is not None and not unlocked.keep_current_keys
    result = restore_backup(db, backup, unlocked, now=AT)
    assert Path(f"{db}.keys").read_bytes() == Path(f"{backup}.keys").read_bytes()
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert result.kept is not None and result.kept.read_bytes().startswith(b"SQLite format 3")
    with Store.open(db, create=False, password="the other password") as store:
        assert store.protected and store.homes.list()


def test_restoring_over_a_database_with_pending_changes_never_replays_them(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    backup = backup_sqlite(db, tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
    con = sqlite3.connect(db)  # a change still in the -wal when the restore starts
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("DELETE FROM actions")
    con.commit()
    assert Path(f"{db}-wal").stat().st_size > 0
    result = restore_backup(db, backup, unlock_backup(backup), now=AT)
    con.close()
    assert result.kept is not None

    def actions(path: Path) -> int:
        ro = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            return int(ro.execute("SELECT count(*) FROM actions").fetchone()[0])
        finally:
            ro.close()

    assert actions(db) > 0  # the backup's rows, not the pending delete
    assert actions(result.kept) == 0  # the pending change stays with the file it belongs to


def test_a_backup_carries_the_audit_chain_head_and_its_restore_preview_verifies_the_copy(tmp_path: Path) -> None:
    from tests.store.tamper import raw

    db = demo_copy(tmp_path)
    with Store.open(db) as store:
        head = store.audit.head()
        backup = store.backup(tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
        tampered = store.backup(tmp_path / "backups" / "carehome-20261206-220100.sqlite3")
    unlocked = unlock_backup(backup, database=db)
    report = inspect_backup(backup, unlocked.key)
    assert report.record is not None
    assert (report.record.facts.extra["audit_rows"], report.record.facts.extra["audit_head"]) == head
    assert report.verify == f"{head[0]:,} changes, all intact"
    before = backup.read_bytes()
    inspect_backup(backup, unlocked.key)
    assert backup.read_bytes() == before and not Path(f"{backup}-wal").exists()  # looking changes nothing
    raw(tampered, "UPDATE audit_log SET user_label = 'someone else' WHERE id = 5")  # a forged user in the copy
    report = inspect_backup(tampered, unlock_backup(tampered, database=db).key)
    assert report.verify is not None and report.verify.endswith("1 problem found")


def test_an_old_password_never_brings_back_the_old_key_file_or_a_replaced_recovery_key(tmp_path: Path) -> None:
    from carehome_desk.store.protection import replace_recovery_key, unlock

    db = demo_copy(tmp_path)
    old_recovery = protect(db, PASSWORD, kdf=CHEAP)
    with Store.open(db, password=PASSWORD) as store:
        backup = store.backup(tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
    change_password(db, PASSWORD, "a newer password here", kdf=CHEAP)
    new_recovery = replace_recovery_key(db, "a newer password here")  # the printed key was lost
    unlocked = unlock_backup(backup, database=db, password=PASSWORD)  # the password of the backup's day
    assert unlocked.keep_current_keys  # the same data key: today's key file stays
    restore_backup(db, backup, unlocked, now=AT)
    assert unlock(db, password="a newer password here") and unlock(db, recovery_key=new_recovery)
    with pytest.raises(WrongPasswordError):
        unlock(db, password=PASSWORD)
    with pytest.raises(WrongPasswordError):
        unlock(db, recovery_key=old_recovery)


def test_a_backup_from_before_the_password_is_encrypted_as_it_is_put_back(tmp_path: Path) -> None:
    from carehome_desk.store.protection import is_protected

    db = demo_copy(tmp_path)
    with Store.open(db) as store:
        count = len(staff_names(store))
        backup = store.backup(tmp_path / "backups" / "carehome-20261206-220000.sqlite3")  # clear: no password yet
    protect(db, PASSWORD, kdf=CHEAP)
    with pytest.raises(PasswordNeededError, match="before the password was set"):
        unlock_backup(backup, database=db)
    unlocked = unlock_backup(backup, database=db, password=PASSWORD)
    assert unlocked.key is None and unlocked.encrypt_with is not None and unlocked.keep_current_keys
    restore_backup(db, backup, unlocked, now=AT)
    assert is_protected(db) and not db.read_bytes().startswith(b"SQLite format 3")
    assert not [p for p in tmp_path.iterdir() if "restoring" in p.name]  # no clear temporary left behind
    with Store.open(db, create=False, password=PASSWORD) as store:  # today's password and key file
        assert store.protected and len(staff_names(store)) == count
    with Store.open(db, create=False, password=PASSWORD) as store:  # the window: its key in hand
        assert store.unlock_backup(backup).encrypt_with is not None


def test_a_swap_that_fails_puts_the_key_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from carehome_desk.store import restore as restore_module

    db = demo_copy(tmp_path)
    other = demo_copy(tmp_path, "other.sqlite3")
    protect(db, PASSWORD, kdf=CHEAP)
    protect(other, "the other password", kdf=CHEAP)
    with Store.open(other, password="the other password") as store:
        backup = store.backup(tmp_path / "backups" / "other-20261206-220000.sqlite3")
    keys_before = Path(f"{db}.keys").read_bytes()
    unlocked = unlock_backup(backup, database=db, password="the other password")
    real_replace = os.replace

    def refuse_the_swap(src: object, dst: object) -> None:
        if ".restoring~" in str(src):
            raise PermissionError(13, "The file is in use by another process", str(dst))  # antivirus, say
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(restore_module.os, "replace", refuse_the_swap)
    with pytest.raises(StoreError, match="The database is as it was"):
        restore_backup(db, backup, unlocked, now=AT)
    monkeypatch.undo()
    assert Path(f"{db}.keys").read_bytes() == keys_before
    with Store.open(db, create=False, password=PASSWORD) as store:  # still opens with its own password
        assert store.protected


def test_the_preview_names_the_homes_and_warns_when_they_are_not_these(tmp_path: Path) -> None:
    from carehome_desk.store.restore import homes_in, other_homes_warning
    from tests.conftest import oak_lodge

    db = demo_copy(tmp_path)
    other = tmp_path / "elsewhere.sqlite3"
    with Store.open(other) as store:
        store.homes.add(oak_lodge())
        backup = store.backup(tmp_path / "backups" / "elsewhere-20261206-220000.sqlite3")
    own = backup_sqlite(db, tmp_path / "backups" / "carehome-20261206-220000.sqlite3")
    report = inspect_backup(backup, None)
    assert report.homes == ((oak_lodge().name, oak_lodge().urn),)
    warning = other_homes_warning(report, homes_in(db, None))
    assert warning is not None and oak_lodge().name in warning and "another home's backup" in warning
    assert other_homes_warning(inspect_backup(own, None), homes_in(db, None)) is None
