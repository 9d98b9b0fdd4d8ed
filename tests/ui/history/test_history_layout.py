"""At 1366×768 a long record name is cut, whole in its tooltip, so what changed stays in view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from carehome_desk.models.quality import Action
from carehome_desk.store import Store
from carehome_desk.ui.history.history_page import RECORD, HistoryPage
from carehome_desk.ui.main_window import MainWindow


def test_fields_changed_stays_in_view_beside_a_long_record_name(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    (home,) = home_store.homes.list()
    title = "Make sure every member of staff has regular, recorded supervision and that it is written up " * 2
    home_store.quality.save_action(Action(home_id=home.id, title=title.strip(), owner="Priya Fairbairn",
                                         due=date(2026, 12, 12)))
    window.resize(1366, 768)
    page = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.trail.wait()
    page.reload()
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[RECORD] == "Record"
    header = page.table.horizontalHeader()
    fields = headers.index("Fields changed")
    assert header.sectionViewportPosition(fields) + 60 <= page.table.viewport().width()
    row = next(r for r in range(page.model.rowCount()) if "recorded supervision" in page.model.index(r, RECORD).data())
    assert page.model.index(row, RECORD).data(Qt.ItemDataRole.ToolTipRole) == page.model.index(row, RECORD).data()
