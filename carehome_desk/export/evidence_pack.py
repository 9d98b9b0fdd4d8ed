"""The inspection-day evidence pack: one xlsx workbook, in the order inspectors ask.

`export_pack(store, options, progress)` is the one entry point for the window and the CLI.
The workbook is written to a temporary file beside the target and renamed at the end, so a
cancelled or failed export leaves the target exactly as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from carehome_desk import __version__
from carehome_desk.services.dashboard import incidents_by_month, restraint_missing_trend
from carehome_desk.services.dashboard_data import months_between
from carehome_desk.services.due import requirements_from
from carehome_desk.services.evidence import HomeRecords, Period, home_metrics, last_months
from carehome_desk.export import pack_incidents, pack_quality, pack_workforce
from carehome_desk.export.annex_a import SHEET as ANNEX_A
from carehome_desk.export.annex_a import annex_a_sheet
from carehome_desk.export.pack_check import AUDIT_NOTE, AUDIT_ROW, MANIFEST_TITLE
from carehome_desk.export.pack_incidents import incident_sheets
from carehome_desk.export.pack_quality import quality_sheets
from carehome_desk.export.pack_workforce import level5_text, matrix_courses, workforce_sheets
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.export.writer_process import (
    WorkbookWriter,
    WriterCancelled,
    WriterFailed,
    catch_up,
    open_writer,
)
from carehome_desk.models.calendar_math import months_back_start
from carehome_desk.models.children import Child
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import Incident
from carehome_desk.models.quality import Inspection, last_full_inspection, reg44_missed_months
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.status import Basis, Requirement, Status
from carehome_desk.models.training import Course
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.reference.bank_holidays import bank_holidays
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
    # "auto": a writer process beside this one when it helps (see writer_process); "process" or
    # "inline" to choose (the tests compare the two; the bench times both).
    writer: str = "auto"
    # Set: the workbook is saved encrypted with it (export/protect.py). Kept out of repr, so a
    # logged or printed PackOptions never shows it.
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PackResult:
    """What was written."""

    path: Path
    sheets: dict[str, int]  # sheet name -> record rows
    draft: bool
    gaps: list[str]
    protected: bool = False
    period_note: str = ""  # set when the period asked for ran past today and the pack stops at today
    policy: list[str] = field(default_factory=list)  # provider-policy items behind (see preflight): not a draft


def default_period(store: Store, homes: list[Home], today: date) -> Period:
    """Since the last full inspection (the earliest across the homes), or the last 12 months."""
    return _since_inspection([(h, store.quality.inspections(h.id)) for h in homes], today)


def _since_inspection(homes: list[tuple[Home, list[Inspection]]], today: date) -> Period:
    starts = []
    for home, inspections in homes:
        inspection = last_full_inspection(inspections)
        day = inspection.inspected_on if inspection else home.last_inspection_date
        if day:
            starts.append(day)
    return Period(min(starts), today) if starts else last_months(today)


def _start_words(chosen: date | None, start: date) -> str:
    """The period's start, saying where it came from when nobody chose it (the pack's default)."""
    if chosen is not None:
        return format_uk(start)
    return f"{format_uk(start)}, the default start: the last full inspection, or 12 months ago without one"


def pack_period(asked: Period, chosen_start: date | None, today: date) -> tuple[Period, str]:
    """The period a pack covers, for the CLI and the window alike, with a note when it differs from ``asked``.

    Refused when it ends before it starts, or starts after today (nothing can be recorded for it yet). One
    that ends after today is cut at today, and the note says so: the figures can only run to today, and
    months still to come would show as zeros (and pull the 3-month averages down) as if nothing happened.
    """
    if asked.end < asked.start:
        raise StoreError(f"The period ends ({format_uk(asked.end)}) before it starts "
                         f"({_start_words(chosen_start, asked.start)}).")
    if asked.start > today:
        raise StoreError(f"The period starts on {format_uk(asked.start)}, after today ({format_uk(today)}): nothing "
                         "can be recorded for it yet. Choose a start on or before today.")
    if asked.end <= today:
        return asked, ""
    return Period(asked.start, today), (f"The period asked for ends on {format_uk(asked.end)}, after today: the pack "
                                        f"covers {format_uk(asked.start)} to today, {format_uk(today)}.")


#: How the cover names each area's items, one and many (an area not here: "<area> item").
_NOUNS: dict[str, tuple[str, str | None]] = {
    "Incident": ("incident step", None), "Training": ("training course", None),
    "Qualification": ("qualification", None),
    "Supervision": ("supervision, induction, probation or appraisal item", None), "DBS": ("DBS check", None),
    "Recruitment check": ("recruitment check", None), "Reg 44": ("Reg 44 report", None),
    "Reg 45": ("Reg 45 review or report", "Reg 45 reviews or reports"), "Action": ("action", None)}

#: What `due` lists that the cover counts: overdue and missing (due soon is not yet a gap).
GAP_STATUSES = (Status.OVERDUE, Status.MISSING)
#: How a provider-policy line is told apart from a statutory one, and the cover's label above them.
POLICY_WORDS = "practice, not law"  # as the dashboard and due mark a practice rule
POLICY_LABEL = "Behind on practice: the provider's policy and recommendations (not law, so not a draft)"


def requirement_lines(home: Home, requirements: list[Requirement], *, policy: bool = False) -> list[str]:
    """A line per area and status for what `due` and the dashboard list as Overdue or Missing: how many, of which.

    ``policy`` False: the rules in law or statutory guidance, which an inspector judges the home by, so each
    makes the pack a draft. True: the provider's own policy (a GDPR refresher, supervision every 6 weeks),
    a practice gap worth seeing but no missing evidence of a legal duty; those lines say so. Reg 44 visits
    are left to the banner's own line, which counts the same missed months (from the same
    ``reg44_missed_months``) but only those in the pack's period, as the Reg 44 sheet lists them.
    """
    groups: dict[tuple[str, Status], Counter[str]] = {}
    for r in requirements:
        if (r.status in GAP_STATUSES and (r.basis is Basis.PRACTICE) == policy
                and not r.key.startswith("reg44:visit:")):
            groups.setdefault((r.area, r.status), Counter())[r.requirement] += 1
    areas = list(dict.fromkeys(area for area, _ in groups))
    who = f"{home.name} ({POLICY_WORDS})" if policy else home.name
    lines = []
    for area, status in sorted(groups, key=lambda k: (areas.index(k[0]), k[1].urgency)):
        kinds = groups[area, status]
        one, many = _NOUNS.get(area, (f"{area} item", None))
        word = status.label.lower()
        parts = "; ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
        what = counted(sum(kinds.values()), f"{word} {one}", f"{word} {many}" if many else None)
        lines.append(f"{who}: {what} ({parts})")
    return lines


def preflight(records: HomeRecords, period: Period, settings: ProviderSettings, today: date,
              now: datetime) -> tuple[list[str], list[str]]:
    """Gaps that make the pack a draft (evidence an inspector will ask for that is not there yet), and the
    provider-policy items behind, which the cover lists apart and which do not make it a draft.

    Everything `due` and the dashboard list as Overdue or Missing is in one or the other, judged by the same
    rules (``requirements_from``) at the same moment, by each rule's own basis; the draft's gaps add those
    only a pack has.
    """
    home = records.home
    gaps = []
    if not any(e.evaluated_on >= months_back_start(today, 12) for e in records.evaluations):
        gaps.append(f"{home.name}: no self-evaluation in the last 12 months")
    incidents = [i for i in records.incidents if period.holds(i.occurred_at)]
    no_ref = [i for i in incidents if i.notifiable and any(n.recipient.value == "ofsted" for n in i.notifications)
              and not any(n.reference for n in i.notifications if n.recipient.value == "ofsted")]
    if no_ref:
        gaps.append(f"{home.name}: {counted(len(no_ref), 'Ofsted notification')} without Ofsted's reference")
    if not home.registered_manager:
        gaps.append(f"{home.name}: no registered manager named in Home settings")
    requirements = requirements_from(records, settings, today, now)
    gaps += requirement_lines(home, requirements)
    # The months the pack's Reg 44 sheet lists as missing, `due` and the dashboard too: none before the
    # home was registered (or its records here start), however early the period begins.
    missed = len(reg44_missed_months(home.reg44_from, records.visits, today, period.start, period.end))
    if missed:
        gaps.append(f"{home.name}: {counted(missed, 'month')} in the period with no Reg 44 visit recorded")
    return gaps, requirement_lines(home, requirements, policy=True)


@dataclass
class PackPlan:
    """Everything the workbook will hold, before any of it is written."""

    homes: list[Home]
    period: Period
    sheets: list[SheetData]  # in the workbook's order (Annex A first), which is not the order they are built in
    gaps: list[str]
    records: list[HomeRecords]
    now: datetime
    today: date
    period_note: str = ""  # see pack_period
    policy: list[str] = field(default_factory=list)  # see preflight


def chosen_homes(store: Store, options: PackOptions) -> list[Home]:
    """The homes the pack covers (every home unless URNs are given); a plain error if there are none."""
    homes = store.homes.list()
    if options.urns:
        wanted = set(options.urns)
        homes = [h for h in homes if h.urn in wanted]
        missing = wanted - {h.urn for h in homes}
        if missing:
            raise StoreError(f"No home has the URN {', '.join(sorted(missing))}.")
    if not homes:
        raise StoreError("There is no home to export: set one up first.")
    return homes


def layout(homes: list[Home]) -> list[str]:
    """The workbook's sheets in order, known before any is built: the cover, Annex A, the registers
    in the order inspectors ask for them, the charts (one home only) and the manifest."""
    return (["Cover", ANNEX_A, *pack_workforce.SHEETS, *pack_incidents.SHEETS, *pack_quality.SHEETS]
            + (["Charts"] if _charts(homes) else []) + ["Manifest"])


def _charts(homes: list[Home]) -> bool:
    """The dashboard's charts go in a pack of one home (a chart of several homes' sums would mislead)."""
    return len(homes) == 1


def plan_pack(store: Store, options: PackOptions, progress: Progress = NO_PROGRESS,
              sink: WorkbookWriter | None = None, homes: list[Home] | None = None) -> PackPlan:
    """Read the registers and build every sheet's rows; the preview shows this without writing.

    Each sheet goes to ``sink`` as soon as it can, so a writer can work while the rest are read:
    the quality registers first (the period starts at the last inspection), then the incident
    registers (half the pack's cells) and the workforce, a home at a time, and Annex A (which
    needs all of them) last.
    """
    now = store.now()
    today = now.astimezone(UK).date()
    homes = homes if homes is not None else chosen_homes(store, options)
    settings = store.settings.get()
    several = len(homes) > 1
    steps = 8
    done = 0

    def tick(text: str) -> None:
        nonlocal done
        if progress.cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        done += 1
        progress.report(done, steps, text)

    def whole(new: list[SheetData]) -> list[SheetData]:
        for sheet in new:
            if sink is not None:
                sink.sheet(sheet)
        return new

    def by_home(parts: Iterator[list[SheetData]]) -> list[SheetData]:
        """One home's part of each sheet at a time, each part to the sink as it is built."""
        sheets: list[SheetData] = []
        for part in parts:
            if progress.cancelled():
                raise ExportCancelled("The export was cancelled; no file was written.")
            if not sheets:  # the first home: the sheets begin (the sink keeps these; they are not changed)
                sheets = [replace(sheet, rows=list(sheet.rows)) for sheet in part]
                for sheet in part:
                    if sink is not None:
                        sink.begin(sheet)
                continue
            for sheet, more in zip(sheets, part, strict=True):
                if more.columns != sheet.columns:
                    raise RuntimeError(f"{sheet.name}: a home's part has columns {more.columns}, not {sheet.columns}")
                sheet.rows.extend(more.rows)
                if sink is not None:
                    sink.rows(sheet.name, more.rows)
        for sheet in sheets:
            if sink is not None:
                sink.end(sheet.name)
        return sheets

    tick("Reading the quality registers")
    q = store.quality
    quality = [(h, q.evaluations(h.id), q.actions(h.id), q.visits(h.id), q.reviews(h.id), q.inspections(h.id))
               for h in homes]
    base = _since_inspection([(h, inspections) for h, *_, inspections in quality], today)
    period, period_note = pack_period(Period(options.start or base.start, options.end or today), options.start, today)
    quality_part = whole(quality_sheets(quality, period, today, settings.due_soon_days))
    tick("Reading children and incidents")
    kids: list[list[Child]] = []
    incidents: list[list[Incident]] = []

    def incident_parts() -> Iterator[list[SheetData]]:
        holidays = bank_holidays()
        for h in homes:
            kids.append(store.children.list(h.id, include_archived=True))
            incidents.append(store.incidents.list(h.id))
            names = {m.id: m.full_name for m in store.staff.list(h.id, include_archived=True)}
            yield incident_sheets([(h, kids[-1], incidents[-1])], period, now, holidays,
                                  settings.incident_review_days, options.include_names, several=several,
                                  staff_names=names)

    incident_part = by_home(incident_parts())
    tick("Reading the workforce")
    snaps: list[tuple[Home, WorkforceSnapshot]] = []

    def workforce_parts() -> Iterator[list[SheetData]]:
        snaps.extend((h, store.workforce.snapshot(h.id)) for h in homes)
        # The same columns for every home: the courses anyone in any of them needs or holds, as on screen.
        courses: list[Course] = matrix_courses(snaps, settings, today)
        for pair in snaps:
            yield workforce_sheets([pair], settings, period, today, several=several, courses=courses)

    workforce_part = by_home(workforce_parts())
    tick("Working out Annex A")
    records = [HomeRecords(h, snap, k, i, evaluations, actions, visits, reviews, inspections)
               for (h, snap), k, i, (_, evaluations, actions, visits, reviews, inspections)
               in zip(snaps, kids, incidents, quality, strict=True)]
    metrics = [home_metrics(store, r.home, period, now, records=r, settings=settings) for r in records]
    annex = whole([annex_a_sheet([(r.home, r.children, r.incidents, r.snapshot, m)
                                  for r, m in zip(records, metrics, strict=True)], settings, period, today, store.user)])
    checked = [preflight(r, period, settings, today, now) for r in records]
    gaps = [g for draft, _ in checked for g in draft]
    tick("Registers ready")
    return PackPlan(homes, period, annex + workforce_part + incident_part + quality_part, gaps, records, now, today,
                    period_note, [line for _, policy in checked for line in policy])


def export_pack(store: Store, options: PackOptions, progress: Progress = NO_PROGRESS) -> PackResult:
    """Build and save the evidence pack; raises ExportCancelled or StoreError, leaving the target untouched.

    The workbook is written by a second process (see writer_process) as each sheet is built, so
    writing overlaps reading; with one core, or if no process can be started, it is written here.
    """
    from carehome_desk.out_files import check_out_file

    # Never over the database or its key file, and never an xlsx under another name; before any work
    check_out_file(options.out, store.path, "evidence pack", suffix=".xlsx", kind="an Excel workbook")
    if options.password is not None:
        from carehome_desk.export.protect import check_password

        check_password(options.password)  # a short password is refused before anything is read or written
    homes = chosen_homes(store, options)  # read once, and a wrong URN is refused before a writer starts
    # Every printed page: the export date first (a long list of homes is shortened, never the date).
    footer = f"Exported {format_uk(store.now().astimezone(UK).date())} · {_names(homes)}"
    order = layout(homes)
    writer = open_writer(footer, order, progress.cancelled, how=options.writer)
    try:
        plan = plan_pack(store, options, progress, sink=writer, homes=homes)
        if options.writer == "auto":
            writer = catch_up(writer, footer, order, plan.sheets, progress.cancelled)
        _finish(store, options, plan, writer, progress)
    except WriterCancelled as exc:
        writer.discard()
        raise ExportCancelled("The export was cancelled; no file was written.") from exc
    except WriterFailed as exc:
        writer.discard()
        raise StoreError(str(exc)) from exc
    except BaseException:
        writer.discard()  # no half-written workbook or temporary sheets left behind
        raise
    progress.report(8, 8, "Saved")
    return PackResult(options.out, {s.name: len(s.rows) for s in plan.sheets}, bool(plan.gaps), plan.gaps,
                      protected=options.password is not None, period_note=plan.period_note, policy=plan.policy)


def _finish(store: Store, options: PackOptions, plan: PackPlan, writer: WorkbookWriter, progress: Progress) -> None:
    """Charts, the manifest and the cover, then the sheets in order and the file saved."""
    homes, period, sheets, gaps, now, today = plan.homes, plan.period, plan.sheets, plan.gaps, plan.now, plan.today
    settings = store.settings.get()
    progress.report(7, 8, "Writing the workbook")
    months = months_between(period.start, period.end)  # every month of the period, as the dashboard's own period
    charts = _charts(homes)
    if charts:
        by_type = incidents_by_month(store, homes[0], period.end, months, plan.records[0].incidents, within=period)
        trend = restraint_missing_trend(store, homes[0], period.end, months, by_type)
        writer.charts("Charts", f"Charts, {period.label}", by_type.labels, by_type.values, trend.values)
    manifest = SheetData("Manifest", MANIFEST_TITLE, [
        Col("Sheet", Kind.TEXT, 26), Col("Rows", Kind.NUMBER, 8), Col("SHA-256 of the record set", Kind.TEXT, 70),
        Col("What it holds", Kind.TEXT, 80)],
        note="Row counts and a SHA-256 of each sheet's records (canonical JSON), so a copy can be checked later.")
    for sheet in sheets:
        manifest.rows.append([sheet.name, len(sheet.rows), sheet.digest(), sheet.note])
    count, head = store.audit.head()  # read after the registers: the pack holds nothing newer than this
    manifest.rows.append([AUDIT_ROW, count, head, AUDIT_NOTE])
    writer.sheet(manifest)
    names = _names(homes)
    lead = homes[0]
    pairs: list[tuple[str, object]] = [
        ("Home" if len(homes) == 1 else "Homes", names),
        ("Address", lead.address.replace("\n", ", ") if len(homes) == 1 else ""),
        ("Registered manager", "; ".join(f"{h.registered_manager}" for h in homes if h.registered_manager)),
        ("Manager's Level 5", level5_text([(r.home, r.snapshot) for r in plan.records], settings, today)),
        ("Responsible individual", "; ".join(sorted({h.responsible_individual for h in homes if h.responsible_individual}))),
        ("Period covered", f"{period.label}" + ("" if options.start else " (since the last full inspection)"
                                                if any(h.last_inspection_date for h in homes) else "")
         + (f". {plan.period_note}" if plan.period_note else "")),
        ("Statuses as on", f"{format_uk(today)}, the day the pack was made: every status in the pack (qualifications, "
                           "training, checks, steps) is judged on this day; counts cover the period."),
        ("Generated", now.astimezone(UK).replace(tzinfo=None, microsecond=0)),
        ("Generated by", f"carehome-desk {__version__}, user {store.user}"),
        ("Children's names included", "Yes — handle as special-category personal data" if options.include_names
         else "No: initials and references only"),
    ] + ([(POLICY_LABEL, "\n".join(plan.policy))] if plan.policy else [])
    links = [(s.name, s.title) for s in sheets] + ([("Charts", "Incidents by month and trends")] if charts else []) \
        + [("Manifest", "Row counts and checksums")]
    writer.cover("Cover", f"Evidence pack — {names}", pairs, "\n".join(gaps), links)
    order = ["Cover"] + [s.name for s in sheets] + (["Charts"] if charts else []) + ["Manifest"]
    if order != layout(homes):  # a builder's sheets and its SHEETS have drifted apart
        raise RuntimeError(f"The pack's sheets {order} are not the layout the writer was given {layout(homes)}.")
    if progress.cancelled():
        raise ExportCancelled("The export was cancelled; no file was written.")
    if options.password is None:
        writer.save(options.out, progress.cancelled)
        return
    from carehome_desk.export.protect import save_protected

    progress.report(7, 8, "Writing the workbook and protecting it with the password")
    save_protected(writer, options.out, options.password, progress.cancelled)


def _names(homes: list[Home]) -> str:
    """'Oak House (URN SC123456), Elm Lodge (URN SC654321)': the cover's title and every page's footer."""
    return ", ".join(f"{h.name} (URN {h.urn})" for h in homes)


def period_text(period: Period) -> str:
    """For messages: 'from 09/04/2026 to 22/11/2026'."""
    return f"from {format_uk(period.start)} to {format_uk(period.end)}"
