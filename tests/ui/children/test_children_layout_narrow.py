"""The Children page on a small window (911×512): with no child open, the register uses the room beside it
instead of scrolling both ways in a narrow strip; opening a child gives their entry its room back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView

from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import Home, add_children_and_incidents


@pytest.fixture
def home(home_store: Store) -> Home:
    return add_children_and_incidents(home_store)


def small_window(qtbot, window: MainWindow) -> ChildrenPage:  # type: ignore[no-untyped-def]
    window.resize(911, 512)
    page = next(p for p in window.pages if isinstance(p, ChildrenPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.reload()
    qtbot.wait_until(lambda: page.proxy.rowCount() > 0 and page.isVisible())
    return page


def every_column_in_view(table: QTableView) -> bool:
    header = table.horizontalHeader()
    last = header.count() - 1
    return (table.horizontalScrollBar().maximum() == 0
            and header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width())


def keep_picture(qtbot, page: ChildrenPage, name: str) -> None:  # type: ignore[no-untyped-def]
    """CAREHOME_SHOTS=DIR keeps a picture of the page, to look at (once the toolbar has settled)."""
    if folder := os.environ.get("CAREHOME_SHOTS"):
        qtbot.wait(200)
        page.window().grab().save(str(Path(folder) / name))


def test_with_no_child_open_the_register_uses_the_room(qtbot, home: Home, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = small_window(qtbot, window)
    assert page.detail_stack.currentIndex() == 0
    qtbot.wait_until(lambda: every_column_in_view(page.table))
    keep_picture(qtbot, page, "children_911_nobody.png")
    assert page.placeholder.isVisible()  # still saying what to do, beside the register
    listed = page.splitter.sizes()[0]
    assert listed > page.splitter.width() // 2
    # Opening a child gives their entry its room back: the form is not cut off at the side.
    page.table.selectRow(0)
    assert page.detail_stack.currentIndex() == 1
    qtbot.wait_until(lambda: page.splitter.sizes()[0] < listed)
    qtbot.wait_until(lambda: page.detail_stack.width() >= page.form.needed_width())
    keep_picture(qtbot, page, "children_911_open.png")

