"""Words for incidents on screen: UK times, countdowns in words, step statuses and the log's summary word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carehome_desk.models.dates import format_uk_moment
from carehome_desk.models.deadlines import Step, StepStatus, utc
from carehome_desk.models.time_left import duration_words, time_left
from carehome_desk.ui.widgets.status_style import BASIS_SHORT
from carehome_desk.ui.widgets.style import ORANGE, REDDISH_PURPLE, VERMILLION, YELLOW

#: Chip colours for a step's status (Okabe–Ito): vermillion only for overdue, orange only for due;
#: yellow marks "done, but late" (a fact an inspector will ask about); pale tints for the calm states.
STEP_COLOURS: dict[StepStatus, str] = {
    StepStatus.OVERDUE: VERMILLION,
    StepStatus.DUE: ORANGE,
    StepStatus.NOT_OFFERED: REDDISH_PURPLE,
    StepStatus.DONE_LATE: YELLOW,
    StepStatus.DONE_ON_TIME: "#D9F0E7",
    StepStatus.EXEMPT: "#DCEBF7",
}
COMPLETE_COLOUR = "#D9F0E7"


def local_text(moment: datetime | None) -> str:
    """'21/11/2026 13:00' in UK local time, '25/10/2026 01:30 (BST)' in October's repeated hour; empty for none."""
    return "" if moment is None else format_uk_moment(moment)


def step_timing(step: Step, now: datetime) -> str:
    """When the step is due or was done, with a countdown or how late, in words."""
    due, done = step.due_at, step.done_at
    if step.status is StepStatus.EXEMPT or (due is None and done is None):
        return step.note
    assert due is not None
    if step.status is StepStatus.DUE:
        return f"Due by {local_text(due)} — {time_left(due, now)}"
    if step.status is StepStatus.OVERDUE:
        return f"Was due by {local_text(due)} — {time_left(due, now)}"
    if step.status is StepStatus.NOT_OFFERED:
        return f"Was due by {local_text(due)}"
    assert done is not None
    if step.status is StepStatus.DONE_LATE:
        return f"Done {local_text(done)} — {duration_words(utc(done) - utc(due))} after the deadline " \
               f"({local_text(due)})"
    return f"Done {local_text(done)} (due by {local_text(due)})"


def source_text(step: Step) -> str:
    """'Rule: Reg 35(3)(b): within 48 hours (law)'."""
    return f"Rule: {step.source} ({BASIS_SHORT[step.basis]})"


def needs_action(step: Step) -> bool:
    """As the due list sees it: due, overdue, or an interview not offered that nobody challenged."""
    if step.status in (StepStatus.DUE, StepStatus.OVERDUE):
        return True
    return step.status is StepStatus.NOT_OFFERED and not step.note.startswith("The home challenged")


@dataclass(frozen=True)
class StepSummary:
    """One incident's statutory steps in a word, for the log."""

    word: str
    colour: str | None
    urgency: int
    due_at: datetime | None = None


def summarise(steps: list[Step]) -> StepSummary:
    """'Overdue', 'Due 23/11 13:00', 'Not returned', 'Not offered', 'Done late', 'Complete', 'Exempt' or '—'.

    The manager's review has its own column, so it is left out here.
    """
    timed = [s for s in steps if s.key != "review"]
    statuses = {s.status for s in timed}
    if StepStatus.OVERDUE in statuses:
        return StepSummary("Overdue", VERMILLION, 0)
    due = sorted((s for s in timed if s.status is StepStatus.DUE), key=lambda s: (s.due_at is not None,
                                                                                  s.due_at and utc(s.due_at)))
    if due and due[0].due_at is None:
        return StepSummary("Not returned", ORANGE, 1)
    if any(needs_action(s) for s in timed if s.status is StepStatus.NOT_OFFERED):
        return StepSummary("Not offered", REDDISH_PURPLE, 2)
    if due and due[0].due_at is not None:
        return StepSummary(f"Due {local_text(due[0].due_at)}", ORANGE, 3, utc(due[0].due_at))
    if StepStatus.DONE_LATE in statuses:
        return StepSummary("Done late", YELLOW, 4)
    if StepStatus.NOT_OFFERED in statuses:
        return StepSummary("Not offered · challenged", None, 5)
    if statuses == {StepStatus.EXEMPT}:
        return StepSummary("Exempt", STEP_COLOURS[StepStatus.EXEMPT], 6)
    if timed:
        return StepSummary("Complete", COMPLETE_COLOUR, 7)
    return StepSummary("—", None, 8)


def steps_tooltip(steps: list[Step], now: datetime) -> str:
    """Every step on its own line: status word, what, and when."""
    if not steps:
        return "No timed steps for this incident."
    lines = []
    for step in steps:
        timing = step_timing(step, now)
        lines.append(f"{step.status.label}: {step.name}" + (f" — {timing}" if timing else ""))
    return "\n".join(lines)

