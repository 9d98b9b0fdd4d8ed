"""A window about 911 px wide in Qt's pixels (150% display scaling on a 1366×768 laptop): pages whose words
were cut off there now wrap them instead."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from carehome_desk.ui.history.history_page import HistoryPage
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage

NARROW = (911, 600)


def test_change_history_fits_a_narrow_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(*NARROW)
    page = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.wait_until(lambda: page.isVisible() and page.width() < 760)
    # Its one-line introduction had made the page wider than the window, so its right edge was cut off.
    assert page.minimumSizeHint().width() <= page.width()
    intro = next(label for label in page.findChildren(QLabel) if label.text().startswith("Every save is recorded"))
    qtbot.wait_until(lambda: intro.height() >= intro.heightForWidth(intro.width()))  # every line in view


def test_the_judgements_are_named_in_full_in_a_narrow_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(*NARROW)
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.tabs.setCurrentWidget(page.self_evaluation)
    page.self_evaluation.new_record()  # a new evaluation: its three judgements on show
    box = page.self_evaluation.judgements
    qtbot.wait_until(lambda: box.isVisible() and box.width() < 700)
    captions = [label for label in box.findChildren(QLabel) if label.buddy() in box.combos.values()]
    assert len(captions) == 3
    for caption in captions:  # "How well children are helped and protected (limiting)": wrapped, not cut
        assert caption.text().endswith(("(limiting)", "(graded)", "(headline)"))
        qtbot.wait_until(lambda c=caption: c.width() >= c.minimumSizeHint().width()
                         and c.height() >= c.heightForWidth(c.width()))


def test_the_judgements_stay_on_one_line_on_a_laptop_at_100_percent(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.tabs.setCurrentWidget(page.self_evaluation)
    page.self_evaluation.new_record()
    box = page.self_evaluation.judgements
    qtbot.wait_until(lambda: box.isVisible() and box.width() > 1000)
    for caption in box.captions:
        line = caption.fontMetrics().lineSpacing()
        qtbot.wait_until(lambda c=caption: not c.wordWrap() and c.width() >= c.sizeHint().width())
        assert caption.height() < 2 * line
