"""Importing a workforce workbook (staff, qualifications, checks, DBS, training, supervision).

The whole file is one transaction: it is read and checked first, and only if every row is
good (or bad rows are to be skipped) is it written, through one audited batch, so a failure
or a cancel part-way writes nothing. A dry run reads and checks, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from carehome_desk.importing.result import ImportFileError, ImportResult, RowError
from carehome_desk.importing.template import write_workforce_template
from carehome_desk.importing.plan import Cancelled, Op
from carehome_desk.importing.workbook import SheetRows, read_workbook, sort_errors
from carehome_desk.importing.workforce_plan import Planner
from carehome_desk.importing.workforce_sheets import SHEETS
from carehome_desk.models.changes import Changes
from carehome_desk.models.dbs import DbsStatusCheck
from carehome_desk.models.ids import CourseId, DbsId, HomeId, StaffId
from carehome_desk.models.training import Course, TrainingRecord
from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.store.errors import ConflictError, StoreError

if TYPE_CHECKING:
    from carehome_desk.store.batch import WorkforceBatch
    from carehome_desk.store.store import Store

__all__ = ["ImportFileError", "ImportResult", "RowError", "import_workforce", "write_workforce_template"]

_PLANNERS = {
    "Staff": Planner.staff,
    "Qualifications": Planner.qualifications,
    "Checks": Planner.checks,
    "DBS": Planner.dbs,
    "DBS status checks": Planner.status_checks,
    "Training": Planner.training,
    "Supervision": Planner.supervision,
}


def import_workforce(store: Store, path: Path, home_id: HomeId, *, dry_run: bool = False,
                     skip_bad_rows: bool = False, progress: Progress = NO_PROGRESS,
                     password: str | None = None) -> ImportResult:
    """Read a workforce workbook into one home; see the module docstring for the guarantees.

    Raises ImportFileError when the file as a whole cannot be read (nothing is written). ``password``
    opens a password-protected workbook.
    """
    store.homes.get(home_id)  # a clear error for a home that does not exist
    result = ImportResult(dry_run=dry_run, skip_bad_rows=skip_bad_rows)
    sheets = read_workbook(Path(path), SHEETS, result, progress, "workforce", password)
    planner = new_planner(store, home_id, result)
    for done, sheet in enumerate(sheets):
        if progress.cancelled():
            result.cancelled = True
            return result
        progress.report(done, len(sheets), f"Checking {sheet.spec.name}")
        plan_sheet(planner, sheet)
    sort_errors(result, SHEETS)
    return write_planned(store, home_id, planner, result, progress)


def new_planner(store: Store, home_id: HomeId, result: ImportResult, new_courses: Sequence[Course] = ()) -> Planner:
    """A planner for one home's stored workforce records; ``new_courses`` (id 0) are added by the import itself."""
    snapshot = store.workforce.snapshot(home_id)
    withdrawn = {(t.staff_id, t.course_id, t.completed) for t in store.workforce.withdrawn_training(home_id)}
    courses = store.workforce.courses() + [replace(c, id=CourseId(-n)) for n, c in enumerate(new_courses, start=1)]
    return Planner(home_id, snapshot, courses, withdrawn, store.today(), result)


def plan_sheet(planner: Planner, sheet: SheetRows) -> None:
    """Plan one sheet's rows (its spec says which kind of record they are)."""
    _PLANNERS[sheet.spec.name](planner, sheet)


def write_planned(store: Store, home_id: HomeId, planner: Planner, result: ImportResult, progress: Progress,
                  new_courses: Sequence[Course] = ()) -> ImportResult:
    """Write what the planner planned, in one audited transaction, unless it is a dry run or a row failed.

    ``new_courses`` are the courses given to new_planner: they are added to the catalogue in the same
    transaction (only when a training record needs them), and the records planned for them point at them.
    """
    if result.dry_run or (result.errors and not result.skip_bad_rows) or not planner.ops:
        return result
    try:
        result.changes = _write(store, home_id, planner.ops, progress, list(new_courses))
    except Cancelled:
        result.cancelled = True
        return result
    except (ConflictError, IntegrityError):  # another PC saved the same records after the file was checked
        raise StoreError("Someone changed the workforce records while the file was being imported, so nothing "
                         "was written. Import the file again.") from None
    result.written = True
    return result


def _write(store: Store, home_id: HomeId, ops: list[Op], progress: Progress, new_courses: list[Course]) -> Changes:
    """Every planned write in one audited transaction; returns its Changes."""
    people: dict[str, StaffId] = {}
    certs: dict[str, DbsId] = {}
    with store.workforce.batch() as batch:
        used = {op.record.course_id for op in ops if isinstance(op.record, TrainingRecord) and op.record.course_id < 0}
        added = {CourseId(-n): batch.add_course(c) for n, c in enumerate(new_courses, start=1) if -n in used}
        for done, op in enumerate(ops):
            if done % 50 == 0:
                if progress.cancelled():
                    raise Cancelled
                progress.report(done, len(ops), f"Saving {op.sheet}")
            if isinstance(op.record, TrainingRecord) and op.record.course_id < 0:
                op.record = replace(op.record, course_id=added[op.record.course_id])
            _apply(batch, home_id, op, people, certs)
        if progress.cancelled():  # a cancel after the last check still rolls everything back
            raise Cancelled
        progress.report(len(ops), len(ops), "Saved")
    return batch.changes


def _apply(batch: WorkforceBatch, home_id: HomeId, op: Op, people: dict[str, StaffId],
           certs: dict[str, DbsId]) -> None:
    """One planned write, with ids of records added earlier in the batch filled in."""
    if op.kind == "add_staff":
        assert op.person is not None
        people[op.person] = batch.add_staff(home_id, op.record)
        return
    if op.kind == "update_staff":
        batch.update_staff(op.record)
        return
    record = op.record
    if op.person is not None and not op.person.startswith("s"):
        record = replace(record, staff_id=people[op.person])
    if isinstance(record, DbsStatusCheck) and op.cert is not None and not op.cert.startswith("c"):
        record = replace(record, certificate_id=certs[op.cert])
    if op.kind == "add":
        saved = batch.add(record)
        if op.cert is not None and not isinstance(record, DbsStatusCheck):
            certs[op.cert] = saved.id  # a new certificate: status checks later in the file point at it
    else:
        batch.update(record)
