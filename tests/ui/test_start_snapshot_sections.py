"""The first frame paints the dashboard's heading, period and tiles only; the sections below it come just after.

The clock band, setup list, needs list, all-homes table and charts (and the chart process) are made once the
first frame is on screen, before the store is opened: they say they are loading until the worker answers,
they sit where the usual start puts them, and Tab reaches them in the same order as after a usual start.
Real SQLite files and the application controller, as in test_start_snapshot.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from carehome_desk import start_snapshot
from carehome_desk.ui.dashboard.dashboard_page import WORKING
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.page import PageId
from tests.ui.test_start_snapshot import at_first_frame, controllers, early_window, first_run, plain_db  # noqa: F401 - fixtures

__all__ = ["controllers", "plain_db"]


def tab_stops(window: MainWindow) -> list[str]:
    """The dashboard's Tab stops in the order Tab visits them: (class, accessible name or text) of each."""
    page = window.dashboard
    stops: list[str] = []
    start = widget = page.period.combo
    while True:
        if (page.isAncestorOf(widget) and widget.isVisibleTo(window) and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None):
            name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
            stops.append(f"{type(widget).__name__}:{name}")
        widget = widget.nextInFocusChain()
        if widget is start:
            return stops


def sections_in_order(window: MainWindow) -> list[QWidget]:
    """The widgets of the dashboard's scrolling body, top to bottom."""
    body = window.dashboard._body
    items = (body.itemAt(i) for i in range(body.count()))
    return [w for w in (item.widget() for item in items if item is not None) if w is not None]


def test_the_sections_below_the_tiles_come_after_the_first_frame_and_say_they_are_loading(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    _, window = early_window(qtbot, controllers, plain_db)
    page = window.dashboard
    assert not page.built and not hasattr(page, "needs") and not hasattr(page, "charts")
    assert page.tiles.widgets and page.tiles.isVisibleTo(window)  # the real tiles are painted

    page.build_rest()  # what the next turn does first, before the store is opened
    assert page.built
    assert sections_in_order(window) == [page.backup_notice, page.headline, page.homes, page.band, page.setup,
                                         page.needs, page.tiles, page.charts]
    assert page.needs.empty.text() == WORKING and page.needs.table.isHidden()
    qtbot.waitUntil(page.needs.isVisible)  # shown on the next turn, as a widget put in a window on screen is

    qtbot.waitUntil(lambda: window.attached and page.up_to_date() and page._loaded, timeout=20000)
    assert page.needs.empty.text() != WORKING  # the worker's answer replaced the loading words
    assert window.current_page().page_id is PageId.DASHBOARD


def test_tab_visits_the_first_frames_dashboard_in_the_usual_starts_order(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    usual = controllers()
    assert usual.start(plain_db, explicit=True)
    assert usual.window is not None and usual.window.attached  # no snapshot yet: the usual start
    qtbot.waitUntil(start_snapshot.snapshot_path().exists, timeout=20000)
    qtbot.waitUntil(lambda: usual.window is not None and usual.window.dashboard.up_to_date(), timeout=20000)
    expected = tab_stops(usual.window)
    usual.window.close()
    usual.shutdown()
    usual.window = None

    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None and not window.attached
    qtbot.waitUntil(lambda: window.attached and window.dashboard.up_to_date() and window.dashboard._loaded,
                    timeout=20000)
    got = tab_stops(window)
    assert any(stop.startswith("TileWidget:") for stop in got)
    assert got == expected


def test_a_tile_clicked_in_the_first_frame_opens_its_page_once_the_store_is_attached(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    _, window = early_window(qtbot, controllers, plain_db)
    tile = next(w for w in window.dashboard.tiles.widgets if w.tile.opens)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)  # before the sections or the store exist
    qtbot.keyClick(window.dashboard.period.combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.attached, timeout=20000)
    assert window.current_page().page_id is PageId(tile.tile.opens)


def test_the_first_frame_is_shown_before_matplotlib_or_the_needs_lists_modules(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    """In a fresh process, as `carehome-desk --db FILE` starts: no sections module and no matplotlib yet (the
    chart process is started before Qt, as a separate process that imports matplotlib on the other core)."""
    first_run(qtbot, controllers, plain_db)
    later = ("carehome_desk.ui.dashboard.dashboard_sections", "carehome_desk.ui.dashboard.dashboard_band",
             "carehome_desk.ui.settings.lock_screen", "matplotlib", "holidays")  # bank holidays past the list
    got = at_first_frame(plain_db, "'first frame' if not window.attached else 'usual start', "
                                   f"[m for m in {later!r} if m in sys.modules]")
    assert got == "first frame []"


def test_a_tile_focused_in_the_first_frame_keeps_the_focus_when_the_store_is_attached(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:  # noqa: F811 - the fixtures imported above
    _, window = early_window(qtbot, controllers, plain_db)
    tile = window.dashboard.tiles.widgets[2]
    tile.setFocus()
    assert window.focusWidget() is tile
    qtbot.waitUntil(lambda: window.attached and window.dashboard.up_to_date() and window.dashboard._loaded,
                    timeout=20000)
    assert window.focusWidget() is tile and tile.isVisible()
    assert window.dashboard.tiles.widgets[2] is tile  # updated in place, not made again
