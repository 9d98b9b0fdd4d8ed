"""The ``verify`` command: check the audit trail's hash chain and every record, and a pack against the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from carehome_desk import cli_password

if TYPE_CHECKING:
    from carehome_desk.store import Store

VERIFY_HELP = """\
Check that the records have not been changed outside the app. Every change the app saves is an
audit row whose SHA-256 covers the row before it, so a row changed, removed or slipped in
afterwards breaks the chain; and every record must be as its last audit row left it. One line
is printed for each problem found, then a summary. Exit code 0 when all is well, 1 otherwise.

With --pack FILE.xlsx, also say whether an evidence pack (printed, emailed or kept) matches the
database: the pack's Manifest carries the audit trail's length and newest hash when it was made.

With --backup FILE (as often as needed), check a backup the same way, read-only: its own trail
is verified, and every audit row it holds must be in the database exactly as in the backup (the
first row that differs is named).

What it cannot prove: whoever holds the file (and its password) could rebuild a whole new chain.
Packs and backups taken earlier are the anchors that show it: check them with --pack and --backup.
"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``verify`` command."""
    p = sub.add_parser("verify", parents=[db], help="check the audit trail and records, or a pack against them",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=VERIFY_HELP)
    p.add_argument("--pack", type=Path, default=None, metavar="FILE.xlsx",
                   help="an evidence pack to check against the database")
    p.add_argument("--pack-password-file", type=Path, default=None, metavar="FILE",
                   help="a protected pack's password, on FILE's first line (default: the --password-file one)")
    p.add_argument("--backup", type=Path, action="append", default=[], metavar="FILE",
                   help="a backup to check, read-only, against the database (may be given more than once)")


def cmd_verify(args: argparse.Namespace, target: str | Path) -> int:
    """Print each finding, the pack's verdict if asked, and a summary; 0 only when all is well."""
    from carehome_desk.models.dates import UK, format_uk
    from carehome_desk.store import Store

    pack = None
    if args.pack is not None:
        from carehome_desk.export.pack_check import read_pack_head

        pack = read_pack_head(args.pack, _pack_password(args))  # a bad pack is refused before the database opens
    from carehome_desk.cli import open_for_command
    from carehome_desk.export.pack_check import PackMatch, check_pack

    with open_for_command(target, args) as store:
        report = store.audit.verify()
        checked = store.now().astimezone(UK)
        verdicts = [check_pack(store, *pack)] if pack is not None else []
        anchors = [_backup_lines(store, backup, args) for backup in args.backup]
    for finding in report.findings:
        print(finding.text)
    ok = report.intact
    for verdict in verdicts:
        print(verdict.text)
        ok = ok and verdict.match is not PackMatch.DIFFERENT
    for lines, good in anchors:
        print("\n".join(lines))
        ok = ok and good
    when = f"{format_uk(checked.date())} at {checked:%H:%M}"
    if report.intact:
        print(f"Audit trail verified on {when}: {report.summary()}.")
    else:
        print(f"Audit trail checked on {when}: {report.summary()}.")
    return 0 if ok else 1


def _backup_lines(store: Store, backup: Path, args: argparse.Namespace) -> tuple[list[str], bool]:
    """A backup's own trail and how it stands against the database's, without changing the backup."""
    from carehome_desk.export.pack_check import PackMatch, check_backup
    from carehome_desk.store.errors import PasswordNeededError
    from carehome_desk.store.restore import backup_trail_rows, verify_backup

    try:
        unlocked = store.unlock_backup(backup)
    except PasswordNeededError:  # taken under another key: the password of its day opens its own key file
        unlocked = store.unlock_backup(backup, password=cli_password.database_password(args, backup))
    own = verify_backup(backup, unlocked.key)
    rows = backup_trail_rows(backup, unlocked.key)
    if own is None or rows is None:
        return [f"Backup {backup}: taken before the audit trail was chained, so there is nothing to compare."], True
    verdict = check_backup(store, rows, what=f"Backup {backup.name}")
    intact = own.endswith("all intact")
    lines = [f"Backup {backup.name}: its own audit trail: {own.rstrip('.')}.", verdict.text]
    return lines, intact and verdict.match is not PackMatch.DIFFERENT


def _pack_password(args: argparse.Namespace) -> str | None:
    from carehome_desk.store.protection import password_from_file

    named = args.pack_password_file or getattr(args, "password_file", None)
    return password_from_file(named) if named else None
