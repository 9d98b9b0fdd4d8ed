"""The ``template`` and ``import`` commands: a blank workbook to fill in, and reading one into a home."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carehome_desk import cli_own


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                              db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("template", help="write a blank workbook to fill in and import",
                       description="Write a blank Excel workbook with one sheet per record type and the exact "
                       "headers 'carehome-desk import' reads, with an Instructions sheet. Dates are DD/MM/YYYY.")
    p.add_argument("kind", choices=["workforce", "incidents", "quality"], help="which records: workforce (staff, "
                   "qualifications, checks, DBS, training, supervision), incidents (children, incidents, "
                   "restraints, missing episodes, reg 40 notifications) or quality (Reg 44 visits, Reg 45 reviews, "
                   "inspections and their findings)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write; a file "
                   "that exists is refused, so a filled-in workbook is never replaced by a blank one")
    p.add_argument("--replace", action="store_true", help="write the blank workbook over FILE.xlsx if it exists "
                   "(its rows are lost)")

    p = sub.add_parser("import", parents=[db], help="read a filled-in workbook, or your own spreadsheet, into the "
                       "database", description="Read a workbook (the template, or your own with the same column "
                       "headers) into one home; or, with matrix, staff-list or incident-log, the spreadsheet you "
                       "already keep (.xlsx, .xlsm, .xls, .ods or .csv), through a mapping of its columns. The whole "
                       "file is one transaction: every bad row is listed by sheet, row and column, and nothing is "
                       "written if any row fails (unless --skip-bad-rows). Importing the same file twice changes "
                       "nothing. Exit code 1 when rows failed and nothing was written, or when the mapping needs "
                       "answers first; 2 for a map file that cannot be used.")
    p.add_argument("kind", choices=["workforce", "incidents", "quality", "matrix", "staff-list", "incident-log"],
                   help="which records: workforce, incidents or quality (a filled-in template); or your own "
                   "spreadsheet: matrix (a training matrix: staff down the side, courses across the top), "
                   "staff-list (one row per person, with DBS details if kept there) or incident-log (one row per "
                   "incident)")
    p.add_argument("file", type=Path, metavar="FILE", help="the workbook or spreadsheet to read")
    p.add_argument("--home", metavar="URN", default=None, help="the home to import into (needed when the "
                   "database has several homes)")
    p.add_argument("--dry-run", action="store_true", help="show what would be added, updated or left "
                   "unchanged, and write nothing")
    p.add_argument("--skip-bad-rows", action="store_true", help="import the good rows and leave out the bad ones")
    p.add_argument("--workbook-password-file", type=Path, metavar="FILE", default=None, help="a file whose first "
                   "line is the password of a password-protected workbook (it is decrypted in memory only)")
    cli_own.add_arguments(p)


def cmd_template(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.importing.incidents import write_incidents_template
    from carehome_desk.importing.quality import write_quality_template
    from carehome_desk.importing.workforce import write_workforce_template

    from carehome_desk.out_files import check_out_file

    out: Path = args.out
    # The name refused (OutFileRefused: exit 2 for a wrong extension, else 1) before anything is written
    check_out_file(out, target, "template", suffix=".xlsx", kind="an Excel workbook", replace=args.replace,
                   replace_flag="--replace", folder_must_exist=True)
    replaced = " (the workbook that was there is replaced)" if out.exists() else ""
    {"workforce": write_workforce_template, "incidents": write_incidents_template,
     "quality": write_quality_template}[args.kind](out)
    print(f"Wrote the {args.kind} template to {out}{replaced}")
    return 0


def _workbook_password(path: Path | None) -> str | None:
    """The password of a protected workbook, from the file given (StoreError in one sentence if unreadable)."""
    if path is None:
        return None
    from carehome_desk.store.protection import password_from_file

    return password_from_file(path)


def cmd_import(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.importing.incidents import import_incidents
    from carehome_desk.importing.quality import import_quality
    from carehome_desk.importing.workforce import ImportFileError, import_workforce

    from carehome_desk.cli import open_for_command

    with open_for_command(target, args) as store:
        homes = store.homes.list()
        listed = ", ".join(f"{h.urn} ({h.name})" for h in homes)
        if args.home:
            home = store.homes.by_urn(args.home)
            if home is None or home.archived_at is not None:
                print(f"carehome-desk: no open home has the URN {args.home}. The homes are: {listed or 'none'}.",
                      file=sys.stderr)
                return 1
        elif len(homes) == 1:
            home = homes[0]
        elif not homes:
            print("carehome-desk: there are no homes in this database yet: set up your home first.",
                  file=sys.stderr)
            return 1
        else:
            print(f"carehome-desk: this database has {len(homes)} homes; say which with --home URN: {listed}.",
                  file=sys.stderr)
            return 2
        if args.kind in cli_own.OWN_KINDS:
            return cli_own.cmd_import_own(args, store, home, _workbook_password(args.workbook_password_file))
        if args.map or args.sheet or args.save_map:
            print("carehome-desk: --map, --sheet and --save-map are for your own spreadsheets (import matrix, "
                  "staff-list or incident-log), not the template.", file=sys.stderr)
            return 2
        try:
            run = {"workforce": import_workforce, "incidents": import_incidents, "quality": import_quality}[args.kind]
            result = run(store, args.file, home.id, dry_run=args.dry_run, skip_bad_rows=args.skip_bad_rows,
                         password=_workbook_password(args.workbook_password_file))
        except ImportFileError as exc:
            print(f"carehome-desk: {exc}", file=sys.stderr)
            return 1
    print(f"{args.file.name} into {home.name} ({home.urn}):")
    print(result.report(skip_hint="import with --skip-bad-rows"))
    return 1 if result.errors and not result.written else 0
