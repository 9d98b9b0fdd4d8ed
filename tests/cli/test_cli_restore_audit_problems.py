"""``restore`` of a backup whose audit trail reports problems (the checks of ``verify``, run on the backup): each
problem is said on stderr; at a terminal it asks with the problems named, and with --yes it goes on, saying so
and keeping the file it replaces."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.cli_restore import SHOWN_PROBLEMS, trail_warning
from carehome_desk.store import Store
from carehome_desk.store.auto_backup import list_backups
from carehome_desk.store.restore import inspect_backup
from tests.store.backup_data import demo_copy
from tests.store.tamper import raw


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def tampered_backup(capsys: pytest.CaptureFixture[str], db: Path) -> Path:
    """A backup of ``db`` whose audit rows 5 and 9 were changed afterwards, outside the app."""
    assert run(capsys, "backup", "--db", str(db))[0] == 0
    (backup,) = [b.path for b in list_backups(db)]
    raw(backup, "UPDATE audit_log SET user_label = 'Someone Else' WHERE id IN (5, 9)")
    return backup


def test_restore_yes_says_each_problem_and_goes_on_keeping_the_replaced_file(capsys: pytest.CaptureFixture[str],
                                                                            tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    backup = tampered_backup(capsys, db)
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 0, err
    assert "Audit:     " in out and "2 problems found" in out
    assert f"warning: the audit trail of the backup {backup.name} reports 2 problems" in err
    assert "  - Audit row 5 was changed after it was written" in err
    assert "  - Audit row 9 was changed after it was written" in err
    assert "--yes was given, so the backup is restored despite its audit trail's problems" in err
    (kept,) = tmp_path.glob("carehome.before-restore-*.sqlite3")
    assert f"kept at {kept}" in out and "To put it back: " in out
    with Store.open(kept, create=False) as store:
        assert store.audit.verify().intact  # the records as they were before the restore, untouched


def test_restore_at_a_terminal_names_the_problems_and_asks(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db = demo_copy(tmp_path)
    backup = tampered_backup(capsys, db)
    before = db.read_bytes()
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1 and "Nothing was changed." in out
    assert "Restore this backup, whose audit trail reports problems, in place of" in out
    assert "reports 2 problems" in err and "Audit row 5 was changed" in err
    assert db.read_bytes() == before and not list(tmp_path.glob("*before-restore*"))


def test_an_intact_backup_gives_no_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    assert run(capsys, "backup", "--db", str(db))[0] == 0
    (backup,) = [b.path for b in list_backups(db)]
    code, out, err = run(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 0, err
    assert "all intact" in out and "warning" not in err and "despite" not in err


def test_a_long_list_of_problems_is_cut_short_and_counted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    assert run(capsys, "backup", "--db", str(db))[0] == 0
    (backup,) = [b.path for b in list_backups(db)]
    raw(backup, f"UPDATE audit_log SET user_label = 'Someone Else' WHERE id <= {SHOWN_PROBLEMS + 3}")
    lines = trail_warning(inspect_backup(backup, None))
    problems = len(inspect_backup(backup, None).problems)
    assert problems > SHOWN_PROBLEMS
    assert len([line for line in lines if line.startswith("  - ")]) == SHOWN_PROBLEMS
    assert lines[-1] == (f"  … and {problems - SHOWN_PROBLEMS} more ('carehome-desk verify --backup {backup}' "
                         "lists them all).")
