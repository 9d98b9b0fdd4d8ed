"""``carehome-desk restore BACKUP``: show what a backup holds and its checks, ask, then put it in place.

A writing command: ``cli.py`` takes the single-writer lock for it, so it is refused while the window
(or an import) has the database open. The current file is always kept beside it first (see
``store/restore.py``).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carehome_desk.store.restore import UnlockedBackup

RESTORE_HELP = """\
Put a backup back in place of the database. First it shows when the backup was taken, how many
records each register holds and the result of a full integrity check run on it now; then it asks
before changing anything (--yes answers for scripts). The current database is kept beside it as
<name>.before-restore-YYYYMMDD-HHMMSS.sqlite3 (with its key file), so a restore can itself be undone.
A backup of a different database (each database carries an identity its backups keep) is said
plainly, naming both and their homes, before it asks; with --yes the warning is given and it goes on.
So is a backup whose audit trail reports problems (the checks of 'carehome-desk verify', run on the
backup): each problem is listed before it asks, and with --yes it is listed and the restore goes on.

A protected backup opens with today's password (when the data key has not changed since) or with the
password in use when it was taken: asked at a terminal, or from --password-file FILE.
Refused while carehome-desk is open on the database: close the window first.
"""


def add_restore_command(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                        db: argparse.ArgumentParser) -> None:
    """The ``restore`` command."""
    p = sub.add_parser("restore", parents=[db], help="put a backup back in place of the database (keeps the current "
                       "file)", formatter_class=argparse.RawDescriptionHelpFormatter, description=RESTORE_HELP)
    p.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file (e.g. in backups/ beside the database)")
    p.add_argument("--yes", action="store_true", help="restore without asking (for scripts)")


def command_text(*words: object, windows: bool | None = None) -> str:
    """The command ``words`` as a message shows it for pasting: each word quoted when it holds a space or other
    character the shell would read (C:\\Users\\Jo Smith\\…, A&B), as the shell of the platform reads it
    (``windows``: cmd.exe's rules; by default, whether this is Windows), and the whole set off in single quotes
    (on POSIX double quotes when a quoted path holds single quotes itself; cmd.exe's quotes are double)."""
    if windows is None:
        windows = os.name == "nt"
    if windows:
        return "'" + " ".join(cmd_quote(str(word)) for word in words) + "'"
    text = " ".join(shlex.quote(str(word)) for word in words)
    return f'"{text}"' if "'" in text else f"'{text}'"


#: What cmd.exe passes on unchanged outside quotes; a word with anything else is quoted.
_CMD_PLAIN = re.compile(r"[A-Za-z0-9_\-.:\\/]+")


def cmd_quote(word: str) -> str:
    """``word`` as typed at cmd.exe's prompt (Command Prompt) so the program receives it unchanged.

    Inside double quotes cmd.exe takes ``& | < > ^ ( )``, spaces and ``; , =`` literally, but it still
    expands ``%NAME%`` (quotes do not stop it, and no escape works inside them). So each ``%`` is put
    outside the quotes as ``^%``: ``"C:\\50"^%" off"``. At the prompt an undefined ``%NAME%`` is left as
    typed, and the quote and caret that now stand in every name between two percent signs (``%"OS"^%``)
    make a name no variable has; the caret is then removed, outside quotes, and the program is given
    ``C:\\50% off``. This is the form SS64 and Stack Overflow answers give for cmd.exe ("close the quotes,
    escape the percent with a caret, reopen them"); subprocess.list2cmdline quotes only for spaces.
    Delayed expansion (``!NAME!``) is off at the prompt unless cmd was started with /V, so ``!`` is left.
    A pasted command is for the prompt, not a batch file (there ``%`` must be doubled instead).
    """
    if _CMD_PLAIN.fullmatch(word):
        return word
    return "^%".join(_crt_quoted(part) if part else "" for part in word.split("%")) or '""'


def _crt_quoted(text: str) -> str:
    """``text`` in double quotes as the Microsoft C runtime reads a program's arguments: backslashes are literal
    except before a quote, so those before the closing quote are doubled (a folder path ending ``\\``)."""
    out, backslashes = [], 0
    for ch in text:
        if ch == "\\":
            backslashes += 1
            continue
        out.append("\\" * (backslashes * 2 + 1) + ch if ch == '"' else "\\" * backslashes + ch)
        backslashes = 0
    return '"' + "".join(out) + "\\" * (backslashes * 2) + '"'


def restore_command(database: Path, backup: object) -> str:
    """How the command line puts ``backup`` (a FoundBackup) back in place of ``database``: the command to run."""
    return command_text("carehome-desk", "restore", "--db", database, getattr(backup, "path", "BACKUP"))


def report_lines(report: object) -> list[str]:
    """The backup's date, record counts and checks, one line each."""
    from carehome_desk.store.restore import BackupReport

    assert isinstance(report, BackupReport)
    lines = [f"Backup:    {report.path}", f"Taken:     {report.taken_words}"
             + (" (automatic)" if report.record and report.record.automatic else "")]
    if report.integrity.ok:
        lines.append("Integrity: passed a full integrity check just now")
    else:
        lines.append(f"Integrity: FAILED ({report.integrity.detail})")
    if report.verify is not None:
        lines.append(f"Audit:     {report.verify}")
    lines.append("Encrypted: " + ("yes" if report.encrypted else "no"))
    lines.append(f"Homes:     {report.homes_words}")
    counts = report.counts
    if counts:
        lines.append("Records:   " + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items()
                                               if name != "audit_log"))
    return lines


#: How many of the backup's audit problems are listed before the rest are counted.
SHOWN_PROBLEMS = 10


def trail_warning(report: object) -> list[str]:
    """The warning lines for a backup whose audit trail reports problems: how many, then each one (the first
    SHOWN_PROBLEMS, the rest counted); none when the trail is intact or was never chained."""
    from carehome_desk.store.restore import BackupReport

    assert isinstance(report, BackupReport)
    problems = report.problems
    if not problems:
        return []
    n = len(problems)
    lines = [f"carehome-desk: warning: the audit trail of the backup {report.path.name} reports {n} problem"
             f"{'' if n == 1 else 's'}: records in it may have been changed outside the app."]
    lines += [f"  - {text}" for text in problems[:SHOWN_PROBLEMS]]
    if n > SHOWN_PROBLEMS:
        lines.append(f"  … and {n - SHOWN_PROBLEMS} more ('carehome-desk verify --backup {report.path}' lists them all).")
    return lines


def cmd_restore(args: argparse.Namespace, target: str | Path) -> int:
    """Check the backup, show it, confirm, restore; 0 when done."""
    from carehome_desk import cli_password
    from carehome_desk.store.backup_record import database_id_of
    from carehome_desk.store.engine import sqlite_path
    from carehome_desk.store.errors import PasswordNeededError
    from carehome_desk.store.keys import is_protected
    from carehome_desk.store.restore import (
        homes_in,
        inspect_backup,
        other_database_warning,
        other_homes_warning,
        restore_backup,
        unlock_backup,
    )

    database = sqlite_path(target)
    if database is None:
        print("carehome-desk: restore puts back a database file; restore a server database with its own tools.",
              file=sys.stderr)
        return 2
    backup: Path = args.backup
    password: str | None = None
    try:
        unlocked = unlock_backup(backup, database=database)
    except PasswordNeededError:
        password = cli_password.password_for(args, backup)
        unlocked = unlock_backup(backup, database=database, password=password)
    report = inspect_backup(backup, unlocked.key)
    for line in report_lines(report):
        print(line)
    if not report.integrity.ok:
        print(f"carehome-desk: the backup {backup.name} fails its integrity check, so it was not restored. "
              "Nothing was changed.", file=sys.stderr)
        return 1
    current_key = _current_key(database, unlocked, password)
    current = homes_in(database, current_key) if database.exists() else None
    current_id = database_id_of(database, current_key) if database.exists() else None
    different = other_database_warning(report, database, current_id, current)  # the same check as protect's copies
    other = None if different else other_homes_warning(report, current)
    if different is not None:
        print(f"carehome-desk: warning: {different}", file=sys.stderr)
    elif current_key is None and database.exists() and is_protected(database):
        print(f"carehome-desk: warning: the password given does not open the records now in {database}, so "
              "whether this backup is a copy of them or of a different database could not be checked.",
              file=sys.stderr)
    if other is not None:
        print(f"Warning:   {other}")
    for line in trail_warning(report):  # the same check as `verify`, run on the backup by inspect_backup
        print(line, file=sys.stderr)
    if not args.yes:
        if not sys.stdin.isatty():
            print("carehome-desk: restore replaces the database, so it asks first: run it at a terminal, or give "
                  "--yes. Nothing was changed.", file=sys.stderr)
            return 1
        which = "this backup of a different database" if different else "this backup"
        which += ", whose audit trail reports problems," if report.problems else ""
        answer = input(f"Restore {which} in place of {database}? The current file is kept beside it. [y/N] ")
        if answer.strip().lower() not in {"y", "yes"}:
            print("Nothing was changed.")
            return 1
    elif different is not None or report.problems:
        what = "the backup of the different database" if different else "the backup"
        despite = " despite its audit trail's problems" if report.problems else ""
        print(f"carehome-desk: --yes was given, so {what} is restored{despite}; the file it replaces is kept "
              "beside it.", file=sys.stderr)
    result = restore_backup(database, backup, unlocked)
    kept = f"; the file it replaced is kept at {result.kept}" if result.kept else ""
    print(f"Restored {database} from the backup taken {report.taken_words}{kept}.")
    if (different is not None or report.problems) and result.kept is not None:
        print(f"To put it back: {command_text('carehome-desk', 'restore', '--db', database, result.kept)}")
    if unlocked.key is not None and not unlocked.keep_current_keys:
        print("The records now open with the password in use when the backup was taken (or the recovery key).")
    if unlocked.encrypt_with is not None:
        print("The backup was not encrypted (taken before the password was set): it was encrypted as it was put "
              "back, and the records open with today's password.")
    return 0


def _current_key(database: Path, unlocked: UnlockedBackup, password: str | None) -> bytes | None:
    """The key that opens the database being replaced, to read its homes and identity: the one the backup
    shares with it, else the password given (when it is today's too); None for a clear database, or when no
    key in hand opens it (its homes and identity are then not compared)."""
    from carehome_desk.store.errors import StoreError
    from carehome_desk.store.keys import is_protected
    from carehome_desk.store.protection import unlock

    if unlocked.encrypt_with is not None or unlocked.keep_current_keys:
        return unlocked.encrypt_with or unlocked.key
    if password is None or not database.exists() or not is_protected(database):
        return None
    try:
        return unlock(database, password=password)
    except StoreError:
        return None
