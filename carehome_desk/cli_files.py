"""The commands that write a file for the manager: ``export`` (the evidence pack) and ``calendar`` (.ics).

Each replaces an existing file only when it is its own kind written by carehome-desk earlier (an evidence
pack, a deadline calendar); any other file is refused, saying what it is, unless --replace is given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carehome_desk import cli_password
from carehome_desk.models.counted import counted


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``export`` and ``calendar`` commands."""
    from carehome_desk import cli

    p = sub.add_parser("export", parents=[db], help="write the inspection-day evidence pack (xlsx)",
                       description="Write the evidence pack: one workbook with Annex A figures and a sheet per "
                       "register, print-ready. Children appear by initials and reference unless --include-names.")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write. An "
                   "earlier pack carehome-desk wrote under that name is replaced whole; any other file there is "
                   "kept unless --replace is given; the database, its files and backups never are")
    p.add_argument("--replace", action="store_true", help="write the pack over FILE.xlsx even when it is not an "
                   "earlier pack (a workbook of your own is lost)")
    p.add_argument("--from", dest="start", type=cli._uk_date, default=None, metavar="DD/MM/YYYY",
                   help="start of the period (default: the last full inspection, else the last 12 months, "
                   "as the window counts them: from the day after today's date a year ago)")
    p.add_argument("--to", dest="end", type=cli._uk_date, default=None, metavar="DD/MM/YYYY",
                   help="end of the period (default: today; a later date stops at today, and says so)")
    p.add_argument("--home", metavar="URN", action="append", default=None,
                   help="only this home (repeat for several; default: every home)")
    p.add_argument("--include-names", action="store_true", help="include children's full names (default: no)")
    # --password-file (every command has it) opens a protected database and, on export, also protects the pack
    # with the same password; --pack-password-file gives the pack a password of its own.
    p.add_argument("--pack-password-file", type=Path, default=None, metavar="FILE",
                   help="protect the pack with the password on FILE's first line (at least 10 characters): "
                   "Excel and LibreOffice ask for it to open the workbook. Without it, --password-file FILE "
                   "protects the pack with that password. Never given on the command line, where other users "
                   "of the PC could see it; keep FILE readable by you alone")
    p.add_argument("--pack-password", nargs="?", action=cli_password.refuse_password_option("--pack-password-file"),
                   help=argparse.SUPPRESS)

    p = sub.add_parser("calendar", parents=[db], help="write every future deadline as a calendar file (.ics)",
                       description="Write every future statutory and policy deadline as calendar events "
                       "(iCalendar, RFC 5545) to open in Outlook or any calendar.")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.ics", help="the calendar file to write; an "
                   "earlier one carehome-desk wrote under that name is replaced whole; any other file is kept "
                   "unless --replace is given")
    p.add_argument("--replace", action="store_true", help="write the calendar over FILE.ics even when it is not "
                   "one carehome-desk wrote")
    p.add_argument("--home", metavar="URN", default=None, help="only this home")


def cmd_export(args: argparse.Namespace, target: str | Path) -> int:
    """Write the evidence pack; an existing file only when it is an earlier pack, or --replace."""
    from carehome_desk import cli
    from carehome_desk.export.evidence_pack import POLICY_LABEL, PackOptions, export_pack
    from carehome_desk.export.own_files import check_replaceable
    from carehome_desk.export.protect import read_password_file
    from carehome_desk.models.home import normalise_urn
    from carehome_desk.out_files import check_out_file

    # A wrong name is refused before a password is asked for or anything is read (export_pack checks again)
    check_out_file(args.out, target, "evidence pack", suffix=".xlsx", kind="an Excel workbook", folder_must_exist=True)
    pack_file = args.pack_password_file or getattr(args, "password_file", None)  # the database's, when no other
    password = read_password_file(pack_file) if pack_file else None  # refused before any work
    if not args.replace:  # only an earlier pack is replaced unasked (its password opens a protected one)
        check_replaceable(args.out, "evidence pack", password=password)
    options = PackOptions(out=args.out, urns=tuple(normalise_urn(u) for u in args.home or ()), start=args.start,
                          end=args.end, include_names=args.include_names, password=password)
    if args.include_names and password is None:
        print("Note: the pack will hold children's names; --password-file FILE protects it with a password.",
              file=sys.stderr)
    with cli.open_for_command(target, args) as store:
        result = export_pack(store, options)
    if result.period_note:
        print(f"Note: {result.period_note}", file=sys.stderr)
    rows = sum(result.sheets.values())
    protected = ", protected with the password" if result.protected else ""
    print(f"Wrote the evidence pack to {result.path}{protected}: {counted(len(result.sheets), 'sheet')}, "
          f"{counted(rows, 'row')}.")
    if result.draft:
        print("Marked DRAFT — evidence incomplete:")
        for gap in result.gaps:
            print(f"  - {gap}")
    if result.policy:
        print(f"{POLICY_LABEL}:")
        for line in result.policy:
            print(f"  - {line}")
    return 0


def cmd_calendar(args: argparse.Namespace, target: str | Path) -> int:
    """Write every future deadline as an .ics; an existing file only when it is an earlier one, or --replace."""
    from carehome_desk import cli
    from carehome_desk.export.calendar import write_calendar
    from carehome_desk.export.own_files import check_replaceable
    from carehome_desk.models.home import normalise_urn
    from carehome_desk.out_files import check_out_file

    check_out_file(args.out, target, "calendar", suffix=".ics", kind="an iCalendar file", folder_must_exist=True)
    if not args.replace:  # only an earlier calendar of the app's is replaced unasked
        check_replaceable(args.out, "calendar")
    with cli.open_for_command(target, args) as store:
        urn = normalise_urn(args.home) if args.home else None
        if urn and store.homes.by_urn(urn) is None:
            print(f"carehome-desk: no home has the URN {urn}.", file=sys.stderr)
            return 1
        result = write_calendar(store, args.out, store.today(), urn)
    print(f"Wrote {result.events} deadlines to {result.path}")
    return 0
