"""The ``copy`` command: move a home's database file, with its audit trail, onto a PostgreSQL server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carehome_desk.paths import resolve_db

COPY_HELP = """\
Copy every home, with all its records and its whole audit trail, from a database file into a new,
empty database on a PostgreSQL server, for a group of homes whose office PCs all use one server.

The file is read as one consistent snapshot (the window may stay open) and is not changed. The copy
is one transaction on the server: before it is committed, every table's row count is compared with
the file's and the audit trail is verified there (as 'carehome-desk verify' does), and it must end
with the same change as the file's. If anything differs, nothing is left on the server.

A server database that already holds records is refused: make a new one first, for example with
'createdb carehome'. Then open it with: carehome-desk --db postgresql://USER@HOST/carehome
"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``copy`` command."""
    p = sub.add_parser("copy", parents=[db], help="copy a database file onto a PostgreSQL server (moving in)",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=COPY_HELP)
    p.add_argument("--from", dest="source", default=None, metavar="FILE",
                   help="the database file to copy (default: the one in use, see 'carehome-desk where')")
    p.add_argument("--to", dest="destination", required=True, metavar="postgresql://USER@HOST/DB",
                   help="the new, empty server database")


def cmd_copy(args: argparse.Namespace, target: str | Path) -> int:
    """Copy, check, and say what was copied; 0 only when the copy is on the server and verified."""
    from carehome_desk.cli import open_for_command
    from carehome_desk.store.copy import copy_into
    from carehome_desk.store.engine import describe_target, is_server

    if not is_server(args.destination):
        print("carehome-desk: copy --to takes a PostgreSQL server's address, such as "
              "postgresql://manager@office-server/carehome.", file=sys.stderr)
        return 2
    source = resolve_db(args.source) if args.source else target
    if isinstance(source, Path) and not source.exists():
        print(f"carehome-desk: there is no database at {source}. Nothing was copied.", file=sys.stderr)
        return 1
    where = describe_target(args.destination)
    with open_for_command(source, args) as store:
        result = copy_into(store.engine, args.destination)
    homes = f"{result.homes} home{'' if result.homes == 1 else 's'}"
    print(f"Copied {homes} from {describe_target(source)} to {where}: {result.rows:,} rows in "
          f"{len(result.counts)} tables, each table's count the same as the original's.")
    print(f"Audit trail verified on the server: {result.trail.summary()}, ending with the original's last change.")
    print(f"Open it with: carehome-desk --db {where}")
    return 0
