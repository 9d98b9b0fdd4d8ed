"""The incident window's step times read as the `steps` text does: which 01:30 in October's repeated hour."""

from __future__ import annotations

from datetime import datetime, timezone

from carehome_desk.models.deadlines import Step, StepStatus
from carehome_desk.models.status import Basis
from carehome_desk.ui.incidents.incident_text import step_timing


def at_utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, 25, hour, minute, tzinfo=timezone.utc)


def record_step(due: datetime, done: datetime | None, status: StepStatus) -> Step:
    return Step("reg35_record", "Record made", due, done, status, "Reg 35(3)(a)", Basis.LAW)


def test_a_step_due_in_the_repeated_hour_says_bst_or_gmt_and_other_times_stay_plain() -> None:
    first, second = at_utc(0, 30), at_utc(1, 30)  # 01:30 BST, then 01:30 GMT an hour later
    assert step_timing(record_step(first, at_utc(10), StepStatus.DONE_LATE), at_utc(12)) == (
        "Done 25/10/2026 10:00 — 9 hours 30 minutes after the deadline (25/10/2026 01:30 (BST))")
    assert step_timing(record_step(second, at_utc(1, 0), StepStatus.DONE_ON_TIME), at_utc(12)) == (
        "Done 25/10/2026 01:00 (GMT) (due by 25/10/2026 01:30 (GMT))")
    assert step_timing(record_step(at_utc(9), None, StepStatus.NOT_OFFERED), at_utc(12)) == (
        "Was due by 25/10/2026 09:00")
