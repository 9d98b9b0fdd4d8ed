"""A time typed at a clock change says under the boxes how it is read, before anything is saved.

29/03/2026: the clocks went from 01:00 GMT to 02:00 BST, so 01:00–01:59 did not happen.
25/10/2026: they went from 02:00 BST back to 01:00 GMT, so 01:00–01:59 happened twice.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from carehome_desk.ui.widgets.datetime_field import DateTimeField

TODAY = date(2026, 11, 22)
SKIPPED = ("did not happen in the UK (the clocks went forward an hour); read as {t} GMT, "
           "which the clocks showed as {shown} BST.")
TWICE = "happened twice in the UK (the clocks went back an hour); read as the {which}, {t} {zone}."


def typed(qtbot, day: str, hhmm: str) -> DateTimeField:  # type: ignore[no-untyped-def]
    field = DateTimeField(TODAY)
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field.date.line, day)
    qtbot.keyClicks(field.time, hhmm)
    return field


@pytest.mark.parametrize("day, hhmm, utc, note", [
    ("29/03/2026", "00:59", datetime(2026, 3, 29, 0, 59), ""),
    ("29/03/2026", "01:00", datetime(2026, 3, 29, 1, 0),
     "01:00 on 29/03/2026 " + SKIPPED.format(t="01:00", shown="02:00")),
    ("29/03/2026", "01:30", datetime(2026, 3, 29, 1, 30),
     "01:30 on 29/03/2026 " + SKIPPED.format(t="01:30", shown="02:30")),
    ("29/03/2026", "02:00", datetime(2026, 3, 29, 1, 0), ""),  # 02:00 BST: the first minute of summer time
    ("25/10/2026", "00:59", datetime(2026, 10, 24, 23, 59), ""),
    ("25/10/2026", "01:00", datetime(2026, 10, 25, 0, 0),
     "01:00 on 25/10/2026 " + TWICE.format(which="first", t="01:00", zone="BST")
     + " Tick “Second (GMT)” for the second."),
    ("25/10/2026", "01:30", datetime(2026, 10, 25, 0, 30),
     "01:30 on 25/10/2026 " + TWICE.format(which="first", t="01:30", zone="BST")
     + " Tick “Second (GMT)” for the second."),
    ("25/10/2026", "02:00", datetime(2026, 10, 25, 2, 0), ""),  # 02:00 GMT: after the second 01:59
])
def test_a_time_at_a_clock_change_is_read_as_the_note_says(qtbot, day: str, hhmm: str, utc: datetime,  # type: ignore[no-untyped-def]
                                                            note: str) -> None:
    field = typed(qtbot, day, hhmm)
    value = field.value()
    assert value is not None and value.astimezone(timezone.utc) == utc.replace(tzinfo=timezone.utc)
    assert field.note.isVisible() is bool(note)
    assert field.note.text() == note
    assert field.second.isVisible() is ("twice" in note)  # a choice only where there is one to make


@pytest.mark.parametrize("hhmm, utc", [("01:00", datetime(2026, 10, 25, 1, 0)), ("01:30", datetime(2026, 10, 25, 1, 30))])
def test_the_second_of_a_doubled_time_can_be_chosen(qtbot, hhmm: str, utc: datetime) -> None:  # type: ignore[no-untyped-def]
    field = typed(qtbot, "25/10/2026", hhmm)
    with qtbot.waitSignal(field.edited, timeout=0):
        field.second.click()
    value = field.value()
    assert value is not None and value.astimezone(timezone.utc) == utc.replace(tzinfo=timezone.utc)
    assert field.note.text() == f"{hhmm} on 25/10/2026 " + TWICE.format(which="second", t=hhmm, zone="GMT")
    assert field.text().endswith(" GMT")  # the choice is an edit: the form has unsaved changes


def test_a_stored_second_time_shows_ticked_and_comes_back_unchanged(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateTimeField(TODAY)
    qtbot.addWidget(field)
    field.show()
    stored = datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)  # 01:30 GMT, the second one
    field.set_value(stored)
    assert field.time.text() == "01:30" and field.second.isChecked() and field.second.isVisible()
    assert "read as the second, 01:30 GMT" in field.note.text()
    assert field.value() == stored
    field.second.click()  # now the first: 01:30 BST, an hour earlier
    value = field.value()
    assert value is not None and value.astimezone(timezone.utc) == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_an_ordinary_time_after_a_clock_change_time_clears_the_note(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = typed(qtbot, "29/03/2026", "01:30")
    assert field.note.isVisible()
    field.time.setText("09:15")
    assert not field.note.isVisible() and not field.second.isVisible()
