"""The start snapshot keeps the coming days' tiles, worked out once the window is idle, so the first start of a day
is shown from them.

Real SQLite files and the application controller as `carehome-desk` runs it (see test_start_snapshot.py), with
its real clock. That a coming day's tiles are that day's own, moment by moment, is shown against the store's
settable clock in tests/services/test_dashboard_ahead.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from carehome_desk import kept_files, start_snapshot
from carehome_desk.services.due import start_of_day
from carehome_desk.services.dashboard_data import PeriodSpec
from carehome_desk.store import Store
from carehome_desk.ui import start_ahead
from carehome_desk.ui.app import AppController
from tests.ui.test_start_snapshot import controllers, first_run, plain_db  # noqa: F401 - fixtures

__all__ = ["controllers", "plain_db"]


def kept_file() -> start_snapshot.StartFile:
    kept_files.settle()  # written on the writer thread: read once it is in place
    return start_snapshot.StartFile.from_json(start_snapshot.snapshot_path().read_text(encoding="utf-8"))


def all_days_kept() -> bool:
    """True once the file keeps today's tiles and every coming day's."""
    kept_files.settle()
    if not start_snapshot.snapshot_path().exists():
        return False
    kept = kept_file()
    today = start_snapshot.uk_today()
    return sorted(kept.days) == [(today + timedelta(days=n)).isoformat() for n in range(start_snapshot.AHEAD_DAYS + 1)]


def todays_tiles_kept(qtbot, window, store: Store, path: Path) -> tuple[dict[str, Any], int, PeriodSpec]:  # type: ignore[no-untyped-def]
    """Once the window's dashboard has its first answer: today's tiles kept for its home and period, as the
    window keeps them (the coming days not yet). Returns read_key's key, the home and the period."""
    page = window.dashboard
    qtbot.waitUntil(lambda: "tiles" in page.timings and page.up_to_date() and page.work.pending() == 0, timeout=20000)
    home, spec = window.current_home(), page.period.spec
    assert home is not None
    key = start_snapshot.read_key(path, store.today(), repr(spec))
    assert key is not None
    start_snapshot.save(start_snapshot.Snapshot(key, int(home), [(int(home), "Oak Lodge", "SC123456")], False,
                                                "Data: test", [{"key": "x"}]))
    return key, int(home), spec


@pytest.fixture
def no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The coming days as soon as the dashboard is idle, not seconds later."""
    monkeypatch.setattr(start_ahead, "IDLE_MS", 0)


def test_once_idle_each_coming_days_tiles_are_kept_and_a_save_has_them_worked_out_again(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, no_wait: None) -> None:
    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None
    qtbot.waitUntil(all_days_kept, timeout=30000)
    kept = kept_file()
    period = str(kept.key["period"])
    kept_files.settle()
    assert start_snapshot.snapshot_path().stat().st_size < start_snapshot.MAX_BYTES // 10
    today = start_snapshot.uk_today()
    for n in range(1, start_snapshot.AHEAD_DAYS + 1):
        day = today + timedelta(days=n)
        shown = start_snapshot.load(plain_db, day, period, None, now=start_of_day(day))
        assert shown is not None, day
        assert shown.key == start_snapshot.read_key(plain_db, day, period)  # that day's key: the charts' own
        assert shown.tiles == kept.days[day.isoformat()].tiles
    # A save: today's tiles are kept again under the new records, the old coming days are dropped, and once the
    # window is idle again every coming day is worked out for the new records.
    home = window.current_home()
    assert home is not None and controller.store is not None
    window.broadcast(controller.store.settings.set_setup_hidden(home))
    after = start_snapshot.read_key(plain_db, today, period)
    assert after is not None and after["audit"] != kept.key["audit"]
    qtbot.waitUntil(lambda: kept_file().key == start_snapshot.file_key(after) and all_days_kept(), timeout=30000)


def test_the_first_start_of_a_coming_day_shows_that_days_kept_tiles(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, no_wait: None, monkeypatch) -> None:
    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    assert controller.window is not None
    qtbot.waitUntil(all_days_kept, timeout=30000)
    controller.window.close()
    controller.shutdown()
    controller.window = None
    tomorrow = start_snapshot.uk_today() + timedelta(days=1)
    kept = kept_file().days[tomorrow.isoformat()]
    monkeypatch.setattr(start_snapshot, "uk_today", lambda: tomorrow)  # the PC's clock on the next morning

    nxt = controllers()
    assert nxt.start(plain_db, explicit=True)
    window = nxt.window
    assert window is not None and not window.attached  # the first frame, from the tiles kept for tomorrow
    shown = [(t.key, t.value) for t in (w.tile for w in window.dashboard.tiles.widgets)]
    assert shown == [(t["key"], t["value"]) for t in kept.tiles]


def test_the_coming_days_are_not_kept_when_a_save_comes_while_they_are_worked_out(  # type: ignore[no-untyped-def]
        plain_db: Path) -> None:
    """The worker's job reads the key before and after: a save in between (or before it) keeps nothing."""
    from carehome_desk.services.dashboard_data import PeriodSpec

    spec = PeriodSpec()
    with Store.open(plain_db, user="tester") as store:
        (home,) = store.homes.list()
        tomorrow = store.today() + timedelta(days=1)
        key = start_snapshot.read_key(plain_db, store.today(), repr(spec))
        assert key is not None
        got = start_ahead._work_out(store, key, int(home.id), spec, tomorrow)
        assert got is not None and got.day == tomorrow and got.tiles
        store.settings.set_setup_hidden(home.id)  # a save after the key was read
        assert start_ahead._work_out(store, key, int(home.id), spec, tomorrow) is None
        assert start_ahead._work_out(store, key, int(home.id), spec, store.today()) is None  # not a coming day


def test_a_snapshot_of_the_last_format_is_ignored_and_logged(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, caplog) -> None:
    first_run(qtbot, controllers, plain_db)
    kept = kept_file()
    today = start_snapshot.uk_today()
    # As the last version wrote it: one day's tiles, the day in the key, format 2.
    old = {"format": 2, "key": {**kept.key, "day": today.isoformat()}, "home_id": kept.home_id,
           "homes": kept.homes, "is_demo": kept.is_demo, "where": kept.where,
           "tiles": kept.days[today.isoformat()].tiles, "until": None}
    start_snapshot.snapshot_path().write_text(json.dumps(old), encoding="utf-8")
    controller = controllers()
    with caplog.at_level(logging.WARNING, logger="carehome_desk"):
        assert controller.start(plain_db, explicit=True)
    assert controller.window is not None and controller.window.attached  # the usual start
    assert "start snapshot ignored" in caplog.text


def test_a_file_too_big_for_every_day_keeps_the_nearest_days(plain_db: Path) -> None:
    """Never written over MAX_BYTES (it would not be read): the furthest days are left out first."""
    key = start_snapshot.read_key(plain_db, start_snapshot.uk_today(), "period")
    assert key is not None
    big = [{"key": "x", "padding": "y" * (start_snapshot.MAX_BYTES // 4)}]
    start_snapshot.save(start_snapshot.Snapshot(key, 1, [(1, "Oak Lodge", "SC123456")], False, "Data: test", big))
    coming = {start_snapshot.uk_today() + timedelta(days=n): start_snapshot.DayTiles(big) for n in (1, 2, 3, 4)}
    assert start_snapshot.keep_days(key, 1, coming)
    kept_files.settle()
    assert start_snapshot.snapshot_path().stat().st_size <= start_snapshot.MAX_BYTES
    today = start_snapshot.uk_today()
    assert sorted(kept_file().days) == [(today + timedelta(days=n)).isoformat() for n in range(3)]


def test_an_answer_worked_out_before_a_save_is_not_kept_for_the_records_after_it(  # type: ignore[no-untyped-def]
        qtbot, window, home_store: Store, db_path: Path, no_wait: None) -> None:
    """The coming days are planned again after a save while a day was being worked out for the records before
    it: that day's answer, when it comes, is not kept for the new records."""
    from carehome_desk.models.children import ChildDetails
    from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
    from carehome_desk.services.dashboard_ahead import tiles_ahead

    page = window.dashboard
    qtbot.waitUntil(lambda: "tiles" in page.timings and page.up_to_date(), timeout=20000)
    store, home, spec = home_store, window.current_home(), page.period.spec
    assert home is not None
    today, tomorrow = store.today(), store.today() + timedelta(days=1)
    before = start_snapshot.read_key(db_path, today, repr(spec))
    stale = tiles_ahead(store, home, spec, tomorrow)  # the answer for the records before the save
    child, _ = store.children.add(home, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                     "Northmoor County Council"))
    store.incidents.add(home, IncidentDetails(IncidentType.RESTRAINT, store.now() - timedelta(hours=3), (child.id,),
                                              "Held to stop a fall", details=RestraintDetails()))
    after = start_snapshot.read_key(db_path, today, repr(spec))
    assert before is not None and after is not None and after["audit"] != before["audit"]
    fresh = tiles_ahead(store, home, spec, tomorrow)
    assert fresh.tiles != stale.tiles  # the restraint is counted from tomorrow's tiles on too
    # Today's tiles kept after the save, and the coming days planned for the records after it (as the window does).
    start_snapshot.save(start_snapshot.Snapshot(after, int(home), [(int(home), "Oak Lodge", "SC123456")], False,
                                                "Data: test", [{"key": "x"}]))
    coming = start_ahead.ComingDays(page, store)
    coming.plan(after, int(home), spec)
    coming._done((start_snapshot.file_key(before), int(home), spec), stale)  # the old answer comes in first
    qtbot.waitUntil(lambda: not coming.busy(), timeout=30000)
    kept = kept_file()
    assert kept.key == start_snapshot.file_key(after)
    assert kept.days[tomorrow.isoformat()].tiles == [t.to_dict() for t in fresh.tiles]
    assert len(kept.days) == start_snapshot.AHEAD_DAYS + 1


def test_another_periods_tiles_are_kept_for_today_only(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, no_wait: None) -> None:
    """A first frame is always the period every window starts with: another one's coming days are not worked out."""
    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None
    qtbot.waitUntil(all_days_kept, timeout=30000)
    first = kept_file().key["period"]
    window.dashboard.period.combo.setCurrentIndex(0)  # another period
    assert repr(window.dashboard.period.spec) != first
    qtbot.waitUntil(lambda: kept_file().key["period"] == repr(window.dashboard.period.spec), timeout=20000)
    coming = controller._coming
    assert coming is not None
    qtbot.waitUntil(lambda: not coming.busy(), timeout=20000)
    assert sorted(kept_file().days) == [start_snapshot.uk_today().isoformat()]


def test_a_key_press_puts_the_coming_days_off_until_the_manager_stops(  # type: ignore[no-untyped-def]
        qtbot, window, home_store: Store, db_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    page = window.dashboard
    key, home, spec = todays_tiles_kept(qtbot, window, home_store, db_path)
    monkeypatch.setattr(start_ahead, "IDLE_MS", 60_000)
    coming = start_ahead.ComingDays(page, home_store)
    coming.plan(key, home, spec)
    coming._input_at -= 3600  # the manager last touched the keyboard an hour ago
    qtbot.keyClick(window.dashboard.period.combo, Qt.Key.Key_Shift)  # and now presses a key
    coming._next()  # the planner's turn (the dashboard has been idle all along)
    assert coming.busy() and not coming._running  # nothing worked out meanwhile
    assert sorted(kept_file().days) == [home_store.today().isoformat()]
    coming._input_at -= 3600  # the manager stopped an hour ago
    coming._next()
    assert coming._running
    qtbot.waitUntil(lambda: not coming.busy(), timeout=30000)
    assert len(kept_file().days) == start_snapshot.AHEAD_DAYS + 1


def test_the_days_not_worked_out_yet_are_worked_out_as_the_window_closes(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, monkeypatch) -> None:
    """Closed straight after the dashboard caught up with the last save (never idle for long enough)."""
    monkeypatch.setattr(start_ahead, "IDLE_MS", 600_000)
    monkeypatch.setattr(start_ahead, "CLOSE_BUDGET_S", 600.0)  # every day, however loaded the machine
    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: controller._coming is not None and controller._coming.busy(), timeout=30000)
    qtbot.waitUntil(lambda: window.dashboard.work.pending() == 0, timeout=30000)
    assert sorted(kept_file().days) == [start_snapshot.uk_today().isoformat()]  # nothing worked out ahead yet
    window.close()
    assert all_days_kept()
    assert not controller._coming.busy()
