"""One file being mapped in the dialog, without Qt: the file read, the remembered mapping or the
app's suggestion, the sheets ticked, a header row changed; and the jobs run off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from carehome_desk.importing.own.mapping import IGNORE, Layout, Mapping, SheetMap
from carehome_desk.importing.own.tables import SourceFile, Table
from carehome_desk.models.changes import Changes
from carehome_desk.models.ids import HomeId
from carehome_desk.progress import Progress
from carehome_desk.ui.exports.own_import_logic import full_width, remembered_on, sheet_map_at

if TYPE_CHECKING:
    from carehome_desk.importing.own.engine import OwnImportResult, Target
    from carehome_desk.models.training import Course
    from carehome_desk.store import Store


@dataclass
class Session:
    """The file, what it holds, and the mapping being edited (only the ticked sheets are in ``mapping``)."""

    source: SourceFile
    layout: Layout
    courses: list[Course]
    fields: list[Target] = field(default_factory=list)
    mapping: Mapping = field(default_factory=lambda: Mapping(Layout.MATRIX))
    sheet_maps: dict[str, SheetMap] = field(default_factory=dict)  # ticked or not: ticking back keeps edits
    found_rows: dict[str, int] = field(default_factory=dict)  # the header row the app found, per sheet
    remembered_note: str = ""  # "Mapped as last time (03/12/2026): check and import."
    ticked: set[str] = field(default_factory=set)

    @classmethod
    def start(cls, store: Store, source: SourceFile, layout: Layout, courses: list[Course],
              home_id: HomeId | None = None) -> Session:
        """The remembered mapping for this layout, or the app's suggestion; sensible sheets ticked."""
        from carehome_desk.importing.own.engine import find_header_row, remembered_mapping, suggest, targets
        from carehome_desk.importing.own.mapping import layout_key

        session = cls(source, layout, courses, fields=targets(layout, courses))
        session.found_rows = {t.sheet: find_header_row(t, layout, courses) for t in source.tables if t.rows}
        tables = {t.sheet: t for t in source.tables}
        remembered = remembered_mapping(store, source, layout, home_id)
        if remembered is not None:
            mapping = remembered
            for sheet in mapping.sheets:
                if sheet.sheet in tables:
                    full_width(sheet, tables[sheet.sheet])
            first = next((s for s in mapping.sheets if s.sheet in tables), None)
            when = remembered_on(store, layout_key(tables[first.sheet], first.header_row, home_id)) if first else None
            session.remembered_note = (f"Mapped as last time ({when:%d/%m/%Y}): check and import." if when
                                       else "Mapped as last time: check and import.")
            session.ticked = {s.sheet for s in mapping.sheets if s.sheet in tables}
        else:
            mapping = suggest(source, layout, courses)
            session.ticked = {s.sheet for s in mapping.sheets if s.sheet in tables and not tables[s.sheet].hidden_sheet
                              and any(c.target != IGNORE for c in s.columns)} or {s.sheet for s in mapping.sheets[:1]}
        session.sheet_maps = {s.sheet: s for s in mapping.sheets}
        session.mapping = replace(mapping, sheets=[])
        session.tick([t.sheet for t in source.tables if t.sheet in session.ticked])
        return session

    def table(self, sheet: str) -> Table:
        return next(t for t in self.source.tables if t.sheet == sheet)

    def tick(self, sheets: list[str]) -> None:
        """Import these sheets (a sheet never mapped before gets the app's suggestion)."""
        from carehome_desk.importing.own.engine import find_header_row

        chosen = []
        for name in sheets:
            if name not in self.sheet_maps:
                table = self.table(name)
                self.sheet_maps[name] = sheet_map_at(self.source, table, self.layout, self.courses,
                                                     find_header_row(table, self.layout, self.courses))
            chosen.append(self.sheet_maps[name])
        self.ticked = set(sheets)
        self.mapping.sheets = chosen

    def set_header_row(self, sheet: str, row: int) -> SheetMap:
        """Read a sheet's columns again from another header row (its column choices start afresh)."""
        fresh = sheet_map_at(self.source, self.table(sheet), self.layout, self.courses, row)
        self.sheet_maps[sheet] = fresh
        self.mapping.sheets = [fresh if s.sheet == sheet else s for s in self.mapping.sheets]
        return fresh


def plain_sentence(error: BaseException, name: str) -> str:
    """Why a file could not be read (or a check failed), as one sentence."""
    if isinstance(error, OSError):
        reason = (error.strerror or str(error)).rstrip(".")
        return f"{name} could not be read: {reason[:1].lower() + reason[1:]}."
    text = str(error).strip() or f"{name} could not be read"
    return text if text.endswith((".", "?", "!")) else text + "."


def read_file(path: Path, password: str | None) -> SourceFile:
    """The reading job: every table of the file (ImportFileError with one sentence when it cannot)."""
    from carehome_desk.importing.own.readers import read_source

    return read_source(path, password)


def run_import(store: Store, home_id: HomeId, source: SourceFile, mapping: Mapping, progress: Progress, *,
               dry_run: bool = False, skip_bad_rows: bool = False) -> Any:
    """The check (a dry run: the result), or the import followed by remembering the mapping
    (the result and the Changes of both)."""
    from carehome_desk.importing.own.engine import import_own, remember_mapping
    from carehome_desk.store.errors import StoreError

    result: OwnImportResult = import_own(store, home_id, source, mapping, dry_run=dry_run,
                                         skip_bad_rows=skip_bad_rows, progress=progress)
    if dry_run:
        return result
    remembered = Changes()
    if result.written:
        try:
            remembered = remember_mapping(store, source, mapping, home_id)
        except StoreError as exc:  # on a server, remembering is the owner's: the import itself stands
            result.reported.append(f"The mapping was not remembered for next time: {exc}")
    return result, remembered
