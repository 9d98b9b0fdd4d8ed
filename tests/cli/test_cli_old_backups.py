"""A backup taken at an older schema revision (the tests/data fixtures 0005 to 0008) is checked as it was written:
``verify --backup`` and ``restore``'s question read its trail and records with the columns it has, never with
columns added since, and nothing is left beside the backup by looking at it."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.store import Store
from tests.conftest import Clock
from tests.store.tamper import raw

DATA = Path(__file__).parent.parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def old_backup_and_database(tmp_path: Path, revision: str) -> tuple[Path, Path]:
    """A backup as the fixture of ``revision`` holds it (alone in its folder), and the same file upgraded now."""
    backup = tmp_path / "backups" / f"carehome-{revision}.sqlite3"
    backup.parent.mkdir()
    shutil.copy(DATA / f"schema_{revision}.sqlite3", backup)
    database = tmp_path / "db" / "carehome.sqlite3"
    database.parent.mkdir()
    shutil.copy(DATA / f"schema_{revision}.sqlite3", database)
    with Store.open(database, create=False, clock=Clock()) as store:  # upgraded to this version's schema
        assert store.audit.verify().intact
    return backup, database


@pytest.mark.parametrize("revision", ["0007", "0008"])
def test_an_old_backup_that_matches_verifies_with_exit_0_and_nothing_beside_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, revision: str) -> None:
    backup, database = old_backup_and_database(tmp_path, revision)
    before = backup.read_bytes()
    code, out, err = run(capsys, "verify", "--db", str(database), "--backup", str(backup))
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith(f"Backup {backup.name}: its own audit trail: ") and lines[0].endswith(", all intact.")
    assert lines[1].startswith(f"Backup {backup.name} matches the database as it was at change ")
    assert "could not be read" not in out and err == ""
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # no -shm or -wal left beside it
    assert backup.read_bytes() == before


@pytest.mark.parametrize("revision", ["0005", "0006"])
def test_a_backup_from_before_the_chain_has_nothing_to_compare_and_nothing_beside_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, revision: str) -> None:
    backup, database = old_backup_and_database(tmp_path, revision)
    code, out, _err = run(capsys, "verify", "--db", str(database), "--backup", str(backup))
    assert code == 0, out
    assert f"Backup {backup}: taken before the audit trail was chained, so there is nothing to compare." in out
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]


def test_a_record_changed_in_an_old_backup_is_still_found(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    backup, database = old_backup_and_database(tmp_path, "0008")
    raw(backup, "UPDATE actions SET title = 'Changed by hand' WHERE id = 1")
    code, out, _err = run(capsys, "verify", "--db", str(database), "--backup", str(backup))
    assert code == 1
    assert f"Backup {backup.name}: its own audit trail: 31 changes; 1 problem found." in out
    assert "could not be read" not in out and ".." not in out


@pytest.mark.parametrize("revision", ["0007", "0008"])
def test_restoring_an_old_backup_asks_without_a_false_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, revision: str) -> None:
    backup, database = old_backup_and_database(tmp_path, revision)
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    code, out, err = run(capsys, "restore", str(backup), "--db", str(database))
    assert code == 1 and "Nothing was changed." in out
    assert "all intact" in out
    assert "could not be read" not in out
    assert "warning" not in err and "outside the app" not in err
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]


def test_a_backup_written_by_a_newer_version_is_not_accused_of_changes(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path) -> None:
    backup, database = old_backup_and_database(tmp_path, "0008")
    raw(backup, "ALTER TABLE actions ADD COLUMN added_later TEXT DEFAULT 'x'")  # as a later revision might
    raw(backup, "UPDATE alembic_version SET version_num = '9999'")
    code, out, _err = run(capsys, "verify", "--db", str(database), "--backup", str(backup))
    assert code == 1  # not checked, so not vouched for
    assert (f"Backup {backup.name}: its own audit trail: written by a newer version of carehome-desk, which is "
            "needed to check its records.") in out
    assert "outside the app" not in out and "problem" not in out
