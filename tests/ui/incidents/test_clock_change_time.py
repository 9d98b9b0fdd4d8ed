"""An incident at a time the clocks skipped or passed twice: the form says how it is read before saving."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
from PySide6.QtWidgets import QApplication

from carehome_desk.models.incidents import IncidentType
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import Clock
from tests.ui.incident_data import Home, add_children_and_incidents
from tests.ui.incidents.test_incidents_page import incidents_page, start, when


@pytest.fixture
def home(home_store):  # type: ignore[no-untyped-def]
    return add_children_and_incidents(home_store)


def shoot(window: MainWindow, name: str) -> None:
    folder = os.environ.get("CAREHOME_SHOTS")  # screenshots for a person to look at, when asked for
    if folder:
        for _ in range(3):
            QApplication.processEvents()
        window.grab().save(os.path.join(folder, name))


def test_a_skipped_time_is_explained_at_the_field_and_saved_as_explained(qtbot, home: Home, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                         clock: Clock) -> None:
    clock.now = datetime(2026, 3, 30, 12, 0, tzinfo=timezone.utc)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.MISSING)
    form = page.editor.form
    when(qtbot, form.occurred, "29/03/2026", "01:30")
    assert form.occurred.note.isVisible()
    assert form.occurred.note.text() == (
        "01:30 on 29/03/2026 did not happen in the UK (the clocks went forward an hour); read as 01:30 GMT, "
        "which the clocks showed as 02:30 BST.")
    shoot(window, "clock_skipped.png")
    for _ in range(3):  # the form settles its rows: the whole note is in view, not cut at a line
        QApplication.processEvents()
    note = form.occurred.note
    assert note.height() >= note.heightForWidth(note.width())
    form.set_child(home.current)
    qtbot.keyClicks(form.location, "Garden")
    qtbot.keyClicks(form.summary, "Left by the back gate.")
    assert page.save()
    saved = window.store.incidents.get(page.selected_row().incident.id)
    assert saved.occurred_at.astimezone(timezone.utc) == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    assert page.editor.heading.text().endswith("29/03/2026 02:30")  # as the note said the clocks showed it


def test_a_doubled_time_says_which_one_and_the_second_can_be_saved(qtbot, home: Home, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   clock: Clock) -> None:
    clock.now = datetime(2026, 10, 26, 12, 0, tzinfo=timezone.utc)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.MISSING)
    form = page.editor.form
    when(qtbot, form.occurred, "25/10/2026", "01:30")
    assert form.occurred.second.isVisible() and not form.occurred.second.isChecked()
    assert "read as the first, 01:30 BST. Tick “Second (GMT)” for the second." in form.occurred.note.text()
    shoot(window, "clock_twice.png")
    form.occurred.second.click()
    assert form.occurred.note.text().endswith("read as the second, 01:30 GMT.")
    shoot(window, "clock_twice_second.png")
    form.set_child(home.current)
    qtbot.keyClicks(form.location, "Garden")
    qtbot.keyClicks(form.summary, "Left by the back gate.")
    assert page.save()
    saved = window.store.incidents.get(page.selected_row().incident.id)
    assert saved.occurred_at.astimezone(timezone.utc) == datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)
    assert form.occurred.second.isChecked()  # shown again as saved: the second 01:30
    assert not page.editor.has_unsaved_changes()
