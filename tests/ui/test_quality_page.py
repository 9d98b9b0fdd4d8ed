"""The Quality page: the action plan, Reg 44 visits, Reg 45 reviews and inspections."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from carehome_desk.due import due_items
from carehome_desk.evidence import Period, home_metrics
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.quality import Action, ActionSource, ActionStatus, Finding, Inspection, Reg44Visit
from carehome_desk.store import Store
from carehome_desk.ui.action_dialog import ActionDialog, MarkDoneDialog
from carehome_desk.ui.inspection_dialog import InspectionDialog
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality_page import QualityPage
from carehome_desk.ui.record_table_model import RECORD_ROLE
from carehome_desk.ui.reg44_dialog import Reg44Dialog

TODAY = date(2026, 11, 22)  # the fixed clock's day (tests/conftest.py)
CTRL = Qt.KeyboardModifier.ControlModifier


def quality(window: MainWindow) -> QualityPage:
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    return page


def home_id(store: Store):  # type: ignore[no-untyped-def]
    return store.homes.list()[0].id


def cell(model, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return model.index(row, column).data(role)


# ---- the action plan ------------------------------------------------------------------------


def test_action_plan_new_with_inline_validation_ctrl_f_and_mark_done(qtbot, window: MainWindow, home_store: Store,  # type: ignore[no-untyped-def]
                                                                    qtmodeltester) -> None:
    hid = home_id(home_store)
    home_store.quality.save_action(Action(hid, "Fix the fire door", "Sam", date(2026, 10, 1)))
    home_store.quality.save_action(Action(hid, "Old action", "Sam", date(2026, 1, 1), status=ActionStatus.DONE,
                                          completed_on=date(2026, 1, 5)))
    page = quality(window)
    page.show_tab(page.actions)
    tab = page.actions
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    assert tab.proxy.rowCount() == 1  # open actions only, by default
    assert cell(tab.proxy, 0, 3) == "Overdue"
    assert tab.proxy.index(0, 3).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D55E00"
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = tab.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClicks(dialog.title_box, "Supervision for every member of staff every six weeks")
    dialog.source.setCurrentIndex(dialog.source.findData(ActionSource.OFSTED_REQUIREMENT.value))
    dialog.due.line.setText("01/12/2026")
    assert not dialog.try_save()
    assert dialog.fields.errors["regulation"].text() == "⚠ Give the regulation the requirement cites."
    assert home_store.quality.actions(hid)[-1].title != "Supervision for every member of staff every six weeks"
    dialog.regulation.setText("Reg 33(4)(b)")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert dialog.try_save()
    assert tab.proxy.rowCount() == 2
    assert tab.selected() is not None and tab.selected().regulation == "Reg 33(4)(b)"
    row = tab.proxy.index(tab.table.currentIndex().row(), 5).data()
    assert row.startswith("Ofsted requirement — Reg 33(4)(b)")
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert tab.filter.hasFocus()
    qtbot.keyClicks(tab.filter, "fire door")
    assert tab.proxy.rowCount() == 1
    tab.table.selectRow(0)
    tab.done_button.click()
    done = tab.dialog
    assert isinstance(done, MarkDoneDialog) and done.completed.text() == "22/11/2026"
    done.completed.line.setText("20/11/2026")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert done.try_save()
    fixed = next(a for a in home_store.quality.actions(hid) if a.title == "Fix the fire door")
    assert fixed.status is ActionStatus.DONE and fixed.completed_on == date(2026, 11, 20)
    assert tab.proxy.rowCount() == 0  # done: no longer open
    tab.show_box.setCurrentIndex(tab.show_box.findData("all"))
    assert [cell(tab.proxy, r, 3) for r in range(tab.proxy.rowCount())] == ["Done late"]


def test_overdue_filter(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    home_store.quality.save_action(Action(hid, "Late", "Sam", date(2026, 10, 1)))
    home_store.quality.save_action(Action(hid, "Later", "Sam", date(2027, 3, 1)))
    page = quality(window)
    page.show_tab(page.actions)
    page.actions.show_box.setCurrentIndex(page.actions.show_box.findData("overdue"))
    assert [cell(page.actions.proxy, r, 0) for r in range(page.actions.proxy.rowCount())] == ["Late"]
    assert page.actions.count.text() == "1 shown · 2 open · 1 overdue"
    # The same action is what carehome-desk due reports.
    assert [(i.requirement.requirement, i.requirement.status.value) for i in due_items(home_store, TODAY)
            if i.requirement.area == "Action"] == [("Late", "overdue")]


# ---- Reg 44 -----------------------------------------------------------------------------------


def test_add_a_reg_44_visit_with_two_recommendations_makes_two_actions(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                      home_store: Store, qtmodeltester) -> None:
    page = quality(window)
    page.show_tab(page.reg44)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = page.reg44.dialog
    assert isinstance(dialog, Reg44Dialog)
    qtbot.keyClicks(dialog.visitor, "Margaret Ellis")
    dialog.visited.line.setText("12/11/2026")
    dialog.visited.edited.emit()
    assert "by 31/12/2026" in dialog.due_hint.text()
    dialog.received.line.setText("19/11/2026")
    dialog.recommendations.setPlainText("- Update the missing-from-care risk assessment\n\nRefresh the lounge with "
                                        "the children\n")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert dialog.try_save()
    actions = home_store.quality.actions(home_id(home_store))
    assert [(a.title, a.source, a.source_ref, a.due) for a in actions] == [
        ("Update the missing-from-care risk assessment", ActionSource.REG44, "visit 12/11/2026", date(2026, 12, 12)),
        ("Refresh the lounge with the children", ActionSource.REG44, "visit 12/11/2026", date(2026, 12, 12))]
    model = page.reg44.model
    qtmodeltester.check(model)
    qtmodeltester.check(page.reg44.proxy)
    visit_row = next(model.record(r) for r in range(model.rowCount()) if model.record(r).visit is not None)
    assert visit_row.word == "Not sent yet" and visit_row.visit.report_due == date(2026, 12, 31)
    assert "Refresh the lounge with the children — Due soon: due 12/12/2026; open" in page.reg44.details.text()
    # Editing the visit to add a third line raises one more action, not three.
    page.reg44.edit_selected()
    edit = page.reg44.dialog
    assert edit is not dialog and edit.visit is not None
    edit.recommendations.setPlainText(edit.recommendations.toPlainText() + "\nReview the night staffing rota")
    assert edit.try_save()
    assert len(home_store.quality.actions(home_id(home_store))) == 3


def test_a_month_with_no_visit_is_shown_in_vermillion_with_the_word(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    for day in (date(2026, 9, 8), date(2026, 11, 3)):
        home_store.quality.save_visit(Reg44Visit(hid, "David Okoro", day, sent_to_ofsted_on=day))
    page = quality(window)
    page.show_tab(page.reg44)
    texts = [cell(page.reg44.proxy, r, 0) for r in range(page.reg44.proxy.rowCount())]
    assert texts == ["03/11/2026", "No visit recorded — October 2026", "08/09/2026"]
    gap = texts.index("No visit recorded — October 2026")
    assert cell(page.reg44.proxy, gap, 6) == "Missed"
    assert page.reg44.proxy.index(gap, 0).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D55E00"
    assert "Reg 44(1),(3)" in page.reg44.proxy.index(gap, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 month missed in the last year" in page.reg44.summary.text()


def test_this_months_visit_still_to_come_is_due_soon_not_missed(window: MainWindow, home_store: Store) -> None:
    home_store.quality.save_visit(Reg44Visit(home_id(home_store), "David Okoro", date(2026, 10, 20)))
    page = quality(window)
    page.show_tab(page.reg44)
    assert cell(page.reg44.proxy, 0, 0) == "No visit yet — November 2026"
    assert cell(page.reg44.proxy, 0, 6) == "Due soon"


# ---- Reg 45 -----------------------------------------------------------------------------------


def test_reg_45_draft_prefills_the_period_and_key_figures_then_completes(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                        home_store: Store, qtmodeltester,
                                                                        monkeypatch) -> None:
    child, _ = home_store.children.add(home_id(home_store), ChildDetails("C-1", "AB", date(2011, 1, 1),
                                                                         date(2025, 1, 5)))
    for day in (3, 10):
        home_store.incidents.add(home_id(home_store), IncidentDetails(
            IncidentType.POLICE, datetime(2026, 8, day, 14, 0, tzinfo=timezone.utc), (child.id,), "Police called"))
    page = quality(window)
    page.show_tab(page.reg45)
    tab = page.reg45
    assert not tab.editor.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert tab.editor.isEnabled() and tab.has_unsaved_changes()
    tab.start.line.setText("01/05/2026")
    tab.end.line.setText("31/10/2026")
    tab.draft_button.click()
    text = tab.summary.toPlainText()
    home = home_store.homes.list()[0]
    figures = home_metrics(home_store, home, Period(date(2026, 5, 1), date(2026, 10, 31)))
    assert "Period: 01/05/2026 to 31/10/2026" in text
    assert "- Police involvement: 2 (0)" in text
    assert f"- {figures['staff_compliance'].label}: {figures['staff_compliance'].text}" in text
    assert "Action plan: 0 open, 0 overdue." in text
    # Redrafting over typed text asks first.
    tab.summary.setPlainText(text + "\nChildren said the new bedrooms are better.")
    asked: list[str] = []

    def keep_mine(parent, title, question, *args):  # type: ignore[no-untyped-def]
        asked.append(question)
        return QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", keep_mine)
    tab.draft_button.click()
    assert asked and tab.summary.toPlainText().endswith("the new bedrooms are better.")
    tab.completed.line.setText("10/11/2026")
    tab.completed.edited.emit()
    assert "by 08/12/2026" in tab.send_hint.text()
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    (review,) = home_store.quality.reviews(home_id(home_store))
    assert review.completed_on == date(2026, 11, 10) and "Police involvement: 2" in review.summary
    qtmodeltester.check(tab.model)
    assert [cell(tab.proxy, 0, c) for c in range(5)] == [
        "01/05/2026 to 31/10/2026", "10/11/2026", "08/12/2026", "Not sent", "Due soon"]
    assert tab.proxy.index(0, 4).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#E69F00"
    assert tab.banner.isVisibleTo(tab) and "due by 10/05/2027" in tab.banner.text()


def test_reg_45_completed_before_the_period_ends_is_refused_at_the_field(window: MainWindow, home_store: Store) -> None:
    page = quality(window)
    page.show_tab(page.reg45)
    page.reg45.new_record()
    page.reg45.start.line.setText("01/05/2026")
    page.reg45.end.line.setText("31/10/2026")
    page.reg45.completed.line.setText("01/10/2026")
    assert not page.reg45.save()
    assert page.reg45.report_form.errors["completed_on"].text() == (
        "⚠ The review is completed before the end of the period it covers.")
    assert home_store.quality.reviews(home_id(home_store)) == []


# ---- inspections ----------------------------------------------------------------------------


def test_inspection_findings_become_actions_and_show_their_progress(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                   home_store: Store, qtmodeltester) -> None:
    page = quality(window)
    page.show_tab(page.inspections)
    tab = page.inspections
    assert "No full inspection recorded yet" in tab.last_full.text()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = tab.dialog
    assert isinstance(dialog, InspectionDialog)
    dialog.inspected.line.setText("14/10/2026")
    for judgement, grade in ((Judgement.OVERALL, Grade.REQUIRES_IMPROVEMENT), (Judgement.HELPED_PROTECTED, Grade.GOOD),
                             (Judgement.LEADERSHIP, Grade.REQUIRES_IMPROVEMENT)):
        dialog.grades[judgement].setCurrentIndex(dialog.grades[judgement].findData(grade.value))
    dialog.findings.add_requirement.click()
    first = dialog.findings.rows[0]
    first.text.setText("Make sure restraint records are signed within 48 hours.")
    first.due.line.setText("30/11/2026")
    dialog.findings.add_recommendation.click()
    second = dialog.findings.rows[1]
    second.text.setText("Involve children in the Reg 45 review.")
    second.regulation.setText("Guide 15.4")
    assert not dialog.try_save()  # the requirement has no regulation
    assert "Requirement 1: give the regulation it cites." in dialog.general.text() and dialog.general.isVisibleTo(dialog)
    assert home_store.quality.inspections(home_id(home_store)) == []
    first.regulation.setText("Reg 35(3)(b)")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert dialog.try_save()
    actions = home_store.quality.actions(home_id(home_store))
    assert sorted((a.source, a.regulation, a.due) for a in actions) == [
        (ActionSource.OFSTED_RECOMMENDATION, "Guide 15.4", date(2027, 1, 14)),
        (ActionSource.OFSTED_REQUIREMENT, "Reg 35(3)(b)", date(2026, 11, 30))]
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    qtmodeltester.check(tab.findings)
    assert cell(tab.proxy, 0, 2) == ("Overall: Requires improvement to be good; helped and protected: Good; "
                                     "leaders and managers: Requires improvement to be good")
    assert cell(tab.proxy, 0, 3) == "1 (0 done)"
    assert [cell(tab.findings, r, 4) for r in range(2)] == ["Due soon", "Open"]
    requirement = next(a for a in actions if a.source is ActionSource.OFSTED_REQUIREMENT)
    window.broadcast(home_store.quality.save_action(
        replace(requirement, status=ActionStatus.DONE, completed_on=date(2026, 11, 20)))[1])
    assert cell(tab.findings, 0, 4) == "Done 20/11/2026"
    assert cell(tab.proxy, 0, 3) == "1 (1 done)"
    assert "1 of 2 actions done" in tab.finding_title.text()
    assert "Last full inspection 14/10/2026" in tab.last_full.text()


def test_an_assurance_inspection_shows_its_outcome(window: MainWindow, home_store: Store) -> None:
    page = quality(window)
    page.show_tab(page.inspections)
    page.inspections.new_record()
    dialog = page.inspections.dialog
    assert isinstance(dialog, InspectionDialog)
    dialog.inspected.line.setText("01/09/2026")
    dialog.kind.setCurrentIndex(dialog.kind.findData("assurance"))
    assert not dialog.grades[Judgement.OVERALL].isVisibleTo(dialog) and dialog.outcome.isVisibleTo(dialog)
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("does not have serious or widespread concerns"))
    assert dialog.try_save()
    assert cell(page.inspections.proxy, 0, 2) == "The setting does not have serious or widespread concerns"
    (saved,) = home_store.quality.inspections(home_id(home_store))
    assert saved.judgements == {} and saved.findings == ()


def test_editing_an_inspection_to_add_a_finding_raises_one_action(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    home_store.quality.save_inspection(Inspection(hid, date(2026, 4, 9), findings=(
        Finding("Keep supervision records", True, "Reg 33(4)(b)", date(2026, 6, 8)),)), owner="Priya Fairbairn")
    page = quality(window)
    page.show_tab(page.inspections)
    page.inspections.edit_selected()
    dialog = page.inspections.dialog
    assert isinstance(dialog, InspectionDialog) and len(dialog.findings.rows) == 1
    dialog.findings.add_recommendation.click()
    dialog.findings.rows[1].text.setText("Review the Statement of Purpose")
    assert dialog.try_save()
    assert [a.title for a in home_store.quality.actions(hid)] == ["Keep supervision records",
                                                                  "Review the Statement of Purpose"]


# ---- the page -------------------------------------------------------------------------------


def test_each_row_holds_its_record(window: MainWindow, home_store: Store) -> None:
    home_store.quality.save_action(Action(home_id(home_store), "Fix the fire door", "Sam", date(2027, 2, 1)))
    page = quality(window)
    page.show_tab(page.actions)
    row = page.actions.proxy.index(0, 0).data(RECORD_ROLE)
    assert row.action.title == "Fix the fire door" and row.state.word == "Open"
