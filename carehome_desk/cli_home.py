"""The ``home`` command: add a home (creating the database if there is none), or list the homes."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from carehome_desk import cli_password
from carehome_desk.models.dates import UK

HOME_OPTIONS = {"name": "--name", "urn": "--urn", "registration_date": "--registration-date",
                "records_start": "--records-start", "local_authority": "--local-authority",
                "registered_manager": "--manager", "manager_start": "--manager-start",
                "responsible_individual": "--responsible-individual",
                "address": "--address", "secure": "--secure"}


def add_list_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--archived", action="store_true", help="include archived homes")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                       db: argparse.ArgumentParser) -> None:
    from carehome_desk.cli import _uk_date

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
    p.add_argument("--manager", default="", metavar="NAME",
                   help="the registered manager: also added as a staff record (role Registered manager), so "
                   "their Level 5 and recruitment checks are counted at once")
    p.add_argument("--manager-start", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="when the manager named by --manager started as registered manager here (default today)")
    p.add_argument("--responsible-individual", default="", metavar="NAME", help="the responsible individual")
    p.add_argument("--address", default="", metavar="TEXT", help="the home's address")
    p.add_argument("--secure", action="store_true",
                   help="a secure children's home (Reg 40 adds the Prisons and Probation Ombudsman after a death)")
    p.set_defaults(add_parser=p)  # so an option clash is reported with this command's usage
    p = actions.add_parser("list", parents=[db], help="list the homes (the same as 'carehome-desk homes')",
                           description="List the homes in the database with their Ofsted URNs.")
    add_list_options(p)


def cmd_home(args: argparse.Namespace, target: str | Path) -> int:
    if args.home_command == "list":
        from carehome_desk.cli import _cmd_homes

        return _cmd_homes(args, target)
    from carehome_desk.home_setup import add_home
    from carehome_desk.models.home import HomeDetails
    from carehome_desk.store import ValidationError

    def _today() -> date:
        return datetime.now(timezone.utc).astimezone(UK).date()

    if args.manager_start is not None and not args.manager.strip():
        args.add_parser.error("--manager-start is the date the manager named by --manager started, so it needs "
                              "--manager NAME as well.")

    details = HomeDetails(name=args.name, urn=args.urn, address=args.address, registered_manager=args.manager,
                          responsible_individual=args.responsible_individual,
                          registration_date=args.registration_date, local_authority=args.local_authority,
                          records_start=args.records_start, secure=args.secure)
    try:
        home, created = add_home(target, details, password=cli_password.database_password(args, target),
                                 manager_started=args.manager_start or _today())
    except ValidationError as exc:
        for field, problem in exc.problems.items():
            print(f"carehome-desk: {HOME_OPTIONS.get(field, field)}: {problem}", file=sys.stderr)
        print("carehome-desk: nothing was written.", file=sys.stderr)
        return 1
    where = f"a new database at {target}" if created else str(target)
    print(f"Added {home.name} ({home.urn}) to {where}.")
    if home.registered_manager:
        print(f"{home.registered_manager} is on the staff register as registered manager.")
    return 0
