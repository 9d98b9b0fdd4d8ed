"""The crash-safety harness: run a command, SIGKILL it at a random moment, then check what it left.

Each kind of kill target (targets.py) and each check made after a kill (checks.py) is one entry in a
table. For every target and database (clear, and protected with a password) the harness

1. prepares a base database once (the demo home, plus whatever the target needs),
2. runs the target once without killing it, to measure how long it takes and what it leaves,
3. then, ``runs`` times: copies the base afresh, starts the target in a new process group, kills
   its main process with SIGKILL after a delay drawn from [0, measured duration) by a seeded RNG
   (later moments more often: runner.kill_moment),
   runs the checks, starts the next run (the command again, as a manager would after a crash),
   and checks again for temporary files and processes the killed run left.

Only the main process is killed, as the OOM killer, a power cut of the process or Task Manager's
"End task" would: whatever it started (the export's writer process) must notice and go by itself.
Every random choice comes from ``random.Random(f"{seed}:{target}:{database}:{run}")``, so one
failing run is replayed with the seed the report prints.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "crash test password"
#: What the name of a temporary file written beside its target holds.
TEMPORARY_MARKS = (".part", ".protecting")


@dataclass
class Database:
    """One variant of the base database: clear, or protected with a password."""

    name: str
    password_file: Path | None = None
    key: bytes | None = None


@dataclass
class Run:
    """One run of a target: a folder of its own with a fresh copy of the base database."""

    work: Path
    db: Path
    database: Database
    files: dict[str, Path] = field(default_factory=dict)  # what the target prepared (a workbook, a backup)
    stdout: str = ""
    stderr: str = ""
    killed: bool = False
    returncode: int | None = None
    delay: float = 0.0
    pid: int = 0

    @property
    def home(self) -> Path:
        """The run's data folder (CAREHOME_DESK_HOME): its tmp/ and backups/ live here."""
        return self.work / "userdata"

    def key(self) -> bytes | None:
        """The data key the database needs now (None when clear): a 'protect' that was killed may or may
        not have encrypted it, and either is fine as long as it opens."""
        from carehome_desk.store.keys import is_protected

        if not is_protected(self.db):
            return None
        if self.database.key is not None:
            return self.database.key
        from carehome_desk.store.protection import password_from_file, unlock

        return unlock(self.db, password=password_from_file(self.files["new_password"]))

    def password_args(self) -> list[str]:
        pw = self.database.password_file
        return ["--password-file", str(pw)] if pw else []


def environment(home: Path) -> dict[str, str]:
    """The environment every process of a run gets: its own data folder, offscreen Qt, no display."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREHOME_DESK")}
    # CRASHTEST_PRODUCT: another checkout whose carehome_desk is the one killed (to compare a fix with
    # the build before it; the window driver comes from this checkout, so use it for the CLI targets).
    product = os.environ.get("CRASHTEST_PRODUCT", "")
    env.update(CAREHOME_DESK_HOME=str(home), CAREHOME_DESK_USER="crash test", QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join(filter(None, [product, str(REPO), os.environ.get("PYTHONPATH", "")])))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def cli(*args: str) -> list[str]:
    """The argument list that runs ``carehome-desk ARGS`` (this interpreter, this checkout)."""
    return [sys.executable, "-m", "carehome_desk", *args]


def run_to_end(argv: list[str], home: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a command to its end (in a session of its own, so it is never mistaken for a killed run's)."""
    return subprocess.run(argv, env=environment(home), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, start_new_session=True, cwd=home.parent)


def copy_database(source: Path, destination: Path) -> None:
    """Copy a closed database and its key file (if protected) to a new place."""
    shutil.copy2(source, destination)
    keys = source.with_name(source.name + ".keys")
    if keys.exists():
        shutil.copy2(keys, destination.with_name(destination.name + ".keys"))


def start_and_kill(run: Run, argv: list[str], delay: float) -> None:
    """Start ``argv`` in a new process group and SIGKILL its main process after ``delay`` seconds
    (if it has not ended by then); output goes to files, so nothing it leaves can hold a pipe open."""
    out, err = run.work / "stdout.txt", run.work / "stderr.txt"
    with open(out, "wb") as o, open(err, "wb") as e:
        # cwd: the run's folder, so 'python -m' finds carehome_desk through PYTHONPATH, not the current folder
        proc = subprocess.Popen(argv, env=environment(run.home), stdin=subprocess.DEVNULL, stdout=o, stderr=e,
                                start_new_session=True, cwd=run.work)
    run.pid, run.delay = proc.pid, delay
    try:
        proc.wait(delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)  # the main process only: what it started must go by itself
        run.killed = True
        proc.wait()
    run.returncode = proc.returncode
    run.stdout = out.read_text(errors="replace")
    run.stderr = err.read_text(errors="replace")


# -- processes ------------------------------------------------------------------------------------

def group_members(pgid: int) -> list[tuple[int, str]]:
    """Live (not zombie) processes in process group ``pgid``, read from /proc: (pid, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            state, _ppid, pgrp = stat[stat.rindex(")") + 2:].split()[:3]
            if int(pgrp) != pgid or state == "Z":
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError):
            continue  # it ended while we looked
        found.append((int(entry.name), cmdline))
    return found


def end_group(pgid: int) -> None:
    """SIGKILL, one by one by process id, whatever is left of a killed run's process group."""
    for pid, _cmd in group_members(pgid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# -- leftovers -------------------------------------------------------------------------------------

def temporary_files(run: Run) -> list[Path]:
    """Temporary files and folders in the run's folders: any *.part / *.partial / *.protecting (and
    their SQLite journals), and anything in the data folder's tmp/ (the export's private temporary
    folders)."""
    found = [p for p in run.work.rglob("*") if p.parent.name != "tmp" and any(
        mark in p.name for mark in TEMPORARY_MARKS)]
    tmp = run.home / "tmp"
    if tmp.is_dir():
        found += list(tmp.iterdir())
    return sorted(found)


@dataclass
class Failure:
    """One problem found after one kill, with what is needed to replay it."""

    target: str
    database: str
    run: int
    delay: float
    problem: str
    folder: Path


RngFor = Callable[[str, str, int], random.Random]


def rng_for(seed: int) -> RngFor:
    """The RNG of one run: the same seed, target, database and run number always give the same delays."""
    return lambda target, database, run: random.Random(f"{seed}:{target}:{database}:{run}")


def now() -> float:
    return time.monotonic()
