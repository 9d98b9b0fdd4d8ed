"""At 1366×768 the action plan shows where each action came from, its regulation included, not 'Reg' or 'Ofst'."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from carehome_desk.models.quality import Action, ActionSource
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage


def test_the_source_and_its_regulation_are_in_view(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    (home,) = home_store.homes.list()
    long_title = "Make sure every member of staff has regular, recorded supervision, written up the same week " * 2
    home_store.quality.save_action(Action(home.id, long_title.strip(), "Priya Fairbairn", date(2026, 12, 12),
                                          source=ActionSource.OFSTED_REQUIREMENT, regulation="Reg 33(4)(b)"))
    window.resize(1366, 768)
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.show_tab(page.actions_tab)
    tab = page.actions_tab
    tab.reload()
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    source = headers.index("Source")
    assert source < headers.index("Done on")
    text = tab.proxy.index(0, source).data()
    assert text.startswith("Ofsted requirement — Reg 33(4)(b)")
    header = tab.table.horizontalHeader()
    shown = tab.table.fontMetrics().horizontalAdvance("Ofsted requirement — Reg 33(4)(b)")
    assert header.sectionViewportPosition(source) + shown <= tab.table.viewport().width()
    assert header.sectionSize(source) >= shown
    # The long title is cut to make room, and stays whole in its tooltip.
    assert long_title.strip() in tab.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
