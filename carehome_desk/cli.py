"""The command line beside the window: scriptable, headless, never imports Qt unless asked
to open the window."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from carehome_desk import __version__, cli_integrity, cli_password, cli_restore, cli_verify
from carehome_desk.models.dates import DateFormatError, format_uk, parse_uk_date, parse_uk_datetime
from carehome_desk.paths import resolve_db
from carehome_desk.private_files import keep_private, tidy_beside, tidy_data_folder

if TYPE_CHECKING:
    from carehome_desk.store import Store
    from carehome_desk.store.writer_lock import WriterLock

EPILOG = """\
With no command, the window opens (on the demo home's choice screen if there is no database yet).

Start without the window: `carehome-desk home add --name NAME --urn URN` creates the database
and your home; `carehome-desk template` and `carehome-desk import` fill it from a spreadsheet.

Where the data lives: --db PATH, else the CAREHOME_DESK_DB environment variable, else
carehome.sqlite3 in your per-user data folder (see `carehome-desk where`).
A database protected with a password ('carehome-desk protect') asks for it at a terminal;
scheduled jobs give --password-file FILE or set CAREHOME_DESK_PASSWORD_FILE (its first line).
Dates are written DD/MM/YYYY and times HH:MM (24-hour clock), UK time. In JSON and CSV
output every moment (due_at, done_at, occurred_at) is ISO 8601 in UK time with its offset:
2026-06-13T10:00:00+01:00 in summer (BST), 2026-01-15T10:00:00+00:00 in winter (GMT).
Exit codes: 0 done, 1 refused or failed (the message says why), 2 the command was mistyped.
"""

MOMENT_HELP = """Hour-counted steps (Reg 35, Reg 40, return home interviews, LADO referrals) are judged at one
moment: now, unless --at DD/MM/YYYY HH:MM gives a UK time, or --today DD/MM/YYYY a day, which
is judged at its START (00:00 UK time): a step due at 10:00 that day is still due, not overdue.
A step done exactly at its deadline is on time. At a clock change, a time the clocks skip
(late March, 01:00-01:59) is read as GMT, an hour later on the clock, and a time that happens
twice (late October, 01:00-01:59) as the first, BST one; a note on stderr says so.
"""


def _uk_date(text: str) -> date:
    try:
        value = parse_uk_date(text, date.today())
    except DateFormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value is None:
        raise argparse.ArgumentTypeError("a date is needed (DD/MM/YYYY)")
    return value


def _uk_datetime(text: str) -> datetime:
    try:
        return parse_uk_datetime(text, date.today())
    except DateFormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_moment_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--at", type=_uk_datetime, default=None, metavar="'DD/MM/YYYY HH:MM'",
                   help="judge at this UK date and time (and as of its date); not with --today")
    p.add_argument("--today", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="judge as of the START of this day, 00:00 UK time (default: now); not with --at")
    p.set_defaults(moment_parser=p)  # so a clash is reported with this command's usage


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a help line for every command."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                    help="database file (or a database URL); default: see 'carehome-desk where'")
    cli_password.add_password_options(db)  # --password-file: a protected database's password, for scheduled jobs

    parser = argparse.ArgumentParser(
        prog="carehome-desk",
        description="Records and Ofsted evidence packs for a children's home in England.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[db],
    )
    parser.add_argument("--version", action="version", version=f"carehome-desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = sub.add_parser("demo", parents=[db], help="create a fictional demo home to try the app",
                       description="Create a new database holding a fictional demo home. "
                       "Never overwrites an existing file.")
    p.add_argument("--scale", type=_positive, default=1, help="how many homes' worth of records (default 1)")
    p.add_argument("--seed", type=int, default=2015, help="random seed: the same seed gives the same demo")
    p.add_argument("--today", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="build the demo as if today were this date (default: today)")

    p = sub.add_parser("homes", parents=[db], help="list the homes in the database (also: home list)",
                       description="List the homes in the database with their Ofsted URNs.")
    _add_homes_list_options(p)
    _add_home_commands(sub, db)

    p = sub.add_parser("history", parents=[db], help="show the audit trail of recent changes",
                       description="Show who changed what and when, newest first.")
    p.add_argument("--limit", type=_positive, default=50, help="how many changes to show (default 50)")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("backup", parents=[db], help="copy the database safely to a backup file",
                       description="Take a consistent copy of the database (safe while the app is open). The copy "
                       "is called good only once a full integrity check passes on it; a damaged database is "
                       "refused (exit 1), and a record of the copy is written beside it (FILE.json).")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="the backup file (default: backups/ beside the database, named by date and time)")

    p = sub.add_parser("due", parents=[db], help="list what is overdue, missing or due soon",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Every requirement that is overdue, missing, or due within the window, across\n"
                       "all registers, most urgent first. Each names the rule it comes from.\n\n" + MOMENT_HELP
                       + "\nJSON and CSV: one item per requirement with home, urn, subject, area, requirement,\n"
                       "due (the day, YYYY-MM-DD in JSON, DD/MM/YYYY in CSV), due_at, status, source, basis\n"
                       "and detail. due_at is the moment the deadline falls, set for every incident step\n"
                       "with a deadline: the hour-counted ones, Reg 35(3)(c)'s 5 days and the manager's review\n"
                       "too; other registers fall due on a day and leave it empty (null in JSON). It is always\n"
                       "ISO 8601 in UK time with its offset: 2026-06-13T10:00:00+01:00 (BST),\n"
                       "2026-01-15T10:00:00+00:00 (GMT).")
    p.add_argument("--within", type=_positive, default=None, metavar="DAYS",
                   help="count as due soon anything due within DAYS (default: the provider's policy, 30 days)")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")
    p.add_argument("--home", metavar="URN", default=None, help="only this home")
    _add_moment_options(p)
    _add_steps_command(sub, db)
    cli_restore.add_restore_command(sub, db)

    p = sub.add_parser("export", parents=[db], help="write the inspection-day evidence pack (xlsx)",
                       description="Write the evidence pack: one workbook with Annex A figures and a sheet per "
                       "register, print-ready. Children appear by initials and reference unless --include-names.")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    p.add_argument("--from", dest="start", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="start of the period (default: the last full inspection, else 12 months ago)")
    p.add_argument("--to", dest="end", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="end of the period (default: today)")
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
    p.add_argument("--out", type=Path, required=True, metavar="FILE.ics")
    p.add_argument("--home", metavar="URN", default=None, help="only this home")

    sub.add_parser("where", parents=[db], help="show where the database and logs are",
                   description="Print the database, data folder and log folder in use.")
    _add_spreadsheet_commands(sub, db)
    cli_password.add_commands(sub, db)
    cli_verify.add_command(sub, db)
    cli_integrity.add_allow_damaged(sub.choices)  # reading commands: --allow-damaged (issue 15)
    return parser


@keep_private  # umask 077: whatever the window or a command writes is its owner's alone
def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the carehome-desk command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    tidy_data_folder()  # a private data folder, and no temporary files left by a killed run
    target = resolve_db(getattr(args, "db", None))
    if isinstance(target, Path):
        tidy_beside(target)  # and none beside a database kept elsewhere (a killed restore's copy, say)
    if args.command is None:
        from carehome_desk.ui.app import run_app  # Qt is loaded only for the window

        return run_app(target, explicit=getattr(args, "db", None) is not None)
    if args.command == "export":
        from carehome_desk.export.writer_process import prestart

        prestart()  # the workbook writer starts up while the store is imported, opened and read
    from sqlalchemy.exc import SQLAlchemyError

    from carehome_desk.store import StoreError

    try:
        with _writer_lock(args, target):
            return COMMANDS[args.command](args, target)
    except StoreError as exc:
        print(f"carehome-desk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"carehome-desk: {exc.strerror or exc}{where}. Nothing was changed.", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"carehome-desk: the database could not be used: {exc.__class__.__name__}: "
              f"{getattr(exc, 'orig', None) or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("carehome-desk: stopped.", file=sys.stderr)
        return 130
    finally:
        while _UPGRADE_LOCKS:
            _UPGRADE_LOCKS.pop().release()


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command writes into the database (reading commands run alongside the window)."""
    if args.command == "import":
        return not args.dry_run
    if args.command == "home":
        return args.home_command == "add"  # type: ignore[no-any-return]
    return args.command in {"demo", "protect", "password", "restore"}  # password rewrites the key file beside it


def _writer_lock(args: argparse.Namespace, target: str | Path) -> AbstractContextManager[object]:
    """The window's single-writer lock for a command that writes into an existing database file:
    DatabaseInUse (one sentence, exit 1) while a window or another command has the file. A new file
    is built under another name and moved into place only if nothing appeared there meanwhile."""
    if not _writes(args):
        return nullcontext()  # and no SQLAlchemy import for 'where' or 'template'
    from carehome_desk.store.engine import sqlite_path
    from carehome_desk.store.writer_lock import take_writer_lock

    path = sqlite_path(target)
    if path is None or not path.exists():
        return nullcontext()
    return take_writer_lock(path) or nullcontext()


def _cmd_demo(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.demo import DemoOptions, build_demo

    if not isinstance(target, Path):
        print("carehome-desk: the demo is built in a database file: give --db PATH.", file=sys.stderr)
        return 2
    build_demo(target, DemoOptions(scale=args.scale, seed=args.seed, today=args.today))
    print(f"Demo home created in {target}")
    return 0


def open_for_command(target: str | Path, args: argparse.Namespace) -> Store:
    """The store a command works on: its password asked for or read from a file, the integrity check, and
    the writer lock taken before a reading command upgrades an older file."""
    # A file that failed its integrity check: writing commands refuse, reading ones unless --allow-damaged.
    return cli_integrity.open_checked(target, args, cli_password.database_password(args, target),
                                      writes=_writes(args), before_upgrade=None if _writes(args) else _lock_for_upgrade)


_UPGRADE_LOCKS: list[WriterLock] = []  # released when main() returns


def _lock_for_upgrade(path: Path) -> None:
    """A reading command that finds an older schema upgrades the file, which is a write: it needs the
    single-writer lock (DatabaseInUse, one sentence, while an older window has the file open), held
    until the command ends."""
    from carehome_desk.store.writer_lock import take_writer_lock

    lock = take_writer_lock(path)
    if lock is not None:
        _UPGRADE_LOCKS.append(lock)


def _cmd_homes(args: argparse.Namespace, target: str | Path) -> int:
    with open_for_command(target, args) as store:
        homes = store.homes.list(include_archived=args.archived)
    if args.format == "json":
        print(json.dumps([
            {
                "name": h.name,
                "urn": h.urn,
                "registered_manager": h.registered_manager,
                "responsible_individual": h.responsible_individual,
                "registration_date": h.registration_date.isoformat() if h.registration_date else None,
                "last_inspection_date": h.last_inspection_date.isoformat() if h.last_inspection_date else None,
                "last_inspection_grades": {j.value: g.value for j, g in h.last_inspection_grades.items()},
                "local_authority": h.local_authority,
                "records_start": h.records_start.isoformat() if h.records_start else None,
                "secure": h.secure,
                "archived": h.archived_at is not None,
            }
            for h in homes
        ], indent=2, ensure_ascii=False))
        return 0
    if not homes:
        print("No homes yet. Add yours with 'carehome-desk home add', or open the window (carehome-desk).")
    for h in homes:
        archived = "  (archived)" if h.archived_at else ""
        print(f"{h.urn:<10} {h.name}  — manager: {h.registered_manager or 'not recorded'}{archived}")
    return 0


def _cmd_history(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.models.dates import UK

    with open_for_command(target, args) as store:
        entries = store.audit.entries(limit=args.limit)
    if args.format == "json":
        print(json.dumps([
            {"at": e.at.isoformat(), "user": e.user, "table": e.table, "record_id": e.record_id,
             "action": e.action.value, "before": e.before, "after": e.after}
            for e in entries
        ], indent=2, ensure_ascii=False))
        return 0
    for e in entries:
        local = e.at.astimezone(UK)
        fields = ", ".join(e.changed_fields()) if e.action.value == "update" else ""
        print(f"{format_uk(local.date())} {local:%H:%M}  {e.user:<16} {e.action.value:<7} "
              f"{e.table} {e.record_id}  {fields}".rstrip())
    return 0


def _cmd_backup(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.store.auto_backup import backup_file_name, backups_folder
    from carehome_desk.store.backup import backup_sqlite, unused_name
    from carehome_desk.store.backup_record import read_record
    from carehome_desk.store.engine import sqlite_path

    path = sqlite_path(target)
    if path is None:
        print("carehome-desk: backup copies a database file; back up a server database with its own tools.",
              file=sys.stderr)
        return 2
    if not path.exists():
        print(f"carehome-desk: there is no database at {path}.", file=sys.stderr)
        return 1
    out = args.out or unused_name(backups_folder(path) / backup_file_name(path, datetime.now().astimezone()))
    backup_sqlite(path, out, key=cli_password.backup_key(args, path))  # a protected database's copy: encrypted
    record = read_record(out)
    rows = sum(record.facts.counts.values()) if record else 0
    print(f"Backed up {path} to {out}; the copy passed a full integrity check ({rows} rows).")
    return 0


def _judged_at(args: argparse.Namespace) -> datetime | None:
    """The moment --at or --today asks for (None: the store's clock), noting a clock-change reading."""
    if args.at is not None and args.today is not None:
        args.moment_parser.error("give --at or --today, not both: --at judges at a date and time, "
                                 "--today at the start (00:00) of a day")
    from carehome_desk.services.due import start_of_day
    from carehome_desk.models.dates import uk_clock_change_note

    if args.at is not None:
        note = uk_clock_change_note(args.at)
        if note:
            print(f"carehome-desk: note: {note}", file=sys.stderr)
        return args.at  # type: ignore[no-any-return]
    return start_of_day(args.today) if args.today is not None else None


def _cmd_due(args: argparse.Namespace, target: str | Path) -> int:
    now = _judged_at(args)
    from carehome_desk.services.due import due_items, render
    from carehome_desk.models.dates import UK
    from carehome_desk.models.home import normalise_urn

    with open_for_command(target, args) as store:
        today = now.astimezone(UK).date() if now is not None else store.today()
        if args.home and store.homes.by_urn(args.home) is None:
            print(f"carehome-desk: no home has the URN {normalise_urn(args.home)}.", file=sys.stderr)
            return 1
        items = due_items(store, today, within_days=args.within,
                          urn=normalise_urn(args.home) if args.home else None, now=now)
    print(render(items, args.format))
    return 0


def _cmd_steps(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.services.incident_step_report import render_steps, step_rows
    from carehome_desk.models.home import normalise_urn
    from carehome_desk.models.incidents import IncidentType

    if args.start and args.end and args.start > args.end:
        args.moment_parser.error(f"--from {format_uk(args.start)} is after --to {format_uk(args.end)}")
    now = _judged_at(args)
    with open_for_command(target, args) as store:
        urn = normalise_urn(args.home) if args.home else None
        if urn and store.homes.by_urn(urn) is None:
            print(f"carehome-desk: no home has the URN {urn}.", file=sys.stderr)
            return 1
        now = now or store.now()
        rows = step_rows(store, now, urn=urn, start=args.start, end=args.end,
                         types={IncidentType(t) for t in args.type} if args.type else None)
    print(render_steps(rows, args.format, now))
    return 0


def _cmd_export(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.export.evidence_pack import PackOptions, export_pack
    from carehome_desk.export.protect import read_password_file
    from carehome_desk.models.home import normalise_urn

    pack_file = args.pack_password_file or getattr(args, "password_file", None)  # the database's, when no other
    password = read_password_file(pack_file) if pack_file else None  # refused before any work
    options = PackOptions(out=args.out, urns=tuple(normalise_urn(u) for u in args.home or ()), start=args.start,
                          end=args.end, include_names=args.include_names, password=password)
    if args.include_names and password is None:
        print("Note: the pack will hold children's names; --password-file FILE protects it with a password.",
              file=sys.stderr)
    with open_for_command(target, args) as store:
        result = export_pack(store, options)
    rows = sum(result.sheets.values())
    protected = ", protected with the password" if result.protected else ""
    print(f"Wrote the evidence pack to {result.path}{protected}: {len(result.sheets)} sheets, {rows} rows.")
    if result.draft:
        print("Marked DRAFT — evidence incomplete:")
        for gap in result.gaps:
            print(f"  - {gap}")
    return 0


def _cmd_calendar(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.export.calendar import write_calendar
    from carehome_desk.models.home import normalise_urn

    with open_for_command(target, args) as store:
        urn = normalise_urn(args.home) if args.home else None
        if urn and store.homes.by_urn(urn) is None:
            print(f"carehome-desk: no home has the URN {urn}.", file=sys.stderr)
            return 1
        result = write_calendar(store, args.out, store.today(), urn)
    print(f"Wrote {result.events} deadlines to {result.path}")
    return 0


HOME_OPTIONS = {"name": "--name", "urn": "--urn", "registration_date": "--registration-date",
                "records_start": "--records-start", "local_authority": "--local-authority",
                "registered_manager": "--manager", "responsible_individual": "--responsible-individual",
                "address": "--address", "secure": "--secure"}


def _add_homes_list_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--archived", action="store_true", help="include archived homes")


def _add_home_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                       db: argparse.ArgumentParser) -> None:
    home = sub.add_parser("home", help="add a home (home add) or list them (home list)",
                          description="Add a home to the database, or list the homes.")
    actions = home.add_subparsers(dest="home_command", metavar="ACTION", title="actions", required=True)
    p = actions.add_parser("add", parents=[db], help="add a home, creating the database if there is none",
                           description="Add a children's home. If the database file does not exist yet it is "
                           "created, readable by you only, with the home in it. The details are checked as the "
                           "window checks them: each problem is printed naming its option, and nothing is "
                           "written (exit code 1).")
    p.add_argument("--name", required=True, help="the home's name")
    p.add_argument("--urn", required=True, help="the Ofsted URN, e.g. SC123456")
    p.add_argument("--registration-date", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="when Ofsted registered the home: Reg 44 visits and Reg 45 reviews count from it")
    p.add_argument("--records-start", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="for a home registered long before its records here begin: Reg 44 months count from "
                   "this date instead")
    p.add_argument("--local-authority", default="", metavar="NAME",
                   help="the local authority the home is in (the host authority for Reg 40 notices)")
    p.add_argument("--manager", default="", metavar="NAME", help="the registered manager")
    p.add_argument("--responsible-individual", default="", metavar="NAME", help="the responsible individual")
    p.add_argument("--address", default="", metavar="TEXT", help="the home's address")
    p.add_argument("--secure", action="store_true",
                   help="a secure children's home (Reg 40 adds the Prisons and Probation Ombudsman after a death)")
    p = actions.add_parser("list", parents=[db], help="list the homes (the same as 'carehome-desk homes')",
                           description="List the homes in the database with their Ofsted URNs.")
    _add_homes_list_options(p)


def _cmd_home(args: argparse.Namespace, target: str | Path) -> int:
    if args.home_command == "list":
        return _cmd_homes(args, target)
    from carehome_desk.home_setup import add_home
    from carehome_desk.models.home import HomeDetails
    from carehome_desk.store import ValidationError

    details = HomeDetails(name=args.name, urn=args.urn, address=args.address, registered_manager=args.manager,
                          responsible_individual=args.responsible_individual,
                          registration_date=args.registration_date, local_authority=args.local_authority,
                          records_start=args.records_start, secure=args.secure)
    try:
        home, created = add_home(target, details, password=cli_password.database_password(args, target))
    except ValidationError as exc:
        for field, problem in exc.problems.items():
            print(f"carehome-desk: {HOME_OPTIONS.get(field, field)}: {problem}", file=sys.stderr)
        print("carehome-desk: nothing was written.", file=sys.stderr)
        return 1
    where = f"a new database at {target}" if created else str(target)
    print(f"Added {home.name} ({home.urn}) to {where}.")
    return 0


def _add_steps_command(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                       db: argparse.ArgumentParser) -> None:
    from carehome_desk.models.incidents import IncidentType

    p = sub.add_parser("steps", parents=[db], help="list every incident's steps: done on time, late, exempt…",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Every incident's statutory and policy steps (Reg 35 after a restraint, Reg 40\n"
                       "notices, return home interviews, LADO referrals, the manager's review), one line each:\n"
                       "home, incident, type, when it happened, the children by initials and reference,\n"
                       "the step, due_at, done_at, the outcome (Done on time, Done late, Due, Overdue,\n"
                       "Exempt, Not offered) and the rule it comes from. The text ends with a count of\n"
                       "each outcome for the statutory (law) steps.\n\n" + MOMENT_HELP
                       + "\nJSON and CSV: one item per step with home, urn, incident_id, type, occurred_at,\n"
                       "children, step_key, step, due_at, done_at, outcome, outcome_label, basis, source\n"
                       "and note; every moment is ISO 8601 in UK time with its offset, as in 'due'.")
    p.add_argument("--home", metavar="URN", default=None, help="only this home")
    p.add_argument("--from", dest="start", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="only incidents on or after this day (UK time)")
    p.add_argument("--to", dest="end", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="only incidents on or before this day (UK time)")
    p.add_argument("--type", action="append", choices=[t.value for t in IncidentType], default=None,
                   metavar="TYPE", help="only this incident type (repeat for several): "
                   + ", ".join(t.value for t in IncidentType))
    _add_moment_options(p)
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")


def _cmd_where(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.paths import data_dir, log_dir

    print(f"Database:    {target}")
    print(f"Data folder: {data_dir()}")
    print(f"Logs:        {log_dir()}")
    return 0


def _add_spreadsheet_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                              db: argparse.ArgumentParser) -> None:
    p = sub.add_parser("template", help="write a blank workbook to fill in and import",
                       description="Write a blank Excel workbook with one sheet per record type and the exact "
                       "headers 'carehome-desk import' reads, with an Instructions sheet. Dates are DD/MM/YYYY.")
    p.add_argument("kind", choices=["workforce", "incidents", "quality"], help="which records: workforce (staff, "
                   "qualifications, checks, DBS, training, supervision), incidents (children, incidents, "
                   "restraints, missing episodes, reg 40 notifications) or quality (Reg 44 visits, Reg 45 reviews, "
                   "inspections and their findings)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write")

    p = sub.add_parser("import", parents=[db], help="read a filled-in workbook into the database",
                       description="Read a workbook (the template, or your own with the same column headers) into "
                       "one home. The whole file is one transaction: every bad row is listed by sheet, row and "
                       "column, and nothing is written if any row fails (unless --skip-bad-rows). Importing the "
                       "same file twice changes nothing. Exit code 1 when rows failed and nothing was written.")
    p.add_argument("kind", choices=["workforce", "incidents", "quality"], help="which records: workforce, "
                   "incidents or quality")
    p.add_argument("file", type=Path, metavar="FILE.xlsx", help="the workbook to read")
    p.add_argument("--home", metavar="URN", default=None, help="the home to import into (needed when the "
                   "database has several homes)")
    p.add_argument("--dry-run", action="store_true", help="show what would be added, updated or left "
                   "unchanged, and write nothing")
    p.add_argument("--skip-bad-rows", action="store_true", help="import the good rows and leave out the bad ones")
    p.add_argument("--workbook-password-file", type=Path, metavar="FILE", default=None, help="a file whose first "
                   "line is the password of a password-protected workbook (it is decrypted in memory only)")


def _cmd_template(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.importing.incidents import write_incidents_template
    from carehome_desk.importing.quality import write_quality_template
    from carehome_desk.importing.workforce import write_workforce_template

    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        print("carehome-desk: the template is an Excel workbook: give a file name ending .xlsx.", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"carehome-desk: the folder {out.parent} does not exist. Nothing was written.", file=sys.stderr)
        return 1
    {"workforce": write_workforce_template, "incidents": write_incidents_template,
     "quality": write_quality_template}[args.kind](out)
    print(f"Wrote the {args.kind} template to {out}")
    return 0


def _workbook_password(path: Path | None) -> str | None:
    """The password of a protected workbook, from the file given (StoreError in one sentence if unreadable)."""
    if path is None:
        return None
    from carehome_desk.store.protection import password_from_file

    return password_from_file(path)


def _cmd_import(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.importing.incidents import import_incidents
    from carehome_desk.importing.quality import import_quality
    from carehome_desk.importing.workforce import ImportFileError, import_workforce

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


COMMANDS = {
    "demo": _cmd_demo,
    "homes": _cmd_homes,
    "home": _cmd_home,
    "steps": _cmd_steps,
    "history": _cmd_history,
    "backup": _cmd_backup,
    "due": _cmd_due,
    "calendar": _cmd_calendar,
    "export": _cmd_export,
    "where": _cmd_where,
    "template": _cmd_template,
    "import": _cmd_import,
    "protect": cli_password.cmd_protect,
    "restore": cli_restore.cmd_restore,
    "password": cli_password.cmd_password,
    "verify": cli_verify.cmd_verify,
}
