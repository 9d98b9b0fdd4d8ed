"""A save on the dashboard: the figures on show equal a compute from nothing, and only what changed is redone.

The worker keeps slices between saves (services/dashboard_slices.py); on the GUI thread the needs
list tells its view only of the rows that differ and sizes its columns only when a column's widest
words changed, so a manager's selection stays put and the table does not jump.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QTableView

from carehome_desk.models.children import Child, ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.training import TrainingRecord
from carehome_desk.services.dashboard import needs_action
from carehome_desk.services.dashboard_backlog import backlog
from carehome_desk.services.dashboard_clocks import Clocks, within
from carehome_desk.services.dashboard_data import Part, Request, Result, compute
from carehome_desk.services.due import DueItem
from carehome_desk.store import Store
from carehome_desk.ui.dashboard.dashboard_page import DashboardPage
from carehome_desk.ui.dashboard.dashboard_sections import NeedsActionSection
from carehome_desk.ui.dashboard.needs_action_table_model import NeedsActionTableModel, NeedsRow
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, Column, RecordTableModel
from tests.conftest import FIXED_NOW
from tests.ui.workforce_data import TODAY, Workforce, add_workforce

SHOWN = frozenset({Part.TILES, Part.NEEDS, Part.CLOCKS})


def settled(qtbot, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = window.dashboard
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.waitUntil(lambda: bool(page.tiles.widgets) and page.up_to_date() and not page.work.pending(),
                    timeout=10_000)
    return page


def from_nothing(store: Store, page: DashboardPage) -> Result:
    """What a compute with nothing kept gives for the home on show."""
    return compute(store, Request(page.home_id, store.today(), page.period.spec, SHOWN))


def on_show(page: DashboardPage) -> tuple[list[tuple[str, str, str]], list[DueItem], tuple[object, ...]]:
    """The tiles' figures, the needs list's items (band and backlog together) and the band's rows."""
    tiles = [(w.tile.key, w.tile.value, w.tile.title) for w in page.tiles.widgets]
    items = page.needs.model.items()
    band = tuple((c.incident_id, c.requirement_key) for c in page.band.model.items())
    return tiles, items, band


def expected(store: Store, page: DashboardPage) -> tuple[list[tuple[str, str, str]], list[DueItem], tuple[object, ...]]:
    """The same three from a compute with nothing kept: the band's steps left out of the backlog, as on show."""
    fresh = from_nothing(store, page)
    tiles, items, clocks = fresh.values[Part.TILES], fresh.values[Part.NEEDS], fresh.values[Part.CLOCKS]
    assert isinstance(tiles, list) and isinstance(items, list) and isinstance(clocks, Clocks)
    band = tuple((c.incident_id, c.requirement_key) for c in within(clocks.items, store.now()))
    leave_out = {(int(page.home_id or 0), incident, key) for incident, key in band}
    return ([(t.key, t.value, t.title) for t in tiles], [i for g in backlog(items, leave_out) for i in g.items], band)


@pytest.fixture
def staffed(home_store: Store) -> tuple[Workforce, Child]:
    """The known workforce and a child, recorded before the window opens."""
    workforce = add_workforce(home_store)
    child, _ = home_store.children.add(workforce.home_id, ChildDetails("C-1", "AB", date(2011, 1, 1),
                                                                       date(2025, 1, 5)))
    return workforce, child


def test_after_an_incident_save_and_a_training_save_the_figures_on_show_are_a_full_computes(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, staffed: tuple[Workforce, Child], window: MainWindow) -> None:
    workforce, child = staffed
    page = settled(qtbot, window)
    assert on_show(page) == expected(home_store, page)
    before = on_show(page)

    _, changes = home_store.incidents.add(workforce.home_id, IncidentDetails(
        IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=3), (child.id,), "Hold", details=RestraintDetails()))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: on_show(page) != before and page.up_to_date() and not page.work.pending(),
                    timeout=10_000)
    assert page.band.model.rowCount() > 0  # the restraint's clocks
    assert on_show(page) == expected(home_store, page)

    after_incident = on_show(page)
    fire = workforce.course(home_store, "Fire safety")
    _, changes = home_store.workforce.add_training(TrainingRecord(workforce.checked, fire.id, TODAY))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: on_show(page) != after_incident and page.up_to_date() and not page.work.pending(),
                    timeout=10_000)
    assert on_show(page) == expected(home_store, page)
    assert on_show(page)[2] == after_incident[2]  # the band was not touched by a training save


def rows_of(model: NeedsActionTableModel) -> list[NeedsRow]:
    return [model.record(r) for r in range(model.rowCount())]


def test_the_needs_list_keeps_its_column_widths_unless_the_widest_words_change(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store) -> None:
    home = home_store.homes.list()[0]
    add_workforce(home_store)
    items = needs_action(home_store, TODAY, home.urn)
    assert len(items) > 3
    section = NeedsActionSection()
    qtbot.addWidget(section)
    section.resize(1400, 600)
    section.show()
    section.set_items(items, show_home=False)
    header = section.table.horizontalHeader()
    who = 4
    header.resizeSection(who, 61)  # as if the manager dragged it

    again = DueItem(items[0].home, replace(items[0].requirement, key=f"{items[0].requirement.key}:again"))
    section.set_items([*items, again], show_home=False)  # one more row, in words already there
    assert header.sectionSize(who) == 61
    assert [r.item for r in rows_of(section.model) if r.item is not None] == \
        [i for g in backlog([*items, again]) for i in g.items]

    longer = [DueItem(items[0].home, replace(items[0].requirement,
                                             subject="Bartholomew Fitzwilliam-Montgomery-Smythe")), *items[1:]]
    section.set_items(longer, show_home=False)
    assert header.sectionSize(who) != 61  # a wider name: the column is sized to the words again
    assert any(r.item is not None and r.item.requirement.subject.startswith("Bartholomew")
               for r in rows_of(section.model))


def test_new_rows_above_leave_the_selected_row_selected(qtbot) -> None:  # type: ignore[no-untyped-def]
    model: RecordTableModel[str] = RecordTableModel([Column("Name", lambda s: s)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.update_rows(["Ann", "Ben", "Cal"])
    view.selectionModel().setCurrentIndex(model.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.update_rows(["Abe", "Ann", "Ben", "Cal"])  # one row in above the selected one
    assert view.currentIndex().data(RECORD_ROLE) == "Ben"
    model.update_rows(["Abe", "Ben", "Cal"])  # one row out above it
    assert view.currentIndex().data(RECORD_ROLE) == "Ben"
    model.update_rows(["Abe", "Ben", "Cy"])  # changed below it
    assert [model.record(r) for r in range(model.rowCount())] == ["Abe", "Ben", "Cy"]
    assert view.currentIndex().data(RECORD_ROLE) == "Ben"
    model.update_rows([])
    assert model.rowCount() == 0
