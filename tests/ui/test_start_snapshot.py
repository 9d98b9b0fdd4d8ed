"""The window's first frame from the last run's snapshot: trusted only when its key matches the records.

Real SQLite files, the application controller as `carehome-desk` runs it (its real clock: the key's day
is today's). A first start keeps the dashboard's tiles; the next start shows them before the store is
opened, then attaches the store. Any save in between, an encrypted file, or a damaged or foreign
snapshot means the usual start.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from carehome_desk import kept_files, start_snapshot
from carehome_desk.models.changes import Changes
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from carehome_desk.store.protection import KdfParams, protect
from carehome_desk.ui.app import AppController
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.widgets.page import PageId
from tests.conftest import oak_lodge

CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def plain_db(db_path: Path) -> Path:
    with Store.open(db_path, user="tester") as store:
        store.homes.add(oak_lodge())
        # Made (an audited write) at a database's first backup, which a window's close takes: a file that has
        # been backed up before, as every file is after its first day. (Made after the tiles were kept, it
        # makes the next start the usual one, as any write does.)
        store.settings.ensure_database_id()
    return db_path


@pytest.fixture
def controllers(qsettings: QSettings) -> Iterator[Callable[[], AppController]]:
    made: list[AppController] = []

    def make() -> AppController:
        made.append(AppController(qsettings, kdf=CHEAP))
        return made[-1]

    yield make
    for c in made:
        if c.window is not None:
            c.window.close()
        c.shutdown()


def first_run(qtbot, make: Callable[[], AppController], path: Path) -> AppController:  # type: ignore[no-untyped-def]
    """Start as usual, wait for the tiles to be kept, close."""
    controller = make()
    assert controller.start(path, explicit=True)
    assert controller.window is not None and controller.window.attached  # no snapshot yet: the usual start
    qtbot.waitUntil(start_snapshot.snapshot_path().exists, timeout=20000)
    controller.window.close()
    controller.shutdown()
    controller.window = None
    kept_files.settle()  # written as the app ends (at exit), before a next start reads them
    return controller


def early_window(qtbot, make: Callable[[], AppController], path: Path) -> tuple[AppController, MainWindow]:  # type: ignore[no-untyped-def]
    """A first run keeps the tiles; the next start shows them in the first frame, the store not yet attached."""
    first_run(qtbot, make, path)
    controller = make()
    assert controller.start(path, explicit=True)
    window = controller.window
    assert window is not None and not window.attached
    return controller, window


def at_first_frame(path: Path, report: str) -> str:
    """Start `carehome-desk --db path` in a fresh process and print ``report`` (a Python expression over
    ``window`` and ``sys``) the moment the tiles are on show; what it printed."""
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from carehome_desk.ui import app_first_frame\n"
        "def shown(window):\n"
        f"    print({report}, flush=True)\n"
        "    os._exit(0)\n"
        "app_first_frame.TILES_SHOWN.append(shown)\n"
        "from carehome_desk.start import main\n"
        "main(['--db', sys.argv[1]])\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(start_snapshot.snapshot_path().parent))
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_next_start_shows_the_kept_tiles_first_and_becomes_the_whole_window(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path) -> None:
    first_run(qtbot, controllers, plain_db)
    kept = json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))
    assert kept["homes"] == [[kept["home_id"], "Oak Lodge", oak_lodge().urn]]
    todays = kept["days"][start_snapshot.uk_today().isoformat()]["tiles"]
    assert {t["key"] for t in todays}  # the tiles themselves, not just the key

    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    window = controller.window
    assert window is not None
    assert not window.attached and controller.store is None  # shown from the snapshot, before the store
    shown = [(t.key, t.value) for t in (w.tile for w in window.dashboard.tiles.widgets)]
    assert shown == [(t["key"], t["value"]) for t in todays]
    assert window.home_combo.currentText() == f"Oak Lodge ({oak_lodge().urn})"
    assert not window.nav.isEnabled()  # a page needs the store: not clickable for that moment
    window.open_page(PageId.INCIDENTS.value)  # a tile clicked now opens its page once the store is attached

    qtbot.waitUntil(lambda: window.attached, timeout=20000)
    assert controller.store is not None and window.store is controller.store
    assert window.nav.isEnabled()
    assert window.current_page().page_id is PageId.INCIDENTS
    assert window.integrity_banner is not None
    # A save through the attached store reaches the pages and, once recomputed, a new snapshot is kept.
    before = start_snapshot.read_key(plain_db, start_snapshot.uk_today(), repr(window.dashboard.period.spec))
    home = window.current_home()
    assert home is not None
    window.broadcast(controller.store.settings.set_setup_hidden(home))
    after = start_snapshot.read_key(plain_db, start_snapshot.uk_today(), repr(window.dashboard.period.spec))
    assert before is not None and after is not None and after["audit"] != before["audit"]
    window.nav.setCurrentRow(0)  # the dashboard recomputes when shown
    qtbot.waitUntil(lambda: json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))["key"]
                    == start_snapshot.file_key(after), timeout=20000)


def add_incident(store: Store) -> Changes:
    (home,) = store.homes.list()
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                        "Northmoor County Council"))
    _, changes = store.incidents.add(home.id, IncidentDetails(
        IncidentType.COMPLAINT, store.now() - timedelta(hours=2), (child.id,), "A complaint about the evening meal"))
    return changes


def add_training(store: Store) -> Changes:
    (home,) = store.homes.list()
    person, _ = store.staff.add(home.id, StaffDetails("Sarah Whitfield", StaffRole.RESIDENTIAL_WORKER,
                                                      date(2023, 3, 1)))
    course = store.workforce.courses()[0]
    _, changes = store.workforce.add_training(TrainingRecord(person.id, course.id, store.today() - timedelta(days=3)))
    return changes


def change_a_setting(store: Store) -> Changes:
    (home,) = store.homes.list()
    return store.settings.set_setup_hidden(home.id)


def set_second_backup_folder(store: Store) -> Changes:
    assert store.path is not None
    stick = store.path.parent / "usb-stick"
    stick.mkdir()
    return store.settings.set_second_backup_folder(stick)


@pytest.mark.parametrize("save", [add_incident, add_training, change_a_setting, set_second_backup_folder])
def test_after_any_save_the_next_start_does_not_show_the_old_tiles(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, save) -> None:
    first_run(qtbot, controllers, plain_db)
    period = json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))["key"]["period"]
    kept = start_snapshot.read_key(plain_db, start_snapshot.uk_today(), period)
    with Store.open(plain_db, user="tester") as store:
        save(store)
    # Every write through the store appends an audit row, settings included: the key moves with it.
    now = start_snapshot.read_key(plain_db, start_snapshot.uk_today(), period)
    assert kept is not None and now is not None and now["audit"] != kept["audit"]

    controller = controllers()
    assert controller.start(plain_db, explicit=True)
    assert controller.window is not None and controller.window.attached  # the usual start, not the old tiles


def test_a_snapshot_is_for_the_days_it_keeps_only(qtbot, controllers, plain_db: Path) -> None:  # type: ignore[no-untyped-def]
    first_run(qtbot, controllers, plain_db)
    period = json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))["key"]["period"]
    today = start_snapshot.uk_today()
    assert start_snapshot.load(plain_db, today, period, None) is not None
    beyond = today + timedelta(days=start_snapshot.AHEAD_DAYS + 1)  # further on than any day worked out ahead
    assert start_snapshot.load(plain_db, beyond, period, None) is None
    assert start_snapshot.load(plain_db, today, "another period", None) is None


def test_the_snapshot_file_is_private(qtbot, controllers, plain_db: Path) -> None:  # type: ignore[no-untyped-def]
    first_run(qtbot, controllers, plain_db)
    mode = stat.S_IMODE(os.stat(start_snapshot.snapshot_path()).st_mode)
    if os.name == "posix":
        assert mode == 0o600


def test_an_encrypted_file_never_writes_a_snapshot(qtbot, controllers, plain_db: Path) -> None:  # type: ignore[no-untyped-def]
    protect(plain_db, "correct horse battery", kdf=CHEAP)
    controller = controllers()
    assert controller.open(plain_db, password="correct horse battery")
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: "tiles" in window.dashboard.timings and window.dashboard.up_to_date(), timeout=20000)
    assert not start_snapshot.snapshot_path().exists()
    assert start_snapshot.read_key(plain_db, start_snapshot.uk_today(), "any") is None


@pytest.mark.parametrize("text", [
    "not json at all {",
    json.dumps({"format": 1, "key": {}, "home_id": 1, "homes": [], "is_demo": False, "where": "", "tiles": "x"}),
    json.dumps([1, 2, 3]),
])
def test_a_corrupt_snapshot_is_ignored_and_logged(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, text: str, caplog) -> None:
    start_snapshot.snapshot_path().parent.mkdir(parents=True, exist_ok=True)
    start_snapshot.snapshot_path().write_text(text, encoding="utf-8")
    controller = controllers()
    with caplog.at_level(logging.WARNING, logger="carehome_desk"):
        assert controller.start(plain_db, explicit=True)
    assert controller.window is not None and controller.window.attached
    assert "start snapshot ignored" in caplog.text


def test_a_snapshot_of_another_file_is_not_used(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, tmp_path: Path) -> None:
    first_run(qtbot, controllers, plain_db)
    other = tmp_path / "other.sqlite3"
    with Store.open(other, user="tester") as store:
        store.homes.add(oak_lodge())
    controller = controllers()
    assert controller.start(other, explicit=True)
    assert controller.window is not None and controller.window.attached  # another file's key: the usual start


def test_a_snapshot_with_broken_tiles_is_ignored_and_logged(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, caplog) -> None:
    first_run(qtbot, controllers, plain_db)
    raw = json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))
    raw["days"][start_snapshot.uk_today().isoformat()]["tiles"][0]["value"] = 12  # not words
    start_snapshot.snapshot_path().write_text(json.dumps(raw), encoding="utf-8")
    controller = controllers()
    with caplog.at_level(logging.WARNING, logger="carehome_desk"):
        assert controller.start(plain_db, explicit=True)
    assert controller.window is not None and controller.window.attached
    assert "start snapshot ignored" in caplog.text


def test_the_first_frame_is_built_and_shown_without_sqlalchemy(qtbot, controllers, plain_db: Path) -> None:  # type: ignore[no-untyped-def]
    """In a fresh process, as `carehome-desk --db FILE` starts: the snapshot's window is on screen before
    SQLAlchemy (and so the store and Alembic) is imported; the store comes on the next turn."""
    first_run(qtbot, controllers, plain_db)
    got = at_first_frame(plain_db, "'first frame' if not window.attached else 'usual start', "
                                   "'with sqlalchemy' if 'sqlalchemy' in sys.modules else 'without sqlalchemy'")
    assert got == "first frame without sqlalchemy"


@pytest.mark.parametrize(("args", "window"), [
    ([], (True, None)),
    (["--db", "home.sqlite3"], (True, "home.sqlite3")),
    (["--db=home.sqlite3"], (True, "home.sqlite3")),
    (["homes"], (False, None)),
    (["--db", "home.sqlite3", "homes"], (False, None)),
    (["--version"], (False, None)),
    (["--db"], (False, None)),
])
def test_only_a_plain_start_skips_the_command_lines_modules(args: list[str], window: tuple[bool, str | None]) -> None:
    from carehome_desk.start import window_only

    assert window_only(args) == window


def test_a_first_frame_on_a_file_another_copy_has_open_says_so_and_closes(  # type: ignore[no-untyped-def]
        qtbot, controllers, plain_db: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from carehome_desk.store.writer_lock import take_writer_lock

    first_run(qtbot, controllers, plain_db)
    other_copy = take_writer_lock(plain_db, wait=0)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    try:
        controller = controllers()
        assert controller.start(plain_db, explicit=True)
        window = controller.window
        assert window is not None and not window.attached  # the snapshot's frame, before the lock is tried
        qtbot.waitUntil(lambda: bool(shown), timeout=20000)
        assert "already open" in shown[0]
        assert controller.window is None and controller.store is None and not window.isVisible()
    finally:
        if other_copy is not None:
            other_copy.release()
