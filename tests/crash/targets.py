"""What the crash test kills: one table entry per target.

To add a target, add a ``Target`` to ``TARGETS``: the command to kill, the next run (started after
the kill, as a manager would run it again), the files it makes and how to tell one is complete.
A target whose command does not exist on this build (``available`` is False) is listed as skipped.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.crash.database import integrity_problem, open_pack
from tests.crash.harness import Database, Run, cli, copy_database, environment, run_to_end

#: How many staff (and as many training records) the import workbook holds.
IMPORT_ROWS = 400
#: How many records the window saves one after another.
WINDOW_SAVES = 5

Prepared = tuple[Path, dict[str, Path]]


def _nothing(_run: Run) -> None:
    return None


def _always() -> bool:
    return True


@functools.cache
def command_exists(*words: str) -> bool:
    """True if ``carehome-desk WORDS --help`` succeeds: the command exists on this build."""
    probe = subprocess.run(cli(*words, "--help"), env=environment(Path("/nonexistent-crashtest-home")),
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, cwd="/")
    return probe.returncode == 0


@functools.cache
def _help(*words: str) -> str:
    return subprocess.run(cli(*words, "--help"), env=environment(Path("/nonexistent-crashtest-home")),
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, cwd="/").stdout


def _no_products(_run: Run) -> list[Path]:
    return []


def _no_check(_run: Run, _path: Path) -> str | None:
    return None


@dataclass(frozen=True)
class Target:
    """One kind of work the crash test kills."""

    name: str
    command: Callable[[Run], list[str]]
    next_run: Callable[[Run], list[str]]
    products: Callable[[Run], list[Path]] = _no_products  # files it makes: each absent or complete
    product_ok: Callable[[Run, Path], str | None] = _no_check  # None when complete, else what is wrong
    prepare: Callable[[Path, Database, Path], Prepared] | None = None  # once per database: (base, files)
    setup_run: Callable[[Run], None] = _nothing  # per run, after the base is copied
    available: Callable[[], bool] = field(default=_always)
    databases: tuple[str, ...] = ("plain", "protected")  # which base databases it runs on


# -- import ----------------------------------------------------------------------------------------

def workforce_workbook(path: Path, rows: int) -> Path:
    """The workforce template with ``rows`` new staff and a training record for each."""
    import openpyxl

    from carehome_desk.importing.workforce import write_workforce_template

    write_workforce_template(path)
    book = openpyxl.load_workbook(path)
    for n in range(rows):
        book["Staff"].append([f"CT{n:05d}", f"Crash Import {n:05d}", "Residential childcare worker", None, None,
                              "03/03/2025"])
        book["Training"].append([f"CT{n:05d}", None, "First aid", "03/04/2025"])
    book.save(path)
    return path


def first_urn(db: Path, database: Database, folder: Path) -> str:
    """The URN of the database's first home (the demo at scale 2 or more has several)."""
    pw = ["--password-file", str(database.password_file)] if database.password_file else []
    listed = run_to_end(cli("homes", "--db", str(db), *pw, "--format", "json"), folder / "userdata")
    assert listed.returncode == 0, listed.stderr
    return str(json.loads(listed.stdout)[0]["urn"])


def _prepare_import(base: Path, db: Database, folder: Path) -> Prepared:
    book = workforce_workbook(folder / "workforce.xlsx", IMPORT_ROWS)
    # The URN travels with the run's files, as a Path like every other value there (str() gives it back).
    return base, {"workbook": book, "urn": Path(first_urn(base, db, folder))}


def importing(run: Run) -> list[str]:
    """The import of the workbook into the first home."""
    return cli("import", "workforce", str(run.files["workbook"]), "--db", str(run.db), *run.password_args(),
               "--home", str(run.files["urn"]))


# -- export ----------------------------------------------------------------------------------------

def _pack(run: Run) -> Path:
    return run.work / "out" / "pack.xlsx"


def _export_setup(run: Run) -> None:
    _pack(run).parent.mkdir()


def _export(run: Run) -> list[str]:
    return cli("export", "--db", str(run.db), *run.password_args(), "--out", str(_pack(run)))


def _pack_ok(run: Run, path: Path) -> str | None:
    return open_pack(path, run.database)


# -- backup ----------------------------------------------------------------------------------------

def _backup(run: Run) -> list[str]:
    return cli("backup", "--db", str(run.db), *run.password_args())  # into backups/ in the data folder


def _backups(run: Run) -> list[Path]:
    folder = run.home / "backups"
    return sorted(p for p in folder.glob("*.sqlite3")) if folder.is_dir() else []


def _backup_ok(run: Run, path: Path) -> str | None:
    if run.database.key is not None and not path.with_name(path.name + ".keys").exists():
        return "an encrypted backup without its key file"
    return integrity_problem(path, run.database.key)


# -- restore (part 3 of issue 15: switched on when 'carehome-desk restore' exists) ------------------

def _prepare_restore(base: Path, db: Database, folder: Path) -> Prepared:
    """A database that has moved on since its backup: the backup is the base, the database the base
    plus an import, so the two hold different record counts."""
    backup = folder / "restore-from.sqlite3"
    pw = ["--password-file", str(db.password_file)] if db.password_file else []
    made = run_to_end(cli("backup", "--db", str(base), *pw, "--out", str(backup)), folder / "userdata")
    assert made.returncode == 0, made.stderr
    moved_on = folder / "moved-on.sqlite3"
    copy_database(base, moved_on)
    book = workforce_workbook(folder / "restore-extra.xlsx", 50)
    done = run_to_end(cli("import", "workforce", str(book), "--db", str(moved_on), *pw, "--home",
                          first_urn(base, db, folder)), folder / "userdata")
    assert done.returncode == 0, done.stderr
    return moved_on, {"backup": backup}


def _restore_setup(run: Run) -> None:
    copy = run.work / "restore-from.sqlite3"  # the run's own copy: restore must not need the original
    copy_database(run.files["backup"], copy)
    run.files = dict(run.files, backup=copy)


def _restore_flags() -> list[str]:
    # Whatever the restore command uses to go ahead without asking at a terminal.
    text = _help("restore")
    return [flag for flag in ("--yes", "--force") if flag in text][:1]


def _restore(run: Run) -> list[str]:
    return cli("restore", str(run.files["backup"]), "--db", str(run.db), *run.password_args(), *_restore_flags())


def _homes(run: Run) -> list[str]:
    return cli("homes", "--db", str(run.db), *run.password_args())


# -- protect: encrypting a clear database in place ------------------------------------------------

def _protect_setup(run: Run) -> None:
    new_password = run.work / "new-password.txt"
    new_password.write_text("a new crash test password\n")
    run.files = dict(run.files, new_password=new_password)


def _protect(run: Run) -> list[str]:
    return cli("protect", "--db", str(run.db), "--new-password-file", str(run.files["new_password"]))


def _protect_again(run: Run) -> list[str]:
    """What a manager does next: set the password again if the first try did not finish, else carry on."""
    from carehome_desk.store.keys import is_protected

    if not is_protected(run.db):
        return _protect(run)
    return cli("homes", "--db", str(run.db), "--password-file", str(run.files["new_password"]))


# -- a save in the window ------------------------------------------------------------------------

def window(saves: int | None) -> Callable[[Run], list[str]]:
    """The offscreen window driver, saving ``saves`` records (None: WINDOW_SAVES) one after another
    (tests/crash/window_driver.py)."""

    def argv(run: Run) -> list[str]:
        pw = [str(run.database.password_file)] if run.database.password_file else []
        count = WINDOW_SAVES if saves is None else saves
        return [sys.executable, "-m", "tests.crash.window_driver", str(run.db), str(count), *pw]

    return argv


@functools.cache
def _has_qt() -> bool:
    return subprocess.run(
        [sys.executable, "-c", "import PySide6.QtWidgets"], capture_output=True, timeout=60).returncode == 0


TARGETS: tuple[Target, ...] = (
    Target("import", importing, importing, prepare=_prepare_import),
    Target("export", _export, _export, products=lambda run: [p for p in [_pack(run)] if p.exists()],
           product_ok=_pack_ok, setup_run=_export_setup),
    Target("backup", _backup, _backup, products=_backups, product_ok=_backup_ok),
    Target("restore", _restore, _homes, prepare=_prepare_restore, setup_run=_restore_setup,
           available=lambda: command_exists("restore")),
    Target("protect", _protect, _protect_again, setup_run=_protect_setup, databases=("plain",)),
    Target("window", window(None), window(1), available=_has_qt),
)


def target(name: str) -> Target:
    """The target called ``name``."""
    for t in TARGETS:
        if t.name == name:
            return t
    raise KeyError(f"no crash target called {name!r}; there are: {', '.join(t.name for t in TARGETS)}")
