"""At 1366×768 a refused Save takes the manager to the field that stopped it, and the message line names it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents
from tests.ui.incidents.test_incidents_page import incidents_page, start, when


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def in_view(area: QScrollArea, widget: QWidget) -> bool:
    """The whole of ``widget`` lies inside the scroll area's viewport."""
    viewport = area.viewport()
    shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return widget.isVisible() and viewport.rect().contains(shown)


def has_focus(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def test_a_refused_record_made_is_scrolled_to_focused_and_named(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    editor = page.editor
    area = editor.form_area
    when(qtbot, editor.form.occurred, "21/11/2026", "08:00")
    editor.form.set_child(home.current)
    qtbot.keyClicks(editor.form.summary, "Held to stop a fall.")
    record_made = editor.form.details.widgets["record_made_at"]
    when(qtbot, record_made, "21/11/2026", "09:00")  # 'Behaviour that led to it' and the rest still empty
    area.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() == 0)
    assert not in_view(area, record_made)  # the defect: the marked field was below the fold

    assert not page.save()
    error = editor.form.details.forms[1].errors["record_made_at"]
    assert has_focus(record_made)
    qtbot.waitUntil(lambda: in_view(area, record_made) and in_view(area, error))
    qtbot.wait(50)  # and it stays in view once the wrapped message has its height
    assert in_view(area, record_made) and in_view(area, error)
    assert editor.state.text() == f"Not saved: 'Record made' — {error.text().removeprefix('⚠ ')}"
    assert "(and" not in editor.state.text()


def test_several_marked_go_to_the_first_on_screen_and_say_how_many_more(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    page = incidents_page(window)
    start(qtbot, window, page, IncidentType.RESTRAINT)
    editor = page.editor
    area = editor.form_area
    when(qtbot, editor.form.occurred, "21/11/2026", "08:00")
    when(qtbot, editor.form.details.widgets["record_made_at"], "21/11/2026", "09:00")
    summary = editor.form.summary  # left empty, as are the children, above the steps
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    assert not in_view(area, summary)

    assert not page.save()
    marked = [key for form in editor.field_forms() for key in form.shown]
    assert marked[:2] == ["child_ids", "summary"] and "record_made_at" in marked  # no child ticked, no summary
    children = editor.form.common.inputs["child_ids"]  # the first marked on screen, at the top of the form
    assert has_focus(children)
    error = editor.form.common.errors["child_ids"]
    qtbot.waitUntil(lambda: in_view(area, children) and in_view(area, error))
    assert editor.state.text() == (f"Not saved: 'Children' — {error.text().removeprefix('⚠ ')}"
                                   f" (and {len(marked) - 1} more marked)")
