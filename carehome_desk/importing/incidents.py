"""Importing an incidents workbook (children, incidents, restraints, missing episodes, enquiries, notifications).

The whole file is one transaction: it is read and checked first, and only if every row is
good (or bad rows are to be skipped) is it written, through one audited batch, so a failure
or a cancel part-way writes nothing. A dry run reads and checks, and writes nothing. Times
are UK local time; one that did not happen, or happened twice, at a clock change is a row error.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from carehome_desk.importing.incidents_plan import Planner
from carehome_desk.importing.incidents_planned import PlannedIncident, WritePlan
from carehome_desk.importing.incidents_sheets import SHEETS
from carehome_desk.importing.incidents_template import write_incidents_template
from carehome_desk.importing.plan import Cancelled
from carehome_desk.importing.result import ImportFileError, ImportResult, RowError
from carehome_desk.importing.workbook import SheetRows, read_workbook, sort_errors
from carehome_desk.models.changes import Changes
from carehome_desk.models.ids import ChildId, HomeId, IncidentId
from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.store.errors import ConflictError, StoreError

if TYPE_CHECKING:
    from carehome_desk.store.incidents_batch import IncidentBatch
    from carehome_desk.store.store import Store

__all__ = ["ImportFileError", "ImportResult", "RowError", "import_incidents", "write_incidents_template"]

_PLANNERS = {
    "Children": Planner.children_sheet,
    "Incidents": Planner.incidents_sheet,
    "Restraint": Planner.restraint_sheet,
    "Missing and away": Planner.missing_sheet,
    "CP enquiries": Planner.enquiry_sheet,
    "Notifications": Planner.notifications_sheet,
}
_EVERY = 50  # check for a cancel, and report progress, every this many writes


def import_incidents(store: Store, path: Path, home_id: HomeId, *, dry_run: bool = False,
                     skip_bad_rows: bool = False, progress: Progress = NO_PROGRESS,
                     password: str | None = None) -> ImportResult:
    """Read an incidents workbook into one home; see the module docstring for the guarantees.

    Raises ImportFileError when the file as a whole cannot be read (nothing is written). ``password``
    opens a password-protected workbook.
    """
    store.homes.get(home_id)  # a clear error for a home that does not exist
    result = ImportResult(dry_run=dry_run, skip_bad_rows=skip_bad_rows)
    sheets = read_workbook(Path(path), SHEETS, result, progress, "incidents", password)
    planner = new_planner(store, home_id, result)
    for done, sheet in enumerate(sheets):
        if progress.cancelled():
            result.cancelled = True
            return result
        progress.report(done, len(sheets), f"Checking {sheet.spec.name}")
        plan_sheet(planner, sheet)
    return write_planned(store, home_id, planner, result, progress)


def new_planner(store: Store, home_id: HomeId, result: ImportResult) -> Planner:
    """A planner for one home's stored children, incidents and staff."""
    return Planner(home_id, store.children.list(home_id, include_archived=True),
                   store.incidents.list(home_id, include_archived=True), store.today(), store.now(), result,
                   store.staff.list(home_id, include_archived=True))


def plan_sheet(planner: Planner, sheet: SheetRows) -> None:
    """Plan one sheet's rows (its spec says which kind of record they are)."""
    _PLANNERS[sheet.spec.name](planner, sheet)


def write_planned(store: Store, home_id: HomeId, planner: Planner, result: ImportResult,
                  progress: Progress) -> ImportResult:
    """Finish the plan and write it in one audited transaction, unless it is a dry run or a row failed."""
    planner.finish()  # checks across sheets (reg 35(3)(a) completed by an Incidents row)
    sort_errors(result, SHEETS)
    plan = planner.plan()
    if result.dry_run or (result.errors and not result.skip_bad_rows) or not plan:
        return result
    try:
        result.changes = _write(store, home_id, plan, progress)
    except Cancelled:
        result.cancelled = True
        return result
    except (ConflictError, IntegrityError):  # another PC saved the same records after the file was checked
        raise StoreError("Someone changed the children or incident records while the file was being imported, so "
                         "nothing was written. Import the file again.") from None
    result.written = True
    return result


def _write(store: Store, home_id: HomeId, plan: WritePlan, progress: Progress) -> Changes:
    """Every planned write in one audited transaction; returns its Changes."""
    children: dict[str, ChildId] = {}
    incidents: dict[str, IncidentId] = {}
    total = len(plan)
    done = 0

    def step(sheet: str) -> None:
        nonlocal done
        if done % _EVERY == 0:
            if progress.cancelled():
                raise Cancelled
            progress.report(done, total, f"Saving {sheet}")
        done += 1

    with store.incidents.batch() as batch:
        for child in plan.children:
            step("Children")
            if child.stored is None:
                children[child.key] = batch.add_child(home_id, child.record)
            else:
                batch.update_child(replace(child.stored, **vars(child.record)))
                children[child.key] = child.stored.id
        for incident in plan.incidents:
            step("Incidents")
            _incident(batch, home_id, incident, children, incidents)
        for note in plan.notifications:
            step("Notifications")
            if note.stored is None:
                batch.add_notification(replace(note.record, incident_id=_incident_id(note.incident, incidents)))
            else:
                batch.update_notification(note.record)
        if progress.cancelled():  # a cancel after the last check still rolls everything back
            raise Cancelled
        progress.report(total, total, "Saved")
    return batch.changes


def _incident(batch: IncidentBatch, home_id: HomeId, planned: PlannedIncident, children: dict[str, ChildId],
              incidents: dict[str, IncidentId]) -> None:
    """Add or update one incident, with the ids of children added earlier in the batch filled in."""
    record = planned.record
    child_ids = tuple(sorted(children[k] if k in children else ChildId(int(k[1:])) for k in planned.child_keys))
    if planned.stored is None:
        incidents[planned.key] = batch.add_incident(home_id, replace(record.editable, child_ids=child_ids),
                                                    reviewed_at=record.reviewed_at, reviewed_by=record.reviewed_by,
                                                    review_note=record.review_note)
    else:
        batch.update_incident(record)
        incidents[planned.key] = record.id


def _incident_id(key: str, incidents: dict[str, IncidentId]) -> IncidentId:
    return incidents[key] if key in incidents else IncidentId(int(key[1:]))
