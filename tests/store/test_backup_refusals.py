"""What a refused backup says: a damaged database's refusal says whether a good backup of it exists and how to
put it back in the words of whoever asked (the window's menu, or the command line's command); a file that is
not SQLite at all is "not a carehome-desk database", as every other command says, not "damaged"."""

from __future__ import annotations

from pathlib import Path

import pytest

from carehome_desk.store.backup import DamagedDatabaseError, backup_sqlite
from carehome_desk.store.errors import NotADatabaseError
from tests.store.backup_data import corrupt_middle, demo_copy


def _truncated(tmp_path: Path) -> Path:
    db = demo_copy(tmp_path)
    db.write_bytes(db.read_bytes()[:500_000])  # a copy cut short: "database disk image is malformed"
    return db


def test_a_damaged_database_with_no_backup_says_there_is_none(tmp_path: Path) -> None:
    db = _truncated(tmp_path)
    with pytest.raises(DamagedDatabaseError) as refused:
        backup_sqlite(db, tmp_path / "out" / "copy.sqlite3")
    message = str(refused.value)
    assert message.startswith(f"The database {db} is damaged (")
    assert message.endswith("so it was not backed up: a copy of it would be no backup. No good backup of it was "
                            "found beside it or in the backups folder, so there is none to put back: keep the file "
                            "as it is (do not delete it or copy over it) and ask your IT support whether it can be "
                            "repaired.")
    assert "Restore" not in message and "restored" not in message


def test_a_damaged_database_names_its_good_backup_and_the_window_menu(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    good = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3")
    corrupt_middle(db)
    with pytest.raises(DamagedDatabaseError) as refused:
        backup_sqlite(db, tmp_path / "out" / "copy.sqlite3")
    assert str(refused.value).endswith(
        f"Its newest good backup was taken 20/11/2026 09:00 ({good}): put it back with File → Restore from backup….")


def test_the_command_line_gives_its_own_words_for_putting_it_back(tmp_path: Path) -> None:
    db = demo_copy(tmp_path)
    good = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3")
    db.write_bytes(db.read_bytes()[:500_000])
    with pytest.raises(DamagedDatabaseError) as refused:
        backup_sqlite(db, tmp_path / "out" / "copy.sqlite3",
                      restore_with=lambda database, found: f"'restore {database.name} {found.path.name}'")
    assert str(refused.value).endswith(f"({good}): put it back with 'restore carehome.sqlite3 {good.name}'.")


def test_a_file_that_is_not_sqlite_is_not_a_database_not_damaged(tmp_path: Path) -> None:
    renamed = tmp_path / "carehome.sqlite3"
    renamed.write_bytes(b"PK\x03\x04" + bytes(5000))  # a workbook renamed, say
    out = tmp_path / "out" / "copy.sqlite3"
    with pytest.raises(NotADatabaseError) as refused:
        backup_sqlite(renamed, out)
    assert str(refused.value) == (f"{renamed} is not a carehome-desk database (file is not a database), so it was "
                                  "not backed up. Nothing was changed.")
    assert not out.exists()
