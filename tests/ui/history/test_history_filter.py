"""Change history's filter: the count says how many of the changes are shown, a filter that leaves none says so
and what to do, and an archive is found by its reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.ui.history.history_page import HistoryPage
from carehome_desk.ui.main_window import MainWindow


def _history(window: MainWindow) -> HistoryPage:
    history = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(history))
    history.reload()
    return history


def test_the_count_follows_the_filter_and_an_empty_result_says_what_to_do(window: MainWindow, home_store: Store) -> None:
    home = home_store.homes.list()[0]
    for name in ("Zara Begum", "Sam Okafor"):
        home_store.staff.add(home.id, StaffDetails(name, StaffRole.RESIDENTIAL_WORKER, date(2024, 1, 8)))
    zara = next(m for m in home_store.staff.list() if m.full_name == "Zara Begum")
    home_store.staff.archive(zara.id, "entered twice")
    history = _history(window)
    total = history.model.rowCount()
    assert history.count.text() == f"{total} changes" and history.no_match.isHidden()

    history.filter.setText("Zara")
    assert history.proxy.rowCount() == 2  # added, then archived
    assert history.count.text() == f"2 of {total} changes" and history.no_match.isHidden()

    history.filter.setText("entered twice")  # the archive's reason
    assert history.proxy.rowCount() == 1 and history.count.text() == f"1 of {total} changes"
    assert history.proxy.index(0, 3).data() == "Staff: Zara Begum"

    history.filter.setText("xyzzy")
    assert history.proxy.rowCount() == 0 and history.count.text() == f"0 of {total} changes"
    assert not history.no_match.isHidden()
    assert history.no_match.text().startswith("No change matches “xyzzy”.")
    assert "clear the filter to see every change" in history.no_match.text()

    history.filter.clear()
    assert history.count.text() == f"{total} changes" and history.no_match.isHidden()


def test_the_columns_still_fill_the_table_after_a_filter_left_no_rows(window: MainWindow, home_store: Store) -> None:
    """The 'no change matches' line moves the table down; the columns refitted then were sized to their headers
    alone, and the last one stopped filling the width when the rows came back."""
    home = home_store.homes.list()[0]
    member, _ = home_store.staff.add(home.id, StaffDetails("Zara Begum", StaffRole.RESIDENTIAL_WORKER,
                                                          date(2024, 1, 8)))
    home_store.staff.archive(member.id, "entered twice, once under her married name as recorded")
    history = _history(window)
    header = history.table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]

    history.filter.setText("xyzzy")
    QApplication.processEvents()  # the refit a resize asks for comes on the next turn of the event loop
    history.filter.setText("Zara")
    QApplication.processEvents()

    assert header.length() == history.table.viewport().width()
    assert [header.sectionSize(c) for c in range(3)] == widths[:3]
