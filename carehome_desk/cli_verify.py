"""The ``verify`` command: check the audit trail's hash chain and every record, and a pack against the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carehome_desk import cli_password

VERIFY_HELP = """\
Check that the records have not been changed outside the app. Every change the app saves is an
audit row whose SHA-256 covers the row before it, so a row changed, removed or slipped in
afterwards breaks the chain; and every record must be as its last audit row left it. One line
is printed for each problem found, then a summary. Exit code 0 when all is well, 1 otherwise.

With --pack FILE.xlsx, also say whether an evidence pack (printed, emailed or kept) matches the
database: the pack's Manifest carries the audit trail's length and newest hash when it was made.

What it cannot prove: whoever holds the file (and its password) could rebuild a whole new chain.
Packs and backups taken earlier are the anchors that show it: check them with --pack.
"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``verify`` command."""
    p = sub.add_parser("verify", parents=[db], help="check the audit trail and records, or a pack against them",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=VERIFY_HELP)
    p.add_argument("--pack", type=Path, default=None, metavar="FILE.xlsx",
                   help="an evidence pack to check against the database")
    p.add_argument("--pack-password-file", type=Path, default=None, metavar="FILE",
                   help="a protected pack's password, on FILE's first line (default: the --password-file one)")


def cmd_verify(args: argparse.Namespace, target: str | Path) -> int:
    """Print each finding, the pack's verdict if asked, and a summary; 0 only when all is well."""
    from carehome_desk.models.dates import UK, format_uk
    from carehome_desk.store import Store

    pack = None
    if args.pack is not None:
        from carehome_desk.export.pack_check import read_pack_head

        pack = read_pack_head(args.pack, _pack_password(args))  # a bad pack is refused before the database opens
    with Store.open(target, create=False, password=cli_password.database_password(args, target)) as store:
        report = store.audit.verify()
        checked = store.now().astimezone(UK)
        verdict = None
        if pack is not None:
            from carehome_desk.export.pack_check import PackMatch, check_pack

            verdict = check_pack(store, *pack)
    for finding in report.findings:
        print(finding.text)
    ok = report.intact
    if verdict is not None:
        print(verdict.text)
        ok = ok and verdict.match is not PackMatch.DIFFERENT
    when = f"{checked:%H:%M} {format_uk(checked.date())}"
    if report.intact:
        print(f"Audit trail verified at {when}: {report.summary()}.")
    else:
        print(f"Audit trail checked at {when}: {report.summary()}.")
    return 0 if ok else 1


def _pack_password(args: argparse.Namespace) -> str | None:
    from carehome_desk.store.protection import password_from_file

    named = args.pack_password_file or getattr(args, "password_file", None)
    return password_from_file(named) if named else None
