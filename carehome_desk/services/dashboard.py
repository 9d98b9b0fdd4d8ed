"""What the dashboard shows, computed in the core: tiles, the needs-action list and chart series.

The window draws these; the CLI and tests use the same figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from carehome_desk.services.due import DueItem, due_items
from carehome_desk.services.evidence import HomeRecords, Period, incident_rate_metrics, last_months
from carehome_desk.services.incident_figures import count, incident_timeliness
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.children import Child
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import Step
from carehome_desk.models.home import Home, Judgement
from carehome_desk.models.ids import HomeId, IncidentId, StaffId
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.models.diplomas import level3_progress, manager_level5
from carehome_desk.models.quality import (
    Reg44Visit, month_end, no_visit_text, reg44_missed_months, reg44_start, reg45_requirements,
)
from carehome_desk.models.percent import percent_text
from carehome_desk.models.settings import ProviderSettings, rate_status
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.training import Course
from carehome_desk.models.workforce import WorkforceSnapshot, course_requirement, summarise, workforce_requirements
from carehome_desk.services.dashboard_tile import GRADE_SCORE, HomeSummary, Series, Tile, home_counts

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.store import Store


#: What a tile says when there is nothing yet to count: never a status, so never a green "In date".
NO_DATA = "No data yet"
ADD_STAFF = "Add staff on the Staff page or File → Import…"
#: What the workforce percentage counts: the tile and the evidence figure both count due soon with in date.
IN_DATE_OR_DUE_SOON = "in date or due soon"


def _trend(now_n: int, before_n: int) -> str:
    if now_n == before_n:
        return "same as the previous period"
    word = "up" if now_n > before_n else "down"
    return f"{word} from {before_n} in the previous period"


def period_words(period: Period, today: date) -> str:
    """'since 23/11/2025' for a period ending today, else 'from 01/04/2026 to 30/06/2026'."""
    if period.end == today:
        return f"since {format_uk(period.start)}"
    return f"from {format_uk(period.start)} to {format_uk(period.end)}"


def tiles(store: Store, home: Home, today: date, now: datetime | None = None,
          period: Period | None = None) -> list[Tile]:
    """The dashboard's tiles for one home, as of ``today``.

    With a ``period`` (the dashboard's period selector), the restraint and missing tiles compare
    that period with the one before it instead of the last 90 days, and the on-time rates are
    counted over it instead of the last 12 months; the 30-day headline stays.
    """
    now = now or store.now()
    settings = store.settings.get()
    # In three parts, each over the registers it reads, so a save recomputes only the part it touched.
    return (workforce_tiles(store.workforce.snapshot(home.id), settings, today)
            # Archived children too: the steps name every child an incident was about (see due.py).
            + incident_tiles(home, store.children.list(home.id, include_archived=True), store.incidents.list(home.id),
                             settings, today, now, period)
            + quality_tiles(store, home, today, settings))


def workforce_tiles(snap: WorkforceSnapshot, settings: ProviderSettings, today: date,
                    reqs: list[Requirement] | None = None) -> list[Tile]:
    """The tiles that read the workforce registers: compliance, Level 3 and the manager's Level 5.

    ``reqs``: ``workforce_requirements`` for the same snapshot, settings and day, if the caller has them.
    """
    reqs = workforce_requirements(snap, settings, today) if reqs is None else reqs
    summary = summarise(reqs)
    out: list[Tile] = []
    pct = summary.percent_in_date
    worst = (Status.OVERDUE if summary.counts[Status.OVERDUE] else Status.MISSING if summary.counts[Status.MISSING]
             else Status.DUE_SOON if summary.counts[Status.DUE_SOON] else Status.IN_DATE)
    current = snap.current_staff(today)
    out.append(Tile("workforce", "Workforce compliance",
                    NO_DATA if pct is None else f"{percent_text(pct)} {IN_DATE_OR_DUE_SOON}",
                    ADD_STAFF if pct is None else ", ".join(f"{summary.counts[s]} {s.label.lower()}" for s in Status),
                    "Every requirement of every current member of staff: qualifications, Schedule 2 checks, DBS, "
                    "training, supervision, appraisal, induction, probation. The percentage counts due soon with "
                    "in date (as the evidence figure does); the line below counts each apart.",
                    None if pct is None else worst, "Staff", "needs_action"))
    counts = Counter(level3_progress(snap, settings, today).values())
    level3_how = ("Current staff in care roles other than the registered manager (reg 32(4)); an accepted "
                  "equivalent counts as achieved.")
    if not counts:  # no care staff: nothing is in date, and nothing is overdue either
        out.append(Tile("level3", "Level 3 Diploma (care staff)", NO_DATA,
                        "Add care staff on the Staff page or File → Import…" if current else ADD_STAFF,
                        level3_how, None, "Staff", "level3"))
    else:
        out.append(Tile("level3", "Level 3 Diploma (care staff)", f"{counts['achieved']} achieved",
                        f"{counts['enrolled']} enrolled, {counts['overdue']} overdue, {counts['not started']} "
                        "not started", level3_how,
                        Status.OVERDUE if counts["overdue"] else Status.IN_DATE, "Staff", "level3"))
    level5 = manager_level5(snap, settings, today).requirement
    if not current:
        out.append(Tile("level5", "Manager's Level 5 Diploma", NO_DATA,
                        "Add the registered manager on the Staff page",
                        "Reg 28(2)–(4): Level 5 within 3 years of starting to manage a home.", None, "Staff", "level5"))
    else:
        out.append(Tile("level5", "Manager's Level 5 Diploma",
                        level5.detail.split(";")[0].capitalize() if level5 else "No registered manager recorded",
                        (f"{level5.status.label}" + (f" — due {format_uk(level5.due)}" if level5.due else ""))
                        if level5 else "Add the registered manager on the Staff page",
                        "Reg 28(2)–(4): Level 5 within 3 years of starting to manage a home.",
                        level5.status if level5 else Status.MISSING, "Staff", "level5"))
    return out


def incident_tiles(home: Home, children: list[Child], incidents: list[Incident], settings: ProviderSettings,
                   today: date, now: datetime, period: Period | None = None,
                   known: Mapping[IncidentId, list[Step]] | None = None) -> list[Tile]:
    """The tiles that read the incidents (and the children, for reg 40's recipients), judged at ``now``.

    ``known``: the incidents' steps at ``now``, when the caller has worked them out already.
    """
    out: list[Tile] = []
    for key, title, kinds in (("restraints", "Restraints", (IncidentType.RESTRAINT,)),
                              ("missing", "Missing and away episodes", (IncidentType.MISSING, IncidentType.AWAY))):
        windows = []
        for span in (Period(today - timedelta(days=29), today), period or Period(today - timedelta(days=89), today)):
            windows.append((count(span, incidents, *kinds), count(span.previous(), incidents, *kinds)))
        (n30, b30), (n_long, b_long) = windows
        longer = "in 90 days" if period is None else period_words(period, today)
        out.append(Tile(key, title, f"{n30} in 30 days", f"{n_long} {longer} ({_trend(n_long, b_long)}); "
                        f"30 days: {_trend(n30, b30)}",
                        f"{title} with a date in the last 30 and 90 days, against the 30 and 90 days before."
                        if period is None else f"{title} with a date in the last 30 days and in {period.label}, "
                        "each against the same number of days just before.",
                        None, "Incidents", key))
    rates = period or last_months(today)
    rates_words = "in the last 12 months" if period is None else period_words(period, today)
    timely = incident_timeliness(home, children, incidents, settings, now, rates, known)
    metrics = incident_rate_metrics(incidents, timely, rates)
    # With nothing to count yet, the words say why, over the same incidents the counts count
    # (a restraint whose steps are not due is never "no restraints").
    empty = {"notifications_on_time": timely.notifications.text("notifiable incident", "notifiable incidents",
                                                                rates_words),
             "restraint_steps_on_time": timely.restraints.text("restraint", "restraints", rates_words)}
    for key, title, opens in (("notifications_on_time", "Reg 40 notifications on time", "Incidents"),
                              ("restraint_steps_on_time", "Restraint steps on time", "Incidents"),
                              ("rhi_offered", "Return interviews offered", "Incidents")):
        m = metrics[key]
        status = None if m.value is None else rate_status(m.value, settings.on_time_target_percent)
        detail = f"{m.text} {rates_words}" if m.value is not None or key not in empty else empty[key]
        out.append(Tile(key, title, "—" if m.value is None else percent_text(m.value),
                        detail[:1].upper() + detail[1:] if m.value is None else detail, m.how, status, opens, key,
                        target=settings.on_time_target_percent))
    return out


def quality_tiles(store: Store, home: Home, today: date, settings: ProviderSettings) -> list[Tile]:
    """The tiles that read the quality registers: Reg 44 visits, Reg 45 reviews and open actions."""
    out: list[Tile] = []
    visits = store.quality.visits(home.id)
    out.append(_reg44_tile(visits, home, today))
    # The review `due` lists (6 months from the last review, or from registration; the provider's window).
    reviews = store.quality.reviews(home.id)
    review = next((r for r in reg45_requirements(reviews, home.registration_date, today, settings.due_soon_days,
                                                 home.name) if r.key == "reg45:review"), None)
    if review is None or review.due is None:
        out.append(Tile("reg45", "Next Reg 45 review", NO_DATA,
                        "Record the last review on the Quality page, or the registration date on Home settings",
                        "Reg 45(1): a review at least every 6 months.", None, "Quality", "reg45"))
    else:
        out.append(Tile("reg45", "Next Reg 45 review", f"due {format_uk(review.due)}", review.detail,
                        "Reg 45(1): a review at least every 6 months.", review.status, "Quality", "reg45"))
    every_action = store.quality.actions(home.id)
    actions = [a for a in every_action if not a.status.closed]
    overdue = sum(a.due < today for a in actions)
    if not every_action:  # none ever recorded: '0 open' would read as all done
        out.append(Tile("actions", "Open actions", NO_DATA,
                        "Add actions on the Quality page (self-evaluation, Reg 44, Reg 45, Ofsted)",
                        "Actions not yet done or dropped, from self-evaluation, Reg 44, Reg 45 and Ofsted.",
                        None, "Quality", "actions"))
        return out
    out.append(Tile("actions", "Open actions", str(len(actions)), f"{overdue} overdue",
                    "Actions not yet done or dropped, from self-evaluation, Reg 44, Reg 45 and Ofsted.",
                    Status.OVERDUE if overdue else Status.IN_DATE, "Quality", "actions"))
    return out


def needs_action(store: Store, today: date, urn: str | None = None, *,
                 records: Mapping[HomeId, HomeRecords] | None = None) -> list[DueItem]:
    """The needs-action list: exactly what `carehome-desk due` prints, most urgent first.

    ``records``: every home's records, when the caller has read them already.
    """
    return due_items(store, today, urn=urn, records=records)


def month_starts(end: date, count: int) -> list[date]:
    """The first days of the last ``count`` months up to ``end``'s month."""
    first = end.replace(day=1)
    return [add_months(first, -k) for k in range(count - 1, -1, -1)]


def incidents_by_month(store: Store, home: Home, end: date, months: int = 12,
                       incidents: list[Incident] | None = None, within: Period | None = None) -> Series:
    """Incidents per month by type (for a stacked bar chart); types never seen are left out.

    Callers that already hold the home's incidents pass them in. With ``within`` only the incidents in that
    period count, so a period starting mid-month has a first bar for its part of the month and the bars add
    up to the period's tiles.
    """
    starts = month_starts(end, months)
    index = {(m.year, m.month): k for k, m in enumerate(starts)}
    counts: dict[str, list[float]] = {}
    for incident in store.incidents.list(home.id) if incidents is None else incidents:
        if within is not None and not within.holds(incident.occurred_at):
            continue
        local = incident.occurred_at.astimezone(UK)
        k = index.get((local.year, local.month))
        if k is None:
            continue
        counts.setdefault(incident.type.label, [0.0] * months)[k] += 1
    return Series(starts, dict(sorted(counts.items(), key=lambda kv: -sum(kv[1]))))


def rolling(values: list[float], window: int = 3) -> list[float]:
    """The trailing mean over ``window`` months (fewer at the start)."""
    out = []
    for k in range(len(values)):
        part = values[max(0, k - window + 1):k + 1]
        out.append(sum(part) / len(part))
    return out


def restraint_missing_trend(store: Store, home: Home, end: date, months: int = 12,
                            by_type: Series | None = None) -> Series:
    """Restraints and missing episodes per month, each with a 3-month rolling average.

    ``by_type``: incidents_by_month for the same home, end and months, if the caller has it.
    """
    by_type = by_type or incidents_by_month(store, home, end, months)
    restraint = by_type.values.get(IncidentType.RESTRAINT.label, [0.0] * months)
    missing = [a + b for a, b in zip(by_type.values.get(IncidentType.MISSING.label, [0.0] * months),
                                     by_type.values.get(IncidentType.AWAY.label, [0.0] * months), strict=True)]
    return Series(by_type.months, {"Restraints": restraint, "Restraints (3-month average)": rolling(restraint),
                                   "Missing and away": missing, "Missing and away (3-month average)": rolling(missing)})


def training_compliance_trend(store: Store, home: Home, end: date, months: int = 12, *,
                              snap: WorkforceSnapshot | None = None,
                              settings: ProviderSettings | None = None,
                              memo: dict[StaffId, tuple[object, list[tuple[int, int]]]] | None = None) -> Series:
    """Share of required training in date at each month end (as the records stand now), by the Staff page's
    rule that day (induction allowance included), so the last point is the 'Training in date' figure.

    Callers that already hold the home's workforce snapshot (and the settings) pass them in. ``memo``
    (kept by the caller between calls) keeps each person's counts: a person whose record, training and
    courses are as they were is not worked out again, so a training save recounts one person.
    """
    snap = snap if snap is not None else store.workforce.snapshot(home.id)
    settings = settings if settings is not None else store.settings.get()
    starts = month_starts(end, months)
    days = [min(month_end(start), end) for start in starts]
    courses = snap.active_courses()
    totals = [(0, 0)] * len(days)
    seen: set[StaffId] = set()
    for staff in snap.staff:
        basis = (staff, courses, [snap.training.get((staff.id, c.id), []) for c in courses], settings, days)
        kept = memo.get(staff.id) if memo is not None else None
        if kept is None or kept[0] != basis:
            kept = (basis, _training_counts(staff, courses, snap, settings, days))
        if memo is not None:
            memo[staff.id] = kept
        seen.add(staff.id)
        totals = [(t + a, o + b) for (t, o), (a, b) in zip(totals, kept[1], strict=True)]
    if memo is not None:
        for gone in set(memo) - seen:
            del memo[gone]
    return Series(starts, {"Training in date (%)": [100.0 * ok / total if total else 0.0 for total, ok in totals]})


def _training_counts(staff: StaffMember, courses: list[Course], snap: WorkforceSnapshot, settings: ProviderSettings,
                     days: list[date]) -> list[tuple[int, int]]:
    """(required, in date or due soon) for one person at each day: nothing on a day they were not working."""
    out = []
    for day in days:
        total = ok = 0
        if staff.is_current(day) and staff.start_date <= day:
            for course in courses:
                records = [r for r in snap.training.get((staff.id, course.id), []) if r.completed <= day]
                req = course_requirement(staff, course, records, settings, day)  # the Staff page's rule
                if req is not None:
                    total += 1
                    ok += req.status in (Status.IN_DATE, Status.DUE_SOON)
        out.append((total, ok))
    return out


def evaluation_grades(store: Store, home: Home) -> tuple[list[date], dict[str, list[float | None]]]:
    """Self-evaluation judgement grades over time (1 inadequate … 4 outstanding)."""
    evaluations = store.quality.evaluations(home.id)
    days = [e.evaluated_on for e in evaluations]
    values: dict[str, list[float | None]] = {j.label: [] for j in Judgement}
    for e in evaluations:
        for j in Judgement:
            grade = e.judgements.get(j)
            values[j.label].append(GRADE_SCORE[grade] if grade else None)
    return days, values


def all_homes(store: Store, today: date, *, items: list[DueItem] | None = None,
              records: Mapping[HomeId, HomeRecords] | None = None) -> list[HomeSummary]:
    """A line per home: compliance and what needs action, for the responsible individual.

    Each count is the home's own: overdue, missing and due soon count exactly the items its own
    needs-action list holds (``home_counts``), the rest as its tiles count them. ``items``: every
    home's ``due_items`` and ``records``: every home's records, when the caller has them already
    (the dashboard's all-homes view asks for the list too), so each register is read once.
    """
    homes = store.homes.list()
    if records is None:
        records = HomeRecords.read_every(store, homes)
    if items is None:
        items = due_items(store, today, records=records)
    settings = store.settings.get()
    mine: dict[HomeId, list[DueItem]] = {home.id: [] for home in homes}
    for item in items:
        mine.setdefault(item.home.id, []).append(item)
    recent = Period(today - timedelta(days=29), today)
    out = []
    for home in homes:
        got = records[home.id]
        summary = summarise(workforce_requirements(got.snapshot, settings, today))
        counts = home_counts(mine[home.id])
        out.append(HomeSummary(
            home, summary.percent_in_date, counts[Status.OVERDUE], counts[Status.MISSING], counts[Status.DUE_SOON],
            count(recent, got.incidents, IncidentType.RESTRAINT),  # as the home's own Restraints tile counts
            count(recent, got.incidents, IncidentType.MISSING, IncidentType.AWAY),
            sum(not a.status.closed for a in got.actions)))
    return out


def _reg44_tile(visits: list[Reg44Visit], home: Home, today: date) -> Tile:
    """Last visit, and every month since registration (or the records' start) with none: the `due` answer."""
    how = ("Reg 44(2): an independent person visits at least once each month, counted from the home's "
           "registration date (or the date its records here start).")
    start = reg44_start(home.reg44_from, visits, today)
    missed = reg44_missed_months(home.reg44_from, visits, today)
    last = max((v.visited_on for v in visits), default=None)
    value = "None recorded" if last is None else f"{counted((today - last).days, 'day')} ago"
    if missed:  # the badge says Overdue; the detail names the months as the Reg 44 log does
        gaps = no_visit_text(missed)
        return Tile("reg44", "Last Reg 44 visit", value, gaps, how, Status.OVERDUE, "Quality", "reg44")
    if last is None and home.reg44_from is None:
        return Tile("reg44", "Last Reg 44 visit", NO_DATA, "Record visits, and the registration date on Home settings",
                    how, None, "Quality", "reg44")
    if last is None:
        return Tile("reg44", "Last Reg 44 visit", value, f"first visit due by {format_uk(month_end(today))}", how,
                    Status.DUE_SOON, "Quality", "reg44")
    return Tile("reg44", "Last Reg 44 visit", value, f"on {format_uk(last)}; a visit every month since "
                f"{start:%B %Y}", how, Status.IN_DATE, "Quality", "reg44")
