"""Reg 44 in the window: correcting or removing a recommendation, or rewording its action, keeps the link."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

from carehome_desk.models.quality import ActionStatus, Reg44Visit
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.quality.reg44_dialog import Reg44Dialog
from tests.ui.boxes import answer_next_box

FIRE, ROOM = "Check the fire log weekly", "Talk to AC about her room"


def _reg44(window: MainWindow, store: Store) -> tuple[QualityPage, Reg44Visit]:
    home = store.homes.list()[0]
    visit, changes = store.quality.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 11, 12),
                                                         recommendations=(FIRE, ROOM)), owner="Priya Fairbairn")
    window.broadcast(changes)
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.show_tab(page.reg44)
    page.reg44.reload()
    assert page.reg44.select_visit(int(visit.id))
    return page, visit


def _edit(page: QualityPage, lines: str) -> Reg44Dialog:
    page.reg44.edit_selected()
    dialog = page.reg44.dialog
    assert isinstance(dialog, Reg44Dialog)
    dialog.recommendations.setPlainText(lines)
    return dialog


def _retype(page: QualityPage, line: int, text: str) -> Reg44Dialog:
    """Open the visit and type over one line where it stands (0 for the first), as the manager would."""
    page.reg44.edit_selected()
    dialog = page.reg44.dialog
    assert isinstance(dialog, Reg44Dialog)
    cursor = QTextCursor(dialog.recommendations.document().findBlockByNumber(line))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)
    return dialog


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("CAREHOME_SHOTS")
    if folder:
        QApplication.processEvents()
        widget.grab().save(os.path.join(folder, name))


def test_correcting_a_recommendation_keeps_its_action_and_the_details_show_it(window: MainWindow,
                                                                              home_store: Store) -> None:
    page, visit = _reg44(window, home_store)
    dialog = _retype(page, 0, "Check the fire log every week")
    hint = dialog.recommendations_hint
    assert isinstance(hint, QLabel)
    assert "Correcting a line where it stands keeps its action, which keeps its own wording" in hint.text()
    _shot(dialog, "reg44_dialog_edit.png")
    assert dialog.try_save()
    assert window.statusBar().currentMessage() == ("Saved the Reg 44 visit of 12/11/2026; 1 corrected "
                                                   "recommendation kept its action.")
    actions = home_store.quality.actions(visit.home_id)
    assert [a.title for a in actions] == [FIRE, ROOM]  # no second action; the action keeps its own words
    details = page.reg44.details.text()
    _shot(page, "reg44_corrected.png")
    assert f"Check the fire log every week — action \u201c{FIRE}\u201d: Due soon: due 12/12/2026; open" in details
    assert "no action raised" not in details


def test_rewording_the_action_in_the_plan_leaves_the_visit_showing_it(window: MainWindow, home_store: Store) -> None:
    page, visit = _reg44(window, home_store)
    fire = next(a for a in home_store.quality.actions(visit.home_id) if a.title == FIRE)
    window.broadcast(home_store.quality.save_action(replace(fire, title="Check the fire log every Monday"))[1])
    page.reg44.select_visit(int(visit.id))
    details = page.reg44.details.text()
    assert f"{FIRE} — action \u201cCheck the fire log every Monday\u201d: Due soon" in details
    assert "no action raised" not in details


def test_removing_a_line_with_an_open_action_asks_and_drops_it_when_told(window: MainWindow,
                                                                         home_store: Store) -> None:
    page, visit = _reg44(window, home_store)
    dialog = _edit(page, ROOM)
    seen = answer_next_box("Go back")
    assert not dialog.try_save()
    assert seen and f"\u201c{FIRE}\u201d: its action is due 12/12/2026" in seen[0]
    assert home_store.quality.visits(visit.home_id)[0].recommendations == (FIRE, ROOM)  # nothing saved
    assert dialog.fields.errors["recommendations"].text().startswith("⚠ Not saved: put the line back")
    answer_next_box("Drop the action")
    assert dialog.try_save()
    assert window.statusBar().currentMessage() == ("Saved the Reg 44 visit of 12/11/2026; the removed "
                                                   "recommendation's action was dropped.")
    fire = next(a for a in home_store.quality.actions(visit.home_id) if a.title == FIRE)
    assert fire.status is ActionStatus.DROPPED and fire.recommendation_no is None
    details = page.reg44.details.text()
    _shot(page, "reg44_removed.png")
    assert f"Actions whose recommendation was later removed from this visit:<br>• {FIRE} — Dropped" in details


def test_typing_over_a_line_whose_action_is_done_asks_whether_it_is_a_new_recommendation(
        window: MainWindow, home_store: Store) -> None:
    page, visit = _reg44(window, home_store)
    room = next(a for a in home_store.quality.actions(visit.home_id) if a.title == ROOM)
    window.broadcast(home_store.quality.save_action(replace(room, status=ActionStatus.DONE,
                                                            completed_on=date(2026, 11, 20)))[1])
    dialog = _retype(page, 1, "Talk to BX about his room")
    seen = answer_next_box("Go back")
    assert not dialog.try_save()
    assert seen and (f"\u201c{ROOM}\u201d \u2192 \u201cTalk to BX about his room\u201d: its action is done"
                     in seen[0])
    assert home_store.quality.visits(visit.home_id)[0].recommendations == (FIRE, ROOM)  # nothing saved
    answer_next_box("A new recommendation")
    assert dialog.try_save()
    assert window.statusBar().currentMessage() == ("Saved the Reg 44 visit of 12/11/2026; 1 recommendation "
                                                   "added to the action plan.")
    actions = home_store.quality.actions(visit.home_id)
    assert [(a.title, a.status, a.recommendation_no) for a in actions] == [
        (FIRE, ActionStatus.OPEN, 1), (ROOM, ActionStatus.DONE, None),
        ("Talk to BX about his room", ActionStatus.OPEN, 2)]
    details = page.reg44.details.text()
    assert "• Talk to BX about his room — Due soon: due 12/12/2026; open" in details
    assert (f"later removed from this visit:<br>• {ROOM} — Done 20/11/2026") in details


def test_a_done_action_stays_with_its_line_typed_over_only_when_told_it_is_the_same(window: MainWindow,
                                                                                     home_store: Store) -> None:
    page, visit = _reg44(window, home_store)
    room = next(a for a in home_store.quality.actions(visit.home_id) if a.title == ROOM)
    window.broadcast(home_store.quality.save_action(replace(room, status=ActionStatus.DONE,
                                                            completed_on=date(2026, 11, 20)))[1])
    dialog = _retype(page, 1, "Talk to AC about her bedroom")
    answer_next_box("The same, corrected")
    assert dialog.try_save()
    actions = home_store.quality.actions(visit.home_id)
    assert [(a.title, a.status, a.recommendation_no) for a in actions] == [
        (FIRE, ActionStatus.OPEN, 1), (ROOM, ActionStatus.DONE, 2)]


def test_lines_pasted_over_the_list_are_new_recommendations_not_corrections(window: MainWindow,
                                                                            home_store: Store) -> None:
    page, visit = _reg44(window, home_store)
    dialog = _edit(page, f"{FIRE}\nTalk to BX about his room")  # the whole list replaced: no line typed over
    answer_next_box("Keep it open")
    assert dialog.try_save()
    actions = home_store.quality.actions(visit.home_id)
    assert [(a.title, a.recommendation_no) for a in actions] == [
        (FIRE, 1), (ROOM, None), ("Talk to BX about his room", 2)]
    assert actions[1].note.endswith("this action was kept open.")


def test_a_new_line_made_with_enter_above_a_recommendation_gets_its_own_action(window: MainWindow,
                                                                               home_store: Store) -> None:
    """Enter at the very start of the first line, a new recommendation typed on the line that opens, and the old
    line (now second) corrected: the old action stays with the old line, the new line gets an action of its own."""
    from PySide6.QtCore import Qt
    from pytestqt.qtbot import QtBot

    page, visit = _reg44(window, home_store)
    page.reg44.edit_selected()
    dialog = page.reg44.dialog
    assert isinstance(dialog, Reg44Dialog)
    box = dialog.recommendations
    cursor = QTextCursor(box.document().firstBlock())
    box.setTextCursor(cursor)
    box.setFocus()
    QtBot.keyClick(box, Qt.Key.Key_Return)
    QtBot.keyClick(box, Qt.Key.Key_Up)
    box.insertPlainText("Replace the broken kitchen cupboard door")
    old = QTextCursor(box.document().findBlockByNumber(1))
    old.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    old.insertText("Check the fire log every week")
    assert box.toPlainText().splitlines() == ["Replace the broken kitchen cupboard door",
                                              "Check the fire log every week", ROOM]
    assert dialog.try_save()
    actions = home_store.quality.actions(visit.home_id)
    by_line = {a.recommendation_no: a.title for a in actions if a.visit_id == visit.id}
    assert by_line == {1: "Replace the broken kitchen cupboard door", 2: FIRE, 3: ROOM}
