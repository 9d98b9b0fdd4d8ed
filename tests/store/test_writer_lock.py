"""The single-writer lock the window and the writing commands share (store/writer_lock.py)."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from carehome_desk.store.writer_lock import DatabaseInUse, LockUnavailable, lock_path, take_writer_lock
from tests.writer_lock_holder import kill, lock_held_elsewhere


def test_one_holder_at_a_time_in_one_process_too(db_path: Path) -> None:
    first = take_writer_lock(db_path)
    assert first is not None and first.held
    assert lock_path(db_path) == db_path.with_name("home.sqlite3.lock")  # where the window's QLockFile was
    with pytest.raises(DatabaseInUse, match="is open in carehome-desk on this PC") as refused:
        take_writer_lock(db_path, wait=0)
    assert refused.value.path == db_path
    first.release()
    first.release()  # harmless twice
    with take_writer_lock(db_path) as again:
        assert again is not None and again.held
    assert not again.held


def test_a_killed_holder_leaves_no_stale_lock(db_path: Path) -> None:
    with lock_held_elsewhere(db_path) as holder:
        with pytest.raises(DatabaseInUse):
            take_writer_lock(db_path)
        kill(holder)
        lock = take_writer_lock(db_path)
    assert lock is not None and lock.held
    lock.release()


def test_a_server_database_takes_no_lock(tmp_path: Path) -> None:
    assert take_writer_lock("postgresql+psycopg://office@server/carehome") is None
    url = take_writer_lock(f"sqlite:///{tmp_path / 'x.sqlite3'}")  # an SQLite URL is a file like any other
    assert url is not None and url.database == tmp_path / "x.sqlite3"
    url.release()


def test_a_folder_that_cannot_hold_the_lock_file_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(LockUnavailable, match="cannot write in"):
        take_writer_lock(tmp_path / "missing" / "home.sqlite3")


@pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX")
def test_the_lock_file_is_private(db_path: Path) -> None:
    with take_writer_lock(db_path):
        assert stat.S_IMODE(lock_path(db_path).stat().st_mode) == 0o600
