"""Reg 35(3)(a): "Record made" is done only when the record holds every particular the regulation lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import (
    REG35_PARTICULARS,
    StepStatus,
    reg35_missing,
    record_made_refusal,
    record_made_too_early,
    restraint_steps,
    step_requirement,
)
from carehome_desk.models.ids import ChildId, IncidentId
from carehome_desk.models.incidents import Incident, IncidentType, RestraintDetails
from carehome_desk.models.status import Status
from tests.reg35_particulars import PARTICULARS, complete

START = datetime(2026, 12, 3, 9, 0, tzinfo=UK)


def restraint(details: RestraintDetails, *, children: tuple[ChildId, ...] = (ChildId(1),),
              location: str = "Lounge") -> Incident:
    return Incident(type=IncidentType.RESTRAINT, occurred_at=START, child_ids=children, summary="s",
                    location=location, details=details, id=IncidentId(4))


def record_step(inc: Incident, now: datetime):  # type: ignore[no-untyped-def]
    return restraint_steps(inc, now)[0]


def test_every_particular_filled_means_nothing_missing() -> None:
    assert reg35_missing(restraint(complete())) == []


def test_a_saved_draft_with_every_particular_empty_lists_them_all_in_the_regulations_order() -> None:
    inc = restraint(RestraintDetails(), children=(), location="")
    assert reg35_missing(inc) == [word for word, _key in REG35_PARTICULARS]
    assert reg35_missing(inc)[:3] == ["child", "behaviour", "location"]


@pytest.mark.parametrize("key,word", [("duration_minutes", "duration"), ("alternatives_tried", "methods tried"),
                                      ("used_by", "used by"), ("others_present", "others present"),
                                      ("injuries", "injuries"), ("medical_treatment", "medical treatment"),
                                      ("behaviour", "behaviour"), ("measure", "measure"), ("effect", "effect")])
def test_each_particular_left_empty_is_named(key: str, word: str) -> None:
    empty = None if key == "duration_minutes" else "   "  # spaces alone are not an answer
    assert reg35_missing(restraint(complete(**{key: empty}))) == [word]


def test_none_written_counts_as_filled_and_zero_minutes_is_a_duration() -> None:
    inc = restraint(complete(injuries="None", medical_treatment="None", others_present="None", duration_minutes=0))
    assert reg35_missing(inc) == []


def test_record_made_at_with_particulars_missing_is_not_done_and_says_what_is_missing() -> None:
    details = complete(duration_minutes=None, alternatives_tried="", record_made_at=START + timedelta(hours=1))
    step = record_step(restraint(details), START + timedelta(hours=2))
    assert step.status is StepStatus.DUE and step.done_at is None
    assert step.note == "Record started 03/12/2026 10:00 — not complete: missing duration, methods tried"


def test_finding_5_an_empty_record_is_not_done_on_time_and_turns_overdue_after_24_hours() -> None:
    details = RestraintDetails(record_made_at=START + timedelta(minutes=1))
    inc = restraint(details)
    before = record_step(inc, START + timedelta(hours=23, minutes=59))
    assert before.status is StepStatus.DUE
    assert before.note.startswith("Record started 03/12/2026 09:01 — not complete: missing behaviour, measure")
    after = record_step(inc, START + timedelta(hours=24, minutes=1))
    assert after.status is StepStatus.OVERDUE
    requirement = step_requirement(inc, after, "AB", START + timedelta(hours=24, minutes=1))
    assert requirement is not None and requirement.status is Status.OVERDUE
    assert "not complete: missing behaviour" in requirement.detail


def test_no_record_time_and_particulars_missing_names_them() -> None:
    step = record_step(restraint(complete(injuries="")), START)
    assert step.status is StepStatus.DUE and step.note == "Missing: injuries"


def test_complete_at_23_hours_59_is_on_time_and_after_24_hours_is_late() -> None:
    now = START + timedelta(days=3)
    on_time = record_step(restraint(complete(record_made_at=START + timedelta(hours=23, minutes=59))), now)
    assert on_time.status is StepStatus.DONE_ON_TIME and on_time.note == ""
    late = record_step(restraint(complete(record_made_at=START + timedelta(hours=24, minutes=1))), now)
    assert late.status is StepStatus.DONE_LATE


def test_the_exemption_under_an_ehc_plan_is_not_asked_for_particulars() -> None:
    (step,) = restraint_steps(restraint(RestraintDetails(ehc_plan_planned=True)), START)
    assert step.status is StepStatus.EXEMPT


# ---- setting "Record made": the honest moment -------------------------------------------------

def test_record_made_cannot_be_set_while_particulars_are_missing() -> None:
    new = restraint(complete(effect="", record_made_at=START + timedelta(hours=2)))
    words = record_made_refusal(new, None)
    assert "Missing: effect" in words and "clear ‘Record made’ to save this as a draft" in words
    assert record_made_refusal(new, restraint(complete(effect=""))) != ""  # newly set on a saved draft


def test_a_draft_without_record_made_and_a_complete_record_save() -> None:
    assert record_made_refusal(restraint(RestraintDetails()), None) == ""
    assert record_made_refusal(restraint(complete(record_made_at=START + timedelta(hours=2))), None) == ""


def test_an_imported_incomplete_record_keeps_its_started_time_while_still_incomplete() -> None:
    imported = restraint(RestraintDetails(record_made_at=START + timedelta(hours=1)))
    edited = replace(imported, details=replace(imported.details, behaviour="Shouting"))  # type: ignore[type-var]
    assert record_made_refusal(edited, imported) == ""


def test_completing_a_started_record_asks_for_the_moment_it_became_complete() -> None:
    started = restraint(replace(complete(), measure="", record_made_at=START + timedelta(hours=1)))
    completed = restraint(complete(record_made_at=START + timedelta(hours=1)))
    assert "(03/12/2026 10:00) was set while the record was still incomplete" in record_made_refusal(completed, started)
    # Nor any moment before it: the record was incomplete then too.
    sooner = restraint(complete(record_made_at=START + timedelta(minutes=59)))
    assert "(03/12/2026 10:00) was set while the record was still incomplete" in record_made_refusal(sooner, started)
    assert record_made_too_early(sooner, started) == record_made_refusal(sooner, started)
    assert record_made_too_early(started, None) == record_made_too_early(sooner, None) == ""
    # Given the moment it became complete, 30 hours on: saved, and the step is done late, not on time.
    honest = restraint(complete(record_made_at=START + timedelta(hours=30)))
    assert record_made_refusal(honest, started) == ""
    assert record_step(honest, START + timedelta(hours=31)).status is StepStatus.DONE_LATE


def test_particulars_constant_matches_the_helper() -> None:
    assert {key for _word, key in REG35_PARTICULARS} - {"child_ids", "location"} == set(PARTICULARS)
