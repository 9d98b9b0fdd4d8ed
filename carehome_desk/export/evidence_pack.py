"""The inspection-day evidence pack: one xlsx workbook, in the order inspectors ask.

`export_pack(store, options, progress)` is the one entry point for the window and the CLI.
The workbook is written to a temporary file beside the target and renamed at the end, so a
cancelled or failed export leaves the target exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from carehome_desk import __version__
from carehome_desk.dashboard import incidents_by_month, restraint_missing_trend
from carehome_desk.evidence import Period, home_metrics
from carehome_desk.export.annex_a import annex_a_sheet
from carehome_desk.export.atomic import save_workbook
from carehome_desk.export.pack_incidents import incident_sheets
from carehome_desk.export.pack_quality import quality_sheets
from carehome_desk.export.pack_workforce import level5_text, workforce_sheets
from carehome_desk.export.pack_writer import PackWriter
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.evaluation import Evaluation
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import Incident
from carehome_desk.models.quality import Reg44Visit, last_full_inspection
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.reference_data import bank_holidays
from carehome_desk.store import Store, StoreError


class ExportCancelled(StoreError):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True)
class PackOptions:
    """What to export: where, which homes, which period, and whether children's names go in."""

    out: Path
    urns: tuple[str, ...] = ()  # none: every home
    start: date | None = None  # none: since the last full inspection (else 12 months)
    end: date | None = None  # none: today
    include_names: bool = False


@dataclass(frozen=True)
class PackResult:
    """What was written."""

    path: Path
    sheets: dict[str, int]  # sheet name -> record rows
    draft: bool
    gaps: list[str]


def default_period(store: Store, homes: list[Home], today: date) -> Period:
    """Since the last full inspection (the earliest across the homes), or the last 12 months."""
    starts = []
    for home in homes:
        inspection = last_full_inspection(store.quality.inspections(home.id))
        day = inspection.inspected_on if inspection else home.last_inspection_date
        if day:
            starts.append(day)
    start = min(starts) if starts else add_months(today, -12) + timedelta(days=1)
    return Period(start, today)


def preflight(home: Home, period: Period, today: date, now: datetime, all_incidents: list[Incident],
              evaluations: list[Evaluation], visits: list[Reg44Visit], review_days: int) -> list[str]:
    """Gaps that make the pack a draft: evidence an inspector will ask for that is not there yet."""
    gaps = []
    if not any(e.evaluated_on >= add_months(today, -12) for e in evaluations):
        gaps.append(f"{home.name}: no self-evaluation in the last 12 months")
    incidents = [i for i in all_incidents if period.holds(i.occurred_at)]
    no_ref = [i for i in incidents if i.notifiable and any(n.recipient.value == "ofsted" for n in i.notifications)
              and not any(n.reference for n in i.notifications if n.recipient.value == "ofsted")]
    if no_ref:
        gaps.append(f"{home.name}: {len(no_ref)} Ofsted notification(s) without Ofsted's reference")
    undecided = [i for i in incidents if i.notifiable is None and now - i.occurred_at > timedelta(days=2)]
    if undecided:
        gaps.append(f"{home.name}: {len(undecided)} incident(s) with no reg 40 decision recorded")
    unreviewed = [i for i in incidents if i.reviewed_at is None and now - i.occurred_at > timedelta(days=review_days)]
    if unreviewed:
        gaps.append(f"{home.name}: {len(unreviewed)} incident(s) not reviewed by the manager")
    if not home.registered_manager:
        gaps.append(f"{home.name}: no registered manager named in Home settings")
    visited = {(v.visited_on.year, v.visited_on.month) for v in visits}
    month, missed = period.start.replace(day=1), 0
    while add_months(month, 1) <= today and month <= period.end:
        missed += (month.year, month.month) not in visited
        month = add_months(month, 1)
    if missed:
        gaps.append(f"{home.name}: {missed} month(s) in the period with no Reg 44 visit recorded")
    return gaps


@dataclass
class PackPlan:
    """Everything the workbook will hold, before any of it is written."""

    homes: list[Home]
    period: Period
    sheets: list[SheetData]
    gaps: list[str]
    snaps: list[tuple[Home, WorkforceSnapshot]]
    now: datetime
    today: date


def plan_pack(store: Store, options: PackOptions, progress: Progress = NO_PROGRESS) -> PackPlan:
    """Gather every sheet's rows (the slow reading part); the preview shows this without writing."""
    now = store.now()
    today = now.astimezone(UK).date()
    homes = store.homes.list()
    if options.urns:
        wanted = set(options.urns)
        homes = [h for h in homes if h.urn in wanted]
        missing = wanted - {h.urn for h in homes}
        if missing:
            raise StoreError(f"No home has the URN {', '.join(sorted(missing))}.")
    if not homes:
        raise StoreError("There is no home to export: set one up first.")
    base = default_period(store, homes, today)
    period = Period(options.start or base.start, options.end or today)
    if period.end < period.start:
        raise StoreError("The period ends before it starts.")
    settings = store.settings.get()
    steps = 8
    done = 0

    def tick(text: str) -> None:
        nonlocal done
        if progress.cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        done += 1
        progress.report(done, steps, text)

    tick("Reading the workforce")
    snaps = [(h, store.workforce.snapshot(h.id)) for h in homes]
    tick("Reading children and incidents")
    kids = {h.id: store.children.list(h.id) for h in homes}
    incidents = {h.id: store.incidents.list(h.id) for h in homes}
    snap_of = {h.id: s for h, s in snaps}
    metrics = {h.id: home_metrics(store, h, period, now, incidents=incidents[h.id], snapshot=snap_of[h.id])
               for h in homes}
    tick("Working out Annex A")
    sheets: list[SheetData] = [annex_a_sheet([(h, kids[h.id], incidents[h.id], s, metrics[h.id]) for h, s in snaps],
                                             settings, period, today, store.user)]
    sheets += workforce_sheets(snaps, settings, period, today)
    tick("Incident registers")
    sheets += incident_sheets([(h, kids[h.id], incidents[h.id]) for h in homes], period, now, bank_holidays(),
                              settings.incident_review_days, options.include_names)
    tick("Quality registers")
    quality = [(h, store.quality.evaluations(h.id), store.quality.actions(h.id), store.quality.visits(h.id),
                store.quality.reviews(h.id), store.quality.inspections(h.id)) for h in homes]
    sheets += quality_sheets(quality, period, today, settings.due_soon_days)
    gaps = [g for h, evaluations, _, visits, _, _ in quality
            for g in preflight(h, period, today, now, incidents[h.id], evaluations, visits, settings.incident_review_days)]
    return PackPlan(homes, period, sheets, gaps, snaps, now, today)


def export_pack(store: Store, options: PackOptions, progress: Progress = NO_PROGRESS) -> PackResult:
    """Build and save the evidence pack; raises ExportCancelled or StoreError, leaving the target untouched."""
    plan = plan_pack(store, options, progress)
    homes, period, sheets, gaps, snaps, now, today = (plan.homes, plan.period, plan.sheets, plan.gaps, plan.snaps,
                                                      plan.now, plan.today)
    settings = store.settings.get()
    steps, done = 8, 6

    def tick(text: str) -> None:
        nonlocal done
        if progress.cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        done += 1
        progress.report(done, steps, text)

    tick("Writing the workbook")
    names = ", ".join(f"{h.name} (URN {h.urn})" for h in homes)
    writer = PackWriter(names)
    try:
        for sheet in sheets:
            writer.add_sheet(sheet)
            if progress.cancelled():
                raise ExportCancelled("The export was cancelled; no file was written.")
        months = max(1, min(24, (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1))
        by_type = incidents_by_month(store, homes[0], period.end, months) if len(homes) == 1 else None
        if by_type is not None:
            trend = restraint_missing_trend(store, homes[0], period.end, months)
            writer.add_chart_sheet("Charts", f"Charts, {period.label}", by_type.labels, by_type.values,
                                   trend.values)
        manifest = SheetData("Manifest", "Manifest: what this workbook holds", [
            Col("Sheet", Kind.TEXT, 26), Col("Rows", Kind.NUMBER, 8), Col("SHA-256 of the record set", Kind.TEXT, 70),
            Col("What it holds", Kind.TEXT, 80)],
            note="Row counts and a SHA-256 of each sheet's records (canonical JSON), so a copy can be checked later.")
        for sheet in sheets:
            manifest.rows.append([sheet.name, len(sheet.rows), sheet.digest(), sheet.note])
        writer.add_sheet(manifest)
        tick("Cover and contents")
        lead = [h for h in homes][0]
        banner = "\n".join(gaps)
        pairs: list[tuple[str, object]] = [
            ("Home" if len(homes) == 1 else "Homes", names),
            ("Address", lead.address.replace("\n", ", ") if len(homes) == 1 else ""),
            ("Registered manager", "; ".join(f"{h.registered_manager}" for h in homes if h.registered_manager)),
            ("Manager's Level 5", level5_text(snaps, settings, today)),
            ("Responsible individual", "; ".join(sorted({h.responsible_individual for h in homes if h.responsible_individual}))),
            ("Period covered", f"{period.label}" + ("" if options.start else " (since the last full inspection)"
                                                    if any(h.last_inspection_date for h in homes) else "")),
            ("Generated", now.astimezone(UK).replace(tzinfo=None, microsecond=0)),
            ("Generated by", f"carehome-desk {__version__}, user {store.user}"),
            ("Children's names included", "Yes — handle as special-category personal data" if options.include_names
             else "No: initials and references only"),
        ]
        links = [(s.name, s.title) for s in sheets] + ([("Charts", "Incidents by month and trends")] if by_type else []) \
            + [("Manifest", "Row counts and checksums")]
        writer.add_key_values("Cover", f"Evidence pack — {names}", pairs, banner, links)
        if progress.cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        try:
            options.out.parent.mkdir(parents=True, exist_ok=True)
            save_workbook(writer.workbook, options.out)
        except OSError as exc:
            raise StoreError(f"The pack could not be saved to {options.out}: {exc.strerror or exc}. "
                             "Nothing was written there.") from exc
    except BaseException:
        writer.discard()  # no half-written temporary sheets left behind either
        raise
    progress.report(steps, steps, "Saved")
    return PackResult(options.out, {s.name: len(s.rows) for s in sheets}, bool(gaps), gaps)


def period_text(period: Period) -> str:
    """For messages: 'from 09/04/2026 to 22/11/2026'."""
    return f"from {format_uk(period.start)} to {format_uk(period.end)}"
