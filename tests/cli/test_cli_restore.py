"""``carehome-desk backup`` refuses damage; ``carehome-desk restore`` shows, asks, keeps, restores."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.store import Store
from carehome_desk.store.auto_backup import list_backups
from carehome_desk.store.protection import protect
from tests.store.backup_data import CHEAP, corrupt_middle, demo_copy
from tests.writer_lock_holder import lock_held_elsewhere


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_backup_of_a_damaged_database_fails_in_one_sentence(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    db = corrupt_middle(demo_copy(tmp_path))
    code, out, err = run(capsys, "backup", "--db", str(db))
    assert code == 1 and out == ""
    assert err.startswith("carehome-desk: The database") and "not backed up" in err and err.count("\n") == 1
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_restore_shows_the_backup_then_restores_with_yes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    assert run(capsys, "backup", "--db", str(db))[0] == 0
    (backup,) = [b.path for b in list_backups(db)]
    with Store.open(db) as store:
        member = store.staff.list()[0]
        store.staff.archive(member.id, "entered in error")
        staff = len(store.staff.list())
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 0, err
    assert "Taken:" in out and "passed a full integrity check" in out and f"staff {staff + 1}" in out
    assert "kept at" in out and "before-restore-" in out
    (kept,) = tmp_path.glob("carehome.before-restore-*.sqlite3")
    with Store.open(db, create=False) as store:
        assert len(store.staff.list()) == staff + 1
    with Store.open(kept, create=False) as store:
        assert len(store.staff.list()) == staff


def test_restore_without_a_terminal_or_yes_refuses(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = demo_copy(tmp_path)
    run(capsys, "backup", "--db", str(db))
    (backup,) = [b.path for b in list_backups(db)]
    raw = db.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _out, err = run(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1 and "give --yes" in err and err.count("\n") == 1
    assert db.read_bytes() == raw and not list(tmp_path.glob("*before-restore*"))
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, _err = run(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1 and "Nothing was changed" in out and db.read_bytes() == raw


def test_restore_is_refused_while_the_window_holds_the_database(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    run(capsys, "backup", "--db", str(db))
    (backup,) = [b.path for b in list_backups(db)]
    raw = db.read_bytes()
    with lock_held_elsewhere(db):
        code, _out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 1 and "is open in carehome-desk" in err
    assert db.read_bytes() == raw


def test_restore_of_a_protected_backup_reads_the_password_file(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    protect(db, "correct horse battery", kdf=CHEAP)
    secret = tmp_path / "pw.txt"
    secret.write_text("correct horse battery\n")
    assert run(capsys, "backup", "--db", str(db), "--password-file", str(secret))[0] == 0
    (backup,) = [b.path for b in list_backups(db)]
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes", "--password-file", str(secret))
    assert code == 0, err
    assert "Encrypted: yes" in out
    with Store.open(db, create=False, password="correct horse battery") as store:
        assert store.protected and store.homes.list()


def test_a_damaged_backup_is_shown_and_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    run(capsys, "backup", "--db", str(db))
    (backup,) = [b.path for b in list_backups(db)]
    corrupt_middle(backup)
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 1 and "Integrity: FAILED" in out and "was not restored" in err
