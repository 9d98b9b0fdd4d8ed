"""Saving a record that another office PC archived after it was opened here.

The Staff, Children and Incidents pages say plainly that the record was archived elsewhere, by whom
and why; the manager's typing stays on screen; "Reload the list" (after asking) shows the register
as it is now. A real second connection to the same database file does the archiving.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets import saving
from carehome_desk.ui.workforce.record_training_dialog import RecordTrainingDialog
from tests.conftest import Clock
from tests.ui.children.test_children_page import children_page, retype, select
from tests.ui.incident_data import Home, add_children_and_incidents
from tests.ui.incidents.test_incidents_page import incidents_page
from tests.ui.workforce_data import add_workforce

BY = "(by Helen at the office at 10:00 22/11/2026)"


def archive_elsewhere(db_path: Path, clock: Clock, archive) -> None:  # type: ignore[no-untyped-def]
    """Another PC opens the same database, archives with a reason, and closes."""
    with Store.open(db_path, user="Helen at the office", clock=clock) as other:
        archive(other)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer "Discard" to the question before the typing is cleared, keeping what was asked."""
    questions: list[str] = []

    def answer(_parent, question: str) -> bool:  # type: ignore[no-untyped-def]
        questions.append(question)
        return True

    monkeypatch.setattr(saving, "ask_to_discard", answer)
    return questions


def test_staff_archived_elsewhere_is_said_plainly_and_the_typing_stays(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, home_store: Store, db_path: Path, clock: Clock, asked: list[str],
        tmp_path: Path) -> None:
    staffed = add_workforce(home_store)
    page = window.staff_page
    window.nav.setCurrentRow(window.pages.index(page))
    page.reload()
    assert page.show_person(staffed.checked, "details")
    details = page.panel.details
    retype(qtbot, details.full_name, "Sarah Whitfield-Jones")
    archive_elsewhere(db_path, clock, lambda other: other.staff.archive(staffed.checked, "Entered twice"))

    assert page.save() is False
    assert details.conflict.isVisible()
    text = details.conflict.text()
    assert text.startswith(f"⚠ This record was archived elsewhere {BY} since you opened it")
    assert "The reason given: “Entered twice”." in text
    assert "changed elsewhere" not in text and "save again" not in text  # saving again could never work
    assert details.state.text() == "Not saved: archived elsewhere"
    assert details.full_name.text() == "Sarah Whitfield-Jones"  # nothing typed is lost
    assert details.reload_button.isVisible()
    assert home_store.staff.get(staffed.checked).full_name == "Sarah Whitfield"
    QApplication.processEvents()  # the form refits its wrapped hints after the banner appears
    details.window().grab().save(str(tmp_path / "staff_archived_elsewhere.png"))

    details.reload_button.click()
    assert asked and "Sarah Whitfield" in asked[0]
    assert page.detail_stack.currentIndex() == 0  # the register as it is now: they are no longer on it
    assert page.model.row_of(int(staffed.checked)) == -1
    assert not page.has_unsaved_changes()


def test_a_child_archived_elsewhere_is_said_plainly_and_the_typing_stays(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, home_store: Store, db_path: Path, clock: Clock, asked: list[str],
        tmp_path: Path) -> None:
    home: Home = add_children_and_incidents(home_store)
    page = children_page(window)
    page.reload()
    select(page, "C01")
    form = page.form
    retype(qtbot, form.initials, "AC")
    archive_elsewhere(db_path, clock, lambda other: other.children.archive(home.current, "Wrong home"))

    assert page.save() is False
    assert form.conflict.text().startswith(f"⚠ This record was archived elsewhere {BY}")
    assert "The reason given: “Wrong home”." in form.conflict.text()
    assert form.state.text() == "Not saved: archived elsewhere"
    assert form.initials.text() == "AC"
    assert form.reload_button.isVisible()
    assert home_store.children.get(home.current).initials == "AB"
    QApplication.processEvents()
    form.window().grab().save(str(tmp_path / "child_archived_elsewhere.png"))

    form.reload_button.click()
    assert len(asked) == 1
    assert page.detail_stack.currentIndex() == 0
    assert page.model.row_of(int(home.current)) == -1
    assert not page.has_unsaved_changes()


def test_an_incident_archived_elsewhere_is_said_plainly_and_the_typing_stays(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, home_store: Store, db_path: Path, clock: Clock, asked: list[str]) -> None:
    home: Home = add_children_and_incidents(home_store)
    page = incidents_page(window)
    page.reload()
    assert page.show_incident(home.accident)
    editor = page.editor
    retype(qtbot, editor.form.location, "The garden, by the swing")
    archive_elsewhere(db_path, clock, lambda other: other.incidents.archive(home.accident, "Recorded in error"))

    assert page.save() is False
    assert editor.conflict.text().startswith(f"⚠ This record was archived elsewhere {BY}")
    assert editor.state.text() == "Not saved: archived elsewhere"
    assert editor.form.location.text() == "The garden, by the swing"
    assert editor.reload_button.isVisible()

    editor.reload_button.click()
    assert len(asked) == 1
    assert page.detail_stack.currentIndex() == 0
    assert page.model.row_of(int(home.accident)) == -1


def test_a_record_changed_elsewhere_but_not_archived_still_offers_no_reload(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, home_store: Store, db_path: Path, clock: Clock) -> None:
    home: Home = add_children_and_incidents(home_store)
    page = children_page(window)
    page.reload()
    select(page, "C01")
    form = page.form
    retype(qtbot, form.initials, "AC")

    def edit(other: Store) -> None:
        child = other.children.get(home.current)
        other.children.update(replace(child, placing_authority="Southmoor Borough Council"))

    archive_elsewhere(db_path, clock, edit)
    assert page.save() is False
    assert form.conflict.text().startswith("⚠ This record was changed elsewhere")
    assert not form.reload_button.isVisible()  # reload and save again does work here


def test_training_for_a_person_archived_elsewhere_is_not_reported_saved(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, db_path: Path, clock: Clock, tmp_path: Path) -> None:
    staffed = add_workforce(home_store)
    person = home_store.staff.get(staffed.checked)
    course = staffed.course(home_store, "First aid")
    dialog = RecordTrainingDialog(home_store, [person], home_store.workforce.courses(), person.id, course.id)
    qtbot.addWidget(dialog)
    dialog.show()
    archive_elsewhere(db_path, clock, lambda other: other.staff.archive(staffed.checked, "Entered twice"))

    assert dialog.try_save() is False
    assert dialog.isVisible()  # the dialog stays, with what was typed
    assert dialog.general.text().startswith(f"⚠ This person's record was archived elsewhere {BY}")
    assert home_store.workforce.training_for(person.id) == []
    dialog.grab().save(str(tmp_path / "training_person_archived.png"))
