"""``carehome-desk import matrix|staff-list|incident-log FILE``: a manager's own spreadsheet, through a mapping.

Without --map, the mapping remembered for the file's layout is used, else the suggested one;
--save-map writes the mapping used, to edit and pass back with --map. A mapping that cannot import
yet (a guessed course to confirm, a needed field with no column) prints why and what to put in the
map file, and exits 1. After a real import the mapping is remembered for the layout.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carehome_desk.importing.own.mapping import Mapping
    from carehome_desk.importing.own.tables import SourceFile
    from carehome_desk.models.home import Home
    from carehome_desk.store.store import Store

OWN_KINDS = {"matrix": "matrix", "staff-list": "staff-list", "incident-log": "incident-log"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options only a manager's own spreadsheet takes."""
    p.add_argument("--map", type=Path, metavar="MAP.json", default=None, help="matrix, staff-list, incident-log: "
                   "the mapping to use (which row is the header, which column is which field); without it, the "
                   "mapping remembered for the file's layout, else the suggested one")
    p.add_argument("--sheet", action="append", metavar="NAME", default=None, help="matrix, staff-list, "
                   "incident-log: import only this sheet (give it again for more)")
    p.add_argument("--save-map", type=Path, metavar="OUT.json", default=None, help="matrix, staff-list, "
                   "incident-log: write the mapping used to this file (a name ending .json), to edit and pass "
                   "back with --map")


def _fail(message: str, code: int) -> int:
    print(f"carehome-desk: {message}", file=sys.stderr)
    return code


def _mapping(args: argparse.Namespace, store: Store, source: SourceFile, home: Home) -> tuple[Mapping, str]:
    """The mapping to use and where it came from (MappingError for a bad map file)."""
    from carehome_desk.importing.own.engine import remembered_mapping, suggest
    from carehome_desk.importing.own.mapping import Layout, MappingError, mapping_from_json

    layout = Layout(OWN_KINDS[args.kind])
    if args.map is not None:
        try:
            text = args.map.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MappingError(f"the map file {args.map} cannot be read ({getattr(exc, 'strerror', None) or exc}).") \
                from None
        mapping = mapping_from_json(text)
        if mapping.layout is not layout:
            raise MappingError(f"'layout' in {args.map.name} is '{mapping.layout.value}', but this is "
                               f"'import {args.kind}': use a {args.kind} map, or import {mapping.layout.value}.")
        how = f"the map {args.map.name}"
    else:
        remembered = remembered_mapping(store, source, layout, home.id)
        mapping = remembered or suggest(source, layout, store.workforce.courses())
        how = "the mapping remembered for this layout" if remembered else "the suggested mapping"
    if args.sheet:
        from carehome_desk.importing.own.suggest import suggest_sheet

        chosen = {s.sheet: s for s in mapping.sheets}
        tables = {t.sheet: t for t in source.tables}
        missing = [n for n in args.sheet if n not in tables]
        if missing:
            listed = ", ".join(f"'{t}'" for t in tables)
            raise MappingError(f"the file has no sheet '{missing[0]}': its sheets are {listed}.")
        mapping.sheets = [chosen.get(n) or suggest_sheet(tables[n], layout, store.workforce.courses())
                          for n in args.sheet]
    return mapping, how


def cmd_import_own(args: argparse.Namespace, store: Store, home: Home, password: str | None) -> int:
    """Run one import of a manager's own spreadsheet into the home chosen; returns the exit code."""
    from carehome_desk.importing.own.engine import import_own, remember_mapping
    from carehome_desk.store.errors import StoreError
    from carehome_desk.importing.own.mapping import MappingError, mapping_to_json
    from carehome_desk.importing.own.readers import read_source
    from carehome_desk.importing.result import ImportFileError
    from carehome_desk.export.own_files import check_replaceable
    from carehome_desk.out_files import check_out_file, write_problem

    if args.save_map is not None:  # never over the database or its files: refused before the import runs
        check_out_file(args.save_map, store.path, "column map", suffix=".json", kind="a JSON file",
                       folder_must_exist=True)
        check_replaceable(args.save_map, "column map", replace_flag=None)  # an earlier map (--map's, say) only
    try:
        source = read_source(args.file, password)
    except ImportFileError as exc:
        return _fail(str(exc), 1)
    try:
        mapping, how = _mapping(args, store, source, home)
    except MappingError as exc:
        return _fail(f"{args.map.name + ': ' if args.map else ''}{exc}", 2)
    if args.sheet:  # the import, its report and the look at the file's headers see only the sheets asked for
        source = replace(source, tables=[t for t in source.tables if t.sheet in set(args.sheet)])
    result = import_own(store, home.id, source, mapping, dry_run=args.dry_run, skip_bad_rows=args.skip_bad_rows)
    from carehome_desk.importing.own.guess import disagreement

    if said := disagreement(source, store.workforce.courses(), mapping.layout):
        result.reported.append(said)
    if args.save_map is not None:
        try:
            args.save_map.write_text(mapping_to_json(mapping), encoding="utf-8")
        except OSError as exc:
            done = "The import itself was made." if result.written else "Nothing was changed."
            return _fail(f"the map could not be written to {args.save_map}: {write_problem(args.save_map, exc)}. "
                         f"{done}", 1)
    print(f"{args.file.name} into {home.name} ({home.urn}), with {how}:")
    print(result.report(skip_hint="import with --skip-bad-rows"))
    if args.save_map is not None:
        print(f"The mapping used is in {args.save_map}.")
    if result.blocked:
        hint = (f"edit {args.save_map} and run again with --map {args.save_map}" if args.save_map else
                "save the mapping with --save-map MAP.json, edit it as listed above, and run again with "
                "--map MAP.json")
        print(f"To import: {hint}.")
        return 1
    if result.written or (not args.dry_run and not result.errors and not result.cancelled):
        try:
            remember_mapping(store, source, mapping, home.id)
        except StoreError as exc:  # on a server, remembering is the owner's: the import itself stands
            print(f"The mapping was not remembered for next time: {exc}", file=sys.stderr)
    return 1 if result.errors and not result.written else 0
