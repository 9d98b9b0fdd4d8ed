"""Many children, incidents and notifications in one audited transaction: all saved, or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from carehome_desk.models.changes import Register
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import HomeId
from carehome_desk.models.incidents import IncidentDetails, IncidentType, Notification, Recipient, Reg40
from carehome_desk.store import ConflictError, Store
from tests.conftest import FIXED_NOW, oak_lodge

AT = datetime(2026, 7, 1, 23, 30, tzinfo=UK)


@pytest.fixture
def home_id(store: Store) -> HomeId:
    home, _ = store.homes.add(oak_lodge())
    return home.id


def child(ref: str = "C-031") -> ChildDetails:
    return ChildDetails(reference=ref, initials="a.b", date_of_birth=date(2011, 5, 1), admission_date=date(2025, 1, 10))


def test_a_batch_writes_every_record_and_audits_each(store: Store, home_id: HomeId) -> None:
    before = len(store.audit.entries())
    with store.incidents.batch() as batch:
        first, second = batch.add_child(home_id, child()), batch.add_child(home_id, child("C-032"))
        incident_id = batch.add_incident(home_id, IncidentDetails(IncidentType.MISSING, AT, (first, second), "Missing"),
                                         reviewed_at=FIXED_NOW, reviewed_by="Priya", review_note=" Plan updated ")
        sent = batch.add_notification(Notification(incident_id, Recipient.OFSTED, Reg40.OTHER_SERIOUS,
                                                    AT + timedelta(hours=2)))
        batch.update_notification(replace(sent, reference="NOT-1"))
    assert batch.changes.touches(Register.CHILDREN, Register.INCIDENTS, Register.NOTIFICATIONS, Register.AUDIT)
    assert [c.initials for c in store.children.list(home_id)] == ["AB", "AB"]  # normalised as the repository does
    saved = store.incidents.get(incident_id)
    assert (saved.child_ids, saved.occurred_at, saved.review_note, saved.reviewed_at) == (
        (first, second), AT, "Plan updated", FIXED_NOW)
    assert [(n.id, n.reference) for n in saved.notifications] == [(sent.id, "NOT-1")]
    entries = store.audit.entries()  # newest first
    actions = [(e.table, e.action.value) for e in reversed(entries[: len(entries) - before])]
    assert actions == [("children", "insert"), ("children", "insert"), ("incidents", "insert"),
                       ("incident_children", "insert"), ("incident_children", "insert"), ("notifications", "insert"),
                       ("notifications", "update")]


def test_updates_relink_children_and_bump_the_version(store: Store, home_id: HomeId) -> None:
    a, _ = store.children.add(home_id, child())
    b, _ = store.children.add(home_id, child("C-032"))
    incident, _ = store.incidents.add(home_id, IncidentDetails(IncidentType.ACCIDENT, AT, (a.id,), "Fell"))
    with store.incidents.batch() as batch:
        batch.update_child(replace(a, placing_authority="Northmoor"))
        batch.update_incident(replace(incident, child_ids=(b.id,), location="Garden", review_note="Seen"))
    after = store.incidents.get(incident.id)
    assert (after.child_ids, after.location, after.review_note, after.version) == ((b.id,), "Garden", "Seen", 2)
    assert store.children.get(a.id).placing_authority == "Northmoor"


def test_a_failure_part_way_writes_nothing(store: Store, home_id: HomeId) -> None:
    audit_before = store.audit.entries()
    with pytest.raises(RuntimeError), store.incidents.batch() as batch:
        first = batch.add_child(home_id, child())
        batch.add_incident(home_id, IncidentDetails(IncidentType.SELF_HARM, AT, (first,), "Cut"))
        raise RuntimeError("the disk filled up")
    assert store.children.list(home_id) == [] and store.incidents.list(home_id) == []
    assert store.audit.entries() == audit_before


def test_a_stale_edit_refuses_the_whole_batch(store: Store, home_id: HomeId) -> None:
    a, _ = store.children.add(home_id, child())
    store.children.update(replace(a, initials="CD"))  # saved elsewhere after `a` was read
    with pytest.raises(ConflictError), store.incidents.batch() as batch:
        batch.add_child(home_id, child("C-099"))
        batch.update_child(replace(a, placing_authority="Northmoor"))
    assert [c.reference for c in store.children.list(home_id)] == ["C-031"]
    assert store.children.get(a.id).placing_authority == ""
