"""Reg 35, return interview, LADO and reg 40 deadlines at their boundaries, in UK time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import (
    StepStatus,
    incident_steps,
    lado_due,
    missing_steps,
    notification_steps,
    restraint_steps,
    step_requirement,
    step_status,
)
from carehome_desk.models.ids import ChildId, IncidentId
from carehome_desk.models.incidents import (
    AllegationDetails,
    EnquiryDetails,
    Incident,
    IncidentType,
    MissingDetails,
    Notification,
    Recipient,
    Reg40,
    RestraintDetails,
)
from carehome_desk.models.status import Status
from carehome_desk.reference_data import bank_holidays

HOLIDAYS = bank_holidays()


def at(text: str) -> datetime:
    """A UK wall-clock time, 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UK)


def incident(kind: IncidentType, when: datetime, details: object = None, **kw: object) -> Incident:
    return Incident(type=kind, occurred_at=when, child_ids=(ChildId(1),), summary="s", details=details,  # type: ignore[arg-type]
                    id=IncidentId(9), **kw)  # type: ignore[arg-type]


def steps_by_key(steps):  # type: ignore[no-untyped-def]
    return {s.key: s for s in steps}


def test_record_within_exactly_24_hours_is_on_time_and_one_minute_more_is_late() -> None:
    start = at("2026-06-10 14:05")
    on_time = incident(IncidentType.RESTRAINT, start, RestraintDetails(record_made_at=start + timedelta(hours=24)))
    late = incident(IncidentType.RESTRAINT, start,
                    RestraintDetails(record_made_at=start + timedelta(hours=24, minutes=1)))
    now = start + timedelta(days=10)
    assert steps_by_key(restraint_steps(on_time, now))["reg35_record"].status is StepStatus.DONE_ON_TIME
    assert steps_by_key(restraint_steps(late, now))["reg35_record"].status is StepStatus.DONE_LATE


def test_an_open_step_is_due_up_to_the_minute_then_overdue() -> None:
    due = at("2026-06-11 14:05")
    assert step_status(due, None, due) is StepStatus.DUE
    assert step_status(due, None, due + timedelta(minutes=1)) is StepStatus.OVERDUE


def test_restraint_steps_48_hours_and_5_days() -> None:
    start = at("2026-06-10 22:30")
    steps = steps_by_key(restraint_steps(incident(IncidentType.RESTRAINT, start), start + timedelta(hours=30)))
    assert steps["reg35_record"].status is StepStatus.OVERDUE
    assert steps["reg35_staff"].due_at == at("2026-06-12 22:30") and steps["reg35_staff"].status is StepStatus.DUE
    assert steps["reg35_child"].due_at == at("2026-06-15 22:30")
    assert steps["reg35_staff"].source.startswith("Reg 35(3)(b)")


def test_across_the_spring_clock_change_24_hours_means_24_real_hours() -> None:
    start = at("2026-03-28 12:00")  # GMT; clocks go forward at 01:00 on 29/03/2026
    (record, *_) = restraint_steps(incident(IncidentType.RESTRAINT, start), start)
    assert record.due_at is not None
    assert record.due_at - start == timedelta(hours=24)
    assert record.due_at.astimezone(UK).strftime("%d/%m %H:%M %Z") == "29/03 13:00 BST"


def test_across_the_autumn_clock_change_and_midnight() -> None:
    start = at("2026-10-24 23:30")  # BST; clocks go back at 02:00 on 25/10/2026
    (record, *_) = restraint_steps(incident(IncidentType.RESTRAINT, start), start)
    assert record.due_at is not None
    assert record.due_at.astimezone(UK).strftime("%d/%m %H:%M %Z") == "25/10 22:30 GMT"
    done = datetime(2026, 10, 25, 23, 0, tzinfo=timezone.utc)  # 23:00 GMT: 30 minutes late
    late = incident(IncidentType.RESTRAINT, start, RestraintDetails(record_made_at=done))
    assert restraint_steps(late, done)[0].status is StepStatus.DONE_LATE


def test_planned_restraint_under_an_ehc_plan_is_exempt_and_says_so() -> None:
    steps = restraint_steps(incident(IncidentType.RESTRAINT, at("2026-06-10 10:00"),
                                     RestraintDetails(ehc_plan_planned=True)), at("2026-07-01 10:00"))
    assert [s.status for s in steps] == [StepStatus.EXEMPT]
    assert "Reg 35(4)" in steps[0].source


def test_child_spoken_to_after_24_hours_is_on_time_but_noted() -> None:
    start = at("2026-06-10 10:00")
    inc = incident(IncidentType.RESTRAINT, start, RestraintDetails(child_spoken_at=start + timedelta(hours=50)))
    child = steps_by_key(restraint_steps(inc, start + timedelta(days=6)))["reg35_child"]
    assert child.status is StepStatus.DONE_ON_TIME and "ideally within 24 hours" in child.note


def test_return_interview_72_hours_after_return_and_not_offered() -> None:
    start = at("2026-06-10 16:00")
    back = at("2026-06-11 02:00")
    offered = missing_steps(incident(IncidentType.MISSING, start,
                                     MissingDetails(returned_at=back, rhi_offered_at=back + timedelta(hours=72))),
                            back + timedelta(days=5))
    assert offered[0].status is StepStatus.DONE_ON_TIME and "secondary" in offered[0].source
    missed = missing_steps(incident(IncidentType.AWAY, start, MissingDetails(returned_at=back, rhi_not_offered=True)),
                           back + timedelta(days=5))
    assert missed[0].status is StepStatus.NOT_OFFERED
    req = step_requirement(incident(IncidentType.AWAY, start), missed[0], "AB (C01)", back)
    assert req is not None and req.status is Status.MISSING
    challenged = missing_steps(incident(IncidentType.AWAY, start, MissingDetails(
        returned_at=back, rhi_not_offered=True, home_challenged=True)), back)
    assert step_requirement(incident(IncidentType.AWAY, start), challenged[0], "AB", back) is None
    still_out = missing_steps(incident(IncidentType.MISSING, start, MissingDetails()), back)
    assert still_out[0].note == "Not yet returned"


def test_lado_one_working_day_over_weekends_and_bank_holidays() -> None:
    assert lado_due(at("2026-06-10 15:00"), HOLIDAYS) == at("2026-06-11 15:00")  # Wednesday -> Thursday
    assert lado_due(at("2026-06-12 15:00"), HOLIDAYS) == at("2026-06-15 15:00")  # Friday -> Monday
    assert lado_due(at("2026-06-13 10:00"), HOLIDAYS) == at("2026-06-15 23:59")  # Saturday -> end of Monday
    assert lado_due(at("2026-12-24 11:00"), HOLIDAYS) == at("2026-12-29 11:00")  # Christmas + substitute day
    assert lado_due(at("2026-04-02 09:00"), HOLIDAYS) == at("2026-04-07 09:00")  # Good Friday, Easter Monday
    steps = incident_steps(incident(IncidentType.ALLEGATION, at("2026-06-12 15:00"),
                                    AllegationDetails(lado_referred_at=at("2026-06-15 15:01"))),
                           at("2026-06-20 10:00"), HOLIDAYS, 7)
    assert steps_by_key(steps)["lado"].status is StepStatus.DONE_LATE


def test_reg40_each_required_recipient_within_24_hours() -> None:
    start = at("2026-06-10 10:00")
    sent = [Notification(IncidentId(9), Recipient.OFSTED, Reg40.SEXUAL_EXPLOITATION, start + timedelta(hours=3),
                         reference="")]
    inc = incident(IncidentType.EXPLOITATION, start, notifiable=True,
                   reg40_paragraphs=(Reg40.SEXUAL_EXPLOITATION,), notifications=tuple(sent))
    steps = steps_by_key(notification_steps(inc, start + timedelta(hours=30)))
    ofsted = steps["reg40:sexual_exploitation:ofsted"]
    assert ofsted.status is StepStatus.DONE_ON_TIME and ofsted.note == "No Ofsted reference recorded"
    assert steps["reg40:sexual_exploitation:placing_authority"].status is StepStatus.OVERDUE
    assert notification_steps(replace(inc, notifiable=False), start) == []


def test_a_death_needs_more_recipients_and_cp_end_waits_for_the_conclusion() -> None:
    start = at("2026-06-10 10:00")
    death = incident(IncidentType.OTHER, start, notifiable=True, reg40_paragraphs=(Reg40.DEATH,))
    assert {s.key.split(":")[2] for s in notification_steps(death, start)} == {
        "ofsted", "placing_authority", "secretary_of_state", "host_authority", "icb"}
    open_enquiry = incident(IncidentType.CP_ENQUIRY, start, EnquiryDetails(started_on=date(2026, 6, 10)),
                            notifiable=True, reg40_paragraphs=(Reg40.CP_START, Reg40.CP_END))
    keys = {s.key for s in notification_steps(open_enquiry, start)}
    assert keys == {"reg40:cp_start:ofsted", "reg40:cp_start:placing_authority"}


def test_unreviewed_incident_is_due_for_review_by_policy() -> None:
    start = at("2026-06-10 10:00")
    steps = steps_by_key(incident_steps(incident(IncidentType.ACCIDENT, start), start + timedelta(days=8),
                                        HOLIDAYS, 7))
    assert steps["review"].status is StepStatus.OVERDUE and "provider policy" in steps["review"].source
    reviewed = incident(IncidentType.ACCIDENT, start, reviewed_at=start + timedelta(days=2))
    assert steps_by_key(incident_steps(reviewed, start + timedelta(days=8), HOLIDAYS, 7))["review"].status.done
