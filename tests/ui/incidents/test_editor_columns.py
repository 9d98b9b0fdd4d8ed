"""The incident's form and its steps, Reg 40 and review: side by side on a laptop or desktop screen; at 150% display
scaling on a 1366×768 laptop (about 911×512 in Qt's pixels) the steps go under the form, so neither column scrolls
sideways and every field is reached by scrolling up and down only."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QScrollArea, QWidget

from carehome_desk.models.incidents import IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incident_editor import IncidentEditor
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.screen_fit import FRAME, WANTED_MINIMUM
from tests.ui.incident_data import Home, add_children_and_incidents
from tests.ui.incidents.test_incidents_narrow import incidents_at


def sideways(editor: IncidentEditor) -> list[int]:
    """How far each scroll area on show could scroll sideways (0: it fits)."""
    return [area.horizontalScrollBar().maximum() for area in (editor.form_area, editor.side_area)
            if area.isVisible()]


def fields(editor: IncidentEditor) -> list[QWidget]:
    """Every field on show: the form's, the type's sections', Reg 40's and the review's."""
    return [w for form in editor.field_forms() for w in form.inputs.values() if w.isVisibleTo(editor)]


def reached(area: QScrollArea, widget: QWidget) -> bool:
    """Scrolled down to ``widget``'s top: it is in view, across its whole width (or as much height as there is)."""
    area.verticalScrollBar().setValue(widget.mapTo(area.widget(), QPoint(0, 0)).y())
    at, view = widget.mapTo(area.viewport(), QPoint(0, 0)), area.viewport().rect()
    return (0 <= at.x() and at.x() + widget.width() <= view.width()
            and 0 <= at.y() and at.y() + min(widget.height(), view.height()) <= view.height())


def test_a_narrow_window_puts_the_steps_under_the_form_with_no_sideways_scrolling(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                                 home_store: Store) -> None:
    home: Home = add_children_and_incidents(home_store)
    page = incidents_at(qtbot, window, 911, 512)
    qtbot.wait_until(lambda: page.narrow)
    editor = page.editor
    # The police incident has the widest form (its "How the police were involved" row); a new restraint the longest.
    for show in (lambda: page.show_record(int(home.police)), lambda: page.start_new(IncidentType.RESTRAINT)):
        show()
        qtbot.wait_until(lambda: editor.isVisible() and editor.columns.stacked)
        qtbot.wait_until(lambda: sideways(editor) == [0])
        assert not editor.side_area.isVisible()
        steps_column = editor.form_area.widget()
        assert steps_column is not None and steps_column.isAncestorOf(editor.steps)
        assert steps_column.isAncestorOf(editor.reg40) and steps_column.isAncestorOf(editor.review)
        # Every field, down to Reg 40's and the review's, scrolled to and seen across its width.
        shown = fields(editor)
        assert editor.reg40.rationale in shown and editor.review.note in shown
        for field in shown:
            assert editor.form_area.isAncestorOf(field), field.accessibleName()
            assert reached(editor.form_area, field), (field.accessibleName(), field.geometry(), editor.form_area.viewport().rect())
        assert editor.save_button.isVisible()
        page.discard()


def test_a_laptop_or_desktop_screen_keeps_the_steps_beside_the_form(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   home_store: Store) -> None:
    home: Home = add_children_and_incidents(home_store)
    page = incidents_at(qtbot, window, 911, 512)
    assert page.show_record(int(home.police))
    editor = page.editor
    qtbot.wait_until(lambda: editor.columns.stacked)
    window.setMinimumSize(WANTED_MINIMUM)
    for width, height in ((1366, 768), (1920, 1080)):
        window.resize(QSize(width, height) - FRAME)
        qtbot.wait_until(lambda: not page.narrow and editor.isVisible() and not editor.columns.stacked)
        assert editor.side_area.isVisible() and editor.side_area.widget() is editor.columns.side_column
        assert editor.columns.side_column.isAncestorOf(editor.steps)
        form, side = editor.columns.sizes()
        assert form > side  # the form a little wider than the checklist beside it, as before
        qtbot.wait_until(lambda: sideways(editor) == [0, 0])
        assert editor.steps.isVisible() and editor.form.occurred.isVisible()
