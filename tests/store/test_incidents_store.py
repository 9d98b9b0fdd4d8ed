"""Children and incidents through the real store: offsets kept, links, notifications, review, due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from carehome_desk.due import due_items
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.incidents import (
    IncidentDetails,
    IncidentType,
    MissingDetails,
    Notification,
    Recipient,
    Reg40,
    RestraintDetails,
)
from carehome_desk.models.status import Status
from carehome_desk.store import ConflictError, Store, ValidationError
from carehome_desk.store.schema import incidents as incidents_table
from tests.conftest import FIXED_NOW, oak_lodge


@pytest.fixture
def home(store: Store):  # type: ignore[no-untyped-def]
    h, _ = store.homes.add(oak_lodge())
    return h


@pytest.fixture
def child(store: Store, home):  # type: ignore[no-untyped-def]
    c, _ = store.children.add(home.id, ChildDetails(reference="C-031", initials="ab", date_of_birth=date(2011, 5, 1),
                                                     admission_date=date(2025, 1, 10), full_name="Alex Brown"))
    return c


def test_child_reference_is_unique_in_a_home(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    assert child.initials == "AB"
    with pytest.raises(ValidationError) as caught:
        store.children.add(home.id, replace(child.details, initials="CD"))
    assert "already has the reference" in caught.value.problems["reference"]
    left, _ = store.children.update(replace(child, leaving_date=date(2026, 6, 1), ending_planned=True))
    assert store.children.list(home.id) == [left]  # children who left stay in the register


def test_times_are_stored_with_their_offset_and_read_back_as_the_same_instant(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    summer = datetime(2026, 7, 1, 23, 30, tzinfo=UK)  # BST
    d = IncidentDetails(IncidentType.RESTRAINT, summer, (child.id,), "Held to keep safe",
                        details=RestraintDetails(measure="Two-person hold", duration_minutes=4,
                                                 record_made_at=summer + timedelta(hours=2)))
    inc, _ = store.incidents.add(home.id, d)
    with store.read() as conn:
        raw = conn.execute(select(incidents_table.c.occurred_at, incidents_table.c.details)).one()
    assert raw.occurred_at == "2026-07-01T23:30:00+01:00"
    assert raw.details["record_made_at"].endswith("+01:00")
    again = store.incidents.get(inc.id)
    assert again.occurred_at == summer and again.child_ids == (child.id,)
    assert isinstance(again.details, RestraintDetails) and again.details.duration_minutes == 4


def test_incident_update_review_and_stale_edit(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    when = FIXED_NOW - timedelta(hours=30)
    inc, _ = store.incidents.add(home.id, IncidentDetails(IncidentType.MISSING, when, (child.id,), "Did not return"))
    updated, _ = store.incidents.update(replace(inc, details=MissingDetails(returned_at=when + timedelta(hours=5))))
    with pytest.raises(ConflictError):
        store.incidents.update(replace(inc, summary="stale"))
    with pytest.raises(ValidationError):
        store.incidents.review(updated, "  ", "RM")
    reviewed, _ = store.incidents.review(updated, "Risk plan updated", "Priya Fairbairn")
    assert reviewed.reviewed_at == FIXED_NOW and reviewed.reviewed_by == "Priya Fairbairn"
    assert len(store.audit.entries(table="incidents", record_id=inc.id)) == 3


def test_notifications_recorded_and_checked(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    when = FIXED_NOW - timedelta(hours=5)
    inc, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.EXPLOITATION, when, (child.id,), "Seen with older males", notifiable=True,
        reg40_paragraphs=(Reg40.SEXUAL_EXPLOITATION,), reg40_rationale="CSE concern"))
    with pytest.raises(ValidationError):
        store.incidents.add_notification(Notification(inc.id, Recipient.OFSTED, Reg40.SEXUAL_EXPLOITATION,
                                                      when - timedelta(minutes=1)))
    store.incidents.add_notification(Notification(inc.id, Recipient.OFSTED, Reg40.SEXUAL_EXPLOITATION,
                                                  when + timedelta(hours=1), method="Online form",
                                                  reference="NOT-123"))
    items = [i for i in due_items(store, FIXED_NOW.date()) if i.requirement.area == "Incident"]
    names = {i.requirement.requirement for i in items}
    assert "Placing authority notified (Reg 40(4)(a))" in names
    assert "Ofsted notified (Reg 40(4)(a))" not in names
    assert all(i.requirement.subject == "AB (C-031)" for i in items)  # initials, never the name
    assert all(i.requirement.status is Status.DUE_SOON for i in items)


def test_incident_for_a_child_of_another_home_is_refused(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    other, _ = store.homes.add(oak_lodge(name="Willow House", urn="SC765432"))
    with pytest.raises(ValidationError) as caught:
        store.incidents.add(other.id, IncidentDetails(IncidentType.ACCIDENT, FIXED_NOW - timedelta(hours=1),
                                                      (child.id,), "Fell"))
    assert "not in this home's register" in caught.value.problems["child_ids"]
