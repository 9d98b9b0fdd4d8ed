"""Archiving a child's entry: asked first when incidents name them, and the incidents keep naming them after."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from carehome_desk.models.incidents import IncidentType
from carehome_desk.services.due import due_items
from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def open_page(window: MainWindow, kind: type) -> object:
    page = next(p for p in window.pages if isinstance(p, kind))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def children_page(window: MainWindow) -> ChildrenPage:
    page = open_page(window, ChildrenPage)
    assert isinstance(page, ChildrenPage)
    return page


def answers(monkeypatch: pytest.MonkeyPatch, question: QMessageBox.StandardButton) -> tuple[list[str], list[str]]:
    """Answer the question before archiving with ``question`` and the reason with 'entered twice'."""
    questions: list[str] = []
    reasons: list[str] = []

    def ask(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        questions.append(text)
        return question

    def get_text(_parent, _title, label, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        reasons.append(label)
        return "entered twice", True

    monkeypatch.setattr(QMessageBox, "question", ask)
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return questions, reasons


def test_a_child_named_in_incidents_with_open_steps_is_not_archived_unless_confirmed(
        qtbot, home: Home, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    assert page._select(int(home.current))
    questions, reasons = answers(monkeypatch, QMessageBox.StandardButton.No)
    assert not page.archive_shown()
    (text,) = questions
    assert text.startswith("AB (C01) is named in 2 incidents, 2 of them with steps still open:\n")
    assert "• Accident or injury on 01/09/2026 16:30: Reg 40: decide whether it is notifiable" in text
    assert "• Police involvement on 21/11/2026 18:00: Ofsted notified (Reg 40(4)(b))" in text
    assert "If the child has left, give a leaving date instead." in text
    assert reasons == []  # "No" stops it before the reason is asked
    assert window.store.children.get(home.current).archived_at is None
    assert page.model.row_of(int(home.current)) >= 0


def test_archived_anyway_the_child_is_still_named_on_their_incidents_due_and_the_editor(
        qtbot, home: Home, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    assert page._select(int(home.current))
    questions, reasons = answers(monkeypatch, QMessageBox.StandardButton.Yes)
    assert page.archive_shown()
    assert len(questions) == 1 and len(reasons) == 1
    store = window.store
    assert store.children.get(home.current).archived_at is not None
    assert page.model.row_of(int(home.current)) < 0  # off the register

    incidents = open_page(window, IncidentsPage)
    assert isinstance(incidents, IncidentsPage)
    incidents.ensure_loaded()
    row = incidents.model.record(incidents.model.row_of(int(home.police)))
    assert row.children == "AB (C01, archived)"
    # `due` (and so the dashboard) still says whose incident the open step is on.
    subjects = {i.requirement.subject for i in due_items(store, store.today()) if i.requirement.area == "Incident"}
    assert "AB (C01, archived)" in subjects
    # Opened to finish its steps, the incident keeps AB ticked, so saving it never drops them.
    assert incidents.show_incident(home.police)
    form = incidents.editor.form
    assert form.chosen_children() == (home.current,)
    ticked = [form.child_list.item(r) for r in range(form.child_list.count())]
    assert [i.text() for i in ticked if i.checkState() == Qt.CheckState.Checked] == ["AB (C01) — archived"]
    # A new incident cannot name them.
    incidents.start_new(IncidentType.ACCIDENT)
    names = [form.child_list.item(r).text() for r in range(form.child_list.count())]
    assert names == ["EF (C03)"]


def test_a_child_no_incident_names_is_archived_with_only_the_reason_asked(
        qtbot, home: Home, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    assert page._select(int(home.newer))
    questions, reasons = answers(monkeypatch, QMessageBox.StandardButton.No)
    assert page.archive_shown()
    assert questions == [] and len(reasons) == 1
    assert window.store.children.get(home.newer).archived_at is not None
