"""Children and incidents screenshots for scripts/screenshots.py: the register with a child's chronology,
the log, a restraint's form with its reg 35 steps, and a missing episode. Qt must already be set up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from carehome_desk.models.incidents import IncidentType, MissingDetails
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.incidents.incidents_page import IncidentsPage
from carehome_desk.ui.main_window import MainWindow


def settle(app: QApplication) -> None:
    """Let deferred layout work (wrapped labels, row heights, splitter sizes) finish before a grab."""
    for _ in range(8):
        app.processEvents()


def pick_child(page: ChildrenPage) -> None:
    """Select the child living here with the longest chronology."""
    rows = [page.model.record(r) for r in range(page.model.rowCount()) if page.model.record(r).current]
    if not rows:
        return
    counts = {r.child.id: 0 for r in rows}
    for incident in page._incidents:  # noqa: SLF001 - a screenshot helper reads what the page read
        for child_id in incident.child_ids:
            if child_id in counts:
                counts[child_id] += 1
    best = max(rows, key=lambda r: counts[r.child.id])
    page.table.selectRow(page.proxy.mapFromSource(page.model.index(page.model.row_of(int(best.child.id)), 0)).row())


def pick_incident(page: IncidentsPage, kind: IncidentType) -> None:
    """The newest incident of a type (for a missing episode, one with no return interview offered if any)."""
    rows = [page.model.record(r) for r in range(page.model.rowCount())]
    rows = [r for r in rows if r.incident.type is kind]
    if kind is IncidentType.MISSING:
        not_offered = [r for r in rows if isinstance(r.incident.details, MissingDetails)
                       and r.incident.details.rhi_not_offered]
        rows = not_offered or rows
    if rows:
        newest = max(rows, key=lambda r: r.incident.occurred_at)
        page.show_incident(newest.incident.id)


def scroll_to(page: IncidentsPage, title: str) -> None:
    """Scroll the form so a section's group box is at the top."""
    form_area = page.editor.form_area
    for box in page.editor.form.details.boxes:
        if box.title() == title:
            form_area.verticalScrollBar().setValue(box.mapTo(form_area.widget(), box.rect().topLeft()).y())


def prepare(window: MainWindow, app: QApplication) -> None:
    """Before each page's own shot: a child with a chronology; the newest incident in the log."""
    page = window.current_page()
    if isinstance(page, ChildrenPage):
        pick_child(page)
    elif isinstance(page, IncidentsPage) and page.model.rowCount():
        page.table.selectRow(0)
    settle(app)


def shoot(app: QApplication, window: MainWindow, docs: Path) -> None:
    """A restraint with its steps, and a missing episode, at 1366×768 with the log dragged smaller."""
    page = next(p for p in window.pages if isinstance(p, IncidentsPage))
    for width, height in ((1366, 768), (1920, 1080)):
        window.resize(width, height)
        window.nav.setCurrentRow(window.pages.index(page))
        settle(app)
        if page.narrow:  # too short for the log and the incident together (150% on a laptop): each in turn
            pick_incident(page, IncidentType.RESTRAINT)
            page.show_list()
            settle(app)
            window.grab().save(str(docs / "incidents-narrow-list.png"))
            page.table.setFocus()
            page.in_turn.open(focus=True)
            settle(app)
            window.grab().save(str(docs / "incidents-narrow-record.png"))
        total = sum(page.splitter.sizes())
        page.splitter.setSizes([total // 4, total - total // 4])  # as a manager would drag it to work on one
        pick_incident(page, IncidentType.RESTRAINT)
        settle(app)
        scroll_to(page, "Reg 35(3): the three statutory steps")
        settle(app)
        window.grab().save(str(docs / f"incidents-restraint-{width}x{height}.png"))
        pick_incident(page, IncidentType.MISSING)
        settle(app)
        scroll_to(page, "Return home interview")
        settle(app)
        window.grab().save(str(docs / f"incidents-missing-{width}x{height}.png"))
        page.splitter.setSizes([total * 2 // 7, total - total * 2 // 7])
