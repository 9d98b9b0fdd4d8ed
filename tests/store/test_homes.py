"""The homes register: round trips, duplicates, stale edits, archiving, a full disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event

from carehome_desk.models.home import Grade, Judgement
from carehome_desk.store import ConflictError, SaveError, Store, ValidationError
from tests.conftest import Clock, oak_lodge


def test_round_trip_keeps_every_detail(store: Store, db_path: Path, clock: Clock) -> None:
    home, changes = store.homes.add(oak_lodge(urn="sc 123456", name="  Oak Lodge "))
    assert changes.registers
    store.close()
    with Store.open(db_path, clock=clock) as again:
        (loaded,) = again.homes.list()
    assert loaded == home
    assert loaded.urn == "SC123456" and loaded.name == "Oak Lodge"
    assert loaded.details == oak_lodge(urn="SC123456")
    assert loaded.last_inspection_grades[Judgement.LEADERSHIP] is Grade.OUTSTANDING


def test_duplicate_urn_is_a_field_problem(store: Store) -> None:
    store.homes.add(oak_lodge())
    with pytest.raises(ValidationError) as caught:
        store.homes.add(oak_lodge(name="Willow House", urn="SC123456"))
    assert caught.value.problems == {"urn": "Oak Lodge already has the URN SC123456."}


def test_saving_over_a_newer_edit_is_refused(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    store.homes.update(home.id, replace(home.details, registered_manager="Marcus Nowak"), expect_version=home.version)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        store.homes.update(home.id, replace(home.details, name="Stale Edit"), expect_version=home.version)
    current = store.homes.get(home.id)
    assert (current.name, current.registered_manager, current.version) == ("Oak Lodge", "Marcus Nowak", 2)


def test_archived_homes_are_kept_but_hidden(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    with pytest.raises(ValidationError):
        store.homes.archive(home.id, "  ")
    store.homes.archive(home.id, "Registration cancelled")
    assert store.homes.list() == []
    (kept,) = store.homes.list(include_archived=True)
    assert kept.archive_reason == "Registration cancelled" and kept.archived_at is not None


@pytest.mark.sqlite_only  # fills the SQLite file to its page limit
def test_full_disk_is_reported_plainly_and_loses_nothing(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()  # new connections get the cap: the "disk" is now full
    with pytest.raises(SaveError, match="disk is full.*saved earlier are safe"):
        store.homes.update(home.id, replace(home.details, address="x" * 200_000), expect_version=home.version)
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    assert store.homes.get(home.id) == home


def test_saving_unchanged_details_writes_nothing(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    saved, _ = store.homes.update(home.id, replace(home.details, urn="sc123456"), expect_version=home.version)
    assert saved.version == home.version
    assert len(store.audit.entries(table="homes")) == 1


def test_records_the_law_keeps_cannot_be_deleted(store: Store) -> None:
    from carehome_desk.store.schema import homes

    home, _ = store.homes.add(oak_lodge())
    with pytest.raises(SaveError, match="archive them"):
        with store.write() as w:
            w.delete(homes, home.id)
    assert store.homes.get(home.id) == home
