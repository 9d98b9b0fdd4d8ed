"""The improvement cycle: actions, Reg 44 visits, Reg 45 reviews and Ofsted inspections."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum

from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.ids import ActionId, HomeId, InspectionId, ReviewId, VisitId
from carehome_desk.models.status import Basis, Requirement, Status, classify


class ActionStatus(str, Enum):
    """Where an action stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """In words."""
        return self.value.replace("_", " ").capitalize()

    @property
    def closed(self) -> bool:
        """Done or dropped."""
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


class ActionSource(str, Enum):
    """Where an action came from."""

    SELF_EVALUATION = "self_evaluation"
    REG44 = "reg44"
    REG45 = "reg45"
    OFSTED_REQUIREMENT = "ofsted_requirement"
    OFSTED_RECOMMENDATION = "ofsted_recommendation"
    OTHER = "other"

    @property
    def label(self) -> str:
        """In words."""
        return {"self_evaluation": "Self-evaluation", "reg44": "Reg 44 recommendation", "reg45": "Reg 45 review",
                "ofsted_requirement": "Ofsted requirement", "ofsted_recommendation": "Ofsted recommendation",
                "other": "Other"}[self.value]

    @property
    def origin(self) -> str:
        """In a sentence after 'from': 'an Ofsted requirement', 'a Reg 44 recommendation' (names keep capitals)."""
        return {"self_evaluation": "self-evaluation", "reg44": "a Reg 44 recommendation", "reg45": "a Reg 45 review",
                "ofsted_requirement": "an Ofsted requirement", "ofsted_recommendation": "an Ofsted recommendation",
                "other": ""}[self.value]


@dataclass(frozen=True)
class Action:
    """One action in the plan, with its owner, due date and where it came from."""

    home_id: HomeId
    title: str
    owner: str
    due: date
    source: ActionSource = ActionSource.OTHER
    source_ref: str = ""  # criterion id, visit date, inspection date…
    regulation: str = ""  # an Ofsted requirement's regulation, or a recommendation's Guide paragraph
    status: ActionStatus = ActionStatus.OPEN
    completed_on: date | None = None
    note: str = ""
    id: ActionId = ActionId(0)
    visit_id: VisitId | None = None  # a Reg 44 recommendation's action: its visit…
    recommendation_no: int | None = None  # …and the recommendation's number on it (1 for the first line)


def validate_action(a: Action, today: date) -> dict[str, str]:
    """Problems with an action, keyed by field."""
    problems: dict[str, str] = {}
    if not a.title.strip():
        problems["title"] = "Say what needs doing."
    if not a.owner.strip():
        problems["owner"] = "Name who owns the action."
    if a.status is ActionStatus.DONE and not a.completed_on:
        problems["completed_on"] = "Enter the date it was done."
    if a.completed_on and a.completed_on > today:
        problems["completed_on"] = "The completion date is in the future."
    if a.source is ActionSource.OFSTED_REQUIREMENT and not a.regulation.strip():
        problems["regulation"] = "Give the regulation the requirement cites."
    return problems


def closed_on(a: Action, day: date) -> Action:
    """The action done on ``day``; one already done or dropped is kept as it stands (never redated)."""
    return a if a.status.closed else replace(a, status=ActionStatus.DONE, completed_on=day)


def actions_done_problem(day: date | None, since: date, what: str, today: date) -> str | None:
    """Why the day a visit's or an inspection's actions were done (``what``: 'visit') cannot be, or None."""
    if day is None:
        return None
    if day > today:
        return "This date is in the future."
    if day < since:
        return f"This is before the {what} ({format_uk(since)})."
    return None


def action_requirement(a: Action, today: date, window_days: int) -> Requirement | None:
    """An open action as a due item; closed actions need nothing."""
    if a.status.closed:
        return None
    source = a.source.label + (f" ({a.regulation})" if a.regulation else "")
    basis = Basis.LAW if a.source is ActionSource.OFSTED_REQUIREMENT else Basis.PRACTICE
    return Requirement(subject_id=int(a.id), subject=a.owner, area="Action", requirement=a.title,
                       status=classify(a.due, today, window_days), due=a.due, source=source, basis=basis,
                       detail=f"{a.status.label}{action_origin_text(a)}", key=f"action:{int(a.id)}")


def action_origin_text(a: Action) -> str:
    """'; from an Ofsted requirement, inspection 24/04/2026', '; from a Reg 44 recommendation, visit
    24/02/2026', '; from self-evaluation, HP3'; for 'Other', '; from' what the reference says, or nothing.

    `due`, the dashboard's needs list and the calendar all show this detail, so it is worded once here
    (a comma, not brackets: `due` puts the whole detail in brackets).
    """
    ref = a.source_ref.strip()
    if not a.source.origin:
        return f"; from {ref}" if ref else ""
    return f"; from {a.source.origin}" + (f", {ref}" if ref else "")


def month_end(day: date) -> date:
    """The last day of the month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Reg44Visit:
    """A monthly independent person's visit and its report."""

    home_id: HomeId
    visitor: str
    visited_on: date
    announced: bool = False
    report_received_on: date | None = None
    sent_to_ofsted_on: date | None = None
    safeguarded_opinion: str = ""
    recommendations: tuple[str, ...] = ()
    id: VisitId = VisitId(0)

    @property
    def report_due(self) -> date:
        """Before the end of the month after the visit month (Ofsted's requirement, SCCIF)."""
        return month_end(add_months(self.visited_on.replace(day=1), 1))


REG44_VISIT = "Reg 44(1),(3): an independent person visits at least once a month"
REG44_REPORT = "SCCIF: the Reg 44 report reaches Ofsted before the end of the month after the visit"


def reg44_start(expected_from: date | None, visits: list[Reg44Visit], today: date) -> date:
    """The first month a Reg 44 visit is owed: the month of registration (or of the records' start).

    Reg 44(2) asks for a visit at least once each month the home is registered, so every month
    from the registration month on counts, however long ago. Without a registration date the
    first recorded visit is the only start known (the home's settings ask for the date).
    """
    if expected_from is not None:
        return expected_from.replace(day=1)
    return min((v.visited_on for v in visits), default=today).replace(day=1)


def reg44_owed_months(expected_from: date | None, visits: list[Reg44Visit], today: date,
                      start: date | None = None, end: date | None = None) -> list[date]:
    """The complete months (ended before ``today``) a Reg 44 visit was owed for, as first days.

    From ``reg44_start`` (registration, or the records' start), never before ``start``'s month
    nor after ``end``: a period reaching back before the home existed owes nothing for those months.
    """
    month = reg44_start(expected_from, visits, today)
    if start is not None:
        month = max(month, start.replace(day=1))
    out = []
    while month_end(month) < today and (end is None or month <= end):
        out.append(month)
        month = add_months(month, 1)
    return out


def reg44_missed_months(expected_from: date | None, visits: list[Reg44Visit], today: date,
                        start: date | None = None, end: date | None = None) -> list[date]:
    """The owed months (``reg44_owed_months``) with no visit recorded in them, as first days.

    The one rule for "a month with no Reg 44 visit": `due`, the dashboard, the Reg 44 log, the
    evidence pack's Reg 44 sheet, its cover and Annex A all count these.
    """
    visited = {(v.visited_on.year, v.visited_on.month) for v in visits}
    return [m for m in reg44_owed_months(expected_from, visits, today, start, end)
            if (m.year, m.month) not in visited]


def no_visit_text(months: list[date]) -> str:
    """The past months with no Reg 44 visit, in the words the log uses for each one ("No visit recorded").

    'No visit recorded for April 2026', '… for April and June 2026', '… for December 2025 and
    January 2026'; beyond three months the count and the span: '… for 15 months, January 2025 to
    March 2026'. Empty for none. The dashboard's tile and the Reg 44 log's summary both say this.
    """
    months = sorted({m.replace(day=1) for m in months})
    if not months:
        return ""
    if len(months) > 3:
        return f"No visit recorded for {len(months)} months, {months[0]:%B %Y} to {months[-1]:%B %Y}"
    one_year = len({m.year for m in months}) == 1
    names = [f"{m:%B}" if one_year else f"{m:%B %Y}" for m in months]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"No visit recorded for {listed}" + (f" {months[0].year}" if one_year else "")


def reg44_requirements(visits: list[Reg44Visit], since: date, today: date, window_days: int,
                       subject: str) -> list[Requirement]:
    """Months with no visit (from ``since``), this month's visit still to come, and reports not sent."""
    out: list[Requirement] = []
    visited = {(v.visited_on.year, v.visited_on.month) for v in visits}
    missed = set(reg44_missed_months(since, visits, today))
    month = since.replace(day=1)
    while month <= today:
        end = month_end(month)
        if (month.year, month.month) not in visited:
            status = Status.OVERDUE if month in missed else classify(end, today, window_days)
            out.append(Requirement(0, subject, "Reg 44", f"Reg 44 visit for {month:%B %Y}", status, end,
                                   REG44_VISIT, Basis.LAW, "no visit recorded for this month",
                                   key=f"reg44:visit:{month:%Y-%m}"))
        month = add_months(month, 1)
    for v in visits:
        if v.sent_to_ofsted_on is None:
            out.append(Requirement(int(v.id), subject, "Reg 44", f"Reg 44 report for {format_uk(v.visited_on)} "
                                   "sent to Ofsted", classify(v.report_due, today, window_days), v.report_due,
                                   REG44_REPORT, Basis.GUIDANCE, f"visit by {v.visitor}",
                                   key=f"reg44:report:{int(v.id)}"))
    return out


@dataclass(frozen=True)
class Reg45Review:
    """A six-monthly quality of care review and its report."""

    home_id: HomeId
    period_start: date
    period_end: date
    completed_on: date | None = None
    sent_to_ofsted_on: date | None = None
    summary: str = ""
    id: ReviewId = ReviewId(0)

    @property
    def send_by(self) -> date | None:
        """Within 28 days of completing the review (reg 45(4)(a))."""
        return self.completed_on + timedelta(days=28) if self.completed_on else None


def reg45_requirements(reviews: list[Reg45Review], registered: date | None, today: date, window_days: int,
                       subject: str) -> list[Requirement]:
    """The next review (at least every 6 months) and reports not yet sent within 28 days."""
    out: list[Requirement] = []
    done = sorted((r.completed_on for r in reviews if r.completed_on), reverse=True)
    base = done[0] if done else registered
    if base is not None:
        due = add_months(base, 6)
        out.append(Requirement(0, subject, "Reg 45", "Reg 45 quality of care review", classify(due, today,
                               window_days), due, "Reg 45(1): a review at least every 6 months", Basis.LAW,
                               f"last completed {format_uk(done[0])}" if done else "none recorded yet",
                               key="reg45:review"))
    for r in reviews:
        if r.send_by and r.sent_to_ofsted_on is None:
            out.append(Requirement(int(r.id), subject, "Reg 45", f"Reg 45 report ({format_uk(r.completed_on)}) "
                                   "sent to Ofsted", classify(r.send_by, today, window_days), r.send_by,
                                   "Reg 45(4)(a): sent to Ofsted within 28 days of completing the review",
                                   Basis.LAW, "", key=f"reg45:report:{int(r.id)}"))
    return out


def recommendation_lines(text: str) -> tuple[str, ...]:
    """One recommendation a line; blank lines and list bullets dropped (the visit form and the import agree)."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return tuple(" ".join(line.split()) for line in lines if line)


def validate_visit(v: Reg44Visit, today: date) -> dict[str, str]:
    """Problems with a visit record, keyed by field."""
    problems: dict[str, str] = {}
    if not v.visitor.strip():
        problems["visitor"] = "Name the independent person."
    if v.visited_on > today:
        problems["visited_on"] = "The visit date is in the future."
    for key, value in (("report_received_on", v.report_received_on), ("sent_to_ofsted_on", v.sent_to_ofsted_on)):
        if value and value < v.visited_on:
            problems[key] = "This is before the visit."
        elif value and value > today:
            problems[key] = "This date is in the future."
    return problems


def validate_review(r: Reg45Review, today: date) -> dict[str, str]:
    """Problems with a review record, keyed by field."""
    problems: dict[str, str] = {}
    if r.period_end < r.period_start:
        problems["period_end"] = "The period ends before it starts."
    if r.completed_on and r.completed_on < r.period_end:
        problems["completed_on"] = "The review is completed before the end of the period it covers."
    if r.completed_on and r.completed_on > today:
        problems["completed_on"] = "The completion date is in the future."
    if r.sent_to_ofsted_on and (not r.completed_on or r.sent_to_ofsted_on < r.completed_on):
        problems["sent_to_ofsted_on"] = "The report is sent after the review is completed."
    return problems


def overlapping_reviews(review: Reg45Review, reviews: list[Reg45Review]) -> list[Reg45Review]:
    """The other reviews whose period shares a day with this one's (the review itself, by its id, left out)."""
    return [r for r in reviews if (not review.id or r.id != review.id)
            and r.period_start <= review.period_end and review.period_start <= r.period_end]


class InspectionKind(str, Enum):
    """Ofsted's inspection types for children's homes."""

    FULL = "full"
    ASSURANCE = "assurance"
    MONITORING = "monitoring"

    @property
    def label(self) -> str:
        """In words."""
        return {"full": "Full inspection", "assurance": "Assurance inspection",
                "monitoring": "Monitoring inspection"}[self.value]


#: The single judgement of an assurance inspection, in Ofsted's words (SCCIF).
ASSURANCE_OUTCOMES = ("does not have serious or widespread concerns", "has serious or widespread concerns")


@dataclass(frozen=True)
class Finding:
    """A requirement (citing a regulation, with a compliance date) or a recommendation (a Guide paragraph)."""

    text: str
    is_requirement: bool
    regulation: str = ""
    due: date | None = None


@dataclass(frozen=True)
class Inspection:
    """One Ofsted inspection with its judgements and findings."""

    home_id: HomeId
    inspected_on: date
    kind: InspectionKind = InspectionKind.FULL
    judgements: dict[Judgement, Grade] = field(default_factory=dict)
    assurance_outcome: str = ""
    findings: tuple[Finding, ...] = ()
    id: InspectionId = InspectionId(0)


def validate_inspection(i: Inspection, today: date) -> dict[str, str]:
    """Problems with an inspection record, keyed by field."""
    problems: dict[str, str] = {}
    if i.inspected_on > today:
        problems["inspected_on"] = "The inspection date is in the future."
    if any(f.is_requirement and not f.regulation.strip() for f in i.findings):
        problems["findings"] = "Each requirement needs the regulation it cites."
    return problems


def last_full_inspection(inspections: list[Inspection]) -> Inspection | None:
    """The latest full inspection: it defines 'since the last inspection'."""
    full = [i for i in inspections if i.kind is InspectionKind.FULL]
    return max(full, key=lambda i: i.inspected_on) if full else None


def inspection_ref(inspection: Inspection) -> str:
    """How an action names the inspection it came from: 'inspection 09/04/2026'."""
    return f"inspection {format_uk(inspection.inspected_on)}"


def visit_ref(visit: Reg44Visit) -> str:
    """How an action names the visit it came from: 'visit 04/09/2026'."""
    return f"visit {format_uk(visit.visited_on)}"


def actions_from_findings(inspection: Inspection, owner: str) -> list[Action]:
    """Each requirement and recommendation of an inspection as an action."""
    out = []
    for f in inspection.findings:
        due = f.due or add_months(inspection.inspected_on, 3)
        out.append(Action(inspection.home_id, f.text, owner, due,
                          ActionSource.OFSTED_REQUIREMENT if f.is_requirement else ActionSource.OFSTED_RECOMMENDATION,
                          source_ref=inspection_ref(inspection), regulation=f.regulation))
    return out


def finding_actions(inspection: Inspection, actions: list[Action]) -> list[tuple[Finding, Action | None]]:
    """Each finding with the action raised from it (matched by its text and the inspection date)."""
    ref = inspection_ref(inspection)
    mine = {a.title: a for a in actions if a.source_ref == ref and a.source in
            (ActionSource.OFSTED_REQUIREMENT, ActionSource.OFSTED_RECOMMENDATION)}
    return [(f, mine.get(f.text.strip())) for f in inspection.findings]


def inspection_follow_up(inspection: Inspection, actions: list[Action], owner: str) -> list[Action]:
    """Actions still to raise for an inspection's findings: those without one already."""
    have = {f.text.strip() for f, action in finding_actions(inspection, actions) if action is not None}
    return [a for a in actions_from_findings(inspection, owner) if a.title.strip() not in have]
