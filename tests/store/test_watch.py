"""The change counter an open window polls: a save through one store is seen by another on the same database."""

from __future__ import annotations

from pathlib import Path

from carehome_desk.models.changes import Register
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.store.watch import ChangeWatcher
from tests.conftest import FIXED_NOW, Clock, oak_lodge


def test_another_stores_save_is_seen_once_with_its_registers(store: Store, store_target: Path | str) -> None:
    home, _ = store.homes.add(oak_lodge())
    with Store.open(store_target, user="other PC", clock=Clock()) as other:
        watcher = ChangeWatcher(other)
        assert watcher.poll() is None
        store.staff.add(home.id, StaffDetails("Sam Oakley", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        seen = watcher.poll()
        assert seen is not None and seen.touches(Register.STAFF) and not seen.touches(Register.INCIDENTS)
        assert watcher.poll() is None  # each save is reported once
        store.homes.update(home.id, oak_lodge(name="Oak Lodge North"), expect_version=home.version)
        again = watcher.poll()
    assert again is not None and again.touches(Register.HOMES)
