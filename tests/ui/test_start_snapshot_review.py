"""The start snapshot after its review: tiles judged at a moment stop holding when a step falls due,
a spoilt snapshot file is never an error, and a file given a password leaves nothing in clear.

Real SQLite files and the application controller as `carehome-desk` runs it (see test_start_snapshot.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from carehome_desk import start_snapshot
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.store import Store
from carehome_desk.store.protection import protect
from carehome_desk.ui.app import AppController
from tests.conftest import oak_lodge
from tests.ui.test_start_snapshot import CHEAP, controllers, first_run, plain_db  # noqa: F401 - fixtures

__all__ = ["controllers", "plain_db"]


def _spoil_home_id(raw: dict[str, object]) -> str:
    return json.dumps(raw).replace(f'"home_id": {raw["home_id"]}', '"home_id": 1e400')


def _deeply_nested(raw: dict[str, object]) -> str:
    return json.dumps(raw)[:-1] + ', "extra": ' + "[" * 100000 + "]" * 100000 + "}"


def _huge(raw: dict[str, object]) -> str:
    return json.dumps({**raw, "padding": "x" * (start_snapshot.MAX_BYTES + 1)})


@pytest.mark.parametrize("spoil", [_spoil_home_id, _deeply_nested, _huge])
def test_a_spoilt_snapshot_means_the_usual_start_and_is_removed(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, spoil) -> None:
    first_run(qtbot, controllers, plain_db)
    raw = json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))
    start_snapshot.snapshot_path().write_text(spoil(raw), encoding="utf-8")
    controller = controllers()
    assert controller.start(plain_db, explicit=True)  # no exception reaches the manager
    assert controller.window is not None and controller.window.attached  # the usual start
    qtbot.waitUntil(lambda: start_snapshot.snapshot_path().exists()
                    and len(start_snapshot.snapshot_path().read_bytes()) < start_snapshot.MAX_BYTES, timeout=20000)
    assert json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8"))["home_id"] == raw["home_id"]


def test_tiles_with_a_step_still_open_are_kept_until_it_falls_due_and_not_shown_after(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], db_path: Path) -> None:
    due = datetime.now(timezone.utc) + timedelta(hours=2)
    with Store.open(db_path, user="tester") as store:
        home, _ = store.homes.add(oak_lodge())
        store.settings.ensure_database_id()
        child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                            "Northmoor County Council"))
        # A restraint 22 hours ago: its record (reg 35(3)(a), within 24 hours) falls due in 2 hours.
        store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, due - timedelta(hours=24), (child.id,),
                                                     "Held to stop a fall", details=RestraintDetails(),
                                                     notifiable=False, reg40_rationale="Not serious"))
    first_run(qtbot, controllers, db_path)
    kept = start_snapshot.StartFile.from_json(start_snapshot.snapshot_path().read_text(encoding="utf-8")) \
        .for_day(start_snapshot.uk_today())
    assert kept is not None and kept.until is not None
    until = datetime.fromisoformat(kept.until)
    assert abs(until - due) < timedelta(minutes=1)  # the record step's due moment
    day, period = date.fromisoformat(kept.key["day"]), str(kept.key["period"])
    assert start_snapshot.load(db_path, day, period, None, now=until) is not None  # on the deadline: still holds
    assert start_snapshot.load(db_path, day, period, None, now=until + timedelta(minutes=1)) is None
    assert start_snapshot.snapshot_path().exists()  # not spoilt: kept for the next run to replace


def test_a_password_set_on_the_file_leaves_no_snapshot_in_clear(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path) -> None:
    first_run(qtbot, controllers, plain_db)
    assert "Oak Lodge" in start_snapshot.snapshot_path().read_text(encoding="utf-8")
    protect(plain_db, "a long enough password for the test", kdf=CHEAP)
    assert not start_snapshot.snapshot_path().exists()
