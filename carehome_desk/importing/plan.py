"""Planning an import row by row, for any register: read cells, check, match, count, plan writes.

A register's planner subclasses RowPlanner and adds one method per sheet; RowPlanner keeps
the counts and the errors (by sheet, row and column) in the ImportResult, notices a record
given twice in one file, and collects the writes as Ops. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from carehome_desk.importing.result import ImportResult, RowError
from carehome_desk.importing.values import (
    CellError,
    read_choice,
    read_date,
    read_date_maybe_time,
    read_datetime,
    read_digits,
    read_number,
    read_text,
    read_tick,
    read_time,
)
from carehome_desk.importing.workbook import Column, Kind, SheetRows, SheetSpec


def read_value(column: Column, value: object, today: date) -> Any:
    """A cell read as its column's kind (raises CellError)."""
    match column.kind:
        case Kind.TEXT:
            return read_text(value)
        case Kind.NOTE:
            return read_text(value, one_line=False)
        case Kind.DIGITS:
            return read_digits(value)
        case Kind.DATE | Kind.MONTH_DATE:
            return read_date(value, today, month_is_enough=column.kind is Kind.MONTH_DATE)
        case Kind.TICK:
            return read_tick(value)
        case Kind.NUMBER:
            return read_number(value)
        case Kind.CHOICE:
            return read_choice(value, column.choices, column.allowed)
        case Kind.TIME:
            return read_time(value)
        case Kind.DATETIME:
            return read_datetime(value, today)
        case Kind.DATE_MAYBE_TIME:
            return read_date_maybe_time(value, today)
    raise AssertionError(column.kind)


class Cancelled(Exception):
    """Raised inside an import's write transaction when the user cancels, so that it rolls back."""


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def only_fields(values: dict[str, Any], cls: type) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in values.items() if k in names}


@dataclass
class Op:
    """One planned write.

    ``person`` is the person the record belongs to (for add_staff: the person it creates);
    ``cert`` is the certificate a status check belongs to (for a DBS add: the one it creates).
    Keys starting 's'/'c' are stored records; others stand for records this import adds.
    """

    sheet: str
    row: int
    kind: str  # add_staff | update_staff | add | update
    record: Any
    person: str | None = None
    cert: str | None = None


class RowPlanner:
    """The steps every sheet's rows go through; subclasses add the matching rules."""

    def __init__(self, today: date, result: ImportResult):
        self.today, self.result = today, result
        self.ops: list[Op] = []
        self._seen: dict[tuple[object, ...], tuple[int, Any]] = {}

    def _error(self, spec: SheetSpec, row: int, field: str | None, message: str) -> None:
        header = spec.column(field).header if field and any(c.field == field for c in spec.columns) else None
        self.result.errors.append(RowError(spec.name, row, header, message))

    def _parse(self, spec: SheetSpec, row: int, raw: dict[str, object]) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        ok = True
        for name, value in raw.items():
            try:
                values[name] = read_value(spec.column(name), value, self.today)
            except CellError as exc:
                self._error(spec, row, name, str(exc))
                ok = False
        return values if ok else None

    def _require(self, spec: SheetSpec, row: int, values: dict[str, Any], *names: str) -> bool:
        missing = [n for n in names if values.get(n) in (None, "")]
        for name in missing:
            self._error(spec, row, name, "this is blank, but it is needed.")
        return not missing

    def _problems(self, spec: SheetSpec, row: int, problems: dict[str, str]) -> bool:
        for name, message in problems.items():
            self._error(spec, row, name, message)
        return not problems

    def _outcome(self, spec: SheetSpec, row: int, identity: tuple[object, ...], record: Any, stored: Any,
                 op: Op) -> bool:
        """Count a good row and plan its write (add, update or unchanged); False if it clashes with an earlier row."""
        counts = self.result.counts(spec.name)
        earlier = self._seen.get((spec.name, *identity))
        if earlier is not None:
            if earlier[1] != record:
                self._error(spec, row, None, f"row {earlier[0]} already has this record with different details; "
                            "keep one of them.")
                return False
            counts.unchanged += 1
            self.result.notes.append(f"{spec.name} row {row} repeats row {earlier[0]}: read once.")
            return True
        self._seen[(spec.name, *identity)] = (row, record)
        if stored is not None and stored == record:
            counts.unchanged += 1
            return True
        if stored is None:
            counts.added += 1
        else:
            counts.updated += 1
            op.kind = "update_staff" if op.kind == "add_staff" else "update"
        self.ops.append(op)
        return True

    def _rows(self, sheet: SheetRows, *needed: str) -> list[tuple[int, dict[str, Any]]]:
        """Rows whose cells read and whose identifying cells are filled; the rest are counted as failed."""
        good = []
        for row, raw in sheet.rows:
            values = self._parse(sheet.spec, row, raw)
            if values is None or not self._require(sheet.spec, row, values, *needed):
                self.result.counts(sheet.spec.name).failed += 1
                self._row_failed(sheet.spec, row, values)
                continue
            good.append((row, values))
        return good

    def _check(self, spec: SheetSpec, row: int, identity: tuple[object, ...], record: Any, stored: Any,
               person: str | None, problems: dict[str, str], *, cert: str | None = None) -> bool:
        """Validate one record and plan it; True when the row is good."""
        if not self._problems(spec, row, problems):
            return False
        return self._outcome(spec, row, identity, record, stored,
                             Op(spec.name, row, "add", record, person=person, cert=cert))

    def _finish(self, spec: SheetSpec, row: int, identity: tuple[object, ...], record: Any, stored: Any,
                person: str | None, problems: dict[str, str], *, cert: str | None = None) -> None:
        """Validate and plan one record, counting the row as failed if it is bad."""
        if not self._check(spec, row, identity, record, stored, person, problems, cert=cert):
            self.result.counts(spec.name).failed += 1

    def _row_failed(self, spec: SheetSpec, row: int, values: dict[str, Any] | None) -> None:
        """Called for a row whose cells could not be read or whose identifying cells are blank."""
