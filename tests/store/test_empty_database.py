"""A database file that is there but empty (0 bytes) is refused, never set up as a new database.

A failed copy, a cloud-sync placeholder or a full disk leaves such a file: taking it for "start afresh"
would let a scheduled check or an inspector's verify report that all is well.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from carehome_desk.store import Store
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.errors import EmptyDatabaseError
from carehome_desk.store.keys import keys_path
from carehome_desk.store.protection import protect
from tests.store.backup_data import CHEAP, demo_copy


def _empty(path: Path) -> Path:
    path.touch()
    path.chmod(0o644)  # as a copy might leave it: the refusal must not tighten (or touch) it either
    return path


def _untouched(path: Path) -> None:
    assert path.stat().st_size == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


def test_opening_an_empty_file_is_refused_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    db = _empty(tmp_path / "carehome.sqlite3")
    for create in (True, False):
        with pytest.raises(EmptyDatabaseError) as refused:
            Store.open(db, create=create)
        assert refused.value.path == db and refused.value.backup is None
        assert str(refused.value) == (
            f"{db} is empty (0 bytes): it holds no records, so it was not opened and nothing was changed. If your "
            "records should be in it, restore it from a backup (no good backup of it was found beside it or in the "
            "backups folder); if you meant to start a new home, delete the empty file and set the home up again.")
    _untouched(db)


def test_the_refusal_names_the_newest_good_backup_of_that_database(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    backup = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3")
    other = demo_copy(tmp_path, "other.sqlite3")
    backup_sqlite(other, tmp_path / "backups" / "other-20261121-090000.sqlite3")  # newer, but another database's
    db.write_bytes(b"")
    with pytest.raises(EmptyDatabaseError) as refused:
        Store.open(db, create=False)
    assert refused.value.backup is not None and refused.value.backup.path == backup
    assert f"the newest good backup is {backup}, taken 20/11/2026 09:00" in str(refused.value)


def test_a_missing_file_is_still_created(tmp_path: Path) -> None:
    db = tmp_path / "new" / "carehome.sqlite3"
    with Store.open(db) as store:
        assert store.open_report.created and store.homes.list() == []
    assert db.stat().st_size > 0


def test_an_empty_file_is_neither_backed_up_nor_protected(tmp_path: Path) -> None:
    db = _empty(tmp_path / "carehome.sqlite3")
    out = tmp_path / "copy.sqlite3"
    with pytest.raises(EmptyDatabaseError):
        backup_sqlite(db, out)
    assert not out.exists()
    with pytest.raises(EmptyDatabaseError):
        protect(db, "a long enough password", kdf=CHEAP)
    assert not keys_path(db).exists()
    _untouched(db)


def test_a_missing_file_is_still_started_encrypted(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    protect(db, "a long enough password", kdf=CHEAP)
    assert keys_path(db).exists() and db.stat().st_size > 0
    with Store.open(db, password="a long enough password") as store:
        assert store.protected and store.homes.list() == []


def _emptied_protected_with_backups(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A database backed up clear, then protected and backed up encrypted, then emptied: (db, clear, encrypted)."""
    from carehome_desk.store.protection import unlock

    db = demo_copy(tmp_path)
    clear = backup_sqlite(db, tmp_path / "backups" / "carehome-20261001-090000.sqlite3")
    protect(db, "a long enough password", kdf=CHEAP)
    key = unlock(db, password="a long enough password")
    encrypted = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3", key=key)
    assert keys_path(encrypted).is_file()
    db.write_bytes(b"")
    return db, clear, encrypted


def test_an_emptied_protected_database_is_offered_its_newer_encrypted_backup_checked_with_the_password(
        tmp_path: Path) -> None:
    db, _, encrypted = _emptied_protected_with_backups(tmp_path)
    with pytest.raises(EmptyDatabaseError) as refused:
        Store.open(db, password="a long enough password", create=False)
    assert refused.value.backup is not None and refused.value.backup.path == encrypted
    assert refused.value.backup.checked
    assert f"the newest good backup is {encrypted}, taken 20/11/2026 09:00" in str(refused.value)


def test_without_the_password_the_newer_encrypted_backup_is_named_unchecked_not_the_older_clear_one(
        tmp_path: Path) -> None:
    db, clear, encrypted = _emptied_protected_with_backups(tmp_path)
    for password in (None, "not the password at all"):
        with pytest.raises(EmptyDatabaseError) as refused:
            Store.open(db, password=password, create=False)
        assert refused.value.backup is not None and refused.value.backup.path == encrypted
        assert not refused.value.backup.checked
        assert (f"the newest backup is {encrypted}, taken 20/11/2026 09:00, encrypted, with its key file beside it "
                "(not checked: that needs the database's password)") in str(refused.value)
        assert str(clear) not in str(refused.value)
