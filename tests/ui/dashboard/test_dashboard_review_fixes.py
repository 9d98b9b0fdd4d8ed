"""A review of the kept dashboard slices: a recompute that fails (a dropped server connection, a locked
file) must not lose what it was asked for, and the needs heading follows an item in the band going overdue.

The failure is injected as one transient read error on the worker (fault injection, as a full disk is
elsewhere): every record stays in the real SQLite store."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy.exc import OperationalError

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.status import Status
from carehome_desk.services.dashboard import needs_action
from carehome_desk.services.dashboard_data import Part, Request, compute
from carehome_desk.services.due import DueItem
from carehome_desk.store import Store
from carehome_desk.ui.dashboard.dashboard_sections import NeedsActionSection, counts_text
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW, Clock
from tests.ui.workforce_data import TODAY, add_workforce


def tiles_of(page):  # type: ignore[no-untyped-def]
    return {w.tile.key: w.tile.value for w in page.tiles.widgets}


def _after_a_failed_recompute_and_a_staff_save(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, monkeypatch):
    home = home_store.homes.list()[0]
    child, _ = home_store.children.add(home.id, ChildDetails("C-1", "AB", date(2011, 1, 1), date(2025, 1, 5)))
    page = window.dashboard
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.waitUntil(lambda: bool(page.tiles.widgets) and page.up_to_date() and not page.work.pending(), timeout=10_000)
    assert tiles_of(page)["restraints"] == "0 in 30 days"

    # One transient read failure on the worker (a server connection dropped, a locked file): the next read works.
    real_list, failed = home_store.homes.list, []

    def flaky(*a, **k):  # type: ignore[no-untyped-def]
        if threading.current_thread() is not threading.main_thread() and not failed:
            failed.append(1)
            raise OperationalError("SELECT homes", {}, Exception("server closed the connection unexpectedly"))
        return real_list(*a, **k)
    monkeypatch.setattr(home_store.homes, "list", flaky)

    _, changes = home_store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=3), (child.id,), "Hold", details=RestraintDetails()))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: bool(failed) and not page.work.pending(), timeout=10_000)
    qtbot.wait(100)

    # A later, unrelated save (a new member of staff): its recompute keeps the incident slices.
    _, changes = home_store.staff.add(home.id, StaffDetails("Ann Other", StaffRole.RESIDENTIAL_WORKER,
                                                            date(2026, 1, 5)))
    window.broadcast(changes)
    qtbot.waitUntil(lambda: page.up_to_date() and not page.work.pending(), timeout=10_000)
    qtbot.wait(100)

    return page, compute(home_store, Request(home.id, home_store.today(), page.period.spec, frozenset({Part.TILES})))


def test_a_failed_recompute_does_not_lose_the_saved_registers(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, monkeypatch) -> None:
    """The next save after a failed recompute works out again everything the failed one was asked for."""
    page, fresh = _after_a_failed_recompute_and_a_staff_save(qtbot, home_store, window, monkeypatch)
    truth = {t.key: t.value for t in fresh.values[Part.TILES]}  # type: ignore[union-attr]
    assert truth["restraints"] == "1 in 30 days"
    assert tiles_of(page)["restraints"] == truth["restraints"], \
        f"the Restraints tile still shows {tiles_of(page)['restraints']!r} after the next save"


def test_a_failed_recompute_does_not_lose_the_parts_it_was_asked_for(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, monkeypatch) -> None:
    """The Next 72 hours band, asked for by the failed recompute, comes with the next save."""
    page, _ = _after_a_failed_recompute_and_a_staff_save(qtbot, home_store, window, monkeypatch)
    assert page.band.model.rowCount() > 0, "the restraint's Reg 35 clocks are missing from the Next 72 hours band"


def test_a_failed_recompute_does_not_leave_the_needs_list_without_the_incident(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, monkeypatch) -> None:
    """The needs list is not left with the incident slice from before the failed recompute."""
    page, _ = _after_a_failed_recompute_and_a_staff_save(qtbot, home_store, window, monkeypatch)
    assert any(i.requirement.area == "Incident" for i in page._items), \
        "the restraint's Reg 35 steps are in no needs-action item on show"


def test_heading_counts_follow_a_band_item_going_overdue(qtbot, home_store: Store) -> None:  # type: ignore[no-untyped-def]
    home = home_store.homes.list()[0]
    add_workforce(home_store)
    items = needs_action(home_store, TODAY, home.urn)
    assert items
    # A Reg 40 notification step in the Next 72 hours band, still due soon.
    band = DueItem(home, replace(items[0].requirement, area="Incident", key="incident:reg40:a:ofsted",
                                 subject_id=99, status=Status.DUE_SOON))
    leave_out = {(int(home.id), 99, "incident:reg40:a:ofsted")}
    section = NeedsActionSection()
    qtbot.addWidget(section)
    section.set_items([band, *items], show_home=False, leave_out=leave_out)
    before = section.counts.text()
    # Its due moment passes; the next save brings the same list with that step overdue.
    late = DueItem(home, replace(band.requirement, status=Status.OVERDUE))
    section.set_items([late, *items], show_home=False, leave_out=leave_out)
    overdue_before = sum(i.requirement.status is Status.OVERDUE for i in [band, *items])
    overdue_now = sum(i.requirement.status is Status.OVERDUE for i in [late, *items])
    assert overdue_now == overdue_before + 1
    assert section.counts.text() != before, f"heading still says {before!r} after the band step went overdue"



def test_page_heading_after_a_step_falls_due_and_a_settings_save(  # type: ignore[no-untyped-def]
        qtbot, home_store: Store, window: MainWindow, clock: Clock) -> None:
    home = home_store.homes.list()[0]
    child, _ = home_store.children.add(home.id, ChildDetails("C-1", "AB", date(2011, 1, 1), date(2025, 1, 5)))
    _, changes = home_store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=23), (child.id,), "Hold", details=RestraintDetails()))
    window.broadcast(changes)
    page = window.dashboard
    window.nav.setCurrentRow(window.pages.index(page))
    qtbot.waitUntil(lambda: bool(page.tiles.widgets) and page.up_to_date() and not page.work.pending(), timeout=10_000)
    first = page.needs.counts.text()
    assert "in the Next 72 hours above" in first  # the record step, due in an hour, is in the band

    clock.advance(hours=2)  # the Reg 35 record step is now overdue
    window.broadcast(home_store.settings.set_setup_hidden(int(home.id), True))  # any save
    qtbot.waitUntil(lambda: page.up_to_date() and not page.work.pending(), timeout=10_000)
    qtbot.wait(200)
    fresh = compute(home_store, Request(home.id, home_store.today(), page.period.spec, frozenset({Part.NEEDS})))
    items = fresh.values[Part.NEEDS]
    assert isinstance(items, list)
    assert counts_text(items) != first.split(" · 3 of them")[0].split(" · 2 of them")[0]
    assert counts_text(page._items) == counts_text(items)  # the worker's answer arrived and is right...
    assert counts_text(items) in page.needs.counts.text(), \
        f"heading shows {page.needs.counts.text()!r}; a compute from nothing counts {counts_text(items)!r}"
