"""Reg 45: Ctrl+N puts the cursor in Period from; an overlapping period asks first; the same period is refused."""

from __future__ import annotations

import os
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carehome_desk.models.quality import Reg45Review
from carehome_desk.store import Store, ValidationError
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.quality.reg45_tab import Reg45Tab
from tests.ui.boxes import answer_next_box

CTRL = Qt.KeyboardModifier.ControlModifier


def _reg45(window: MainWindow, store: Store) -> Reg45Tab:
    home = store.homes.list()[0]
    _, changes = store.quality.save_review(Reg45Review(home.id, date(2026, 4, 1), date(2026, 9, 30),
                                                       date(2026, 10, 10)))
    window.broadcast(changes)
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.show_tab(page.reg45)
    return page.reg45


def test_ctrl_n_puts_the_cursor_in_period_from_with_the_proposed_date_selected(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                               home_store: Store) -> None:
    tab = _reg45(window, home_store)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.focusWidget() is tab.start.line
    assert tab.start.line.selectedText() == "01/10/2026"  # the day after the last review ends, ready to retype


def test_an_overlapping_period_asks_and_saves_only_when_told(window: MainWindow, home_store: Store) -> None:
    tab = _reg45(window, home_store)
    tab.new_record()
    tab.start.line.setText("01/06/2026")
    tab.end.line.setText("30/11/2026")
    seen = answer_next_box("Go back")
    assert not tab.save()
    assert seen == ["The period 01/06/2026 to 30/11/2026 overlaps the review of 01/04/2026 to 30/09/2026 "
                    "(01/06/2026 to 30/09/2026 would be reviewed twice). Each review usually starts the day after "
                    "the last one ends.\n\nSave it anyway, or go back and change the dates?"]
    assert len(home_store.quality.reviews(home_store.homes.list()[0].id)) == 1
    assert tab.state.text() == "Not saved: the period overlaps another review"
    folder = os.environ.get("CAREHOME_SHOTS")
    if folder:
        QApplication.processEvents()
        tab.grab().save(os.path.join(folder, "reg45_overlap_not_saved.png"))
    answer_next_box("Save anyway")
    assert tab.save()
    assert len(home_store.quality.reviews(home_store.homes.list()[0].id)) == 2


def test_a_period_following_on_saves_without_a_question(window: MainWindow, home_store: Store,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def asked(*_args: object) -> bool:
        raise AssertionError("asked about an overlap where there is none")
    monkeypatch.setattr("carehome_desk.ui.quality.reg45_tab.save_overlap_anyway", asked)
    tab = _reg45(window, home_store)
    tab.new_record()  # proposes 01/10/2026 to 31/03/2027: the day after the last review ends
    tab.end.line.setText("30/11/2026")
    assert tab.save()
    assert len(home_store.quality.reviews(home_store.homes.list()[0].id)) == 2


def test_a_second_review_of_the_same_period_is_refused(home_store: Store) -> None:
    home = home_store.homes.list()[0]
    first, _ = home_store.quality.save_review(Reg45Review(home.id, date(2026, 4, 1), date(2026, 9, 30)))
    with pytest.raises(ValidationError) as refused:
        home_store.quality.save_review(Reg45Review(home.id, date(2026, 4, 1), date(2026, 9, 30)))
    assert refused.value.problems["period_start"] == ("There is already a Reg 45 review of 01/04/2026 to "
                                                      "30/09/2026: select it in the list to change it.")
    home_store.quality.save_review(Reg45Review(home.id, date(2026, 4, 1), date(2026, 9, 30), date(2026, 10, 5),
                                               id=first.id))  # the review itself is changed, not refused
    assert [r.completed_on for r in home_store.quality.reviews(home.id)] == [date(2026, 10, 5)]
