"""The other homes worked out while the dashboard is idle: All homes then opens with nothing to read."""

from __future__ import annotations

from datetime import date, timedelta

from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.services.dashboard_backlog import backlog
from carehome_desk.services.dashboard_data import Request
from carehome_desk.services.due import due_items
from carehome_desk.ui.dashboard import dashboard_idle, dashboard_page
from carehome_desk.ui.main_window import MainWindow
from tests.conftest import FIXED_NOW, oak_lodge
from tests.ui.dashboard.test_dashboard_page import CHART_WAIT_MS, loaded, shown_rows, staffed  # noqa: F401
from tests.ui.workforce_data import TODAY, Workforce


def test_other_homes_are_worked_out_while_the_dashboard_is_idle(  # type: ignore[no-untyped-def]
        qtbot, staffed: Workforce, window: MainWindow, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(dashboard_idle, "IDLE_MS", 0)  # no waiting for the manager to pause
    store = window.store
    willow, changes = store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    child, more = store.children.add(willow.id, ChildDetails("W-1", "WH", date(2012, 3, 1), date(2025, 6, 1)))
    _, most = store.incidents.add(willow.id, IncidentDetails(IncidentType.RESTRAINT, FIXED_NOW - timedelta(hours=5),
                                                             (child.id,), "Held at the door", details=RestraintDetails()))
    window.broadcast(changes | more | most)
    page = loaded(qtbot, window)
    qtbot.waitUntil(lambda: page.charts_drawn() and page.up_to_date(), timeout=CHART_WAIT_MS)
    assert page.all_homes_button.isVisible() and not page.all_homes_button.isChecked()
    qtbot.waitUntil(lambda: page.idle.done, timeout=10_000)
    assert ("records", willow.id) in page.slices.kept  # Willow's incidents read while Oak Lodge was on show

    asked: list[Request] = []
    made: list[str] = []
    real = dashboard_page.compute

    def spy(store, request):  # type: ignore[no-untyped-def]
        asked.append(request)
        result = real(store, request)
        made.extend(page.slices.made)
        return result
    monkeypatch.setattr(dashboard_page, "compute", spy)
    page.all_homes_button.setChecked(True)
    qtbot.waitUntil(lambda: bool(asked) and page.up_to_date(), timeout=10_000)
    assert not {"snapshot", "records", "quality records", "steps"} & set(made)  # nothing read or worked out again
    everyone = [(int(i.home.id), i.requirement.key, i.requirement.subject)
                for group in backlog(due_items(store, TODAY)) for i in group.items]
    assert [r[:3] for r in shown_rows(page)] == everyone
    assert any(r[0] == int(willow.id) for r in everyone)
    names = [page.homes.proxy.index(r, 0).data() for r in range(page.homes.proxy.rowCount())]
    assert names == ["Oak Lodge (SC123456)", "Willow House (SC765432)"]



def test_a_save_while_the_other_homes_are_worked_out_reaches_the_all_homes_view(  # type: ignore[no-untyped-def]
        qtbot, staffed: Workforce, window: MainWindow, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(dashboard_idle, "IDLE_MS", 0)
    store = window.store
    willow, changes = store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    child, more = store.children.add(willow.id, ChildDetails("W-1", "WH", date(2012, 3, 1), date(2025, 6, 1)))
    window.broadcast(changes | more)
    page = loaded(qtbot, window)
    qtbot.waitUntil(lambda: page.charts_drawn() and page.up_to_date(), timeout=CHART_WAIT_MS)
    qtbot.waitUntil(lambda: ("records", willow.id) in page.slices.kept, timeout=10_000)
    complaint, changes = store.incidents.add(willow.id, IncidentDetails(
        IncidentType.COMPLAINT, FIXED_NOW - timedelta(hours=1), (child.id,), "About the food"))
    window.broadcast(changes)  # Willow's kept incidents are dropped by the page's next compute
    page.all_homes_button.setChecked(True)
    qtbot.waitUntil(page.up_to_date, timeout=10_000)
    everyone = [(int(i.home.id), i.requirement.key, i.requirement.subject)
                for group in backlog(due_items(store, TODAY)) for i in group.items]
    assert [r[:3] for r in shown_rows(page)] == everyone
    # The complaint's steps, saved after Willow was read while idle, are listed.
    assert any(i.requirement.subject_id == complaint.id for i in due_items(store, TODAY))
