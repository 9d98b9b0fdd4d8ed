"""Adding a home without the window: `carehome-desk home add`, creating the database if there is none."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path

from carehome_desk.models.dates import UK
from carehome_desk.models.home import Home, HomeDetails, validate_home
from carehome_desk.models.manager_setup import validate_manager_start
from carehome_desk.private_files import app_dir
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.store.engine import sqlite_path
from carehome_desk.store.store import Clock


def _leftovers(partial: Path) -> tuple[Path, Path, Path]:
    return partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")


def add_home(target: str | Path, details: HomeDetails, *, user: str | None = None,
             clock: Clock | None = None, password: str | None = None,
             manager_started: date | None = None) -> tuple[Home, bool]:
    """Add a home through the store's validation; returns it and whether a new database was created.

    An existing database gets the home in one audited transaction. Where there is no database
    file yet, one is built at the newest schema under a temporary name and renamed into place
    only once the home is saved, as the window's set-up does: a refused home leaves no empty
    database behind. Store.open creates the new file readable and writable by its owner only
    (0600 on Linux and macOS; SQLite gives its -wal and -shm files the same mode), because it
    will hold children's records. ``password`` opens an existing protected database. Raises
    ValidationError (problems keyed by field) or StoreError.

    With ``manager_started``, the registered manager named in ``details`` is also added as a
    staff record (role Registered manager, started that day) in the same transaction as the
    home, so Level 5 and their recruitment checks apply at once; a blank name adds no one.
    """
    # Checked before anything is touched, so a refused home leaves no folder, file or migrated
    # database behind; the store checks again (and the URN against the homes already there).
    today = (clock() if clock is not None else datetime.now(timezone.utc)).astimezone(UK).date()
    problems = validate_home(details, today)
    if manager_started is not None:
        for key, problem in validate_manager_start(details.registered_manager, manager_started, today).items():
            problems.setdefault(key, problem)  # the manager's staff record too, as the store checks it
    if problems:
        raise ValidationError(problems)
    path = sqlite_path(target)
    if path is None or path.exists():
        with Store.open(target, user=user, clock=clock, create=path is None, password=password) as store:
            home, _ = store.homes.add(details, manager_started=manager_started)
        return home, False
    partial = path.with_name(path.name + ".adding")
    try:
        app_dir(path.parent)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
    for leftover in _leftovers(partial):
        leftover.unlink(missing_ok=True)
    try:
        with Store.open(partial, user=user, clock=clock, create=True) as store:  # creates it 0600
            home, _ = store.homes.add(details, manager_started=manager_started)
        if path.exists():  # made by someone else meanwhile: never overwrite it
            raise StoreError(f"{path} appeared while the home was being set up; nothing was written to it. "
                             "Run the command again to add the home to that database.")
        os.replace(partial, path)
    except BaseException:
        for leftover in _leftovers(partial):
            leftover.unlink(missing_ok=True)
        raise
    return home, True
