"""Importing a quality workbook (Reg 44 visits, Reg 45 reviews, inspections and their findings).

The whole file is one transaction: it is read and checked first, and only if every row is
good (or bad rows are to be skipped) is it written, through one quality batch, so a failure
or a cancel part-way writes nothing. The batch is the path the Quality page saves through:
the same checks, new recommendations and findings become actions for the registered manager,
and a full inspection later than the home's last one updates Home settings. A row with
"Actions done on" filled raises its actions as done on that day (and marks open ones done),
so a history of old visits does not flood the action plan. A dry run reads and checks, writes
nothing, and says how many actions would be raised open and how many as done.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from carehome_desk.importing.plan import Cancelled
from carehome_desk.importing.quality_plan import Planner
from carehome_desk.importing.quality_planned import WritePlan
from carehome_desk.importing.quality_sheets import SHEETS
from carehome_desk.importing.quality_template import write_quality_template
from carehome_desk.importing.result import ImportFileError, ImportResult, RowError
from carehome_desk.importing.workbook import read_workbook, sort_errors
from carehome_desk.models.changes import Changes
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.store.errors import ConflictError, StoreError

if TYPE_CHECKING:
    from carehome_desk.store.store import Store

__all__ = ["ImportFileError", "ImportResult", "RowError", "import_quality", "write_quality_template"]

_PLANNERS = {
    "Reg 44 visits": Planner.visits_sheet,
    "Reg 45 reviews": Planner.reviews_sheet,
    "Inspections": Planner.inspections_sheet,
    "Inspection findings": Planner.findings_sheet,
}
_EVERY = 50  # check for a cancel, and report progress, every this many writes


def import_quality(store: Store, path: Path, home_id: HomeId, *, dry_run: bool = False,
                   skip_bad_rows: bool = False, progress: Progress = NO_PROGRESS,
                   password: str | None = None) -> ImportResult:
    """Read a quality workbook into one home; see the module docstring for the guarantees.

    Raises ImportFileError when the file as a whole cannot be read (nothing is written). ``password``
    opens a password-protected workbook.
    """
    home = store.homes.get(home_id)  # a clear error for a home that does not exist
    result = ImportResult(dry_run=dry_run, skip_bad_rows=skip_bad_rows)
    sheets = read_workbook(Path(path), SHEETS, result, progress, "quality", password)
    quality = store.quality
    planner = Planner(home_id, quality.visits(home_id), quality.reviews(home_id), quality.inspections(home_id),
                      quality.archived(home_id), store.today(), result, actions=quality.actions(home_id))
    for done, sheet in enumerate(sheets):
        if progress.cancelled():
            result.cancelled = True
            return result
        progress.report(done, len(sheets), f"Checking {sheet.spec.name}")
        _PLANNERS[sheet.spec.name](planner, sheet)
    sort_errors(result, SHEETS)
    # New actions belong to the registered manager, as on the Quality page.
    owner = home.registered_manager or store.user
    plan = planner.plan(owner)
    held_back = dry_run or (bool(result.errors) and not skip_bad_rows)
    note = plan.actions.note(held_back)
    if note:
        result.notes.append(note)
    if held_back or not plan:
        return result
    try:
        result.changes = _write(store, plan, owner, progress)
    except Cancelled:
        result.cancelled = True
        return result
    except (ConflictError, IntegrityError):  # another PC changed Home settings after the file was checked
        raise StoreError("Someone changed the quality records or Home settings while the file was being imported, "
                         "so nothing was written. Import the file again.") from None
    result.written = True
    return result


def _write(store: Store, plan: WritePlan, owner: str, progress: Progress) -> Changes:
    """Every planned write in one audited transaction; returns its Changes."""
    total = len(plan)
    done = 0

    def step(sheet: str) -> None:
        nonlocal done
        if done % _EVERY == 0:
            if progress.cancelled():
                raise Cancelled
            progress.report(done, total, f"Saving {sheet}")
        done += 1

    with store.quality.batch() as batch:
        for visit in plan.visits:
            step("Reg 44 visits")
            if visit.changed:
                batch.save_visit(visit.record, owner=owner, actions_done_on=visit.actions_done_on)
            elif visit.actions_done_on is not None:  # only its open actions to mark done
                batch.visit_actions_done(visit.record, visit.actions_done_on)
        for review in plan.reviews:
            step("Reg 45 reviews")
            batch.save_review(review)
        for inspection in plan.inspections:
            step("Inspections")
            if inspection.changed:
                batch.save_inspection(inspection.record, owner=owner, actions_done_on=inspection.actions_done_on)
            else:  # only its findings' open actions to mark done
                batch.finding_actions_done(inspection.record, inspection.actions_done_on)
        if progress.cancelled():  # a cancel after the last check still rolls everything back
            raise Cancelled
        progress.report(total, total, "Saved")
    return batch.changes
