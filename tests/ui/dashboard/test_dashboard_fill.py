"""The first answer for a home is put on the dashboard in turns (tiles, then the band, then the list), a
save's in the turn it arrives: the page is never left half-filled. Until the last turn has run
``up_to_date`` is False; after it, what is on show equals a compute from nothing, and a later answer's
figures are the ones left on show."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from carehome_desk.models.children import Child
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.services.dashboard_data import Part, Request, compute
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW
from tests.ui.dashboard.test_dashboard_saves import SHOWN, expected, on_show, settled, staffed  # noqa: F401
from tests.ui.workforce_data import Workforce


def _answer(page, store: Store, *, first: bool = True):  # type: ignore[no-untyped-def]
    """A new answer for the home on show, as the worker would give it (asked for as the page asks); with
    ``first``, as the first answer for the home (as when it has just been chosen)."""
    page._loaded = not first
    page._jobs += 1
    request = Request(page.home_id, store.today(), page.period.spec, SHOWN, page._jobs)
    for part in SHOWN:
        page._asked[part] = request.job
    return compute(store, request)


def _restraint(store: Store, workforce: Workforce, child: Child, hours: int) -> None:
    store.incidents.add(workforce.home_id, IncidentDetails(
        IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=hours), (child.id,), "Hold", details=RestraintDetails()))


def test_an_answer_fills_the_tiles_then_the_band_then_the_list_each_in_its_own_turn(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: tuple[Workforce, Child], window: MainWindow) -> None:
    workforce, child = staffed
    page = settled(qtbot, window)
    before = on_show(page)
    _restraint(home_store, workforce, child, 3)  # new tiles, new band rows, new list items
    page._apply(_answer(page, home_store))
    assert page.filling() and not page.up_to_date()
    assert on_show(page) == before  # nothing filled in the answer's own turn
    page._next_step()  # the tiles' turn
    tiles, items, band = on_show(page)
    assert tiles == expected(home_store, page)[0] and tiles != before[0]
    assert (items, band) == before[1:] and page.filling() and not page.up_to_date()
    page._next_step()  # the band's turn
    assert on_show(page)[2] == expected(home_store, page)[2] != before[2]
    assert page.filling() and not page.up_to_date()
    page._next_step()  # the list's turn: the last
    assert not page.filling() and page.up_to_date()
    assert on_show(page) == expected(home_store, page)
    shown = {(i.requirement.subject_id, i.requirement.key) for i in page.needs.model.items()}
    assert not {(incident, key) for incident, key in page.band.shown_keys()} & shown  # one place each


def test_two_answers_in_a_row_leave_the_later_ones_figures_on_show(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: tuple[Workforce, Child], window: MainWindow) -> None:
    workforce, child = staffed
    page = settled(qtbot, window)
    _restraint(home_store, workforce, child, 3)
    first = _answer(page, home_store)
    _restraint(home_store, workforce, child, 5)
    second = _answer(page, home_store)
    page._apply(first)  # older (its parts were asked for again since): nothing of it is shown
    page._apply(second)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    assert on_show(page) == expected(home_store, page)
    assert len(page.band.shown_keys()) > 0


def test_a_key_pressed_while_an_answer_is_filled_in_is_answered_before_the_list_is(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: tuple[Workforce, Child], window: MainWindow) -> None:
    workforce, child = staffed
    page = settled(qtbot, window)
    box = QLineEdit(window)
    typed: list[bool] = []  # for each key handled: was the answer still being filled in?
    box.textChanged.connect(lambda _text: typed.append(page.filling()))
    _restraint(home_store, workforce, child, 3)
    page._apply(_answer(page, home_store))
    QApplication.postEvent(box, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    assert box.text() == "a" and typed == [True]  # answered between the turns, not after the last
    assert on_show(page) == expected(home_store, page)


def test_a_saves_answer_is_put_on_show_in_the_turn_it_arrives(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: tuple[Workforce, Child], window: MainWindow) -> None:
    workforce, child = staffed
    page = settled(qtbot, window)
    before = on_show(page)
    _restraint(home_store, workforce, child, 3)
    page._apply(_answer(page, home_store, first=False))
    assert not page.filling() and page.up_to_date()  # one layout and one paint of the page, not three
    assert on_show(page) == expected(home_store, page) != before


def test_a_saves_answer_arriving_while_a_first_answer_is_filled_in_waits_its_turn(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: tuple[Workforce, Child], window: MainWindow) -> None:
    workforce, child = staffed
    page = settled(qtbot, window)
    before = on_show(page)
    page._apply(_answer(page, home_store))  # the first answer for the home: three turns
    _restraint(home_store, workforce, child, 3)
    page._apply(_answer(page, home_store, first=False))  # a save's, before those turns have run
    assert page.filling() and on_show(page) == before  # not everything at once in this turn
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    assert on_show(page) == expected(home_store, page) != before
