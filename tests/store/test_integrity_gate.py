"""The integrity gate on real files: a check that cannot run refuses writes, a locked file is not damaged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from carehome_desk.store import SaveError, Store
from carehome_desk.store import integrity
from tests.conftest import Clock


def test_a_check_that_raises_refuses_writes_with_a_plain_sentence(tmp_path: Path, clock: Clock,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.sqlite3"
    Store.open(db, clock=clock).close()

    def network_drive_dropped(*args: object, **kwargs: object) -> integrity.IntegrityReport:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(integrity, "check_file", network_drive_dropped)
    with Store.open(db, clock=clock, check="later") as store:
        report = store.run_integrity_check()  # the banner's worker: it must not raise, nor leave the gate open
        assert report is not None and not report.ok and report.not_run
        assert store.integrity == report and store.damaged
        with pytest.raises(SaveError, match="could not run") as refused:
            with store.write():
                pytest.fail("a write went through although no check ever passed")
        assert "Input/output error" in str(refused.value)


def test_a_write_that_runs_the_check_itself_is_refused_when_it_raises(tmp_path: Path, clock: Clock,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.sqlite3"
    Store.open(db, clock=clock).close()
    monkeypatch.setattr(integrity, "check_file", lambda *a, **k: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with Store.open(db, clock=clock, check="later") as store:
        with pytest.raises(SaveError, match="could not run"):
            with store.write():
                pytest.fail("a write went through although no check ever passed")


def hold_exclusively(db: Path) -> sqlite3.Connection:
    """Another process's connection holding the file exclusively (as ``protect`` does while it rewrites it)."""
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")  # in WAL mode only this keeps readers out too
    other.execute("BEGIN EXCLUSIVE")
    return other


def test_a_locked_file_is_in_use_not_damaged(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "carehome.sqlite3"
    Store.open(db, clock=clock).close()
    other = hold_exclusively(db)
    try:
        report = integrity.check_file(db)
        assert report.busy and not report.unreadable
        with pytest.raises(integrity.DatabaseInUseError, match="in use by another program") as refused:
            Store.open(db, clock=clock)
        assert not isinstance(refused.value, integrity.DamagedDatabaseError)
        assert "damaged" not in str(refused.value) and "try again in a moment" in str(refused.value)
    finally:
        other.close()
    with Store.open(db, clock=clock) as store:  # released: it opens and passes
        assert store.integrity is not None and store.integrity.ok


def test_a_write_while_locked_is_refused_as_in_use_and_the_next_one_checks_again(tmp_path: Path,
                                                                                 clock: Clock) -> None:
    db = tmp_path / "carehome.sqlite3"
    Store.open(db, clock=clock).close()
    with Store.open(db, clock=clock, check="later") as store:
        other = hold_exclusively(db)
        try:
            with pytest.raises(SaveError, match="in use by another program") as refused:
                with store.write():
                    pytest.fail("a write went through while another program held the file")
            assert "damaged" not in str(refused.value)
            assert not store.damaged and store.integrity is None
        finally:
            other.close()
        report = store.run_integrity_check()  # checked again now that it is free
        assert report is not None and report.ok and not store.damaged
        store.settings.set_second_backup_folder(tmp_path / "usb")  # and writes go through
