"""The window closing while coming days are planned (ui/start_ahead.py ``ComingDays.finish``, run as the
window closes, on the GUI thread): never an error, and the days already worked out are kept.

Real SQLite files, a real window; the store's clock is moved, nothing is timed.
"""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

import pytest

from carehome_desk import kept_files, start_snapshot
from carehome_desk.ui import start_ahead
from carehome_desk.ui.widgets import error_dialog
from tests.ui.test_start_snapshot_days import todays_tiles_kept


class MidnightClock:
    """D 23:59:59.9995 UK for the first call once armed, then D+1 00:00:00.0005 (22/11/2026 is GMT)."""

    def __init__(self, base) -> None:  # type: ignore[no-untyped-def]
        self.base, self.armed, self.calls = base, False, 0

    def __call__(self) -> datetime:
        if not self.armed:
            return self.base()
        self.calls += 1
        before = datetime(2026, 11, 22, 23, 59, 59, 999500, tzinfo=timezone.utc)
        return before if self.calls == 1 else before + timedelta(microseconds=1000)


def test_finish_at_midnight_does_not_raise(qtbot, window, home_store, db_path):  # type: ignore[no-untyped-def]
    page = window.dashboard
    key, home, spec = todays_tiles_kept(qtbot, window, home_store, db_path)
    coming = start_ahead.ComingDays(page, home_store)
    coming.plan(key, home, spec)
    assert coming.busy()
    clock = MidnightClock(home_store.clock)
    home_store.clock = clock
    clock.armed = True  # the window closes in the last millisecond of 22/11/2026
    raised = None
    try:
        coming.finish()
    except Exception as exc:  # noqa: BLE001
        raised = exc
    assert raised is None, f"finish() raised {type(raised).__name__}: {raised}"


@pytest.mark.qt_no_exception_capture
def test_closing_the_window_at_midnight_shows_no_error_box(qtbot, window, home_store, db_path):  # type: ignore[no-untyped-def]
    """The same through the window's own close, with the application's excepthook (as run_app installs it)."""
    page = window.dashboard
    key, home, spec = todays_tiles_kept(qtbot, window, home_store, db_path)
    coming = start_ahead.ComingDays(page, home_store)
    window.about_to_close.connect(coming.finish)  # as app_first_frame._coming_days does
    coming.plan(key, home, spec)
    clock = MidnightClock(home_store.clock)
    home_store.clock = clock
    old_hook = sys.excepthook
    error_dialog.install_excepthook()
    earlier = list(error_dialog._open_boxes)  # an earlier test's, still open: not this close's
    try:
        clock.armed = True
        window.close()
        boxes = [b.windowTitle() + " | " + b.detailedText().strip().splitlines()[-1]
                 for b in error_dialog._open_boxes if b not in earlier]
    finally:
        sys.excepthook = old_hook
        for box in list(error_dialog._open_boxes):
            box.close()
    assert boxes == [], f"closing showed {boxes}"


def test_days_already_worked_out_are_kept_when_the_window_closes_mid_day(  # type: ignore[no-untyped-def]
        qtbot, window, home_store, db_path, monkeypatch):
    monkeypatch.setattr(start_ahead, "IDLE_MS", 0)
    page = window.dashboard
    key, home, spec = todays_tiles_kept(qtbot, window, home_store, db_path)
    coming = start_ahead.ComingDays(page, home_store)
    window.about_to_close.connect(coming.finish)  # as app_first_frame._coming_days does
    coming._input_at -= 3600  # the manager last pressed a key an hour ago
    coming.plan(key, home, spec)
    # Several days worked out, the next one on the worker now (state only changes on this thread: it holds).
    qtbot.waitUntil(lambda: len(coming._got) >= 3 and coming._running, timeout=30000)
    worked_out = sorted(d.isoformat() for d in coming._got)
    window.close()
    kept_files.settle()  # written on the writer thread, as at the app's exit
    kept = start_snapshot.StartFile.from_json(start_snapshot.snapshot_path().read_text(encoding="utf-8"))
    assert kept.key == start_snapshot.file_key(start_snapshot.read_key(db_path, home_store.today(), repr(spec)))
    missing = [d for d in worked_out if d not in kept.days]
    assert missing == [], f"worked out for these records but never kept: {missing}"
