"""The carehome-desk command: the window starts without loading the command line's modules.

``carehome-desk`` with no command (or only ``--db PATH``) opens the window, and nothing else the
command line offers is needed for that: the parser, with every command's module and the store
behind them, would cost a quarter of a second before the first frame. Anything else is handed to
:func:`carehome_desk.cli.main` unchanged (its parser explains what it does not understand).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def window_only(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, the --db value or None) when ``args`` ask for the window and nothing else."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0].removeprefix("--db=")
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the carehome-desk command; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    window, db = window_only(args)
    if not window:
        from carehome_desk.cli import main as cli_main

        return cli_main(args)
    return _window(db)


def _window(db: str | None) -> int:
    from carehome_desk.private_files import private_umask, tidy_beside, tidy_data_folder
    from carehome_desk.paths import data_dir, resolve_db
    from carehome_desk.ui.dashboard import chart_process  # no Qt, no matplotlib: it starts the process
    from carehome_desk.ui.dashboard.chart_render import LAYOUTS_FILE

    with private_umask():  # as cli.main: whatever the window writes is its owner's alone
        tidy_data_folder()  # a private data folder, and no temporary files left by a killed run
        # The dashboard's chart process first: it imports matplotlib on the second core while Qt, the
        # window and the store load here, and the dashboard takes it over.
        chart_process.start_early(data_dir() / LAYOUTS_FILE)
        try:
            target = resolve_db(db)
            if isinstance(target, Path):
                tidy_beside(target)
            from carehome_desk.ui.app import run_app  # Qt is loaded only for the window

            return run_app(target, explicit=db is not None)
        finally:
            chart_process.stop_early()  # no window took it: none is left running
