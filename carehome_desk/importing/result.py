"""What an import found and did: counts per sheet, every bad row, and a plain-text report."""

from __future__ import annotations

from dataclasses import dataclass, field

from carehome_desk.models.changes import Changes


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not a workbook, no sheet we know); nothing was written."""


class WorkbookProtected(ImportFileError):
    """The workbook is protected with a password, and none (or a wrong one) was given."""

    def __init__(self, message: str, *, wrong_password: bool = False):
        super().__init__(message)
        self.wrong_password = wrong_password


@dataclass(frozen=True)
class RowError:
    """One cell or row that could not be imported, located as the manager sees it in Excel."""

    sheet: str
    row: int | None  # None: the sheet as a whole (for example a missing column)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class SheetCounts:
    """Rows of one sheet by outcome."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0


@dataclass
class ImportResult:
    """The outcome of an import or a dry run."""

    sheets: dict[str, SheetCounts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    skip_bad_rows: bool = False
    written: bool = False
    cancelled: bool = False
    changes: Changes = field(default_factory=Changes)

    def counts(self, sheet: str) -> SheetCounts:
        """The counts for a sheet (created on first use, in the order sheets are read)."""
        return self.sheets.setdefault(sheet, SheetCounts())

    @property
    def would_change(self) -> bool:
        """True when the good rows add or update something."""
        return any(c.added or c.updated for c in self.sheets.values())

    def report(self, skip_hint: str = "choose to skip the bad rows") -> str:
        """A plain-text summary: a table of counts, the row errors, and what happened."""
        held_back = self.dry_run or self.cancelled or (bool(self.errors) and not self.skip_bad_rows)
        heads = ("Would add", "Would update", "Unchanged") if held_back else ("Added", "Updated", "Unchanged")
        width = max([len("Sheet")] + [len(name) for name in self.sheets])
        lines = [f"{'Sheet':<{width}}  " + "  ".join(f"{h:>12}" for h in heads) + f"  {'Not imported':>12}"]
        for name, c in self.sheets.items():
            lines.append(f"{name:<{width}}  " + "  ".join(f"{n:>12}" for n in (c.added, c.updated, c.unchanged))
                         + f"  {c.failed:>12}")
        if not self.sheets:
            lines = ["No rows to import."]
        lines += self.notes
        if self.errors:
            count = len(self.errors)
            lines.append("")
            lines.append(f"{count} problem{'s' if count != 1 else ''} found:")
            lines += [f"  {e}" for e in self.errors]
        lines.append("")
        lines.append(self.outcome(skip_hint))
        return "\n".join(lines)

    def outcome(self, skip_hint: str = "choose to skip the bad rows") -> str:
        """One sentence: what was written, and what to do next."""
        if self.cancelled:
            return "Stopped before the end: nothing was written."
        if self.dry_run:
            if self.errors:
                return (f"Dry run: nothing was written. Fix the rows above and run again, or {skip_hint} "
                        "to import only the good rows.")
            return "Dry run: nothing was written. Run again without --dry-run to import."
        if self.written and self.errors:
            return "The good rows were imported; the rows listed above were left out."
        if self.written:
            return "Imported."
        if self.errors and self.skip_bad_rows:
            return "Nothing new to import from the good rows; the rows listed above were left out."
        if self.errors:
            return ("Nothing was written, because some rows have problems. Fix them and import again, or "
                    f"{skip_hint} to import only the good rows.")
        return "Nothing new to import: everything in the file is already recorded."
