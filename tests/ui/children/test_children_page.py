"""The Children page, driven as a manager would: the register, a new child, and a child's chronology."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import EMPTY_TEXT, ChildrenPage
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.register_page import NOT_SHOWN, leavers_words
from tests.ui.incident_data import Home, add_children_and_incidents


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def children_page(window: MainWindow) -> ChildrenPage:
    page = next(p for p in window.pages if isinstance(p, ChildrenPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    return page


def column(page: ChildrenPage, header: str) -> list[str]:
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    c = headers.index(header)
    return [page.proxy.index(r, c).data() for r in range(page.proxy.rowCount())]


def select(page: ChildrenPage, reference: str) -> None:
    row = column(page, "Reference").index(reference)
    page.table.selectRow(row)


def retype(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_no_children_says_what_to_do(window: MainWindow) -> None:
    page = children_page(window)
    assert page.body.currentWidget() is page.empty and page.empty.text() == EMPTY_TEXT


def test_children_who_have_left_are_hidden_until_asked_for(qtbot, home: Home, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["Reference", "Initials", "Age", "Admitted", "Placing\nauthority", "Legal status", "Left"]
    assert column(page, "Reference") == ["C01", "C03"]
    assert column(page, "Initials") == ["AB", "EF"]
    assert column(page, "Age") == ["15", "13"]
    assert column(page, "Admitted") == ["10/01/2025", "01/02/2026"]
    assert page.count.text() == "2 living here · 1 has left, not shown"
    assert not any("Alice" in (page.model.index(r, c).data() or "") for r in range(page.model.rowCount())
                   for c in range(page.model.columnCount()))  # the full name is never in the register
    qtbot.mouseClick(page.show_leavers, Qt.MouseButton.LeftButton)
    assert column(page, "Reference") == ["C01", "C02", "C03"]
    assert column(page, "Left")[1] == "30/06/2026"
    assert column(page, "Legal status")[1] == "s20"
    assert page.count.text() == "2 living here · 1 has left"
    # The Staff page says it the same way ("· 1 has left, not shown"); more than one: "6 have left".
    assert (leavers_words(1), leavers_words(6), NOT_SHOWN) == ("1 has left", "6 have left", ", not shown")
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_admit_a_child_with_ctrl_n_and_ctrl_s(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    assert form.is_new and form.reference.hasFocus()
    assert page.chronology_stack.currentIndex() == 0  # no chronology until saved
    qtbot.keyClicks(form.reference, "C04")
    qtbot.keyClicks(form.initials, "g.h.")
    qtbot.keyClicks(form.date_of_birth.line, "12/12/2012")
    qtbot.keyClicks(form.admission_date.line, "20/11/2026")
    form.admission_planned.setCurrentIndex(1)
    qtbot.keyClicks(form.placing_authority, "Wellcombe County Council")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(form.placing_authority, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    child = next(c for c in window.store.children.list() if c.reference == "C04")
    assert (child.initials, child.admission_date, child.admission_planned, child.full_name) == (
        "GH", date(2026, 11, 20), False, "")
    assert page.selected_row().child.id == child.id and page.heading.text() == "GH (C04)"
    assert form.state.text().startswith("Saved at")
    assert window.statusBar().currentMessage() == "Saved the register entry for GH (C04)."
    assert page.chronology.lines() == [("20/11/2026", "Admitted")]


def test_a_bad_entry_shows_at_its_fields_and_saves_nothing(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    select(page, "C01")
    form = page.form
    retype(qtbot, form.initials, "A1")
    retype(qtbot, form.leaving_date.line, "01/01/2024")  # before the admission
    before = len(window.store.audit.entries())
    qtbot.keyClick(form.initials, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.form.errors["initials"].isVisible()
    assert form.form.errors["initials"].text() == "⚠ Enter the child's initials: one to four letters."
    assert form.placement.errors["leaving_date"].text() == "⚠ The leaving date is before the admission date."
    assert form.state.text() == ("Not saved: 'Initials' — Enter the child's initials: one to four letters."
                                 " (and 1 more marked)")
    assert len(window.store.audit.entries()) == before
    assert window.store.children.get(home.current).initials == "AB"
    assert form.initials.text() == "A1"  # the typing is kept to fix


def test_a_refusal_brings_the_first_marked_field_into_view(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """At 1366×768 with the form scrolled down, Save refused focuses the initials and scrolls back to them."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication

    from carehome_desk.ui.widgets.field_form import scroll_area_of

    window.resize(1366, 768)
    page = children_page(window)
    select(page, "C01")
    form = page.form
    retype(qtbot, form.initials, "A1")
    area = scroll_area_of(form.initials)
    assert area is not None
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.keyClick(form.leaving_date.line, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is form.initials
    viewport = area.viewport()

    def in_view() -> bool:
        return all(viewport.rect().contains(QRect(w.mapTo(viewport, QPoint(0, 0)), w.size()))
                   for w in (form.initials, form.form.errors["initials"]))
    qtbot.waitUntil(in_view)
    assert form.state.text().startswith("Not saved: 'Initials' — ")


def test_the_chronology_lists_admission_incidents_and_leaving_in_order(qtbot, home: Home, window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    page.show_leavers.setChecked(True)
    select(page, "C02")
    assert page.chronology_box.title() == "Chronology — CD (C02)"
    assert page.chronology.lines() == [
        ("01/03/2024", "Admitted"),
        ("10/05/2025 13:00", "Restraint / measure of control"),
        ("01/07/2025 22:00", "Missing from care"),
        ("30/06/2026", "Left the home"),
    ]
    assert page.chronology.proxy.index(0, 2).data() == "Emergency admission — placed by Kettleby City Council"
    assert page.chronology.proxy.index(3, 2).data() == "Planned ending"
    assert page.chronology.count.text() == "2 incidents"
    page.chronology.choose(IncidentType.MISSING)
    assert page.chronology.lines() == [("01/07/2025 22:00", "Missing from care")]
    assert page.chronology.count.text() == "2 incidents · 1 line shown"
    page.chronology.choose("life")
    assert [what for _when, what in page.chronology.lines()] == ["Admitted", "Left the home"]
    offered = [page.chronology.kind.itemText(i) for i in range(page.chronology.kind.count())]
    assert offered == ["Everything", "Admission and leaving", "Restraint / measure of control", "Missing from care"]
    qtmodeltester.check(page.chronology.model)
    qtmodeltester.check(page.chronology.proxy)


def test_double_clicking_an_incident_opens_it_on_the_incidents_page(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    select(page, "C01")
    lines = page.chronology.lines()
    row = [what for _when, what in lines].index("Police involvement")
    table = page.chronology.table
    qtbot.wait(1)  # the rows take their wrapped height once laid out
    rect = table.visualRect(page.chronology.proxy.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first press
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    incidents = window.current_page()
    assert isinstance(incidents, IncidentsPage)
    assert incidents.selected_row().incident.id == home.police
    assert incidents.editor.heading.text() == "Police involvement — 21/11/2026 18:00"


def test_ctrl_f_filters_the_register(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    qtbot.keyClicks(page.filter, "harrowdale")
    assert column(page, "Reference") == ["C03"]
    assert page.count.text().endswith("· 1 shown")


def test_leaving_an_edited_entry_asks_first(qtbot, home: Home, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = children_page(window)
    select(page, "C01")
    retype(qtbot, page.form.placing_authority, "Changed Council")
    asked: list[str] = []

    def answer(button):  # type: ignore[no-untyped-def]
        def ask(*args, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(args[2])
            return button
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    select(page, "C03")
    assert asked == ["AB (C01) has changes that are not saved yet. Save them now?"]
    assert page.selected_row().child.reference == "C01" and page.form.placing_authority.text() == "Changed Council"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Save))
    select(page, "C03")
    assert page.selected_row().child.reference == "C03"
    assert window.store.children.get(home.current).placing_authority == "Changed Council"
