"""Workforce screenshots for scripts/screenshots.py: each Staff tab on the person who shows it best,
and the Record training and Course catalogue dialogs. Qt must already be set up by the caller."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from carehome_desk.models.status import Status
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.workforce.staff_detail_panel import TABS
from carehome_desk.ui.workforce.staff_table_model import StaffRow
from carehome_desk.ui.workforce.training_matrix_page import TrainingMatrixPage


def settle(app: QApplication) -> None:
    """Let deferred layout work (wrapped labels fitting their text) finish before a grab."""
    for _ in range(6):
        app.processEvents()


def _score(row: StaffRow, tab: str) -> tuple[int, ...]:
    """How well a person shows a tab: the demo's deferral, flag, DBS recheck, gaps…"""
    reqs = row.requirements

    def has(area: str, status: Status) -> int:
        return sum(1 for r in reqs if r.area == area and r.status is status)

    if tab == "qualifications":
        return (int("deferred" in (row.qualification.detail if row.qualification else "")),)
    if tab == "checks":
        return (int(row.flag is not None),)
    if tab == "dbs":
        return (has("DBS", Status.DUE_SOON),)
    if tab == "training":
        return (has("Training", Status.OVERDUE), has("Training", Status.DUE_SOON))
    if tab == "supervision":
        return (has("Supervision", Status.OVERDUE),)
    return (int(row.qualification is not None and row.qualification.status is Status.OVERDUE), len(row.urgent))


def pick_person(window: MainWindow, tab: str) -> None:
    """Select the person who best shows ``tab`` on the Staff page and bring that tab forward."""
    page = window.staff_page
    rows = [page.model.record(r) for r in range(page.model.rowCount()) if page.model.record(r).current]
    if rows:
        best = max(rows, key=lambda row: _score(row, tab))
        page.show_person(best.member.id, tab)


def shoot(app: QApplication, window: MainWindow, docs: Path) -> None:
    """Each Staff tab at 1366×768 (the tightest screen), then the two training dialogs."""
    window.resize(1366, 768)
    window.nav.setCurrentRow(window.pages.index(window.staff_page))
    settle(app)
    page = window.staff_page
    if getattr(page, "narrow", False):  # too narrow for the list and the record side by side (150% on a laptop)
        pick_person(window, "details")
        page.show_list()  # type: ignore[attr-defined]
        settle(app)
        window.grab().save(str(docs / "staff-narrow-list.png"))
    for tab in TABS:
        pick_person(window, tab)
        settle(app)
        window.grab().save(str(docs / f"staff-{tab}-1366x768.png"))
    training = next(p for p in window.pages if isinstance(p, TrainingMatrixPage))
    window.nav.setCurrentRow(window.pages.index(training))
    settle(app)
    proxy = training.proxy
    cell = next((proxy.index(r, c) for r in range(proxy.rowCount()) for c in range(1, proxy.columnCount())
                 if str(proxy.index(r, c).data()).startswith("Overdue")), None)
    if cell is not None:
        training.table.setCurrentIndex(cell)
        training.table.activated.emit(cell)
        settle(app)
        if training.dialog is not None:
            training.dialog.grab().save(str(docs / "training-record-dialog.png"))
            training.dialog.reject()
    _dbs_dialog(app, window, docs)
    window.nav.setCurrentRow(window.pages.index(training))
    settle(app)
    training.open_catalogue()
    settle(app)
    if training.dialog is not None:
        training.dialog.grab().save(str(docs / "training-course-catalogue.png"))
        training.dialog.reject()


def _dbs_dialog(app: QApplication, window: MainWindow, docs: Path) -> None:
    """The Add DBS certificate dialog after Save with a short number and no issue date: messages at their fields."""
    from carehome_desk.ui.workforce.dbs_dialogs import CertificateDialog

    page = window.staff_page
    rows = [page.model.record(r) for r in range(page.model.rowCount())]
    if not rows:
        return
    dialog = CertificateDialog(window.store, rows[0].member.id, parent=window)
    dialog.show()
    settle(app)
    dialog.grab().save(str(docs / "staff-dbs-dialog.png"))
    dialog.number.setText("1234")
    dialog.try_save()
    settle(app)
    dialog.grab().save(str(docs / "staff-dbs-dialog-problems.png"))
    dialog.reject()
    dialog.deleteLater()
