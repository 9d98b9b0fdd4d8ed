"""What made some saves slow: a count gaining a digit redrew every chart, and the cycle collector's full
passes landed inside a save's recompute or its chart's drawing. These check the behaviour that removes them
(no timings: where the milliseconds went is measured by scripts/save_phases.py)."""

from __future__ import annotations

import gc
import io
import os
import pickle
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from carehome_desk.models.status import Status
from carehome_desk.services.dashboard import needs_action
from carehome_desk.services.due import DueItem
from carehome_desk.store import Store
from carehome_desk.ui.dashboard import chart_process
from carehome_desk.ui.dashboard.chart_wire import read_reply
from carehome_desk.ui.dashboard.dashboard_sections import NeedsActionSection
from carehome_desk.ui.main_window import MainWindow
from tests.ui.conftest import discard_all
from tests.ui.dashboard.test_chart_process import INCIDENTS, SIZE
from tests.ui.dashboard.test_dashboard_page import loaded
from tests.ui.workforce_data import TODAY, add_workforce


@pytest.fixture
def nothing_set_aside() -> Iterator[None]:
    """The cycle collector as a fresh process has it (nothing set aside), and so again after the test."""
    gc.unfreeze()
    yield None
    gc.unfreeze()


def needs(home_store: Store, in_band: int) -> tuple[list[DueItem], set[tuple[int, int, str]]]:
    """30 overdue, 2 missing and 20 due soon, ``in_band`` of those in the Next 72 hours band (left out below)."""
    home = home_store.homes.list()[0]
    model = needs_action(home_store, TODAY, home.urn)[0].requirement
    items = [DueItem(home, replace(model, key=f"{status.name}:{n}", subject_id=1000 + n, status=status))
             for status, count in ((Status.OVERDUE, 30), (Status.MISSING, 2), (Status.DUE_SOON, 20))
             for n in range(count)]
    band = {(int(home.id), 1000 + n, f"DUE_SOON:{n}") for n in range(in_band)}
    return items, band


def test_a_count_gaining_a_digit_leaves_the_needs_list_as_wide_as_it_was(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store) -> None:
    """In a window narrower than the page's widest part, that part sets every section's width, the charts'
    too: the counts' words must not be it, or a save that takes '9 of them' to '10 of them' widens every
    chart and has all four drawn again."""
    add_workforce(home_store)
    section = NeedsActionSection()
    qtbot.addWidget(section)
    section.resize(320, 400)
    section.show()
    items, band = needs(home_store, 9)
    section.set_items(items, show_home=False, leave_out=band)
    QApplication.processEvents()  # the label's new words and looks laid out
    narrowest = section.minimumSizeHint().width()
    assert section.counts.text() == "30 overdue · 2 missing · 20 due soon · 9 of them in the Next 72 hours above"

    items, band = needs(home_store, 10)
    section.set_items(items, show_home=False, leave_out=band)
    QApplication.processEvents()
    assert section.counts.text() == "30 overdue · 2 missing · 20 due soon · 10 of them in the Next 72 hours above"
    assert section.minimumSizeHint().width() == narrowest
    assert section.minimumSizeHint().width() < section.counts.fontMetrics().horizontalAdvance(section.counts.text())
    # Wrapped in the narrow section: every word still shown, over more than one line.
    qtbot.waitUntil(lambda: section.counts.height() > section.counts.fontMetrics().height() * 1.5, timeout=5_000)


def test_the_window_start_up_objects_are_set_aside_once_its_first_figures_are_on_show(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, qsettings: QSettings, nothing_set_aside: object) -> None:
    """Set aside from the collector's full passes, which walked them all inside a save every few dozen."""
    add_workforce(home_store)
    made_at_start = [object()]  # a container the collector tracks, made before the window's figures
    w = MainWindow(home_store, qsettings)
    qtbot.addWidget(w, before_close_func=discard_all)
    w.show()
    assert gc.get_freeze_count() == 0  # not while the window is still starting
    page = loaded(qtbot, w)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    assert gc.get_freeze_count() > 0
    assert not any(o is made_at_start for o in gc.get_objects())  # out of the collector's passes
    made_later = [object()]
    assert any(o is made_later for o in gc.get_objects())  # what comes after is collected as before


def counting_collections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The collections asked for from now on (each still done), by the generation asked for."""
    asked: list[int] = []
    real = gc.collect

    def collect(generation: int = 2) -> int:
        asked.append(generation)
        return real(generation)
    monkeypatch.setattr(gc, "collect", collect)
    return asked


def _requests(count: int) -> bytes:
    return b"".join(pickle.dumps(("render", "Incidents", INCIDENTS, SIZE), protocol=pickle.HIGHEST_PROTOCOL)
                    for _ in range(count))


def _replies(data: bytes, count: int) -> list[str]:
    replies = io.BytesIO(data)
    return [read_reply(replies, None)[0] for _ in range(count)]


def test_the_chart_process_sets_matplotlib_aside_and_collects_between_drawings(  # type: ignore[no-untyped-def]
        monkeypatch, nothing_set_aside: object) -> None:
    collected = counting_collections(monkeypatch)
    replies = io.BytesIO()
    chart_process.serve(io.BytesIO(_requests(2)), replies)  # (a pipe nothing can be asked of: nothing waits)
    assert _replies(replies.getvalue(), 2) == ["ok", "ok"]
    assert gc.get_freeze_count() > 0  # matplotlib's objects, made by the warm-up, set aside
    # The warm-up drawing's cycles collected before the rest was set aside, then each drawing's once its reply
    # was sent.
    assert len(collected) == 3


def test_the_chart_process_does_not_collect_while_a_drawing_is_waiting(  # type: ignore[no-untyped-def]
        monkeypatch, nothing_set_aside: object) -> None:
    collected = counting_collections(monkeypatch)
    read, write = os.pipe()
    os.write(write, _requests(2))
    os.close(write)  # both asked at once; then the end of the pipe (which select also calls readable)
    replies = io.BytesIO()
    with os.fdopen(read, "rb") as requests:
        chart_process.serve(requests, replies)
    assert _replies(replies.getvalue(), 2) == ["ok", "ok"]
    assert collected == []  # the second drawing was not kept waiting behind a collection
