"""File → Export deadlines to calendar (.ics)…: writes the file the core builds and says how many."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from PySide6.QtWidgets import QFileDialog, QMessageBox

from carehome_desk.export.calendar import future_deadlines
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.ui.main_window import MainWindow
from tests.ui.workforce_data import TODAY


def calendar_action(window: MainWindow):  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == "Export deadlines to calendar (.ics)…")


def test_menu_item_writes_the_deadlines_and_says_how_many(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (home,) = window.store.homes.list()
    window.store.staff.add(home.id, StaffDetails("Ann Example", StaffRole.RESIDENTIAL_WORKER, TODAY))
    chosen = tmp_path / "deadlines"  # no extension typed: .ics is added
    asked: list[str] = []

    def save_name(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(chosen), filters

    said: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    calendar_action(window).trigger()
    out = tmp_path / "deadlines.ics"
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    expected = len(future_deadlines(window.store, TODAY))
    assert asked and asked[0].endswith("carehome-deadlines.ics")
    assert len(events) == expected > 0
    assert said and said[0].startswith(f"Wrote {expected} deadlines") and str(out) in said[0]


def test_cancelling_the_file_dialog_writes_nothing(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    calendar_action(window).trigger()  # no message box either: the autouse guard would fail the test
    assert not list(tmp_path.glob("*.ics"))


def test_a_folder_that_cannot_be_written_is_explained(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "x.ics"), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    calendar_action(window).trigger()
    assert warned and "could not be written" in warned[0]

