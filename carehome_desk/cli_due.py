"""The ``due`` and ``steps`` commands: what is overdue, missing or due soon, and every incident's steps, judged
at now, at ``--at`` a UK date and time, or at the start of ``--today``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

MOMENT_HELP = """Hour-counted steps (Reg 35, Reg 40, return home interviews, LADO referrals) are judged at one
moment: now, unless --at DD/MM/YYYY HH:MM gives a UK time, or --today DD/MM/YYYY a day, which
is judged at its START (00:00 UK time): a step due at 10:00 that day is still due, not overdue.
A step done exactly at its deadline is on time. At a clock change, a time the clocks skip
(late March, 01:00-01:59) is read as GMT, an hour later on the clock, and a time that happens
twice (late October, 01:00-01:59) as the first, BST one; a note on stderr says so.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: argparse.ArgumentParser) -> None:
    """The ``due`` and ``steps`` commands."""
    from carehome_desk.cli import _positive

    p = sub.add_parser("due", parents=[db], help="list what is overdue, missing or due soon",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Every requirement that is overdue, missing, or due soon (see --within), across\n"
                       "all registers, most urgent first. Each names the rule it comes from.\n\n" + MOMENT_HELP
                       + "\nJSON and CSV: one item per requirement with home, urn, subject, area, requirement,\n"
                       "due (the day, YYYY-MM-DD in JSON, DD/MM/YYYY in CSV), due_at, status, source, basis\n"
                       "and detail. due_at is the moment the deadline falls, set for every incident step\n"
                       "with a deadline: the hour-counted ones, Reg 35(3)(c)'s 5 days and the manager's review\n"
                       "too; other registers fall due on a day and leave it empty (null in JSON). It is always\n"
                       "ISO 8601 in UK time with its offset: 2026-06-13T10:00:00+01:00 (BST),\n"
                       "2026-01-15T10:00:00+00:00 (GMT).")
    from carehome_desk.models.settings import ProviderSettings
    from carehome_desk.models.warning_periods import warning_periods_text

    p.add_argument("--within", type=_positive, default=None, metavar="DAYS",
                   help="list as due soon everything falling due within DAYS of the day judged, whatever each "
                   "register's own warning period. Default: each register's own period, from the provider "
                   "policy in Home settings (as the app comes: "
                   + warning_periods_text(ProviderSettings()).replace("%", "%%")
                   + "); the text's last line gives the periods used")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")
    p.add_argument("--home", metavar="URN", default=None, help="only this home")
    add_moment_options(p)
    _add_steps_command(sub, db)


def add_moment_options(p: argparse.ArgumentParser) -> None:
    from carehome_desk.cli import _uk_date, _uk_datetime

    p.add_argument("--at", type=_uk_datetime, default=None, metavar="'DD/MM/YYYY HH:MM'",
                   help="judge at this UK date and time (and as of its date); not with --today")
    p.add_argument("--today", type=_uk_date, default=None, metavar="DD/MM/YYYY",
                   help="judge as of the START of this day, 00:00 UK time (default: now); not with --at")
    p.set_defaults(moment_parser=p)  # so a clash is reported with this command's usage


def _add_steps_command(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                       db: argparse.ArgumentParser) -> None:
    from carehome_desk.cli import _uk_date
    from carehome_desk.models.incidents import IncidentType

    p = sub.add_parser("steps", parents=[db], help="list every incident's steps: done on time, late, exempt…",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Every incident's statutory and policy steps (Reg 35 after a restraint, Reg 40\n"
                       "notices, return home interviews, LADO referrals, the manager's review), one line each:\n"
                       "home, incident, type, when it happened, the children by initials and reference,\n"
                       "the step, due_at, done_at, the outcome (Done on time, Done late, Due, Overdue,\n"
                       "Exempt, Not offered) and the rule it comes from. The text ends with a count of\n"
                       "each outcome for the statutory (law) steps. Text times are DD/MM/YYYY HH:MM in UK\n"
                       "time; in October's repeated hour they say which: 25/10/2026 01:30 (BST) or (GMT).\n\n"
                       + MOMENT_HELP
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
    add_moment_options(p)
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")


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


def cmd_due(args: argparse.Namespace, target: str | Path) -> int:
    now = _judged_at(args)
    from carehome_desk.cli import open_for_command
    from carehome_desk.services.due import due_items, render
    from carehome_desk.models.dates import UK
    from carehome_desk.models.home import normalise_urn
    from carehome_desk.models.warning_periods import warning_periods_text, within_text

    with open_for_command(target, args) as store:
        today = now.astimezone(UK).date() if now is not None else store.today()
        if args.home and store.homes.by_urn(args.home) is None:
            print(f"carehome-desk: no home has the URN {normalise_urn(args.home)}.", file=sys.stderr)
            return 1
        items = due_items(store, today, within_days=args.within,
                          urn=normalise_urn(args.home) if args.home else None, now=now)
        meaning = within_text(args.within) if args.within is not None else \
            warning_periods_text(store.settings.get())
    print(render(items, args.format, due_soon_meaning=meaning))
    return 0


def cmd_steps(args: argparse.Namespace, target: str | Path) -> int:
    from carehome_desk.cli import open_for_command
    from carehome_desk.models.dates import format_uk
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
