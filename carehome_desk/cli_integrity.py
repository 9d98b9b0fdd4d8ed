"""The command line and a database that failed its integrity check: writing commands refuse, reading
commands refuse unless --allow-damaged (a pack or list from a damaged file could mislead an inspector)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carehome_desk.store import Store, StoreError
from carehome_desk.store.errors import EmptyDatabaseError, unchecked_words
from carehome_desk.store.integrity import read_refusal

#: Commands that only read the database, and so may be let through with --allow-damaged.
READING_COMMANDS = ("homes", "history", "due", "steps", "export", "calendar", "verify")
ALLOW_HELP = ("read the database even if it failed its integrity check (some records may be missing or "
              "wrong; the output says so)")


def add_allow_damaged(commands: dict[str, argparse.ArgumentParser]) -> None:
    """Give each reading command (and 'home list') the --allow-damaged option."""
    parsers = [commands[name] for name in READING_COMMANDS if name in commands]
    home = commands.get("home")
    if home is not None:
        for action in home._actions:  # the 'home' command's own actions: its subcommands, 'list' among them
            choices: Any = getattr(action, "choices", None)
            if isinstance(choices, dict) and "list" in choices:
                parsers.append(choices["list"])
    for parser in parsers:
        parser.add_argument("--allow-damaged", action="store_true", help=ALLOW_HELP)


def open_checked(target: str | Path, args: argparse.Namespace, password: str | None, *, writes: bool,
                 before_upgrade: Callable[[Path], None] | None = None) -> Store:
    """Store.open with its integrity check; a damaged file is refused in one sentence (StoreError: exit 1).

    ``before_upgrade`` is passed on to Store.open (the writer lock a reading command takes to upgrade).
    """
    store = Store.open(target, create=False, password=password, before_upgrade=before_upgrade)
    report = store.integrity
    if report is None or report.ok:
        return store
    where = store.describe()
    if writes:
        store.close()
        raise StoreError(f"{where} failed its integrity check at {report.time_text()}: some of it may be damaged, "
                         "so nothing was written; restore it from a backup first.")
    if not getattr(args, "allow_damaged", False):
        store.close()
        raise StoreError(read_refusal(where, report))
    print(f"carehome-desk: warning: {where} failed its integrity check at {report.time_text()}; read anyway "
          "(--allow-damaged): some records may be missing or wrong.", file=sys.stderr)
    return store


def in_cli_words(exc: StoreError) -> str:
    """The store's message as the command line says it: the commands to run, not the window's menus."""
    if isinstance(exc, EmptyDatabaseError):
        from carehome_desk.cli_restore import command_text, restore_command

        path, backup = exc.path, exc.backup
        if backup is None:
            restore = (f"restore a backup of it with {restore_command(path, None)} (no good backup of it was found "
                       "beside it or in the backups folder)")
        else:
            which = (f"newest good backup (taken {backup.when_text()})" if backup.checked else
                     f"newest backup (taken {backup.when_text()}; {unchecked_words()})")
            restore = f"restore its {which} with {restore_command(path, backup)}"
        set_up = command_text("carehome-desk", "home", "add", "--db", path, "--name", "NAME", "--urn", "URN")
        return (f"{path} is empty (0 bytes): it holds no records, so it was left as it is and nothing was "
                f"done. If your records should be in it, {restore}. If you meant to start a new home, delete "
                f"the empty file and run {set_up}.")
    return str(exc)
