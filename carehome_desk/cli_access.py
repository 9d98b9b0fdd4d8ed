"""The ``access`` command: who may read and write which home on a PostgreSQL server (store/access.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ACCESS_HELP = """\
On a PostgreSQL server shared by a group of homes, give each person a database role of their own and
say what it may do; the server then refuses anything else, whatever program connects:

  access grant priya --manager SC123456        reads and writes that home only
  access grant helen --responsible-individual  reads every home, writes nothing
  access grant vera --visitor SC123456         a Reg 44 visitor: reads that home, writes nothing
  access list                                  who has which access

Run it as the database's owner (--db postgresql://OWNER@HOST/DB). A role that does not exist yet is
made, able to log in; give it a password with the server's own tools (ALTER ROLE … PASSWORD). Each
person then opens the app with --db postgresql://ROLE@HOST/DB, and their changes are recorded in the
audit trail with their role in brackets.
"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``access`` command and its two subcommands."""
    p = sub.add_parser("access", parents=[db], help="who may read and write which home (PostgreSQL server)",
                       formatter_class=argparse.RawDescriptionHelpFormatter, description=ACCESS_HELP)
    commands = p.add_subparsers(dest="access_command", metavar="ACTION", required=True)
    g = commands.add_parser("grant", parents=[db], help="give a person's role its access")
    g.add_argument("role", help="the person's database role, such as priya_oak")
    kind = g.add_mutually_exclusive_group(required=True)
    kind.add_argument("--manager", metavar="URN", help="the home this manager reads and writes")
    kind.add_argument("--visitor", metavar="URN", help="the home this Reg 44 visitor reads")
    kind.add_argument("--responsible-individual", action="store_true", help="reads every home, writes nothing")
    commands.add_parser("list", parents=[db], help="list every role's access")


def cmd_access(args: argparse.Namespace, target: str | Path) -> int:
    """Grant or list; 0 when done."""
    from carehome_desk.cli import open_for_command
    from carehome_desk.models.home import normalise_urn
    from carehome_desk.store.access import Access, grant, grants

    if isinstance(target, Path) or not target.startswith("postgresql"):
        print("carehome-desk: access by home is set on a PostgreSQL server (--db postgresql://OWNER@HOST/DB); "
              "a database file has one user by design.", file=sys.stderr)
        return 2
    with open_for_command(target, args) as store:
        names = {int(h.id): f"{h.name} ({h.urn})" for h in store.homes.list(include_archived=True)}
        if args.access_command == "list":
            found = grants(store.engine)
            if not found:
                print("No one has been given access by home yet: the database's owner reaches everything.")
            for g in found:
                where = "every home" if g.home_id is None else names.get(g.home_id, f"home {g.home_id}")
                print(f"{g.role:<20} {g.access.label:<24} {where}")
            return 0
        urn = args.manager or args.visitor
        access = Access.MANAGER if args.manager else Access.VISITOR if args.visitor else Access.RESPONSIBLE_INDIVIDUAL
        home_id = None
        if urn:
            home = store.homes.by_urn(normalise_urn(urn))
            if home is None:
                print(f"carehome-desk: no home has the URN {normalise_urn(urn)}. Nothing was changed.", file=sys.stderr)
                return 1
            home_id = int(home.id)
        grant(store.engine, args.role, access, home_id)
    where = "every home" if home_id is None else names[home_id]
    print(f"{args.role} is now {access.label} for {where}.")
    return 0
