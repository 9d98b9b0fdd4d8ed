"""Status words, cell texts, colours and tooltips shared by the workforce pages: the word first, colour second."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from carehome_desk.models.dates import format_uk
from carehome_desk.models.status import Basis, Requirement, Status
from carehome_desk.ui.widgets.record_table_model import Column
from carehome_desk.ui.widgets.style import BLUISH_GREEN, ORANGE, REDDISH_PURPLE, VERMILLION
from carehome_desk.ui.widgets.style import STATUS_TINTS as STATUS_TINTS  # its home is style.py (the tiles' module)

#: Cell backgrounds (Okabe–Ito): vermillion only for overdue, orange only for due soon; a pale
#: bluish green for in date keeps a page of good news calm.
STATUS_COLOURS: dict[Status, str] = {
    Status.OVERDUE: VERMILLION,
    Status.DUE_SOON: ORANGE,
    Status.MISSING: REDDISH_PURPLE,
    Status.IN_DATE: "#D9F0E7",
}
#: The basis in a few words, for the end of a "Rule: …" line.
BASIS_SHORT: dict[Basis, str] = {Basis.LAW: "law", Basis.GUIDANCE: "statutory guidance",
                                 Basis.PRACTICE: "practice, not law"}
#: One word for a narrow column; the tooltip says it in full.
BASIS_WORD: dict[Basis, str] = {Basis.LAW: "law", Basis.GUIDANCE: "guidance", Basis.PRACTICE: "practice"}
CHECK_MARK = "✓"
NOT_REQUIRED = "—"
LEGEND = (f"{CHECK_MARK} in date (the date is when it runs out) · Due = due soon · Overdue · Missing · "
          f"{NOT_REQUIRED} not required")


def cell_text(req: Requirement | None, done_on: date | None = None) -> str:
    """A short status word or symbol and the date: '✓ 03/04/2027', 'Due 05/12/2026', 'Missing'."""
    if req is None:
        return NOT_REQUIRED
    if req.status is Status.IN_DATE:
        if req.due is not None:
            return f"{CHECK_MARK} {format_uk(req.due)}"
        return f"{CHECK_MARK} Done {format_uk(done_on)}".rstrip()
    if req.status is Status.DUE_SOON:
        return f"Due {format_uk(req.due)}"
    if req.status is Status.OVERDUE:
        return f"Overdue {format_uk(req.due)}".rstrip()
    return "Missing"


def status_sentence(req: Requirement) -> str:
    """'Overdue: was due 14/09/2026' — the status word, then what the date means."""
    if req.due is None:
        return req.status.label
    if req.status is Status.OVERDUE:
        return f"{req.status.label}: was due {format_uk(req.due)}"
    if req.status is Status.DUE_SOON:
        return f"{req.status.label}: due {format_uk(req.due)}"
    return f"{req.status.label}: due by {format_uk(req.due)}"


def requirement_tooltip(req: Requirement) -> str:
    """Everything behind a status: the person, what is needed, the detail and the rule's source."""
    detail = req.detail[:1].upper() + req.detail[1:] if req.detail else ""
    lines = [f"{req.subject} — {req.requirement}", status_sentence(req)]
    if detail:
        lines.append(detail)
    lines.append(f"Rule: {req.source} ({BASIS_SHORT[req.basis]})")
    return "\n".join(lines)


#: The words a citation is made of: "Reg 31(2)(a)", "Guide 9.57–9.58 and Sch 1 para 17(b)".
_CITATION = re.compile(r"(?:(?:Regs?|reg|Guide|Sch(?:edule)?|para|paras|and|&|\d[\w.–-]*(?:\([\w]+\))*)(?:\s+|$))+")


def short_rule(source: str) -> str:
    """The citation a rule's source text starts with, for a narrow column: 'Reg 31(2)(a)', 'Guide 10.8',
    'Provider policy'. The whole text stays in the tooltip."""
    head = re.split(r"[:;]", source, maxsplit=1)[0].strip()
    cited = _CITATION.match(head + " ")
    if cited and any(ch.isdigit() for ch in cited.group(0)):
        return cited.group(0).strip().removesuffix(" and").removesuffix(" &")
    return head.split(" (")[0] or source


def requirement_columns(first: str = "Requirement") -> list[Column[Requirement]]:
    """Columns for a person's list of requirements: what, status word, date, source and detail.

    The rule, its citation only (the whole rule in the tooltip), comes before the free-length
    detail, so on a laptop it is read, not cut to "Guide".
    """
    return [
        Column(first, lambda r: r.requirement, tooltip=requirement_tooltip),
        Column("Status", lambda r: r.status.label, sort_key=lambda r: r.status.urgency,
               background=lambda r: STATUS_COLOURS[r.status], tooltip=requirement_tooltip),
        Column("Due", lambda r: format_uk(r.due), sort_key=lambda r: r.due),
        Column("Rule", lambda r: f"{short_rule(r.source)} ({BASIS_WORD[r.basis]})", tooltip=requirement_tooltip),
        Column("Detail", lambda r: r.detail, tooltip=requirement_tooltip),
    ]


class StatusBanner(QLabel):
    """A requirement's status as a sentence in a tinted box: the word first, the source beside it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Status")
        self.requirement: Requirement | None = None

    def show_requirement(self, req: Requirement | None, note: str = "", title: str = "") -> None:
        """Show a status (None hides the banner); ``title`` leads it, ``note`` goes on its own line."""
        self.requirement = req
        self.setVisible(req is not None)
        if req is None:
            return
        lines = [f"{title} — {status_sentence(req)}" if title else status_sentence(req)]
        if req.detail:
            lines.append(req.detail[:1].upper() + req.detail[1:])
        lines.append(f"Rule: {req.source} ({BASIS_SHORT[req.basis]})")
        if note:
            lines.append(note)
        self.setText("\n".join(lines))
        self.setToolTip(requirement_tooltip(req))
        edge = BLUISH_GREEN if req.status is Status.IN_DATE else STATUS_COLOURS[req.status]
        self.setStyleSheet(
            f"QLabel {{ background: {STATUS_TINTS[req.status]}; color: black; padding: 6px 10px;"
            f" border-left: 6px solid {edge}; border-radius: 3px; }}")
