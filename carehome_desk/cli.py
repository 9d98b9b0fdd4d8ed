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

from carehome_desk import (
    __version__,
    cli_access,
    cli_copy,
    cli_due,
    cli_files,
    cli_home,
    cli_integrity,
    cli_password,
    cli_restore,
    cli_spreadsheets,
    cli_verify,
)
from carehome_desk.models.dates import DateFormatError, parse_uk_date, parse_uk_datetime
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
    cli_home.add_list_options(p)
    cli_home.add_commands(sub, db)

    p = sub.add_parser("history", parents=[db], help="show the audit trail of recent changes",
                       description="Show who changed what and when, newest first, in the words of the window's "
                       "Change history (Added | Reg 45 review: 01/10/2025 to 31/03/2026). --format json gives the "
                       "stored table and action names for programs, and 'at' in UK time with its offset.")
    p.add_argument("--limit", type=_positive, default=50, help="how many changes to show (default 50)")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("backup", parents=[db], help="copy the database safely to a backup file",
                       description="Take a consistent copy of the database (safe while the app is open). The copy "
                       "is called good only once a full integrity check passes on it; a damaged database is "
                       "refused (exit 1), and a record of the copy is written beside it (FILE.json). A database "
                       "on a PostgreSQL server is dumped with pg_dump instead (run it as the database's owner).")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="the backup file, which must not exist yet: a backup never writes over a file "
                   "(default: backups/ beside the database, named by date and time)")

    cli_due.add_commands(sub, db)
    cli_restore.add_restore_command(sub, db)

    cli_files.add_commands(sub, db)
    sub.add_parser("where", parents=[db], help="show where the database and logs are",
                   description="Print the database, data folder and log folder in use.")
    cli_spreadsheets.add_commands(sub, db)
    cli_password.add_commands(sub, db)
    cli_verify.add_command(sub, db)
    cli_copy.add_command(sub, db)
    cli_access.add_command(sub, db)
    cli_integrity.add_allow_damaged(sub.choices)  # reading commands: --allow-damaged (issue 15)
    return parser


@keep_private  # umask 077: whatever the window or a command writes is its owner's alone
def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the carehome-desk command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    for warning in cli_password.readable_secret_warnings(args):  # said, and the command goes on (a scheduled job)
        print(warning, file=sys.stderr)
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

    from carehome_desk.out_files import OutFileRefused, os_error_text
    from carehome_desk.store import StoreError

    try:
        with _writer_lock(args, target):
            return COMMANDS[args.command](args, target)
    except OutFileRefused as exc:  # a file name that would replace the database, say: nothing was written
        print(f"carehome-desk: {exc}", file=sys.stderr)
        return exc.exit_code
    except StoreError as exc:
        print(f"carehome-desk: {cli_integrity.in_cli_words(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `… | head`: the reader has what it wanted; no message, as any other tool
        _quiet_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe
    except OSError as exc:  # a failed write names the file asked for, never its temporary file
        print(f"carehome-desk: {os_error_text(exc)} Nothing was changed.", file=sys.stderr)
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
    from carehome_desk.services.due import uk_iso
    from carehome_desk.services.history_words import (
        ACTION_LABELS,
        RecordNames,
        changed_text,
        learn_certificates,
        record_label,
        when,
    )

    names = RecordNames()
    with open_for_command(target, args) as store:
        entries = store.audit.entries(limit=args.limit)
        if args.format == "text":
            names.refresh(store)  # records named as the window's Change history names them
            learn_certificates(names, entries)
    if args.format == "json":  # the stored words (table, action) for programs; the time in UK time with its offset
        print(json.dumps([
            {"at": uk_iso(e.at), "user": e.user, "table": e.table, "record_id": e.record_id,
             "action": e.action.value, "before": e.before, "after": e.after}
            for e in entries
        ], indent=2, ensure_ascii=False))
        return 0
    for e in entries:  # the window's columns: When | Who | Change | Record | Fields changed
        fields = changed_text(e)
        print(" | ".join([when(e), e.user, ACTION_LABELS[e.action], record_label(e, names)] + ([fields] if fields else [])))
    return 0


def _cmd_backup(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.out_files import check_out_file
    from carehome_desk.store.auto_backup import backup_file_name, backups_folder
    from carehome_desk.store.backup import backup_sqlite, unused_name
    from carehome_desk.store.backup_record import read_record
    from carehome_desk.store.engine import sqlite_path

    path = sqlite_path(target)
    if args.out is not None:  # never over any file (backup_sqlite checks too); a folder named must be there
        check_out_file(args.out, path, "backup", replace=False, folder_must_exist=True)
    if path is None:
        return _backup_server(args, str(target))
    if not path.exists():
        print(f"carehome-desk: there is no database at {path}.", file=sys.stderr)
        return 1
    out = args.out or unused_name(backups_folder(path) / backup_file_name(path, datetime.now().astimezone()))
    # A protected database's copy is encrypted; a damaged one is refused, naming the restore command to run.
    backup_sqlite(path, out, key=cli_password.backup_key(args, path), restore_with=cli_restore.restore_command)
    record = read_record(out)
    rows = sum(record.facts.counts.values()) if record else 0
    print(f"Backed up {path} to {out}; the copy passed a full integrity check ({rows} rows).")
    return 0


def _backup_server(args: argparse.Namespace, url: str) -> int:
    from sqlalchemy.engine import make_url

    from carehome_desk.paths import backup_dir
    from carehome_desk.store.server_backup import dump_server

    name = make_url(url).database or "carehome"
    out = args.out or backup_dir() / f"{name}-{datetime.now().astimezone():%Y-%m-%d-%H%M%S}.dump"
    dump_server(url, out)
    print(f"Backed up {_server_text(url)} to {out} (pg_dump; restore with pg_restore).")
    return 0


def _cmd_where(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.paths import data_dir, log_dir

    where = str(target) if isinstance(target, Path) else _server_text(target)
    print(f"Database:    {where}")
    print(f"Data folder: {data_dir()}")
    print(f"Logs:        {log_dir()}")
    return 0


def _server_text(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)  # a password in --db is never printed


COMMANDS = {
    "demo": _cmd_demo,
    "homes": _cmd_homes,
    "home": cli_home.cmd_home,
    "steps": cli_due.cmd_steps,
    "history": _cmd_history,
    "backup": _cmd_backup,
    "due": cli_due.cmd_due,
    "calendar": cli_files.cmd_calendar,
    "export": cli_files.cmd_export,
    "where": _cmd_where,
    "template": cli_spreadsheets.cmd_template,
    "import": cli_spreadsheets.cmd_import,
    "protect": cli_password.cmd_protect,
    "restore": cli_restore.cmd_restore,
    "password": cli_password.cmd_password,
    "verify": cli_verify.cmd_verify,
    "copy": cli_copy.cmd_copy,
    "access": cli_access.cmd_access,
}


def _quiet_stdout() -> None:
    """Point standard output at nothing, so Python's flush at exit does not fail on the closed pipe again."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
