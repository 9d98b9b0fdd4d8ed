"""Importing a manager's own spreadsheet through a mapping: check the mapping, read the mapped rows into
the template specs' rows, then plan and write them with the template imports' planners (one
transaction, audited, importing twice changes nothing, bad rows listed and nothing written unless
skipped). Every problem is told by the manager's sheet, row and column header.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from carehome_desk.importing import incidents as incident_import
from carehome_desk.importing import workforce as workforce_import
from carehome_desk.importing.child_labels import label_problem, split_label
from carehome_desk.importing.own.guess import guess_layout
from carehome_desk.importing.own.mapping import Layout, Mapping
from carehome_desk.importing.own.remember import remember_mapping, remembered_mapping
from carehome_desk.importing.own.report import reported_for
from carehome_desk.importing.own.resolve import AmbiguousDate, check
from carehome_desk.importing.own.rows import Builder, Built, Planned
from carehome_desk.importing.own.sheet import column_kinds, data_rows, find_header_row
from carehome_desk.importing.own.suggest import suggest
from carehome_desk.importing.own.tables import SourceFile
from carehome_desk.importing.own.targets import Target, targets
from carehome_desk.importing.plan import norm
from carehome_desk.importing.result import ImportResult, RowError
from carehome_desk.importing.sheet_spec import SheetSpec
from carehome_desk.importing.text import CellError
from carehome_desk.importing.workforce_sheets import DBS, STAFF, TRAINING
from carehome_desk.importing.incidents_sheets import INCIDENTS
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from carehome_desk.store.store import Store

__all__ = ["AmbiguousDate", "OwnImportResult", "Target", "column_kinds", "find_header_row", "guess_layout",
           "import_own",
           "remember_mapping", "remembered_mapping", "suggest", "targets"]


@dataclass
class OwnImportResult(ImportResult):
    """An import of a manager's own sheet: the template import's result, plus what the mapping step found."""

    ambiguous: list[AmbiguousDate] = field(default_factory=list)
    reported: list[str] = field(default_factory=list)  # colour, hidden columns, words not imported, months…
    blocked: list[str] = field(default_factory=list)  # why it cannot import yet; empty = ready
    nothing: str = ""  # why there is nothing to import at all (an empty file, or only a header row)

    def outcome(self, skip_hint: str = "choose to skip the bad rows") -> str:
        if self.blocked:
            return "Nothing was written: the mapping needs the answers listed under 'Not ready to import yet'."
        if self.nothing and not self.errors and not self.cancelled:
            return self.nothing
        return super().outcome(skip_hint)

    def report(self, skip_hint: str = "choose to skip the bad rows") -> str:
        """The counts and problems, then what was noticed, the doubtful dates and why it cannot import yet."""
        head, _, last = super().report(skip_hint).rpartition("\n")
        extra: list[str] = []
        if self.reported:
            extra += ["What the import noticed:", *(f"  {line}" for line in self.reported), ""]
        if self.ambiguous:
            count = len(self.ambiguous)
            extra += [f"{count} date{'s' if count != 1 else ''} that could be read either way:",
                      *(f"  {a}" for a in self.ambiguous), ""]
        if self.blocked:
            extra += ["Not ready to import yet:", *(f"  {b}" for b in self.blocked), ""]
        return "\n".join([head.rstrip("\n"), "", *extra, last]) if extra else f"{head}\n{last}"


# The template planners' words for the template's own sheets, reworded for the manager's sheet.
_REWORD = (
    (re.compile(r"the Staff sheet's row (\d+) for them could not be imported"),
     r"their details in row \1 could not be imported"),
    (re.compile(r"the DBS sheet's row (\d+) for it could not be imported"),
     r"its details in row \1 could not be imported"),
    (re.compile(r"nobody of that name is on the Staff sheet or already recorded"),
     "nobody of that name is on the staff register or earlier in the file"),
    (re.compile(r"nobody has this Staff ref, on the Staff sheet or already recorded"),
     "nobody has this Staff ref, on the staff register or earlier in the file"),
    (re.compile(r"no child has this reference, on the Children sheet or already recorded"),
     "no child has this reference (or these initials) on the children's register"),
    (re.compile(r"no child has the reference (.+), on the Children sheet or already recorded"),
     r"no child has the reference \1 on the children's register"),
)


_CASCADE = re.compile(r"(their|its) details in row \d+ could not be imported")


def _reword(message: str) -> str:
    for pattern, words in _REWORD:
        message = pattern.sub(words, message)
    return message


def _plan(run: Callable[[Any, Any], None], planner: Any, planned: Planned, result: OwnImportResult) -> None:
    """One planner call; the errors and notes it adds are moved onto the manager's sheet, row and column."""
    errors, notes = len(result.errors), len(result.notes)
    spec: SheetSpec = planned.rows.spec
    run(planner, planned.rows)
    moved = [_moved(e, spec, planned) for e in result.errors[errors:]]
    # A needed field with neither a column nor a default is already a blocked reason: not again on every row,
    # nor on the rows of other records that fail only because of it.
    blank = tuple(f"{c.header} (no column is mapped to it): this is blank" for c in spec.columns)
    result.errors[errors:] = [e for e in moved if not (result.blocked and (
        e.column is None and e.message.startswith(blank) or _CASCADE.search(e.message)))]
    result.notes[notes:] = [re.sub(rf"^{re.escape(spec.name)} row", f"{planned.sheet} row", n)
                            for n in result.notes[notes:]]


def _moved(error: RowError, spec: SheetSpec, planned: Planned) -> RowError:
    if error.sheet != spec.name:
        return error
    field_name = next((c.field for c in spec.columns if c.header == error.column), None)
    header = planned.columns.get(field_name or "", "") or None
    message = _reword(error.message)
    if error.column and header is None:
        given = "the map's default" if field_name in planned.defaulted else "no column is mapped to it"
        message = f"{error.column} ({given}): {message}"
    return RowError(planned.sheet, error.row, header, message)


def _dedupe(errors: list[RowError]) -> list[RowError]:
    return list(dict.fromkeys(errors))


def import_own(store: Store, home_id: HomeId, source: SourceFile, mapping: Mapping, *, dry_run: bool = False,
               skip_bad_rows: bool = False, progress: Progress = NO_PROGRESS) -> OwnImportResult:
    """Check the mapping, read the mapped rows and import them (see the module docstring).

    A mapping with ``blocked`` reasons is planned (every problem is shown) but never written.
    """
    store.homes.get(home_id)  # a clear error for a home that does not exist
    result = OwnImportResult(dry_run=dry_run, skip_bad_rows=skip_bad_rows)
    today = store.today()
    if not any(t.rows for t in source.tables):
        result.dry_run = True
        result.nothing = f"Nothing to import: {source.path.name} is empty (none of its sheets has anything in it)."
        return result
    progress.report(0, 0, "Checking the mapping")
    courses = store.workforce.courses(include_archived=True)  # a new course may not take an archived one's name
    checked = check(source, mapping, courses, today)
    result.blocked, result.ambiguous = checked.blocked, checked.ambiguous
    if result.blocked:
        result.dry_run = True  # nothing is written, whatever was asked
    child_refs = _child_refs(store, home_id) if mapping.layout is Layout.INCIDENTS else (lambda text, day: text)
    on_register = _on_register(store, home_id) if mapping.layout is Layout.MATRIX else (lambda ref, name: False)
    built: list[Built] = []
    for resolved in checked.sheets:
        built.append(Builder(resolved, mapping, today, result, child_refs, on_register).build())
    result.reported = reported_for(source, mapping, checked, built)
    if checked.sheets and not any(next(data_rows(r.table, r.sheet.header_row), None) for r in checked.sheets):
        listed = ", ".join(f"'{r.table.sheet}'" for r in checked.sheets)
        result.nothing = (f"Nothing to import: {listed} {'has' if len(checked.sheets) == 1 else 'have'} only the "
                          "header row, with no rows below it.")
    if progress.cancelled():
        result.cancelled = True
        return result
    if mapping.layout is Layout.INCIDENTS:
        _incidents(store, home_id, built, result, progress)
    else:
        _workforce(store, home_id, built, checked.new_courses, result, progress)
    kinds = [s.name for s in (STAFF, DBS, TRAINING, INCIDENTS)]
    result.sheets = dict(sorted(result.sheets.items(), key=lambda i: kinds.index(i[0]) if i[0] in kinds else 9))
    order = {s.sheet: n for n, s in enumerate(mapping.sheets)}
    result.errors = sorted(_dedupe(result.errors), key=lambda e: (order.get(e.sheet, len(order)), e.row or 0))
    return result


def _workforce(store: Store, home_id: HomeId, built: list[Built], new_courses: Sequence[Any],
               result: OwnImportResult, progress: Progress) -> None:
    planner = workforce_import.new_planner(store, home_id, result, new_courses)
    steps = [p for b in built for p in ([b.staff] if b.staff else [])]
    steps += [p for b in built for p in ([b.dbs] if b.dbs else [])]
    steps += [p for b in built for p in b.training]
    for spec in (STAFF, DBS, TRAINING):  # the counts table lists the records in this order
        if any(p.rows.spec is spec for p in steps):
            result.counts(spec.name)
    for done, planned in enumerate(steps):
        if progress.cancelled():
            result.cancelled = True
            return
        if done % 10 == 0:
            progress.report(done, len(steps), f"Checking {planned.sheet}")
        _plan(workforce_import.plan_sheet, planner, planned, result)
    if result.blocked:
        return
    workforce_import.write_planned(store, home_id, planner, result, progress, new_courses)


def _incidents(store: Store, home_id: HomeId, built: list[Built], result: OwnImportResult,
               progress: Progress) -> None:
    planner = incident_import.new_planner(store, home_id, result)
    steps = [b.incidents for b in built if b.incidents is not None]
    if steps:
        result.counts(INCIDENTS.name)
    for planned in steps:
        if progress.cancelled():
            result.cancelled = True
            return
        progress.report(0, 0, f"Checking {planned.sheet}")
        _plan(incident_import.plan_sheet, planner, planned, result)
    before = len(result.errors)
    if result.blocked:
        planner.finish()
    else:
        incident_import.write_planned(store, home_id, planner, result, progress)
    if steps:  # errors found across sheets (by finish) name the Incidents spec: move them too
        result.errors = result.errors[:before] + [_moved(e, INCIDENTS, steps[0]) if e.sheet == INCIDENTS.name
                                                  else e for e in result.errors[before:]]


def _on_register(store: Store, home_id: HomeId) -> Callable[[str, str], bool]:
    """Whether a matrix row's person is already on the staff register (archived included): by staff ref, else by
    name whatever their start date (a matrix's start date may be the date they joined the company)."""
    people = store.staff.list(home_id, include_archived=True)
    refs = {norm(m.staff_ref) for m in people if m.staff_ref}
    names = {norm(m.full_name) for m in people}
    unreffed = {norm(m.full_name) for m in people if not m.staff_ref}

    def known(ref: str, name: str) -> bool:
        if ref and norm(ref) in refs:
            return True
        return bool(name) and norm(name) in (unreffed if ref else names)  # another ref is another person

    return known


def _child_refs(store: Store, home_id: HomeId) -> Callable[[str, date | None], str]:
    """Children named by reference or initials -> references. A reference is looked up among every child on the
    register (archived too) before a cell is split at '/', '&' or 'and'; initials are resolved among the children
    living at the home on the incident's date (CellError when several did, or none did but some child has them)."""
    children = store.children.list(home_id, include_archived=True)
    refs = {" ".join(c.reference.split()).casefold() for c in children}

    def key(text: str) -> str:
        return re.sub(r"[^a-z]", "", text.casefold())

    def known(part: str) -> bool:
        return " ".join(part.split()).casefold() in refs

    def one(part: str, day: date | None) -> str:
        if known(part):
            return part
        anyone = [c for c in children if key(c.initials) == key(part) and key(part)]
        found = [c for c in anyone if day is None or c.is_resident(day)]
        when = f" on {format_uk(day)}" if day is not None else ""
        if len(found) > 1:
            listed = " and ".join(sorted(c.reference for c in found))
            raise CellError(f"'{part}': {len(found)} children with these initials lived at the home{when} "
                            f"({listed}): give the child's reference instead.")
        if not found and anyone:
            raise CellError(f"'{part}': no child with these initials lived at the home{when}: check the date, or "
                            "give the child's reference instead.")
        return found[0].reference if found else part

    def labelled(part: str) -> str | None:
        """The reference of 'CZ (C08)' (as the app writes a child) when both name that child; CellError if not."""
        found = split_label(part)
        if found is None or not known(found[1]):
            return None  # a reference no child has is reported by the planner, naming it
        name, ref = found
        child = next(c for c in children if " ".join(c.reference.split()).casefold() == ref.casefold())
        problem = label_problem(part, name, child, [c for c in children if c.archived_at is None])
        if problem:
            raise CellError(problem)
        return child.reference

    def convert(text: str, day: date | None = None) -> str:
        parts: list[str] = []
        for part in (p.strip() for p in re.split(r"[,;\n]+", text)):
            if not part or known(part):  # a reference may hold a slash: C/031
                parts += [part] if part else []
                continue
            if split_label(part):  # before splitting at '/': 'AB (C/031)'
                parts.append(labelled(part) or part)
                continue
            parts += [one(p.strip(), day) for p in re.split(r"[/&+]+|\band\b", part) if p.strip()]
        return ", ".join(parts)

    return convert
