"""150% display scaling on a 1366×768 laptop (about 911×512 in Qt's pixels): the self-evaluation keeps a usable
criteria list, and Quality and Home settings fit the page's width (nothing to scroll sideways for); at 100% on a
laptop or a desktop they are laid out as before."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QWidget

from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
from carehome_desk.ui.settings.home_page import HomePage
from carehome_desk.ui.widgets.screen_fit import WANTED_MINIMUM
from tests.ui.test_small_screen import LAPTOP_150, on_small_screen, same_row, show


def within_width(widget: QWidget, area: QScrollArea) -> bool:
    """``widget`` from its left edge to its right inside the scroll area's viewport (no sideways scrolling)."""
    left = widget.mapTo(area.viewport(), QPoint(0, 0)).x()
    return left >= 0 and left + widget.width() <= area.viewport().width()


def test_the_criteria_keep_a_usable_height_on_a_laptop_at_150_percent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    on_small_screen(qtbot, window, LAPTOP_150)
    page = show(qtbot, window, QualityPage)
    assert isinstance(page, QualityPage)
    page.tabs.setCurrentWidget(page.self_evaluation)
    tab = page.self_evaluation
    tab.new_record()  # a new evaluation: the judgements, the criteria and the first criterion's editor on show
    tree, editor = tab.tree, tab.editor
    qtbot.wait_until(lambda: tab.stacked and tree.isVisible() and editor.isVisible())
    first = tree.model().index(0, 0, tree.model().index(0, 0))  # the first criterion, under its area's heading
    row = tree.visualRect(first).height()
    assert row > 0
    # The list had been squeezed to one heading row; now at least four rows of criteria are in view, and the
    # page scrolls to hold it and the editor rather than squeeze them.
    qtbot.wait_until(lambda: tree.viewport().height() >= 5 * row)  # the heading and four criteria
    area = page.scroll_area
    qtbot.wait_until(lambda: area.verticalScrollBar().maximum() > 0)
    assert area.horizontalScrollBar().maximum() == 0
    # The toolbar fits: "Unsaved changes" (a new evaluation) goes under Save rather than push Revert off the page.
    assert tab.state.text() == "Unsaved changes"
    for widget in (tab.chooser, tab.compare_button, tab.save_button, tab.revert_button, tab.state):
        assert within_width(widget, area)
    assert tab.state.mapTo(tab, QPoint(0, 0)).y() > tab.save_button.mapTo(tab, QPoint(0, 0)).y()
    # Each across the tab (the criteria's names no longer in a 190 px column), the editor under the criteria.
    assert tree.width() == editor.width() >= tab.width() - 60
    assert editor.mapTo(tab, QPoint(0, 0)).y() >= tree.mapTo(tab, QPoint(0, 0)).y() + tree.height()
    assert editor.height() >= 10 * editor.fontMetrics().lineSpacing()
    # Scrolled down, the criteria and the editor are in view together.
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    qtbot.wait_until(lambda: tree.visibleRegion().boundingRect().height() == tree.height())
    assert editor.visibleRegion().boundingRect().height() >= 10 * editor.fontMetrics().lineSpacing()
    # A click on another criterion still shows it in the editor below.
    second = tree.model().index(1, 0, tree.model().index(0, 0))
    tree.setCurrentIndex(second)
    chosen = tab.tree_model.item(second)
    assert editor.criterion is not None and editor.criterion == chosen


def test_the_criteria_stay_beside_the_editor_at_100_percent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        page = show(qtbot, window, QualityPage)
        assert isinstance(page, QualityPage)
        page.tabs.setCurrentWidget(page.self_evaluation)
        tab = page.self_evaluation
        tab.new_record()
        tree, editor = tab.tree, tab.editor
        qtbot.wait_until(lambda: not tab.stacked and editor.isVisible() and tab.width() > size[0] - 300)
        assert editor.mapTo(tab, QPoint(0, 0)).y() == tree.mapTo(tab, QPoint(0, 0)).y()  # side by side
        assert same_row(tab.state, tab.save_button)  # "Unsaved changes" beside Save, as before
        assert tree.minimumHeight() == 0 and editor.minimumHeight() == 0
        area = page.scroll_area
        qtbot.wait_until(lambda a=area: a.widget().size() == a.viewport().size() == page.size())
        assert area.verticalScrollBar().maximum() == 0 and area.horizontalScrollBar().maximum() == 0
        tab.discard()


def test_no_quality_tab_scrolls_sideways_on_a_laptop_at_150_percent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    on_small_screen(qtbot, window, LAPTOP_150)
    page = show(qtbot, window, QualityPage)
    assert isinstance(page, QualityPage)
    area = page.scroll_area
    # The action plan first: its toolbar, wider than the page, had made every tab scroll sideways after it.
    for tab in (page.actions_tab, *page.all_tabs()):
        page.tabs.setCurrentWidget(tab)
        inner = area.widget()
        assert inner is not None
        # Laid out for this tab: the page at least as large as it needs (wider than the window, before).
        qtbot.wait_until(lambda t=tab: t.isVisible() and t.width() >= t.minimumSizeHint().width()
                         and inner.width() >= inner.minimumSizeHint().width())
        assert area.horizontalScrollBar().maximum() == 0
        assert within_width(tab, area)
    assert page.actions_tab.toolbar.two_rows  # which actions to show and the count on a row below the filter
    assert within_width(page.actions_tab.count, area)
    page.tabs.setCurrentWidget(page.reg44)
    intro = next(label for label in page.reg44.findChildren(QLabel) if label.text().startswith("Reg 44"))
    assert intro.text().rstrip().endswith("to edit it.")
    # "… the Reg 44 report reaches Ofst" no more: the introduction wraps to the page, every line in view.
    qtbot.wait_until(lambda: within_width(intro, area) and intro.height() >= intro.heightForWidth(intro.width()))
    # A short tab does not scroll because the self-evaluation is tall.
    qtbot.wait_until(lambda: area.verticalScrollBar().maximum() == 0)


def test_the_audit_trail_goes_under_the_home_details_when_narrow(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    on_small_screen(qtbot, window, LAPTOP_150)
    page = show(qtbot, window, HomePage)
    assert isinstance(page, HomePage)
    columns, area = page.columns, page.scroll_area
    history = columns.side
    assert isinstance(history, QGroupBox) and history.title().startswith("Recent changes")
    qtbot.wait_until(lambda: columns.below)
    qtbot.wait_until(lambda: area.horizontalScrollBar().maximum() == 0)
    # Under the form, across its width, and its heading and entries whole ("Recent changes (au" before).
    qtbot.wait_until(lambda: history.mapTo(columns, QPoint(0, 0)).y() >= columns.main.height())
    area.ensureWidgetVisible(history)
    qtbot.wait_until(lambda: within_width(history, area) and within_width(columns.main, area))
    assert history.width() >= history.fontMetrics().horizontalAdvance(history.title())
    first = page.history.item(0)
    assert first is not None and first.text().endswith("added the home")
    assert page.history.viewport().width() >= page.history.fontMetrics().horizontalAdvance(first.text())
    # A laptop at 100% and a desktop: beside the form, as before.
    window.setMinimumSize(WANTED_MINIMUM)
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        qtbot.wait_until(lambda: not columns.below)
        qtbot.wait_until(lambda: history.mapTo(columns, QPoint(0, 0)).y() == 0
                         and history.x() >= columns.main.x() + columns.main.width())
        assert history.width() <= 440
        assert area.horizontalScrollBar().maximum() == 0
