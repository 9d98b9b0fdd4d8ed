"""A name typed in a Save dialog without its ending: the file the ending names is never replaced without a
question (the dialog asked about the name typed, not the one written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from carehome_desk.ui.exports.calendar_export import export_calendar
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.save_name import ask_save_path


def answering(monkeypatch: pytest.MonkeyPatch, typed: Path, reply: QMessageBox.StandardButton) -> list[str]:
    """The Save dialog returns ``typed``; each question asked is kept and answered ``reply``."""
    questions: list[str] = []

    def question(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        questions.append(text)
        return reply

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(typed), ""))
    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def test_an_existing_file_the_added_ending_names_is_asked_about_and_kept_on_no(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "deadlines.ics"
    mine.write_text("the manager's own calendar")
    questions = answering(monkeypatch, tmp_path / "deadlines", QMessageBox.StandardButton.No)
    assert export_calendar(window, window.store) is None
    assert questions == [f"deadlines.ics already exists in {tmp_path}. Replace it? What it holds now will be lost."]
    assert mine.read_text() == "the manager's own calendar"


def test_yes_replaces_it(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                         monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "deadlines.ics"
    mine.write_text("the manager's own calendar")
    answering(monkeypatch, tmp_path / "deadlines", QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert export_calendar(window, window.store) is not None
    assert mine.read_text().startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize("typed", ["new.xlsx", "new", "named.XLSX"])
def test_no_question_when_the_dialog_asked_or_nothing_is_there(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    (tmp_path / "named.XLSX").write_bytes(b"asked about by the dialog itself")
    questions = answering(monkeypatch, tmp_path / typed, QMessageBox.StandardButton.No)
    chosen = ask_save_path(None, "Save", str(tmp_path), "Excel workbook (*.xlsx)", ".xlsx")
    assert chosen == tmp_path / (typed if typed.lower().endswith(".xlsx") else typed + ".xlsx")
    assert questions == []
