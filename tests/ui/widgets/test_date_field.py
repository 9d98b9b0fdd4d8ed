"""The date box's calendar: made the first time its menu opens (a window of forms does not pay for it before)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from carehome_desk.ui.widgets.date_field import DateField


def test_the_calendar_is_made_when_first_opened_and_a_day_picked_fills_the_box(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField(date(2026, 3, 4))
    qtbot.addWidget(field)
    menu = field.button.menu()
    assert menu is not None and not menu.actions()  # nothing made yet
    field.set_value(date(2026, 1, 15))
    menu.aboutToShow.emit()  # as the button opens it
    assert len(menu.actions()) == 1
    assert field.calendar.selectedDate() == QDate(2026, 1, 15)
    with qtbot.waitSignal(field.edited):
        field.calendar.clicked.emit(QDate(2026, 2, 3))
    assert field.text() == "03/02/2026"
    menu.aboutToShow.emit()  # opened again: the same calendar, on the day now in the box
    assert len(menu.actions()) == 1 and field.calendar.selectedDate() == QDate(2026, 2, 3)
