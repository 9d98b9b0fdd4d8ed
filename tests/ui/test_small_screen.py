"""150% display scaling on a 1366×768 laptop: a screen of about 911×512 in Qt's pixels. The window fits it
(Save, Revert and the status bar above the taskbar), the pages that need more height scroll, the incident
filters take two rows; at 100% on a laptop or a desktop the pages look as they did."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

from carehome_desk.ui.exports.evidence_pack_page import EvidencePackPage
from carehome_desk.store import Store
from carehome_desk.ui.children.children_page import ChildrenPage
from carehome_desk.ui.incidents.incidents_page import LOG_ROWS, IncidentsPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.widgets.page import Page
from carehome_desk.ui.widgets.screen_fit import FRAME, WANTED_MINIMUM, fitted_minimum
from tests.ui.incident_data import add_children_and_incidents

#: The laptop's screen at 150%, and what is left of it under a Windows taskbar (48 px, so 32 at 150%).
LAPTOP_150 = QRect(0, 0, 911, 512)
LAPTOP_150_FREE = QRect(0, 0, 911, 480)
#: The same laptop at 125%.
LAPTOP_125 = QRect(0, 0, 1093, 614)


def show(qtbot, window: MainWindow, kind: type[Page]) -> Page:  # type: ignore[no-untyped-def]
    page = next(p for p in window.pages if isinstance(p, kind))
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.wait_until(page.isVisible)
    return page


def on_small_screen(qtbot, window: MainWindow, free: QRect) -> None:  # type: ignore[no-untyped-def]
    """The window as small as it may be on a screen with ``free`` room (offscreen, the screen is Qt's own)."""
    window.setMinimumSize(fitted_minimum(free))
    window.resize(window.minimumSize())
    qtbot.wait_until(lambda: window.size() == window.minimumSize())


def same_row(widget: QWidget, other: QWidget) -> bool:
    """``widget``'s middle is level with ``other`` (a combo and a date field differ in height by a pixel)."""
    return other.geometry().top() <= widget.geometry().center().y() <= other.geometry().bottom()


def test_the_window_asks_no_more_than_the_screen_has_room_for(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    smallest = fitted_minimum(LAPTOP_150_FREE)
    assert smallest.width() + FRAME.width() <= 911 and smallest.height() + FRAME.height() <= 480
    # A laptop at 100% (a 40 px taskbar) and a desktop keep the usual 900×600.
    assert fitted_minimum(QRect(0, 0, 1366, 728)) == WANTED_MINIMUM == QSize(900, 600)
    assert fitted_minimum(QRect(0, 0, 1920, 1040)) == WANTED_MINIMUM
    # The window itself, on the screen it is shown on.
    free = window.screen().availableGeometry()
    assert window.minimumSize() == fitted_minimum(free)
    assert window.minimumSize().height() + FRAME.height() <= free.height()
    assert window.minimumSize().width() + FRAME.width() <= free.width()


def test_every_page_fits_or_scrolls_on_a_laptop_at_150_percent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    on_small_screen(qtbot, window, LAPTOP_150)
    assert window.height() + FRAME.height() <= LAPTOP_150.height()
    for page in list(window.pages):
        show(qtbot, window, type(page))
        # Nothing squeezed below the size its fields need: what needs more room is in a scroll area.
        qtbot.wait_until(lambda p=page: p.width() >= p.minimumSizeHint().width()
                         and p.height() >= p.minimumSizeHint().height())
    quality = show(qtbot, window, QualityPage)
    assert isinstance(quality, QualityPage)
    area = quality.scroll_area
    qtbot.wait_until(lambda: area.verticalScrollBar().maximum() > 0)  # taller than the room: it scrolls
    assert area.horizontalScrollBar().maximum() == 0  # never sideways
    save = quality.self_evaluation.save_button
    area.ensureWidgetVisible(save)
    qtbot.wait_until(lambda: not save.visibleRegion().isEmpty())  # Save can be brought into view
    pack = show(qtbot, window, EvidencePackPage)
    assert isinstance(pack, EvidencePackPage)
    qtbot.wait_until(lambda: pack.scroll_area.verticalScrollBar().maximum() > 0)
    assert pack.scroll_area.horizontalScrollBar().maximum() == 0
    assert pack.period_row.two_rows  # the quick period buttons below the dates
    # ... at their full height, not cut in half because the introduction above wraps onto two lines: the page
    # scrolls further instead.
    row = pack.period_row
    qtbot.wait_until(lambda: row.height() >= row.minimumSizeHint().height())
    for part in (pack.start, pack.since_inspection, pack.last_year):
        assert part.height() >= part.minimumSizeHint().height(), part.accessibleName() or part.text()
    export = pack.export_button
    pack.scroll_area.ensureWidgetVisible(export)
    qtbot.wait_until(lambda: not export.visibleRegion().isEmpty())


def test_the_scrolling_pages_look_as_before_at_100_percent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        for kind in (QualityPage, EvidencePackPage):
            page = show(qtbot, window, kind)
            area = page.scroll_area  # type: ignore[attr-defined]
            # The content fills the page exactly: no scroll bar, nothing below the fold.
            qtbot.wait_until(lambda a=area: a.widget().size() == a.viewport().size() == page.size())
            assert area.verticalScrollBar().maximum() == 0 and area.horizontalScrollBar().maximum() == 0
        pack = show(qtbot, window, EvidencePackPage)
        assert isinstance(pack, EvidencePackPage)
        assert not pack.period_row.two_rows


def test_the_incident_filters_take_two_rows_when_narrow(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    on_small_screen(qtbot, window, LAPTOP_150)
    page = show(qtbot, window, IncidentsPage)
    assert isinstance(page, IncidentsPage)
    bar = page.filters
    qtbot.wait_until(lambda: bar.rows.two_rows)
    assert page.width() < bar.rows.one_row_width()
    # Every filter at its usual width: the dates show DD/MM/YYYY whole, the child list "All children".
    for field in (bar.date_from, bar.date_to):
        assert field.line.width() > field.line.fontMetrics().horizontalAdvance("DD/MM/YYYY")
    for widget in (bar.type_filter, bar.child_filter, bar.status_filter, bar.date_from, bar.date_to):
        qtbot.wait_until(lambda w=widget: w.width() >= w.sizeHint().width())
    # What to show on the first row, the dates and Clear filters below.
    assert bar.date_from.geometry().top() > bar.type_filter.geometry().bottom()
    assert same_row(bar.status_filter, bar.type_filter) and same_row(bar.clear_button, bar.date_from)
    assert page.minimumSizeHint().width() <= page.width()
    # A laptop at 100%: one row, as before.
    window.setMinimumSize(WANTED_MINIMUM)
    window.resize(1366, 768)
    qtbot.wait_until(lambda: not bar.rows.two_rows)
    qtbot.wait_until(lambda: same_row(bar.date_from, bar.type_filter) and same_row(bar.clear_button, bar.type_filter))


def test_a_short_incidents_page_keeps_three_rows_of_the_log_in_view(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                     home_store: Store) -> None:
    add_children_and_incidents(home_store)  # four incidents
    # 125% on a 1366×768 laptop: the log still above the incident. (Shorter still, at 150%, each takes the whole
    # page in turn: tests/ui/incidents/test_incidents_narrow.py.)
    on_small_screen(qtbot, window, LAPTOP_125)
    page = show(qtbot, window, IncidentsPage)
    assert isinstance(page, IncidentsPage)
    page.table.selectRow(0)  # the first incident open below the log
    table = page.table
    assert not page.narrow and page.record_side.isVisible()
    qtbot.wait_until(lambda: table.viewport().height() >= LOG_ROWS * table.rowHeight(0))
    assert page.splitter.sizes()[0] <= sum(page.splitter.sizes()) // 2  # the incident below keeps half or more


def test_the_children_toolbar_takes_two_rows_when_narrow(qtbot, window: MainWindow, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    add_children_and_incidents(home_store)  # two living here, one who has left
    on_small_screen(qtbot, window, LAPTOP_150)
    page = show(qtbot, window, ChildrenPage)
    assert isinstance(page, ChildrenPage)
    qtbot.wait_until(lambda: page.toolbar.two_rows)
    # The filter box keeps its usual width; who to show and the count are on the row below.
    qtbot.wait_until(lambda: page.filter.width() >= page.filter.sizeHint().width())
    assert page.count.geometry().top() > page.filter.geometry().bottom()
    assert page.count.width() >= page.count.sizeHint().width()  # "2 living here · 1 has left, not shown" whole
    window.setMinimumSize(WANTED_MINIMUM)
    window.resize(1366, 768)
    qtbot.wait_until(lambda: not page.toolbar.two_rows and same_row(page.count, page.filter))
