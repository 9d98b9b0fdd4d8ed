"""The Reg 44 log as a table: each visit with its report's journey to Ofsted, and each month with no visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from carehome_desk.models.dates import format_uk
from carehome_desk.models.quality import REG44_REPORT, REG44_VISIT, Reg44Visit, month_end, reg44_requirements, reg44_start
from carehome_desk.models.status import Status, classify
from carehome_desk.ui.quality.quality_common import DONE_COLOUR
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS


@dataclass(frozen=True)
class Reg44Row:
    """A visit, or a month with no visit recorded (``visit`` is None)."""

    month: date  # the first of the month
    visit: Reg44Visit | None
    word: str  # the status word: the report's for a visit, the visit's own for an empty month
    colour: str | None
    urgency: int
    sentence: str

    @property
    def missed(self) -> bool:
        """A past month with no visit: 'Overdue', the word the dashboard and the due list use for it."""
        return self.visit is None and self.word == Status.OVERDUE.label

    @property
    def when(self) -> str:
        """The visit date, or 'No visit recorded — June 2026'."""
        if self.visit is not None:
            return format_uk(self.visit.visited_on)
        if self.missed:
            return f"No visit recorded — {self.month:%B %Y}"
        return f"No visit yet — {self.month:%B %Y}"


def _visit_row(v: Reg44Visit, today: date, window_days: int) -> Reg44Row:
    due = v.report_due
    if v.sent_to_ofsted_on is not None:
        late = v.sent_to_ofsted_on > due
        return Reg44Row(v.visited_on.replace(day=1), v, "Sent late" if late else "Sent on time",
                        None if late else DONE_COLOUR, 4 if late else 5,
                        f"Report sent to Ofsted {format_uk(v.sent_to_ofsted_on)}; due by {format_uk(due)}.")
    status = classify(due, today, window_days)
    word = {Status.OVERDUE: "Overdue", Status.DUE_SOON: "Due soon"}.get(status, "Not sent yet")
    return Reg44Row(v.visited_on.replace(day=1), v, word, STATUS_COLOURS.get(status) if status is not Status.IN_DATE
                    else None, {Status.OVERDUE: 1, Status.DUE_SOON: 2}.get(status, 3),
                    f"Report not yet sent to Ofsted; due by {format_uk(due)}.")


def build_reg44_rows(visits: list[Reg44Visit], today: date, window_days: int, subject: str = "",
                     expected_from: date | None = None) -> list[Reg44Row]:
    """Every visit, plus a row for each month since registration with no visit (missed, or still to come)."""
    rows = [_visit_row(v, today, window_days) for v in visits]
    for req in reg44_requirements(visits, reg44_start(expected_from, visits, today), today, window_days, subject):
        if not req.key.startswith("reg44:visit:") or req.due is None:
            continue
        month = req.due.replace(day=1)
        missed = req.status is Status.OVERDUE
        rows.append(Reg44Row(month, None, req.status.label,  # one word for the state everywhere it shows
                             STATUS_COLOURS[req.status] if req.status is not Status.IN_DATE else None,
                             0 if missed else 2,
                             f"No visit recorded for {month:%B %Y}" + (
                                 "." if missed else f"; one is due by {format_uk(month_end(month))}.")))
    return rows


def _tip(r: Reg44Row) -> str:
    if r.visit is None:
        return f"{r.sentence}\nRule: {REG44_VISIT} (law)"
    lines = [f"Visit by {r.visit.visitor} on {format_uk(r.visit.visited_on)}", r.sentence,
             f"Rule: {REG44_REPORT} (Ofsted's requirement)"]
    lines += [f"Recommendation: {text}" for text in r.visit.recommendations]
    return "\n".join(lines)


def _visit_text(r: Reg44Row, text: str) -> str:
    return text if r.visit is not None else ""


REG44_COLUMNS: list[Column[Reg44Row]] = [
    Column("Visit", lambda r: r.when, sort_key=lambda r: (r.month, r.visit.visited_on if r.visit else r.month),
           background=lambda r: r.colour if r.visit is None else None, tooltip=_tip),
    Column("Visitor", lambda r: r.visit.visitor if r.visit else ""),
    Column("Notice", lambda r: _visit_text(r, "Announced" if r.visit and r.visit.announced else "Unannounced"),
           header_tooltip="Reg 44 visits may be unannounced."),
    Column("Report received", lambda r: format_uk(r.visit.report_received_on) if r.visit else "",
           sort_key=lambda r: r.visit.report_received_on if r.visit else None),
    Column("Sent to Ofsted", lambda r: (format_uk(r.visit.sent_to_ofsted_on) or "Not sent") if r.visit else "",
           sort_key=lambda r: r.visit.sent_to_ofsted_on if r.visit else None),
    Column("Report due by", lambda r: format_uk(r.visit.report_due) if r.visit else "",
           sort_key=lambda r: r.visit.report_due if r.visit else None,
           header_tooltip="Ofsted's requirement (SCCIF): the report reaches Ofsted before the end of the month "
                          "after the visit."),
    Column("Status", lambda r: r.word, sort_key=lambda r: (r.urgency, r.month), background=lambda r: r.colour,
           tooltip=_tip, header_tooltip="The report's journey to Ofsted; for a month with no visit, the visit's."),
    Column("Recommendations", lambda r: "; ".join(r.visit.recommendations) if r.visit else "",
           sort_key=lambda r: len(r.visit.recommendations) if r.visit else -1, tooltip=_tip),
]


class Reg44TableModel(RecordTableModel[Reg44Row]):
    """The Reg 44 log."""

    def __init__(self, parent: Any = None):
        super().__init__(REG44_COLUMNS, parent)
