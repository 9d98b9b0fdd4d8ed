"""Children and incidents through the real store: offsets kept, links, notifications, review, due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from carehome_desk.services.due import due_items
from carehome_desk.models.changes import Register
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.incidents import (
    EnquiryDetails,
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


def test_enquiry_times_are_stored_with_their_offset(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    started = datetime(2026, 10, 20, 14, 20, tzinfo=UK)  # BST
    concluded = datetime(2026, 11, 2, 9, 5, tzinfo=UK)  # GMT
    inc, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.CP_ENQUIRY, started, (child.id,), "Section 47 enquiry", notifiable=True,
        reg40_paragraphs=(Reg40.CP_START, Reg40.CP_END), reg40_rationale="Reg 40(4)(d)",
        details=EnquiryDetails(started_at=started, concluded_at=concluded, outcome="No further action")))
    with store.read() as conn:
        raw = conn.execute(select(incidents_table.c.details)).one()
    assert raw.details["started_at"] == "2026-10-20T14:20:00+01:00"
    assert raw.details["concluded_at"] == "2026-11-02T09:05:00+00:00"
    again = store.incidents.get(inc.id).details
    assert isinstance(again, EnquiryDetails) and again.started_at == started and again.concluded_at == concluded
    assert again.started_on is None and again.start_day == date(2026, 10, 20)


def test_an_enquiry_stored_with_dates_only_still_reads_and_counts_from_the_end_of_the_day(  # type: ignore[no-untyped-def]
        store: Store, home, child) -> None:
    occurred = datetime(2026, 11, 20, 8, 0, tzinfo=UK)
    inc, _ = store.incidents.add(home.id, IncidentDetails(
        IncidentType.CP_ENQUIRY, occurred, (child.id,), "Section 47 enquiry", notifiable=True,
        reg40_paragraphs=(Reg40.CP_START,), reg40_rationale="Reg 40(4)(d)(i)", details=EnquiryDetails()))
    with store.engine.begin() as conn:  # as an older version wrote it: days only, no times
        conn.execute(incidents_table.update().values(details={"started_on": "2026-11-21", "concluded_on": None,
                                                              "outcome": ""}))
    old = store.incidents.get(inc.id).details
    assert old == EnquiryDetails(started_on=date(2026, 11, 21))
    items = {i.requirement.key: i.requirement for i in due_items(store, FIXED_NOW.date())}
    ofsted = items["incident:reg40:cp_start:ofsted"]
    assert ofsted.due_at is not None
    assert ofsted.due_at.astimezone(UK).strftime("%d/%m/%Y %H:%M") == "22/11/2026 23:59"
    assert ofsted.status is Status.DUE_SOON  # at 10:00 on 22/11: a 09:00 start would have made it overdue
    assert "Time not recorded: counted from the end of 21/11/2026" in ofsted.detail


def test_after_a_death_due_asks_for_the_host_authority_only_when_another_authority_placed_the_child(  # type: ignore[no-untyped-def]
        store: Store, home, child) -> None:
    store.children.update(replace(child, placing_authority="Leeds City Council"))
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.OTHER, FIXED_NOW - timedelta(hours=2), (child.id,), "Death of a child", notifiable=True,
        reg40_paragraphs=(Reg40.DEATH,), reg40_rationale="Reg 40(1)"))

    def recipients() -> set[str]:
        return {i.requirement.key.split(":")[-1] for i in due_items(store, FIXED_NOW.date())
                if i.requirement.key.startswith("incident:reg40:death:")}

    assert recipients() == {"ofsted", "placing_authority", "secretary_of_state", "host_authority", "icb"}
    oak = store.homes.get(home.id)
    store.homes.update(oak.id, replace(oak.details, local_authority="Leeds"), expect_version=oak.version)
    assert recipients() == {"ofsted", "placing_authority", "secretary_of_state", "icb"}
    oak = store.homes.get(home.id)
    store.homes.update(oak.id, replace(oak.details, local_authority="Bradford", secure=True),
                       expect_version=oak.version)
    assert recipients() == {"ofsted", "placing_authority", "secretary_of_state", "host_authority", "icb", "ppo"}


def test_a_restraint_record_completed_after_a_time_known_incomplete_cannot_claim_that_time(
        store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    """Reg 35(3)(a): a 'Record made' saved with particulars missing was incomplete then; completing the
    record through the store (import, command line) must give a later moment, or a late record shows on time."""
    from carehome_desk.models.deadlines import StepStatus, restraint_steps
    from tests.reg35_particulars import complete

    occurred = FIXED_NOW - timedelta(days=4)
    started = occurred + timedelta(hours=2)
    draft = IncidentDetails(IncidentType.RESTRAINT, occurred, (child.id,), "Held", "Lounge",
                            details=RestraintDetails(behaviour="Kicked a door", record_made_at=started))
    saved, _ = store.incidents.add(home.id, draft)  # a draft with the time set is allowed in, as before
    saved, _ = store.incidents.update(saved)  # and saving it again unchanged is not refused
    for claimed in (started, started - timedelta(minutes=1)):
        with pytest.raises(ValidationError) as caught:
            store.incidents.update(replace(saved, details=complete(record_made_at=claimed)))
        assert list(caught.value.problems) == ["record_made_at"]
        assert caught.value.problems["record_made_at"].startswith(
            "‘Record made’ (18/11/2026 12:00) was set while the record was still incomplete.")
    assert store.incidents.get(saved.id).details == draft.details  # nothing was written
    honest = started + timedelta(days=3)
    done, _ = store.incidents.update(replace(saved, details=complete(record_made_at=honest)))
    (record, *_) = restraint_steps(done, FIXED_NOW)
    assert (record.status, record.done_at) == (StepStatus.DONE_LATE, honest)
    # Once complete, its time can be corrected freely: nothing is then known to be incomplete.
    store.incidents.update(replace(done, details=complete(record_made_at=honest - timedelta(hours=1))))


def test_each_incident_save_names_its_home_for_the_figures(store: Store, home, child) -> None:  # type: ignore[no-untyped-def]
    """The dashboard works out again only the home a save was in: every incident save says which, as stored."""
    when = FIXED_NOW - timedelta(hours=5)
    inc, added = store.incidents.add(home.id, IncidentDetails(
        IncidentType.EXPLOITATION, when, (child.id,), "Seen with older males", notifiable=True,
        reg40_paragraphs=(Reg40.SEXUAL_EXPLOITATION,), reg40_rationale="CSE concern"))
    updated, edited = store.incidents.update(replace(inc, summary="Seen with older males again"))
    _, reviewed = store.incidents.review(updated, "Strategy meeting held", "Priya Fairbairn")
    _, notified = store.incidents.add_notification(Notification(inc.id, Recipient.OFSTED, Reg40.SEXUAL_EXPLOITATION,
                                                                when + timedelta(hours=1), reference="NOT-1"))
    for changes in (added, edited, reviewed, notified):
        assert changes.homes == {home.id} and changes.touches(Register.INCIDENTS)
    assert store.incidents.archive(inc.id, "Entered twice").homes is None  # not said: any home's figures move
