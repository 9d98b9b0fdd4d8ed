"""Archiving a record entered in error: asked why, kept and audited, gone from the lists and the pack."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from carehome_desk.models.changes import Register
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


def answer(monkeypatch: pytest.MonkeyPatch, text: str, ok: bool = True) -> list[str]:
    asked: list[str] = []

    def get_text(_parent, _title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return text, ok

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def test_an_incident_entered_twice_is_archived_with_its_reason(qtbot, home: Home, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    page = open_page(window, IncidentsPage)
    assert isinstance(page, IncidentsPage)
    assert not page.archive_button.isEnabled()  # nothing selected yet
    assert page.show_incident(home.accident) and page.archive_button.isEnabled()
    heard = []
    window.data_changed.connect(heard.append)
    answer(monkeypatch, "", ok=False)  # Cancel: nothing happens
    assert not page.archive_shown() and page.model.row_of(int(home.accident)) >= 0
    asked = answer(monkeypatch, "  Entered twice: see the accident at 14:05  ")
    assert page.archive_shown()
    assert "entered twice" in asked[0] and "Change history" in asked[0]
    assert page.model.row_of(int(home.accident)) < 0 and not page.archive_button.isEnabled()
    assert heard and heard[-1].touches(Register.INCIDENTS)
    store = window.store
    assert all(i.id != home.accident for i in store.incidents.list(home.home_id))
    kept = next(i for i in store.incidents.list(home.home_id, include_archived=True) if i.id == home.accident)
    assert kept.archived_at is not None and kept.archive_reason == "Entered twice: see the accident at 14:05"
    assert any(e.action.value == "archive" for e in store.audit.entries())


def test_a_blank_reason_is_refused_and_the_child_stays(qtbot, home: Home, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = open_page(window, ChildrenPage)
    assert isinstance(page, ChildrenPage)
    assert page._select(int(home.current))
    asked = answer(monkeypatch, "   ")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    # AB is named in incidents: asked first, and answered "archive anyway", so the reason is what stops it.
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert not page.archive_shown()
    assert "leaving date" in asked[0]  # a child who left is not archived: they get a leaving date
    assert warned == ["Say why the record is being archived."]
    assert page.model.row_of(int(home.current)) >= 0
    assert all(c.archived_at is None for c in window.store.children.list(home.home_id))


def test_edit_menu_archives_the_record_on_show_or_says_what_to_select(qtbot, home: Home, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    page = open_page(window, IncidentsPage)
    assert isinstance(page, IncidentsPage)
    action = next(a for a in window.menuBar().actions()[1].menu().actions() if a.text() == "&Archive this record…")
    action.trigger()  # nothing selected: nothing asked, a hint instead
    assert "Select a staff record, a child or an incident first" in window.statusBar().currentMessage()
    page.show_incident(home.police)
    answer(monkeypatch, "Recorded against the wrong home")
    action.trigger()
    assert page.model.row_of(int(home.police)) < 0
