"""Reg 45: Ctrl+N puts the cursor in Period from; an overlapping period asks first; the same period is refused."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, select

from carehome_desk.models.quality import Reg45Review
from carehome_desk.store import Store, ValidationError
from carehome_desk.store.schema import reg45_reviews
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


def _two_of_one_period(store: Store) -> tuple[Reg45Review, Reg45Review]:
    """Two live reviews of 01/01/2026 to 30/06/2026, as a database written before the same period was refused."""
    home = store.homes.list()[0]
    first, _ = store.quality.save_review(Reg45Review(home.id, date(2026, 1, 1), date(2026, 6, 30)))
    with store.engine.begin() as conn:
        row = dict(conn.execute(select(reg45_reviews).where(reg45_reviews.c.id == int(first.id))).mappings().one())
        row.pop("id")
        conn.execute(insert(reg45_reviews).values(**row))
    one, two = [r for r in store.quality.reviews(home.id) if r.period_start == date(2026, 1, 1)]
    return one, two


def test_two_reviews_of_one_period_from_an_older_database_can_each_still_be_edited(home_store: Store) -> None:
    one, two = _two_of_one_period(home_store)
    home_store.quality.save_review(replace(one, completed_on=date(2026, 7, 10)))
    home_store.quality.save_review(replace(two, summary="Views of the children added."))
    reviews = [r for r in home_store.quality.reviews(one.home_id) if r.period_start == date(2026, 1, 1)]
    assert sorted((int(r.id), r.completed_on, r.summary) for r in reviews) == [
        (int(one.id), date(2026, 7, 10), ""), (int(two.id), None, "Views of the children added.")]
    # A new review of that period, or another one moved onto it, is still refused.
    with pytest.raises(ValidationError) as new:
        home_store.quality.save_review(Reg45Review(one.home_id, date(2026, 1, 1), date(2026, 6, 30)))
    assert new.value.problems["period_start"].startswith("There is already a Reg 45 review of 01/01/2026 to 30/06/2026")
    later, _ = home_store.quality.save_review(Reg45Review(one.home_id, date(2026, 7, 1), date(2026, 12, 31)))
    with pytest.raises(ValidationError) as moved:
        home_store.quality.save_review(replace(later, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)))
    assert "select it in the list to change it" in moved.value.problems["period_start"]
    assert (home_store.quality.reviews(one.home_id)[-1].period_start, len(reviews)) == (date(2026, 7, 1), 2)


def test_the_overlap_question_comes_only_when_the_period_is_new_or_changed(window: MainWindow, home_store: Store,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _reg45(window, home_store)  # 01/04/2026 to 30/09/2026
    home = home_store.homes.list()[0]
    earlier, changes = home_store.quality.save_review(Reg45Review(home.id, date(2025, 10, 1), date(2026, 4, 30)))
    window.broadcast(changes)  # saved before today's question: it overlaps April
    asked: list[Reg45Review] = []

    def ask(_parent: object, review: Reg45Review, _others: object) -> bool:
        asked.append(review)
        return True
    monkeypatch.setattr("carehome_desk.ui.quality.reg45_tab.save_overlap_anyway", ask)
    assert tab.select_review(int(earlier.id))
    tab.completed.line.setText("15/05/2026")  # only the completion date: the period is as it was saved
    assert tab.save()
    assert (asked, home_store.quality.reviews(home.id)[0].completed_on) == ([], date(2026, 5, 15))
    tab.start.line.setText("01/11/2025")  # the period changed: asked about it once
    assert tab.save()
    assert [(r.period_start, r.period_end) for r in asked] == [(date(2025, 11, 1), date(2026, 4, 30))]
