"""Figures the records already hold, as evidence for self-evaluation, Reg 45 reviews and Annex A.

Each figure says how it was counted, so a manager (or an inspector) can check it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from carehome_desk.reference.framework import sccif
from carehome_desk.services.incident_figures import IncidentTimeliness, Timeliness, count, in_period, incident_timeliness
from carehome_desk.models.calendar_math import months_back_start
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import StepStatus, review_step
from carehome_desk.models.children import Child, on_register
from carehome_desk.models.evaluation import Evaluation, EvidenceLink, LinkKind
from carehome_desk.models.home import Home
from carehome_desk.models.ids import HomeId
from carehome_desk.models.diplomas import level3_progress, manager_level5
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.models.quality import (
    Action,
    Inspection,
    Reg44Visit,
    Reg45Review,
    reg44_missed_months,
    reg44_owed_months,
)
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.percent import share, share_text
from carehome_desk.models.status import Status
from carehome_desk.models.workforce import WorkforceSnapshot, summarise, workforce_requirements

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.store import Store


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    def holds(self, moment: datetime | date) -> bool:
        """True when the day (UK time) falls in the period."""
        day = moment.astimezone(UK).date() if isinstance(moment, datetime) else moment
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """'01/06/2026 to 30/11/2026'."""
        return f"{format_uk(self.start)} to {format_uk(self.end)}"

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        length = (self.end - self.start).days + 1
        return Period(self.start - timedelta(days=length), self.start - timedelta(days=1))


def last_months(today: date, months: int = 12) -> Period:
    """What "last 12 months" (or 3, or 6) means wherever the window or the CLI says it.

    Up to and including ``today``, from the day after the same date ``months`` months before: 08/12/2025 to
    07/12/2026 for 07/12/2026, 12 months and not a day more. Where that date is missing it is the month's last
    day (12 months before 29/02/2028 is 28/02/2027, so from 01/03/2027). The dashboard's period, the evidence
    pack's default and its "Last 12 months" button all use it, so their figures agree.
    """
    return Period(months_back_start(today, months), today)


@dataclass(frozen=True)
class Metric:
    """One figure, in words, with how it was counted."""

    key: str
    label: str
    value: float | None
    text: str
    how: str


def _pct(part: int, whole: int) -> tuple[float | None, str]:
    if whole == 0:
        return None, "none to count"
    return share(part, whole), share_text(part, whole)


def due_soon_words(n: int, settings: ProviderSettings) -> str:
    """'2 due within 30 days': how many of a figure's 'in date' are due soon, in the settings' window."""
    days = settings.due_soon_days
    return f"{n} due within {days} day{'' if days == 1 else 's'}"


def _count(key: str, label: str, n: int, how: str) -> Metric:
    return Metric(key, label, float(n), str(n), how)


def _words(timely: Timeliness, noun: str, plural: str) -> str:
    # 'none to count' as every other empty figure says it; with incidents, why none is counted yet.
    return timely.text(noun, plural) if timely.incidents else "none to count"


@dataclass(frozen=True)
class HomeRecords:
    """Every record of one home that the figures and the evidence pack read, read once."""

    home: Home
    snapshot: WorkforceSnapshot
    children: list[Child]  # archived entries too, so incidents name every child (figures use ``on_register``)
    incidents: list[Incident]
    evaluations: list[Evaluation]
    actions: list[Action]
    visits: list[Reg44Visit]
    reviews: list[Reg45Review]
    inspections: list[Inspection]

    @classmethod
    def read(cls, store: Store, home: Home) -> HomeRecords:
        """Read the home's registers (archived entries left out, but for the children incidents may name)."""
        quality = store.quality
        return cls(home, store.workforce.snapshot(home.id), store.children.list(home.id, include_archived=True),
                   store.incidents.list(home.id),
                   quality.evaluations(home.id), quality.actions(home.id), quality.visits(home.id),
                   quality.reviews(home.id), quality.inspections(home.id))

    @classmethod
    def read_every(cls, store: Store, homes: list[Home]) -> dict[HomeId, HomeRecords]:
        """Each of ``homes``' records as ``read`` gives them, reading each register once for every home.

        Each register comes back in the order ``read`` asks for, so a home's lists are the same
        lists in the same order as its own read (the all-homes view and one home's dashboard agree).
        """
        quality = store.quality
        registers: tuple[list[Any], ...] = (store.children.list(include_archived=True), store.incidents.list(),
                                            quality.evaluations(),
                                            quality.actions(), quality.visits(), quality.reviews(),
                                            quality.inspections())
        by_home: list[dict[HomeId, list[Any]]] = []
        for rows in registers:
            grouped: dict[HomeId, list[Any]] = defaultdict(list)
            for row in rows:
                grouped[row.home_id].append(row)
            by_home.append(grouped)
        snapshots = store.workforce.snapshots()
        return {home.id: cls(home, snapshots.get(home.id) or store.workforce.snapshot(home.id),  # a home added since
                             *(list(grouped.get(home.id, [])) for grouped in by_home))
                for home in homes}


def incident_rate_metrics(incidents: list[Incident], timely: IncidentTimeliness, period: Period) -> dict[str, Metric]:
    """The on-time rates over the period's incidents: Reg 35 steps, return interviews offered, Reg 40 notices.

    The dashboard's rate tiles and the evidence pack both take them from here.
    """
    returned = [i for i in in_period(period, incidents, IncidentType.MISSING, IncidentType.AWAY)
                if getattr(i.details, "returned_at", None) is not None]
    offered = [i for i in returned if getattr(i.details, "rhi_offered_at", None) is not None]
    value, text = _pct(len(offered), len(returned))
    return {
        "restraint_steps_on_time": Metric(
            "restraint_steps_on_time", "Reg 35 steps on time", timely.restraints.percent,
            _words(timely.restraints, "restraint", "restraints"),
            "Reg 35(3) steps (record 24 h, staff 48 h, child 5 days) of the period's restraints that are done or "
            "overdue; on time means done by the deadline. Exempt EHC-plan restraints are left out."),
        "rhi_offered": Metric(
            "rhi_offered", "Return home interviews offered", value, text,
            "Returns in the period where the placing authority offered a return home interview (any time)."),
        "notifications_on_time": Metric(
            "notifications_on_time", "Reg 40 notifications on time", timely.notifications.percent,
            _words(timely.notifications, "notifiable incident", "notifiable incidents"),
            "Each required recipient of each notifiable incident in the period, notified within 24 hours "
            "(Guide 14.13)."),
    }


def level5_metric(snap: WorkforceSnapshot, settings: ProviderSettings, day: date) -> Metric:
    """The registered manager's Level 5 as one figure, judged on ``day`` (``manager_level5``'s rule).

    ``home_metrics`` judges it on the period's last day; the evidence pack on the day it is made, as
    its cover, Staff sheet and Level 3 row do.
    """
    manager = manager_level5(snap, settings, day)
    level5 = manager.requirement
    if level5 is None:
        return Metric("manager_level5", "Registered manager's Level 5", None, "no registered manager recorded",
                      "Reg 28: the registered manager holds the Level 5 Diploma.")
    return Metric("manager_level5", "Registered manager's Level 5", None,
                  f"{manager.progress} — {level5.status.label.lower()}", level5.source)


def home_metrics(store: Store, home: Home, period: Period, now: datetime | None = None, *,
                 records: HomeRecords | None = None, settings: ProviderSettings | None = None) -> dict[str, Metric]:
    """Every evidence figure for one home over a period, as of ``now`` (default: the store's clock).

    Callers that already hold the home's records (and the settings) pass them in; otherwise they are read.
    """
    now = now or store.now()
    today = period.end if period.end < now.astimezone(UK).date() else now.astimezone(UK).date()
    settings = settings or store.settings.get()
    records = records or HomeRecords.read(store, home)
    out: dict[str, Metric] = {}

    def add(m: Metric) -> None:
        out[m.key] = m

    # Workforce, as it stands on the period's last day.
    snap = records.snapshot
    reqs = workforce_requirements(snap, settings, today)
    summary = summarise(reqs)
    ok = summary.counts[Status.IN_DATE] + summary.counts[Status.DUE_SOON]
    value, text = _pct(ok, summary.total)
    add(Metric("staff_compliance", "Workforce requirements in date or due soon", value, text,
               f"Every requirement of every current member of staff on {format_uk(today)} (qualification, checks, "
               "DBS, training, supervision); due soon counts with in date, as on the dashboard's tile."))
    for key, label, area in (("training_in_date", "Training in date", "Training"),
                             ("dbs_in_date", "DBS in date", "DBS")):
        part = [r for r in reqs if r.area == area]
        value, text = _pct(sum(r.status in (Status.IN_DATE, Status.DUE_SOON) for r in part), len(part))
        if part:  # due soon counts as in date: the line says how many, and within what window
            text = text[:-1] + f"; {due_soon_words(sum(r.status is Status.DUE_SOON for r in part), settings)})"
        add(Metric(key, label, value, text, f"{area} requirements of current staff on {format_uk(today)}; those "
                   f"due within the due-soon warning ({counted(settings.due_soon_days, 'day')}, Home settings) count as in "
                   "date and are counted apart."))
    sup = [r for r in reqs if r.key == "supervision"]
    value, text = _pct(sum(r.status is not Status.OVERDUE for r in sup), len(sup))
    add(Metric("supervision_cadence", "Supervision cadence met", value, text,
               f"Current staff whose last supervision is within the policy cadence ({settings.supervision_weeks} "
               f"weeks) on {format_uk(today)}."))
    staff_ids = {r.subject_id for r in reqs}
    missing_check = {r.subject_id for r in reqs if r.area == "Recruitment check" and r.status is Status.MISSING
                     and r.basis.value == "law"}
    value, text = _pct(len(staff_ids - missing_check), len(staff_ids))
    add(Metric("recruitment_checks_complete", "Schedule 2 checks complete", value, text,
               "Current staff with every Schedule 2 check done or not applicable."))
    level3 = level3_progress(snap, settings, today)
    value, text = _pct(sum(p == "achieved" for p in level3.values()), len(level3))
    add(Metric("level3_achieved", "Care staff with Level 3 (or equivalent)", value, text,
               "Current staff in care roles (not the manager) whose Level 3 is achieved or an equivalent accepted."))
    add(level5_metric(snap, settings, today))

    # Incidents in the period: counted by incident_figures, as the dashboard tiles and Annex A count them.
    incidents = records.incidents
    timely = incident_timeliness(home, records.children, records.incidents, settings, now, period)
    rates = incident_rate_metrics(incidents, timely, period)
    add(_count("restraints", "Restraints", count(period, incidents, IncidentType.RESTRAINT),
               "Restraint and other measures of control recorded with a date in the period."))
    add(rates["restraint_steps_on_time"])
    missing = in_period(period, incidents, IncidentType.MISSING)
    away = in_period(period, incidents, IncidentType.AWAY)
    add(_count("missing_episodes", "Missing from care episodes", len(missing),
               "Episodes of missing from care starting in the period (away without authorisation counted apart)."))
    add(_count("away_episodes", "Away without authorisation", len(away),
               "Episodes of away from placement without authorisation starting in the period."))
    add(rates["rhi_offered"])
    returned = [i for i in missing + away if getattr(i.details, "returned_at", None) is not None]
    not_offered = [i for i in returned if getattr(i.details, "rhi_not_offered", False)]
    value, text = _pct(sum(bool(getattr(i.details, "home_challenged", False)) for i in not_offered), len(not_offered))
    add(Metric("rhi_challenged", "Home challenged a missing interview", value, text,
               "Returns with no interview offered where the home recorded challenging the placing authority."))
    add(rates["notifications_on_time"])
    for key, label, kind in (("police_callouts", "Police involvement", IncidentType.POLICE),
                             ("exploitation_concerns", "Exploitation concerns", IncidentType.EXPLOITATION),
                             ("self_harm_incidents", "Self-harm incidents", IncidentType.SELF_HARM),
                             ("searches", "Searches", IncidentType.SEARCH),
                             ("allegations", "Allegations against staff", IncidentType.ALLEGATION),
                             ("medication_incidents", "Medication errors or refusals", IncidentType.MEDICATION)):
        add(_count(key, label, count(period, incidents, kind), f"{label} recorded in the period."))
    complaints = in_period(period, incidents, IncidentType.COMPLAINT)
    value, text = _pct(sum(getattr(c.details, "closed_on", None) is not None for c in complaints), len(complaints))
    add(Metric("complaints_closed", "Complaints closed", value, text, "Complaints made in the period now closed."))
    # The review step as every screen counts it: calendar days to the same UK time (models.deadlines).
    review_days = settings.incident_review_days
    review_steps = [review_step(i, now, review_days) for i in in_period(period, incidents)]
    due_review = [r for r in review_steps if r.status.done or r.status is StepStatus.OVERDUE]
    value, text = _pct(sum(r.status is StepStatus.DONE_ON_TIME for r in due_review), len(due_review))
    add(Metric("incidents_reviewed", "Incidents reviewed on time", value, text,
               f"Incidents in the period signed off by the manager within {counted(settings.incident_review_days, 'day')} "
               "(provider policy)."))

    # Children.
    kids = on_register(records.children)
    admitted = [k for k in kids if period.holds(k.admission_date)]
    value, text = _pct(sum(k.admission_planned for k in admitted), len(admitted))
    add(Metric("planned_admissions", "Planned admissions", value, text, "Children admitted in the period."))
    left = [k for k in kids if k.leaving_date and period.holds(k.leaving_date)]
    value, text = _pct(sum(bool(k.ending_planned) for k in left), len(left))
    add(Metric("planned_endings", "Planned endings", value, text, "Children who left in the period."))

    # Quality cycle.
    visits = records.visits
    # The months `due` owes a visit for, complete before today, and those with none (one rule for both).
    months = len(reg44_owed_months(home.reg44_from, visits, today, period.start, period.end))
    missed = len(reg44_missed_months(home.reg44_from, visits, today, period.start, period.end))
    value, text = _pct(months - missed, months)
    add(Metric("reg44_visits", "Months with a Reg 44 visit", value, text,
               "Complete calendar months in the period with at least one independent person's visit."))
    reviews = [r for r in records.reviews if r.completed_on and period.holds(r.completed_on)]
    value, text = _pct(sum(bool(r.sent_to_ofsted_on and r.send_by and r.sent_to_ofsted_on <= r.send_by)
                           for r in reviews), len(reviews))
    add(Metric("reg45_on_time", "Reg 45 reports sent on time", value, text,
               "Reviews completed in the period whose report reached Ofsted within 28 days."))
    closed = [a for a in records.actions if a.completed_on and period.holds(a.completed_on)]
    value, text = _pct(sum(a.completed_on is not None and a.completed_on <= a.due for a in closed), len(closed))
    add(Metric("actions_on_time", "Actions completed on time", value, text,
               "Actions completed in the period by their due date."))
    return out


def proposed_links(metrics: dict[str, Metric], framework_id: str, as_of: date) -> dict[str, tuple[EvidenceLink, ...]]:
    """For every criterion, the figures the records already hold, as evidence links dated ``as_of``."""
    out = {}
    for criterion in sccif(framework_id).criteria:
        out[criterion.id] = tuple(EvidenceLink(LinkKind.METRIC, key, f"{metrics[key].label}: {metrics[key].text}",
                                               as_of) for key in criterion.metrics if key in metrics)
    return out


def reg45_draft(store: Store, home: Home, period: Period, now: datetime | None = None) -> str:
    """A first draft of a Reg 45 review for the period, pre-filled from the records, for the manager to edit."""
    now = now or datetime.combine(period.end, time(23, 59), tzinfo=UK).astimezone(timezone.utc)
    metrics = home_metrics(store, home, period, now)
    before = home_metrics(store, home, period.previous(), now)
    incidents = [i for i in store.incidents.list(home.id) if period.holds(i.occurred_at)]
    by_type = Counter(i.type.label for i in incidents)
    previous = Counter(i.type.label for i in store.incidents.list(home.id) if period.previous().holds(i.occurred_at))
    lines = [f"Reg 45 quality of care review — {home.name} (URN {home.urn})", f"Period: {period.label}", "",
             "Incidents by type (previous period in brackets):"]
    for label, n in sorted(by_type.items(), key=lambda kv: -kv[1]):
        lines.append(f"- {label}: {n} ({previous.get(label, 0)})")
    lines += ["", "Key figures:"]
    for key in ("restraints", "restraint_steps_on_time", "missing_episodes", "away_episodes", "rhi_offered",
                "notifications_on_time", "staff_compliance", "level3_achieved", "supervision_cadence",
                "reg44_visits", "actions_on_time"):
        m, b = metrics[key], before[key]
        lines.append(f"- {m.label}: {m.text} (previous period: {b.text})")
    themes = [r for v in store.quality.visits(home.id) if period.holds(v.visited_on) for r in v.recommendations]
    lines += ["", "Reg 44 themes (recommendations in the period):"] + [f"- {t}" for t in themes or ["none recorded"]]
    acts = store.quality.actions(home.id)
    open_acts = [a for a in acts if not a.status.closed]
    lines += ["", f"Action plan: {len(open_acts)} open, {sum(a.due < now.astimezone(UK).date() for a in open_acts)} "
              "overdue.", "", "Children's, parents', placing authorities' and staff views (reg 45(3)): [add]",
              "Strengths: [add]", "Areas to improve: [add]", "Actions for the next 6 months: [add]"]
    return "\n".join(lines)
