"""The Quality page: self-evaluation with evidence and the grading rules, the action plan, Reg 44, Reg 45, inspections."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from carehome_desk.services.dashboard import tiles as home_tiles
from carehome_desk.services.due import due_items
from carehome_desk.services.evidence import Period, home_metrics
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.evaluation import CriterionEntry, Evaluation, EvidenceLink, LinkKind
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.qualifications import Qualification, QualificationKind, QualificationStatus
from carehome_desk.models.quality import Action, ActionSource, ActionStatus, Finding, Inspection, Reg44Visit
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Status
from carehome_desk.store import Store
from carehome_desk.ui.quality.action_dialog import ActionDialog, MarkDoneDialog
from carehome_desk.ui.quality.evaluation_compare_dialog import CompareDialog
from carehome_desk.ui.quality.evidence_link_dialog import EvidenceLinkDialog
from carehome_desk.ui.quality.inspection_dialog import InspectionDialog
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.quality.reg44_dialog import Reg44Dialog
from carehome_desk.ui.quality.self_evaluation_tab import SelfEvaluationTab
from tests.conftest import Clock
from tests.ui.boxes import answer_next_box

TODAY = date(2026, 11, 22)  # the fixed clock's day (tests/conftest.py)
CTRL = Qt.KeyboardModifier.ControlModifier


def quality(window: MainWindow) -> QualityPage:
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    assert window.current_page() is page
    return page


def home_id(store: Store):  # type: ignore[no-untyped-def]
    return store.homes.list()[0].id


def add_manager(store: Store, started: date, level5: QualificationStatus) -> None:
    member, _ = store.staff.add(home_id(store), StaffDetails("Priya Fairbairn", StaffRole.REGISTERED_MANAGER, started))
    enrolled = date(2025, 9, 1) if level5 is not QualificationStatus.NOT_STARTED else None
    store.workforce.save_qualification(Qualification(member.id, QualificationKind.LEVEL5, level5,
                                                     enrolled_date=enrolled))


def select_criterion(tab: SelfEvaluationTab, criterion_id: str) -> None:
    tab.tree.setCurrentIndex(tab.tree_model.index_of(criterion_id))
    assert tab.editor.criterion is not None and tab.editor.criterion.id == criterion_id


def cell(model, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return model.index(row, column).data(role)


# ---- self-evaluation ------------------------------------------------------------------------


def test_no_evaluation_says_what_to_do_and_ctrl_n_starts_one_with_proposed_evidence(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = quality(window)
    tab = page.self_evaluation
    assert tab.body.currentIndex() == 0 and "Click New evaluation" in tab.empty.text()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert tab.baseline is not None and tab.baseline.evaluated_on == TODAY and not tab.baseline.id
    assert tab.chooser.currentText() == "New evaluation, 22/11/2026 (not saved)"
    assert page.has_unsaved_changes()
    select_criterion(tab, "HP3")
    labels = [tab.editor.link_list.item(i).text() for i in range(tab.editor.link_list.count())]
    # A figure says the day it was counted, so an older evaluation's figure never seems to contradict today's.
    assert labels == ["Restraints: 0 (as on 22/11/2026)", "Reg 35 steps on time: none to count (as on 22/11/2026)"]
    tip = tab.editor.link_list.item(1).toolTip()
    assert "How it is counted: Reg 35(3) steps" in tip and "Dated 22/11/2026" in tip
    assert "restraint" in tab.editor.good.text().lower()  # what good looks like, beside the grade


def test_grade_link_save_reload_and_see_it_kept(qtbot, window: MainWindow, home_store: Store, db_path, clock: Clock,  # type: ignore[no-untyped-def]
                                                qsettings: QSettings) -> None:
    visit, _ = home_store.quality.save_visit(Reg44Visit(home_id(home_store), "Margaret Ellis", date(2026, 11, 3)))
    window.broadcast(home_store.quality.save_visit(visit)[1])
    tab = quality(window).self_evaluation
    tab.new_record()
    select_criterion(tab, "LM4")
    tab.editor.grade.setCurrentIndex(tab.editor.grade.findData(Grade.GOOD.value))
    qtbot.keyClicks(tab.editor.strengths, "Visits every month; reports read at team meetings.")
    tab.editor.add_link.click()
    dialog = tab.dialog
    assert isinstance(dialog, EvidenceLinkDialog)
    assert dialog.choose(LinkKind.REG44, str(int(visit.id)))
    dialog.accept()
    assert "Reg 44 visit 03/11/2026 by Margaret Ellis — 03/11/2026" in [
        tab.editor.link_list.item(i).text() for i in range(tab.editor.link_list.count())]
    assert tab.tree_model.index_of("LM4").siblingAtColumn(1).data() == "Good"
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert not tab.has_unsaved_changes() and tab.state.text().startswith("Saved at")
    (saved,) = home_store.quality.evaluations(home_id(home_store))
    entry = saved.entries["LM4"]
    assert entry.grade is Grade.GOOD and entry.strengths.startswith("Visits every month")
    assert EvidenceLink(LinkKind.REG44, str(int(visit.id)), "Reg 44 visit 03/11/2026 by Margaret Ellis",
                        date(2026, 11, 3)) in entry.links
    # A fresh window on the same file shows what was saved.
    again = Store.open(db_path, user="tester", clock=clock)
    try:
        other = MainWindow(again, qsettings)
        qtbot.addWidget(other)
        other.show()
        shown = quality(other).self_evaluation
        assert shown.baseline is not None and shown.baseline.id == saved.id
        select_criterion(shown, "LM4")
        assert shown.editor.grade.currentText() == "Good"
        assert shown.editor.link_list.item(shown.editor.link_list.count() - 1).text().startswith("Reg 44 visit")
    finally:
        other.close()
        again.close()


def test_conflicting_judgements_are_explained_beside_them(window: MainWindow, home_store: Store) -> None:
    add_manager(home_store, date(2020, 1, 6), QualificationStatus.NOT_STARTED)  # Level 5 overdue since 2023
    tab = quality(window).self_evaluation
    tab.new_record()
    box = tab.judgements
    assert not box.level5_ok and "not achieved, and neither on track nor deferred" in box.level5.text()
    for judgement, grade in ((Judgement.HELPED_PROTECTED, Grade.INADEQUATE), (Judgement.OVERALL, Grade.GOOD),
                             (Judgement.LEADERSHIP, Grade.OUTSTANDING)):
        box.combos[judgement].setCurrentIndex(box.combos[judgement].findData(grade.value))
    text = box.verdict.text()
    assert text.startswith("⚠ These grades break Ofsted's grading rules")
    assert "limiting judgement: when it is inadequate, the overall judgement is inadequate" in text
    assert "cannot be outstanding while the registered manager lacks the Level 5" in text
    box.combos[Judgement.OVERALL].setCurrentIndex(box.combos[Judgement.OVERALL].findData(Grade.INADEQUATE.value))
    box.combos[Judgement.LEADERSHIP].setCurrentIndex(box.combos[Judgement.LEADERSHIP].findData(Grade.GOOD.value))
    assert box.verdict.text().startswith("✓ These grades follow Ofsted's grading rules")


def test_an_enrolled_manager_on_track_allows_outstanding_leadership(window: MainWindow, home_store: Store) -> None:
    add_manager(home_store, date(2025, 6, 2), QualificationStatus.ENROLLED)
    tab = quality(window).self_evaluation
    tab.new_record()
    box = tab.judgements
    assert box.level5_ok and "Priya Fairbairn's Level 5 is enrolled and on track" in box.level5.text()
    box.combos[Judgement.LEADERSHIP].setCurrentIndex(box.combos[Judgement.LEADERSHIP].findData(Grade.OUTSTANDING.value))
    assert box.conflicts() == []


def test_criteria_with_no_recent_evidence_are_flagged_until_evidence_is_noted(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = quality(window).self_evaluation
    tab.new_record()
    oep3 = tab.tree_model.index_of("OEP3").siblingAtColumn(2)  # Education: no figure in the records
    assert oep3.data() == "None in 12 months"
    assert oep3.data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#CC79A7"
    assert tab.tree_model.index_of("HP3").siblingAtColumn(2).data() == "2 links"
    select_criterion(tab, "OEP3")
    assert tab.editor.flag.isVisibleTo(tab) and "No evidence in the last 12 months" in tab.editor.flag.text()
    qtbot.keyClicks(tab.editor.evidence, "PEP minutes for every child; school attendance 96%.")
    assert tab.tree_model.index_of("OEP3").siblingAtColumn(2).data() == "Notes only"
    assert not tab.editor.flag.isVisibleTo(tab)


def test_remove_a_link_and_revert(window: MainWindow) -> None:
    tab = quality(window).self_evaluation
    tab.new_record()
    assert tab.save()
    select_criterion(tab, "HP3")
    tab.editor.link_list.setCurrentRow(0)
    tab.editor.remove_link.click()
    assert tab.editor.link_list.count() == 1 and tab.has_unsaved_changes()
    assert tab.tree_model.index_of("HP3").siblingAtColumn(2).data() == "1 link"
    seen = answer_next_box(None)  # Escape keeps editing
    tab.revert_button.click()
    assert seen and "self-evaluation" in seen[0]
    assert tab.has_unsaved_changes() and tab.editor.link_list.count() == 1
    seen = answer_next_box("Discard")
    tab.revert_button.click()
    assert seen and not tab.has_unsaved_changes() and tab.editor.link_list.count() == 2


def test_raise_an_action_from_a_criterion_and_see_it_in_due(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    page = quality(window)
    tab = page.self_evaluation
    tab.new_record()
    select_criterion(tab, "HP2")
    qtbot.keyClicks(tab.editor.to_develop, "Challenge the placing authority when no return interview is offered")
    tab.editor.raise_action.click()
    dialog = tab.dialog
    assert isinstance(dialog, ActionDialog)
    assert dialog.title_box.toPlainText() == "Challenge the placing authority when no return interview is offered"
    assert dialog.source.currentData() == ActionSource.SELF_EVALUATION.value and dialog.source_ref.text() == "HP2"
    assert dialog.owner.text() == "Priya Fairbairn"  # the home's registered manager
    dialog.due.line.setText("30/11/2026")
    with qtbot.waitSignal(window.data_changed, timeout=2000):
        assert dialog.try_save()
    assert tab.has_unsaved_changes()  # raising an action leaves the evaluation being edited as it was
    items = [i for i in due_items(home_store, TODAY) if i.requirement.area == "Action"]
    assert [(i.requirement.requirement, i.requirement.status.value) for i in items] == [
        ("Challenge the placing authority when no return interview is offered", "due_soon")]
    assert "from self-evaluation, HP2" in items[0].requirement.detail
    row = page.actions_tab.model.record(0)
    assert row.source == "Self-evaluation — HP2 Missing from care" and row.state.word == "Due soon"


def test_compare_two_evaluations_says_what_moved_and_why(window: MainWindow, home_store: Store, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    hid = home_id(home_store)
    home_store.quality.save_evaluation(Evaluation(hid, date(2026, 1, 10), "sccif-childrens-homes-2025", "January",
                                                  {Judgement.OVERALL: Grade.REQUIRES_IMPROVEMENT},
                                                  {"HP3": CriterionEntry(Grade.REQUIRES_IMPROVEMENT),
                                                   "LM1": CriterionEntry(Grade.GOOD)}))
    home_store.quality.save_evaluation(Evaluation(hid, date(2026, 7, 10), "sccif-childrens-homes-2025", "July",
                                                  {Judgement.OVERALL: Grade.GOOD},
                                                  {"HP3": CriterionEntry(Grade.GOOD, strengths="Restraint halved"),
                                                   "LM1": CriterionEntry(Grade.REQUIRES_IMPROVEMENT,
                                                                         areas_to_develop="Manager left")}))
    tab = quality(window).self_evaluation
    assert tab.chooser.currentText() == "July (10/07/2026)" and tab.compare_button.isEnabled()
    tab.compare_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, CompareDialog)
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    rows = {r.movement.title: r for r in (dialog.model.record(i) for i in range(dialog.model.rowCount()))}
    moved = {t: (cell(dialog.model, r.order, 3), cell(dialog.model, r.order, 4)) for t, r in rows.items()}
    assert moved["Overall experiences and progress of children"] == ("▲ Improved", "")
    assert moved["HP3 Restraint and behaviour support"] == ("▲ Improved", "Restraint halved")
    assert moved["LM1 A suitably qualified registered manager"] == ("▼ Declined", "Manager left")
    hp3 = rows["HP3 Restraint and behaviour support"].order
    assert dialog.model.index(hp3, 3).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D9F0E7"
    assert "2 improved, 1 declined" in dialog.summary.text()
    dialog.only_moved.setChecked(True)
    assert dialog.proxy.rowCount() == 3
    dialog.close()


def test_criteria_tree_model_passes_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    tab = quality(window).self_evaluation
    tab.new_record()
    qtmodeltester.check(tab.tree_model)
    assert tab.tree_model.rowCount() == 3
    assert tab.tree_model.index(1, 0).data().startswith("How well children are helped and protected — not graded")


# ---- the action plan ------------------------------------------------------------------------


def test_action_plan_new_with_inline_validation_ctrl_f_and_mark_done(qtbot, window: MainWindow, home_store: Store,  # type: ignore[no-untyped-def]
                                                                    qtmodeltester) -> None:
    hid = home_id(home_store)
    home_store.quality.save_action(Action(hid, "Fix the fire door", "Sam", date(2026, 10, 1)))
    home_store.quality.save_action(Action(hid, "Old action", "Sam", date(2026, 1, 1), status=ActionStatus.DONE,
                                          completed_on=date(2026, 1, 5)))
    page = quality(window)
    page.show_tab(page.actions_tab)
    tab = page.actions_tab
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
    row = tab.proxy.index(tab.table.currentIndex().row(), 4).data()  # Source, before Done on
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
    page.show_tab(page.actions_tab)
    page.actions_tab.show_box.setCurrentIndex(page.actions_tab.show_box.findData("overdue"))
    assert [cell(page.actions_tab.proxy, r, 0) for r in range(page.actions_tab.proxy.rowCount())] == ["Late"]
    assert page.actions_tab.count.text() == "1 shown · 2 open · 1 overdue"
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
    home = home_store.homes.get(hid)  # records here start in September 2026: earlier months are not owed
    home_store.homes.update(hid, replace(home.details, records_start=date(2026, 9, 1)), expect_version=home.version)
    for day in (date(2026, 9, 8), date(2026, 11, 3)):
        home_store.quality.save_visit(Reg44Visit(hid, "David Okoro", day, sent_to_ofsted_on=day))
    page = quality(window)
    page.show_tab(page.reg44)
    texts = [cell(page.reg44.proxy, r, 0) for r in range(page.reg44.proxy.rowCount())]
    assert texts == ["03/11/2026", "No visit recorded — October 2026", "08/09/2026"]
    gap = texts.index("No visit recorded — October 2026")
    # One word for a month with no visit: the log's status is the due list's (and the dashboard's) word.
    assert cell(page.reg44.proxy, gap, 6) == "Overdue"
    listed = [i.requirement.status.label for i in due_items(home_store, TODAY)
              if i.requirement.requirement == "Reg 44 visit for October 2026"]
    assert listed == [cell(page.reg44.proxy, gap, 6)]
    assert page.reg44.proxy.index(gap, 0).data(Qt.ItemDataRole.BackgroundRole).name().upper() == "#D55E00"
    assert "Reg 44(1),(3)" in page.reg44.proxy.index(gap, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Overdue: no visit recorded for October 2026" in page.reg44.summary.text()
    # The dashboard's tile says the same thing in the same words, beside its Overdue badge.
    tile = next(t for t in home_tiles(home_store, home_store.homes.get(hid), TODAY) if t.key == "reg44")
    assert (tile.status, tile.detail) == (Status.OVERDUE, "No visit recorded for October 2026")


def test_every_month_since_registration_without_a_visit_is_missed(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    home = home_store.homes.get(hid)
    home_store.homes.update(hid, replace(home.details, registration_date=date(2025, 11, 1), last_inspection_date=None,
                                         last_inspection_grades={}), expect_version=home.version)
    page = quality(window)
    page.show_tab(page.reg44)
    texts = [cell(page.reg44.proxy, r, 0) for r in range(page.reg44.proxy.rowCount())]
    assert len(texts) == 13 and "No visit recorded — November 2025" in texts  # Nov 2025 to Nov 2026
    assert ("Overdue: no visit recorded for 12 months, November 2025 to October 2026"
            in page.reg44.summary.text())


def test_an_empty_log_says_what_to_do_next(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    home = home_store.homes.get(hid)  # records here start this month: nothing missed, nothing recorded
    home_store.homes.update(hid, replace(home.details, registration_date=None, records_start=date(2026, 11, 1)),
                            expect_version=home.version)
    page = quality(window)
    page.show_tab(page.reg44)
    assert page.reg44.summary.text() == "No visits recorded yet: click New visit… (Ctrl+N) to record one"
    home_store.quality.save_visit(Reg44Visit(hid, "David Okoro", date(2026, 11, 3)))
    page.reg44.reload()
    assert page.reg44.summary.text().startswith("1 visit recorded · a visit every month since November 2026")


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


def test_unsaved_self_evaluation_is_saved_when_the_window_closes(qtbot, window: MainWindow, home_store: Store,  # type: ignore[no-untyped-def]
                                                                monkeypatch) -> None:
    tab = quality(window).self_evaluation
    tab.new_record()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    assert window.confirm_unsaved()
    assert len(home_store.quality.evaluations(home_id(home_store))) == 1


def test_each_row_holds_its_record(window: MainWindow, home_store: Store) -> None:
    home_store.quality.save_action(Action(home_id(home_store), "Fix the fire door", "Sam", date(2027, 2, 1)))
    page = quality(window)
    page.show_tab(page.actions_tab)
    row = page.actions_tab.proxy.index(0, 0).data(RECORD_ROLE)
    assert row.action.title == "Fix the fire door" and row.state.word == "Open"


def test_the_dashboards_links_open_the_right_tab_and_record(window: MainWindow, home_store: Store) -> None:
    hid = home_id(home_store)
    done, _ = home_store.quality.save_action(Action(hid, "Finished", "Sam", date(2026, 1, 1), status=ActionStatus.DONE,
                                                    completed_on=date(2026, 1, 2)))
    home_store.quality.save_action(Action(hid, "Late", "Sam", date(2026, 10, 1)))
    home_store.quality.save_action(Action(hid, "Later", "Sam", date(2027, 3, 1)))
    visit, _ = home_store.quality.save_visit(Reg44Visit(hid, "David Okoro", date(2026, 11, 3)))
    page = quality(window)
    assert page.apply_filter("actions") and page.current_tab() is page.actions_tab
    assert [cell(page.actions_tab.proxy, r, 0) for r in range(page.actions_tab.proxy.rowCount())] == ["Late", "Later"]
    assert page.show_record(int(done.id), f"action:{int(done.id)}")  # a closed action: the filter opens up
    assert page.actions_tab.selected() is not None and page.actions_tab.selected().title == "Finished"
    assert page.show_record(int(visit.id), f"reg44:report:{int(visit.id)}") and page.current_tab() is page.reg44
    assert page.reg44.selected() is not None and page.reg44.selected().id == visit.id
    assert page.apply_filter("reg45") and page.current_tab() is page.reg45
    assert not page.apply_filter("something else")
    window.open_record("Action", int(done.id), f"action:{int(done.id)}")  # as a due item on the dashboard does
    assert window.current_page() is page and page.current_tab() is page.actions_tab


def test_criterion_names_have_the_room_and_a_long_grade_wraps(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = quality(window).self_evaluation
    tab.new_record()
    select_criterion(tab, "LM6")
    tab.editor.grade.setCurrentIndex(tab.editor.grade.findData(Grade.REQUIRES_IMPROVEMENT.value))
    qtbot.wait(50)
    header, metrics = tab.tree.header(), tab.tree.fontMetrics()
    grade = tab.tree_model.index_of("LM6").siblingAtColumn(1)
    assert grade.data() == Grade.REQUIRES_IMPROVEMENT.label
    # The grade column is not as wide as the whole phrase: the name column has the room ...
    assert header.sectionSize(1) < metrics.horizontalAdvance(Grade.REQUIRES_IMPROVEMENT.label)
    assert header.sectionSize(0) > header.sectionSize(1)
    # ... and the grade wraps onto a second line rather than being cut.
    tab.tree.doItemsLayout()
    plain = tab.tree.visualRect(tab.tree_model.index_of("LM5")).height()
    assert tab.tree.visualRect(grade).height() >= 2 * metrics.height() > plain


def test_the_reg44_hint_names_the_word_the_log_uses(window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    page = quality(window)
    hints = " ".join(label.text() for label in page.reg44.findChildren(QLabel))
    assert "A past month with no visit shows as Overdue." in hints and "Missed" not in hints
