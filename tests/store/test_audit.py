"""Every write through the store leaves an audit row in the same transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from carehome_desk.models.audit import AuditAction
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.store import Store, ValidationError
from carehome_desk.store.schema import homes
from tests.conftest import FIXED_NOW, Clock, oak_lodge


def count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_insert_update_archive_each_leave_an_audit_row(store: Store, clock: Clock) -> None:
    home, _ = store.homes.add(oak_lodge())
    clock.advance(minutes=5)
    store.homes.update(home.id, replace(oak_lodge(), name="Oak Lodge East"), expect_version=home.version)
    clock.advance(minutes=5)
    store.homes.archive(home.id, "Home closed; children moved to Willow House")

    entries = store.audit.entries(table="homes", record_id=home.id)
    assert [e.action for e in entries] == [AuditAction.ARCHIVE, AuditAction.UPDATE, AuditAction.INSERT]
    archive, update, insert = entries
    assert insert.before is None and insert.after is not None
    assert insert.after["name"] == "Oak Lodge" and insert.after["urn"] == "SC123456"
    assert insert.after["registration_date"] == "2019-11-22"
    assert update.before["name"] == "Oak Lodge" and update.after["name"] == "Oak Lodge East"
    assert "name" in update.changed_fields() and "urn" not in update.changed_fields()
    assert archive.after["archive_reason"] == "Home closed; children moved to Willow House"
    assert [e.at for e in entries] == [FIXED_NOW.replace(minute=10), FIXED_NOW.replace(minute=5), FIXED_NOW]
    assert {e.user for e in entries} == {"tester"}


def test_settings_writes_are_audited(store: Store) -> None:
    store.settings.save(ProviderSettings(due_soon_days=14))
    store.settings.save(ProviderSettings(due_soon_days=21))
    entries = store.audit.entries(table="settings", record_id="due_soon_days")
    # The first save is a change from the default (30 days), so the old value stays in the trail.
    assert [(e.action, e.before, e.after) for e in entries] == [
        (AuditAction.UPDATE, {"key": "due_soon_days", "value": 14}, {"key": "due_soon_days", "value": 21}),
        (AuditAction.UPDATE, {"key": "due_soon_days", "value": 30}, {"key": "due_soon_days", "value": 14}),
    ]
    # Values left at their defaults are not written, so they leave no rows.
    assert store.audit.entries(table="settings", record_id="supervision_weeks") == []


def test_a_failed_action_leaves_neither_record_nor_audit_row(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.write() as w:
            w.insert(homes, {"name": "Half", "urn": "SC999999", "address": "", "registered_manager": "",
                             "responsible_individual": "", "version": 1, "archive_reason": ""})
            raise RuntimeError("power cut half-way through the action")
    assert count(store, homes) == 0
    assert store.audit.entries(table="homes") == []


def test_refused_input_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        store.homes.add(oak_lodge(urn="not a urn"))
    assert "urn" in caught.value.problems
    assert count(store, homes) == 0
    assert store.audit.entries(table="homes") == []


def test_user_label_comes_from_the_environment(db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CAREHOME_DESK_USER", "Deputy on shift")
    with Store.open(db_path) as s:
        s.homes.add(oak_lodge())
        assert s.audit.entries()[0].user == "Deputy on shift"
