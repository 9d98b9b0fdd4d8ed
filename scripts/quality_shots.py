"""Quality screenshots for scripts/screenshots.py: each tab of the Quality page, a new evaluation with its
flags, grades that break a rule, the comparison, and the dialogs. Qt must already be set up by the caller."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.quality import ActionSource
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE

TABS = ("self-evaluation", "action-plan", "reg44-visits", "reg45-reviews", "inspections")


def settle(app: QApplication) -> None:
    """Let deferred layout work finish before a grab."""
    for _ in range(6):
        app.processEvents()


def page_of(window: MainWindow) -> QualityPage:
    """The Quality page, brought forward."""
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def _pick(page: QualityPage) -> None:
    """Rows that show each tab at its most telling: a criterion with figures, a visit with recommendations."""
    tab = page.self_evaluation
    tab.tree.setCurrentIndex(tab.tree_model.index_of("HP3"))
    reg44 = page.reg44
    for r in range(reg44.proxy.rowCount()):
        row = reg44.proxy.index(r, 0).data(RECORD_ROLE)
        if row is not None and row.visit is not None and len(row.visit.recommendations) > 1:
            reg44.table.selectRow(r)
            break


def shoot_tabs(app: QApplication, window: MainWindow, docs: Path, size: str) -> None:
    """Each tab at the window's current size: docs/quality-<tab>-<size>.png."""
    page = page_of(window)
    settle(app)
    _pick(page)
    for index, name in enumerate(TABS):
        page.tabs.setCurrentIndex(index)
        settle(app)
        window.grab().save(str(docs / f"quality-{name}-{size}.png"))
    page.tabs.setCurrentIndex(0)


def _dialog(app: QApplication, dialog: QWidget | None, path: Path) -> None:
    if dialog is None:
        return
    settle(app)
    dialog.grab().save(str(path))
    dialog.close()


def shoot(app: QApplication, window: MainWindow, docs: Path) -> None:
    """The states and dialogs worth a picture, at 1366×768 (the tightest screen)."""
    window.resize(1366, 768)
    page = page_of(window)
    tab = page.self_evaluation
    page.tabs.setCurrentWidget(tab)
    settle(app)
    tab.compare()
    _dialog(app, tab.dialog, docs / "quality-compare.png")
    # A new evaluation: the records' figures linked, criteria with nothing recent flagged.
    tab.new_record()
    tab.tree.setCurrentIndex(tab.tree_model.index_of("OEP3"))
    settle(app)
    window.grab().save(str(docs / "quality-self-evaluation-new-1366x768.png"))
    tab.add_link("HP3")
    _dialog(app, tab.dialog, docs / "quality-link-evidence.png")
    # Grades that break Ofsted's rules, explained beside them.
    box = tab.judgements
    for judgement, grade in ((Judgement.HELPED_PROTECTED, Grade.INADEQUATE), (Judgement.LEADERSHIP, Grade.GOOD),
                             (Judgement.OVERALL, Grade.GOOD)):
        box.combos[judgement].setCurrentIndex(box.combos[judgement].findData(grade.value))
    settle(app)
    window.grab().save(str(docs / "quality-self-evaluation-conflict-1366x768.png"))
    tab.discard()
    # An Ofsted requirement without its regulation: refused at the field.
    page.tabs.setCurrentWidget(page.actions_tab)
    page.actions_tab.new_record()
    dialog = page.actions_tab.dialog
    if dialog is not None:
        dialog.title_box.setPlainText("Make sure every member of staff has regular, recorded supervision")
        dialog.source.setCurrentIndex(dialog.source.findData(ActionSource.OFSTED_REQUIREMENT.value))
        dialog.try_save()
        _dialog(app, dialog, docs / "quality-action-invalid.png")
    page.tabs.setCurrentWidget(page.reg44)
    settle(app)
    page.reg44.edit_selected()
    _dialog(app, page.reg44.dialog, docs / "quality-reg44-visit-dialog.png")
    page.tabs.setCurrentWidget(page.inspections)
    settle(app)
    page.inspections.edit_selected()
    _dialog(app, page.inspections.dialog, docs / "quality-inspection-dialog.png")
    page.tabs.setCurrentIndex(0)
