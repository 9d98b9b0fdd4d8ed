"""A healthy database in a folder that cannot be written in: SQLite cannot make the working files a WAL
database needs beside it (even to be read), and says "unable to open database file". That is never called
damage, nor blamed on a backup's destination: the message says the folder cannot be written in, and what to do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from carehome_desk.store import Store
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.connect import open_connection
from carehome_desk.store.integrity import CannotOpenError, check_file, is_cannot_open_error
from tests.damaged_files import build_sound, damage_first_page, digest
from tests.read_only_folder import read_only_folder


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo home, left in WAL mode as the program leaves every database it has open."""
    path = build_sound(tmp_path_factory.mktemp("sound") / "carehome.sqlite3")
    assert path.read_bytes()[18:20] == b"\x02\x02"  # WAL: a reader needs the -shm beside it
    return path


def _folder_message(folder: Path) -> str:
    return (f"The folder {folder} cannot be written in, so carehome.sqlite3 cannot be opened there: even to read a "
            "database, SQLite keeps two working files beside it. The file has not been found damaged and nothing "
            "was changed. Copy it to a folder you can write in and use the copy, or ask whoever looks after the "
            "folder for permission to write in it.")


def test_the_error_sqlite_gives_there_is_told_apart_from_damage(sound_file: Path, tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        conn = open_connection(folder / "carehome.sqlite3", read_only=True)
        try:
            with pytest.raises(sqlite3.OperationalError) as cannot:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    assert is_cannot_open_error(cannot.value)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(sound_file.read_bytes())
    damage_first_page(damaged)
    conn = open_connection(damaged, read_only=True)
    try:
        with pytest.raises(sqlite3.DatabaseError) as broken:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
    assert not is_cannot_open_error(broken.value)


def test_the_check_reports_it_could_not_open_the_file_not_that_it_is_damaged(sound_file: Path,
                                                                            tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        report = check_file(folder / "carehome.sqlite3")
    assert report.cannot_open and report.not_run
    assert not report.ok and not report.unreadable


def test_opening_it_says_the_folder_cannot_be_written_in_and_changes_nothing(sound_file: Path,
                                                                              tmp_path: Path) -> None:
    before = digest(sound_file)
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        db = folder / "carehome.sqlite3"
        for create, check in ((True, "now"), (False, "now"), (False, "later")):  # later: a large file in the window
            with pytest.raises(CannotOpenError) as refused:
                Store.open(db, create=create, check=check)
            assert str(refused.value) == _folder_message(folder)
            assert "damaged" not in str(refused.value).replace("has not been found damaged", "")
        assert digest(db) == before
        assert sorted(p.name for p in folder.iterdir()) == ["carehome.sqlite3"]


def test_a_backup_of_it_blames_the_folder_not_the_destination(sound_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "backups" / "copy.sqlite3"
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        with pytest.raises(CannotOpenError) as refused:
            backup_sqlite(folder / "carehome.sqlite3", out)
    assert str(refused.value) == _folder_message(folder)
    assert not out.exists()


def test_a_backup_copy_there_in_rollback_mode_is_still_read(sound_file: Path, tmp_path: Path) -> None:
    # A copy backup_sqlite made is self-contained (no WAL): SQLite reads it with no working files beside it.
    copy = backup_sqlite(sound_file, tmp_path / "copy" / "carehome.sqlite3")
    with read_only_folder(tmp_path / "ro", copy) as folder:
        with Store.open(folder / "carehome.sqlite3", create=False) as store:
            assert [h.urn for h in store.homes.list()] == ["SC862107"]


def test_a_protected_database_there_is_told_the_same_and_to_copy_its_key_file(sound_file: Path,
                                                                               tmp_path: Path) -> None:
    from carehome_desk.store.keys import keys_path
    from carehome_desk.store.protection import protect
    from tests.store.backup_data import CHEAP

    db = tmp_path / "protected" / "carehome.sqlite3"
    db.parent.mkdir()
    db.write_bytes(sound_file.read_bytes())
    protect(db, "a long enough password", kdf=CHEAP)
    with Store.open(db, password="a long enough password") as store:
        assert store.homes.list()  # read through the store: in WAL mode again, as the program leaves it
    for check in ("now", "later"):  # later: a large file opened from the window
        with read_only_folder(tmp_path / f"ro-{check}", db, keys_path(db)) as folder:
            with pytest.raises(CannotOpenError) as refused:
                Store.open(folder / "carehome.sqlite3", password="a long enough password", check=check)
        assert str(refused.value).startswith(f"The folder {folder} cannot be written in, so carehome.sqlite3 cannot "
                                             "be opened there")
        assert "Copy it with its key file carehome.sqlite3.keys to a folder you can write in" in str(refused.value)


def test_a_writing_command_is_told_the_same_by_the_writer_lock(sound_file: Path, tmp_path: Path) -> None:
    from carehome_desk.store.writer_lock import LockUnavailable, take_writer_lock

    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        with pytest.raises(LockUnavailable) as refused:
            take_writer_lock(folder / "carehome.sqlite3")
    assert str(refused.value) == (
        f"The folder {folder} cannot be written in, so carehome.sqlite3 cannot be opened there: carehome-desk keeps "
        "a lock file beside a database it may write to. The file has not been found damaged and nothing was "
        "changed. Copy it to a folder you can write in and use the copy, or ask whoever looks after the folder for "
        "permission to write in it.")
