"""The restore dialog says what the command line says before a restore: a backup of a different database (both
named, with their homes), and a backup whose audit trail reports problems (each listed); both are repeated in
the question asked before anything is replaced."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from carehome_desk.store import Store
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.ui.settings.restore_dialog import RestoreDialog
from tests.conftest import Clock, oak_lodge
from tests.store.tamper import raw


def home_database(path: Path, name: str, urn: str) -> Path:
    """A database holding one home, with its identity made (as the window's first automatic backup makes it)."""
    with Store.open(path, user="tester", clock=Clock()) as store:
        store.homes.add(oak_lodge(name=name, urn=urn))
        store.settings.ensure_database_id()
    return path


def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the questions the dialog asks, each answered No (so nothing is restored)."""
    texts: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        texts.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return texts


def screenshot(dialog: RestoreDialog, name: str) -> None:
    """The dialog as shown, kept for a person to look at when CAREHOME_DESK_SCREENSHOTS names a folder."""
    folder = os.environ.get("CAREHOME_DESK_SCREENSHOTS")
    if folder:
        dialog.adjustSize()
        dialog.grab().save(str(Path(folder) / name))


def test_a_backup_of_a_different_database_is_said_with_both_named(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ours = home_database(tmp_path / "carehome.sqlite3", "Oak Lodge", "SC123456")
    elm = home_database(tmp_path / "elm.sqlite3", "Elm House", "SC654321")
    backup = backup_sqlite(elm, tmp_path / "stick" / "carehome-20261120-090000.sqlite3")
    questions = asked(monkeypatch)
    with Store.open(ours) as store:
        dialog = RestoreDialog(store, preselect=backup)
        qtbot.addWidget(dialog)
        dialog.show()
        shown = dialog.other_home.text()
        assert dialog.other_home.isVisible() and dialog.restore_button.isEnabled()
        assert f"The backup {backup.name} is of a different database: it holds Elm House (SC654321)" in shown
        assert f"while {ours} holds Oak Lodge (SC123456)" in shown
        assert "another home's backup" not in shown  # the plainer sentence, not the homes one as well
        assert not dialog.trail_problems.isVisible()
        screenshot(dialog, "restore-other-database.png")
        dialog.restore_button.click()
        assert len(questions) == 1 and "is of a different database" in questions[0]
        assert not dialog.result()  # answered No: nothing restored


def test_a_backup_whose_audit_trail_reports_problems_lists_them(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = home_database(tmp_path / "carehome.sqlite3", "Oak Lodge", "SC123456")
    backup = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3")
    raw(backup, "UPDATE audit_log SET user_label = 'Someone Else' WHERE id = 1")
    questions = asked(monkeypatch)
    with Store.open(db) as store:
        dialog = RestoreDialog(store, preselect=backup)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.trail_problems.isVisible() and not dialog.other_home.isVisible()
        text = dialog.trail_problems.text()
        assert "The backup's audit trail reports 1 problem: records in it may have been changed outside the app." in text
        assert "• Audit row 1 was changed after it was written" in text
        assert "1 problem found" in dialog.audit.text()
        screenshot(dialog, "restore-audit-problems.png")
        dialog.restore_button.click()
        assert len(questions) == 1 and "• Audit row 1 was changed" in questions[0]


def test_a_backup_of_these_records_gives_neither_warning(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = home_database(tmp_path / "carehome.sqlite3", "Oak Lodge", "SC123456")
    backup = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3")
    with Store.open(db) as store:
        dialog = RestoreDialog(store, preselect=backup)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.audit.text().endswith("all intact")
        assert not dialog.other_home.isVisible() and not dialog.trail_problems.isVisible()
        assert dialog.other_warning is None and dialog.trail_warning is None


def test_a_backup_taken_before_the_last_upgrade_gives_no_false_warning(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A backup at schema 0008 (no Reg 44 action links yet) is checked with the columns it has."""
    import shutil

    fixture = Path(__file__).parent.parent.parent / "data" / "schema_0008.sqlite3"
    backup = tmp_path / "backups" / "carehome-20261120-090000.sqlite3"
    backup.parent.mkdir()
    shutil.copy(fixture, backup)
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(fixture, db)
    questions = asked(monkeypatch)
    with Store.open(db, clock=Clock()) as store:  # upgraded to this version's schema
        dialog = RestoreDialog(store, preselect=backup)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.audit.text().endswith("all intact")
        assert not dialog.trail_problems.isVisible() and dialog.trail_warning is None
        dialog.restore_button.click()
        assert len(questions) == 1 and "outside the app" not in questions[0]
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # nothing left beside the backup
