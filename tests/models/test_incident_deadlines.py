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
    after_days,
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
from carehome_desk.models.recipients import NotifyContext
from carehome_desk.models.status import Status
from carehome_desk.reference.bank_holidays import bank_holidays
from tests.reg35_particulars import PARTICULARS, complete

HOLIDAYS = bank_holidays()
#: A child placed by another authority than the home's own: every reg 40(1) recipient but the PPO.
CTX = NotifyContext(("Kirklees Council",), "Leeds City Council")


def at(text: str) -> datetime:
    """A UK wall-clock time, 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UK)


def incident(kind: IncidentType, when: datetime, details: object = None, **kw: object) -> Incident:
    kw.setdefault("location", "Lounge")
    return Incident(type=kind, occurred_at=when, child_ids=(ChildId(1),), summary="s", details=details,  # type: ignore[arg-type]
                    id=IncidentId(9), **kw)  # type: ignore[arg-type]


def steps_by_key(steps):  # type: ignore[no-untyped-def]
    return {s.key: s for s in steps}


def test_record_within_exactly_24_hours_is_on_time_and_one_minute_more_is_late() -> None:
    start = at("2026-06-10 14:05")
    on_time = incident(IncidentType.RESTRAINT, start, complete(record_made_at=start + timedelta(hours=24)))
    late = incident(IncidentType.RESTRAINT, start, complete(record_made_at=start + timedelta(hours=24, minutes=1)))
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
    late = incident(IncidentType.RESTRAINT, start, complete(record_made_at=done))
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
    assert child.status is StepStatus.DONE_ON_TIME and "ideally within 24 hours" in child.source
    # The note says what happened; the rule (Guide 9.60's ideal) is said once, in the source.
    assert child.note == "Spoken to more than 24 hours after the incident"


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
                           at("2026-06-20 10:00"), HOLIDAYS, 7, CTX)
    assert steps_by_key(steps)["lado"].status is StepStatus.DONE_LATE


def test_reg40_each_required_recipient_within_24_hours() -> None:
    start = at("2026-06-10 10:00")
    sent = [Notification(IncidentId(9), Recipient.OFSTED, Reg40.SEXUAL_EXPLOITATION, start + timedelta(hours=3),
                         reference="")]
    inc = incident(IncidentType.EXPLOITATION, start, notifiable=True,
                   reg40_paragraphs=(Reg40.SEXUAL_EXPLOITATION,), notifications=tuple(sent))
    steps = steps_by_key(notification_steps(inc, start + timedelta(hours=30), CTX))
    ofsted = steps["reg40:sexual_exploitation:ofsted"]
    assert ofsted.status is StepStatus.DONE_ON_TIME and ofsted.note == "No Ofsted reference recorded"
    assert steps["reg40:sexual_exploitation:placing_authority"].status is StepStatus.OVERDUE
    assert notification_steps(replace(inc, notifiable=False), start, CTX) == []


def test_a_death_needs_more_recipients_and_cp_end_waits_for_the_conclusion() -> None:
    start = at("2026-06-10 10:00")
    death = incident(IncidentType.OTHER, start, notifiable=True, reg40_paragraphs=(Reg40.DEATH,))
    assert {s.key.split(":")[2] for s in notification_steps(death, start, CTX)} == {
        "ofsted", "placing_authority", "secretary_of_state", "host_authority", "icb"}
    open_enquiry = incident(IncidentType.CP_ENQUIRY, start, EnquiryDetails(started_on=date(2026, 6, 10)),
                            notifiable=True, reg40_paragraphs=(Reg40.CP_START, Reg40.CP_END))
    keys = {s.key for s in notification_steps(open_enquiry, start, CTX)}
    assert keys == {"reg40:cp_start:ofsted", "reg40:cp_start:placing_authority"}


def test_unreviewed_incident_is_due_for_review_by_policy() -> None:
    start = at("2026-06-10 10:00")
    steps = steps_by_key(incident_steps(incident(IncidentType.ACCIDENT, start), start + timedelta(days=8),
                                        HOLIDAYS, 7, CTX))
    assert steps["review"].status is StepStatus.OVERDUE and "provider policy" in steps["review"].source
    reviewed = incident(IncidentType.ACCIDENT, start, reviewed_at=start + timedelta(days=2))
    assert steps_by_key(incident_steps(reviewed, start + timedelta(days=8), HOLIDAYS, 7, CTX))["review"].status.done
    assert "within 7 days (calendar days" in steps["review"].source
    next_day = steps_by_key(incident_steps(incident(IncidentType.ACCIDENT, start), start, HOLIDAYS, 1, CTX))
    assert "within 1 day (calendar days" in next_day["review"].source  # a one-day policy, in the singular


# ---- day-counted limits are calendar days; hour-counted limits are real hours -----------------------


def test_five_days_across_the_spring_clock_change_is_the_same_wall_time() -> None:
    start = at("2026-03-26 10:00")  # GMT; the clocks go forward at 01:00 GMT on Sunday 29/03/2026
    child = steps_by_key(restraint_steps(incident(IncidentType.RESTRAINT, start), start))["reg35_child"]
    assert child.due_at is not None
    assert child.due_at.astimezone(UK).strftime("%d/%m/%Y %H:%M %Z") == "31/03/2026 10:00 BST"
    assert child.due_at - start == timedelta(hours=119)  # a 23-hour day is still a day
    assert "calendar days" in child.source


def test_five_days_across_the_autumn_clock_change_is_the_same_wall_time() -> None:
    start = at("2026-10-22 10:00")  # BST; the clocks go back at 02:00 BST on Sunday 25/10/2026
    child = steps_by_key(restraint_steps(incident(IncidentType.RESTRAINT, start), start))["reg35_child"]
    assert child.due_at is not None
    assert child.due_at.astimezone(UK).strftime("%d/%m/%Y %H:%M %Z") == "27/10/2026 10:00 GMT"
    assert child.due_at - start == timedelta(hours=121)


def test_five_days_exactly_on_the_deadline_is_on_time_and_a_minute_later_is_late() -> None:
    start = at("2026-03-26 10:00")
    due = datetime(2026, 3, 31, 10, 0, tzinfo=UK)
    for done, status in ((due, StepStatus.DONE_ON_TIME), (due + timedelta(minutes=1), StepStatus.DONE_LATE)):
        inc = incident(IncidentType.RESTRAINT, start, RestraintDetails(child_spoken_at=done))
        assert steps_by_key(restraint_steps(inc, due + timedelta(days=1)))["reg35_child"].status is status
    open_step = steps_by_key(restraint_steps(incident(IncidentType.RESTRAINT, start), due))["reg35_child"]
    assert open_step.status is StepStatus.DUE
    later = steps_by_key(restraint_steps(incident(IncidentType.RESTRAINT, start), due + timedelta(minutes=1)))
    assert later["reg35_child"].status is StepStatus.OVERDUE


def test_hour_counted_steps_still_count_real_hours_across_both_changes() -> None:
    spring = restraint_steps(incident(IncidentType.RESTRAINT, at("2026-03-28 12:00")), at("2026-03-28 12:00"))
    record, staff = spring[0], spring[1]
    assert record.due_at is not None and staff.due_at is not None
    assert record.due_at.astimezone(UK).strftime("%d/%m %H:%M %Z") == "29/03 13:00 BST"
    assert staff.due_at.astimezone(UK).strftime("%d/%m %H:%M %Z") == "30/03 13:00 BST"
    autumn = restraint_steps(incident(IncidentType.RESTRAINT, at("2026-10-24 12:00")), at("2026-10-24 12:00"))
    assert autumn[0].due_at is not None and autumn[1].due_at is not None
    assert autumn[0].due_at.astimezone(UK).strftime("%d/%m %H:%M %Z") == "25/10 11:00 GMT"
    assert autumn[1].due_at.astimezone(UK).strftime("%d/%m %H:%M %Z") == "26/10 11:00 GMT"


def test_review_days_are_calendar_days_too() -> None:
    start = at("2026-03-26 10:00")
    review = steps_by_key(incident_steps(incident(IncidentType.ACCIDENT, start), start, HOLIDAYS, 7, CTX))["review"]
    assert review.due_at is not None
    assert review.due_at.astimezone(UK).strftime("%d/%m/%Y %H:%M %Z") == "02/04/2026 10:00 BST"


def test_a_wall_time_the_clocks_skip_or_repeat_takes_the_later_reading() -> None:
    # 01:30 on 29/03/2026 does not exist: read as 01:30 GMT, which the clocks show as 02:30 BST.
    skipped = after_days(at("2026-03-24 01:30"), 5)
    assert skipped == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    assert skipped.astimezone(UK).strftime("%H:%M %Z") == "02:30 BST"
    # 01:30 on 25/10/2026 happens twice: the second one (GMT).
    repeated = after_days(at("2026-10-20 01:30"), 5)
    assert repeated == datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)
    assert repeated.astimezone(UK).strftime("%H:%M %Z") == "01:30 GMT"
    # From the second 01:30 (GMT) on the night itself, five days on is an ordinary 01:30 GMT.
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UK, fold=1)
    assert after_days(second, 5) == datetime(2026, 10, 30, 1, 30, tzinfo=timezone.utc)


# ---- the child protection enquiry's own times -------------------------------------------------------


def enquiry(details: EnquiryDetails, *paragraphs: Reg40, notes: tuple[Notification, ...] = ()) -> Incident:
    return incident(IncidentType.CP_ENQUIRY, at("2026-06-12 08:00"), details, notifiable=True,
                    reg40_paragraphs=paragraphs or (Reg40.CP_START, Reg40.CP_END), notifications=notes)


def test_enquiry_clocks_start_at_the_recorded_times() -> None:
    details = EnquiryDetails(started_at=at("2026-06-12 14:20"), concluded_at=at("2026-06-20 16:45"),
                             outcome="No further action")
    steps = steps_by_key(notification_steps(enquiry(details), at("2026-06-21 09:00"), CTX))
    assert steps["reg40:cp_start:ofsted"].due_at == at("2026-06-13 14:20")
    assert steps["reg40:cp_end:ofsted"].due_at == at("2026-06-21 16:45")
    assert steps["reg40:cp_end:ofsted"].note == ""


def test_enquiry_with_only_a_day_counts_from_the_end_of_that_day_and_says_so() -> None:
    details = EnquiryDetails(started_on=date(2026, 6, 12), concluded_on=date(2026, 6, 20), outcome="NFA")
    sent = Notification(IncidentId(9), Recipient.OFSTED, Reg40.CP_START, at("2026-06-13 23:59"), reference="R1")
    steps = steps_by_key(notification_steps(enquiry(details, notes=(sent,)), at("2026-06-21 09:00"), CTX))
    start = steps["reg40:cp_start:ofsted"]
    assert start.due_at is not None
    assert start.due_at.astimezone(UK).strftime("%d/%m/%Y %H:%M") == "13/06/2026 23:59"
    assert start.status is StepStatus.DONE_ON_TIME  # 09:00 or 17:00 would have made it late
    assert start.note == ("Time not recorded: counted from the end of 12/06/2026; record the time for an "
                          "exact deadline")
    assert "without delay" in start.source and "Guide 14.13" in start.source
    end = steps["reg40:cp_end:placing_authority"]
    assert end.due_at is not None and end.due_at.astimezone(UK).strftime("%d/%m %H:%M") == "21/06 23:59"
    assert "end of 20/06/2026" in end.note
    # An old record without a start day: the incident's own time starts the clock.
    bare = steps_by_key(notification_steps(enquiry(EnquiryDetails(), Reg40.CP_START), at("2026-06-12 09:00"), CTX))
    assert bare["reg40:cp_start:ofsted"].due_at == at("2026-06-13 08:00")


def test_enquiry_validation_times_order_future_and_outcome() -> None:
    from carehome_desk.models.incidents import validate_incident

    now = at("2026-06-21 09:00")

    def problems(details: EnquiryDetails) -> dict[str, str]:
        return validate_incident(enquiry(details).editable, now)

    assert problems(EnquiryDetails(started_at=at("2026-06-12 14:00"), concluded_at=at("2026-06-12 13:59"),
                                   outcome="x"))["concluded_at"] == "The enquiry concluded before it started."
    assert "concluded_at" not in problems(EnquiryDetails(started_at=at("2026-06-12 14:00"),
                                                         concluded_at=at("2026-06-12 14:00"), outcome="x"))
    assert problems(EnquiryDetails(started_on=date(2026, 6, 12), concluded_on=date(2026, 6, 11),
                                   outcome="x"))["concluded_at"] == "The enquiry concluded before it started."
    # A day-only start and a timed conclusion on the same day cannot be put in order: no complaint.
    assert "concluded_at" not in problems(EnquiryDetails(started_on=date(2026, 6, 12),
                                                         concluded_at=at("2026-06-12 09:00"), outcome="x"))
    assert problems(EnquiryDetails(started_at=at("2026-06-21 09:01")))["started_at"] == (
        "The enquiry's start is in the future.")
    assert problems(EnquiryDetails(started_on=date(2026, 6, 22)))["started_at"] == (
        "The enquiry's start is in the future.")
    assert "reg 40(4)(d)(ii)" in problems(EnquiryDetails(started_at=at("2026-06-12 14:00"),
                                                         concluded_at=at("2026-06-20 10:00")))["outcome"]
    assert "outcome" in problems(EnquiryDetails(concluded_on=date(2026, 6, 20)))
