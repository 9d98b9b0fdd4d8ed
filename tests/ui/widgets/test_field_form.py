"""Form rows: one message at the field, and wrapped hints never squeezed under it in a scrolling form."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from carehome_desk.ui.widgets.date_field import DateField
from carehome_desk.ui.widgets.field_form import FieldForm, FormScrollArea

HINT = "Leavers stay in the record; they drop out of compliance after this date."


def test_problems_show_at_their_fields_and_the_rest_come_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = FieldForm()
    holder = QWidget()
    holder.setLayout(form.layout)
    qtbot.addWidget(holder)
    form.add("name", "&Name", QLineEdit())
    form.add("leaving_date", "&Leaving date", DateField(date(2026, 11, 22)), hint=HINT)
    holder.show()
    rest = form.show_problems({"leaving_date": "The leaving date is before the start date.", "other": "Elsewhere."})
    assert rest == {"other": "Elsewhere."}
    assert form.errors["leaving_date"].isVisible() and not form.errors["name"].isVisible()
    assert form.errors["leaving_date"].text() == "⚠ The leaving date is before the start date."
    form.show_problems({})
    assert not form.errors["leaving_date"].isVisible()


def test_a_wrapped_hint_keeps_its_lines_when_the_form_scrolls(qtbot) -> None:  # type: ignore[no-untyped-def]
    inner = QWidget()
    column = QVBoxLayout(inner)
    box = QGroupBox("Dates")
    form = FieldForm()
    box.setLayout(form.layout)
    form.add("role_start_date", "Started in this role", DateField(date(2026, 11, 22)),
             hint="Leave empty if the same as the start date.")
    form.add("leaving_date", "Leaving date", DateField(date(2026, 11, 22)), hint=HINT)
    column.addWidget(box)
    column.addStretch(1)
    area = FormScrollArea(inner)
    qtbot.addWidget(area)
    area.resize(560, 100)  # far shorter than the form: it must scroll, not squeeze
    area.show()
    qtbot.wait(50)
    form.show_problems({"leaving_date": "The leaving date is before the start date."})
    error = form.errors["leaving_date"]
    hint = error.parentWidget().layout().itemAt(1).widget()

    def laid_out_in_full() -> None:
        assert hint.heightForWidth(hint.width()) > hint.fontMetrics().height()  # the hint needs two lines here
        assert hint.height() >= hint.heightForWidth(hint.width())
        assert hint.geometry().bottom() < error.geometry().top()

    qtbot.waitUntil(laid_out_in_full, timeout=2000)


def test_a_wrapping_tick_box_takes_the_form_width_and_its_words_tick_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from carehome_desk.ui.widgets.wrap_check import WrapCheck

    form = FieldForm()
    holder = QWidget()
    holder.setLayout(form.layout)
    qtbot.addWidget(holder)
    tick = WrapCheck("Planned and used routinely under the child's EHC plan (reg 35(4))")
    form.add("ehc_plan_planned", "", tick)
    holder.resize(300, 200)
    holder.show()
    assert tick.box.accessibleName() == tick.text()
    with qtbot.waitSignal(tick.toggled, timeout=1000):
        qtbot.mouseClick(tick.label, Qt.MouseButton.LeftButton)
    assert tick.isChecked()
    assert tick.label.heightForWidth(tick.label.width()) > tick.label.fontMetrics().height()  # it wraps, not widens
    assert tick.width() <= holder.width()


def test_a_wrapped_hint_gives_back_its_height_when_the_form_widens(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = FieldForm()
    inner = QWidget()
    inner.setLayout(form.layout)
    area = FormScrollArea(inner)
    qtbot.addWidget(area)
    form.add("leaving_date", "&Leaving date", DateField(date(2026, 11, 22)), hint=HINT * 2)
    hint = next(label for label in inner.findChildren(QLabel) if label.text() == HINT * 2)
    one_line = hint.fontMetrics().height()
    area.resize(320, 400)
    area.show()
    qtbot.waitUntil(lambda: hint.minimumHeight() > 2 * one_line)
    area.resize(1900, 400)
    # Once wide enough for one line, the minimum set at the narrow width must not linger.
    qtbot.waitUntil(lambda: hint.minimumHeight() < 2 * one_line)
