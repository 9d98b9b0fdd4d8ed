"""After a database is protected, the clear copies named to the manager ("delete them once a new backup has
been taken") are its own only: never another database's backups that share a backups folder with it."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from carehome_desk.models.backup_rotation import RetentionPolicy
from carehome_desk.paths import data_dir
from carehome_desk.store import Store
from carehome_desk.store.auto_backup import take_automatic_backup
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.backup_record import database_id_of, record_path
from carehome_desk.store.protection import protect, unprotected_copies
from tests.store.backup_data import CHEAP, demo_copy

NOW = datetime(2026, 12, 6, 23, 10, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


def _demo_in(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return demo_copy(folder, name)


def _with_id(path: Path) -> str:
    with Store.open(path, create=False) as store:
        return store.settings.ensure_database_id()


def test_another_databases_backups_in_the_same_folders_are_not_named(tmp_path: Path) -> None:
    mine, theirs = demo_copy(tmp_path, "pr.sqlite3"), demo_copy(tmp_path, "br.sqlite3")
    own = backup_sqlite(mine, tmp_path / "backups" / "pr-20261206-090000.sqlite3")
    backup_sqlite(theirs, tmp_path / "backups" / "br-20261207-125643.sqlite3")  # beside, but br's
    backup_sqlite(theirs, data_dir() / "backups" / "br-20261207-125700.sqlite3")  # the data folder's: br's too
    protect(mine, PASSWORD, kdf=CHEAP)
    assert unprotected_copies(mine) == [own.resolve()]


def test_a_record_naming_another_file_rules_a_copy_out_even_with_this_databases_name(tmp_path: Path) -> None:
    mine = demo_copy(tmp_path, "carehome.sqlite3")
    elsewhere = _demo_in(tmp_path / "other-home", "carehome.sqlite3")
    backup_sqlite(elsewhere, data_dir() / "backups" / "carehome-20261205-090000.sqlite3")  # same name, other file
    own = backup_sqlite(mine, data_dir() / "backups" / "carehome-20261206-090000.sqlite3")
    protect(mine, PASSWORD, kdf=CHEAP)
    assert unprotected_copies(mine) == [own.resolve()]


def test_its_identity_finds_its_backups_after_the_file_moved_and_rules_out_a_twins(tmp_path: Path) -> None:
    old_place = _demo_in(tmp_path / "old", "carehome.sqlite3")
    twin = demo_copy(tmp_path, "twin.sqlite3")
    database_id, twin_id = _with_id(old_place), _with_id(twin)
    assert database_id != twin_id
    taken = take_automatic_backup(old_place, None, policy=RetentionPolicy(), second_folder=None, now=NOW).path
    (data_dir() / "backups").mkdir(parents=True)
    own = Path(shutil.move(str(taken), str(data_dir() / "backups" / taken.name)))  # where earlier versions kept them
    shutil.move(str(record_path(taken)), str(record_path(own)))
    moved = tmp_path / "carehome.sqlite3"
    shutil.move(str(old_place), str(moved))  # the database moved: its backup's record names the old place
    twin_copy = backup_sqlite(twin, data_dir() / "backups" / "carehome-20261207-090000.sqlite3")
    assert database_id_of(moved) == database_id
    protect(moved, PASSWORD, kdf=CHEAP)
    assert unprotected_copies(moved, database_id) == [own.resolve()]
    assert twin_copy.resolve() not in unprotected_copies(moved, database_id)


def test_a_copy_with_no_record_and_no_identity_counts_when_named_as_its_backups_in_either_folder(
        tmp_path: Path) -> None:
    mine = demo_copy(tmp_path, "carehome.sqlite3")
    assert database_id_of(mine) is None  # from before databases carried an identity
    beside = tmp_path / "backups"
    beside.mkdir()
    named = beside / "carehome-20261201-090000.sqlite3"
    shutil.copyfile(mine, named)
    shutil.copyfile(mine, beside / "something-else.sqlite3")
    (data_dir() / "backups").mkdir(parents=True)
    earlier = data_dir() / "backups" / "carehome-20250101-120000.sqlite3"  # where earlier versions wrote them
    shutil.copyfile(mine, earlier)
    shutil.copyfile(mine, data_dir() / "backups" / "other-20250101-120000.sqlite3")
    protect(mine, PASSWORD, kdf=CHEAP)
    assert unprotected_copies(mine) == [earlier.resolve(), named.resolve()]


def test_a_copy_with_no_record_is_told_by_the_identity_it_holds(tmp_path: Path) -> None:
    mine, twin = demo_copy(tmp_path, "carehome.sqlite3"), demo_copy(tmp_path, "twin.sqlite3")
    database_id = _with_id(mine)
    assert _with_id(twin) != database_id
    (data_dir() / "backups").mkdir(parents=True)
    earlier = data_dir() / "backups" / "carehome-20250101-120000.sqlite3"
    shutil.copyfile(mine, earlier)  # an earlier version's backup: no record beside it
    hand_made = tmp_path / "backups" / "before-inspection.sqlite3"
    hand_made.parent.mkdir()
    shutil.copyfile(mine, hand_made)  # named by hand, but it holds this database's identity
    shutil.copyfile(twin, tmp_path / "backups" / "carehome-20261201-090000.sqlite3")  # this name, another's records
    shutil.copyfile(twin, data_dir() / "backups" / "carehome-20261202-090000.sqlite3")
    protect(mine, PASSWORD, kdf=CHEAP)
    assert unprotected_copies(mine, database_id) == [earlier.resolve(), hand_made.resolve()]
