"""Running the crash test: build the base databases, measure each target, kill it ``runs`` times,
check each kill, and report (see harness.py for the method)."""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.crash import checks
from tests.crash.database import Counts, counts
from tests.crash.harness import (
    PASSWORD, Database, Failure, Run, cli, copy_database, end_group, group_members, now, rng_for, run_to_end,
    start_and_kill, temporary_files,
)
from tests.crash.targets import TARGETS, Target

Say = Callable[[str], None]


@dataclass
class TargetReport:
    """How one target on one database fared."""

    target: str
    database: str
    runs: int = 0
    killed: int = 0  # killed while running (the others had finished before their delay)
    #: Killed runs that left something for the next run to recover: a temporary file, or WAL frames
    #: not yet merged into the database (so the kill came after at least one commit).
    left_work: int = 0
    #: Killed runs whose database holds the end state all the same (killed after the last commit).
    ended_done: int = 0
    duration: float = 0.0  # the measured, un-killed run
    seconds: float = 0.0  # the whole of this target's kills and checks
    failures: list[Failure] = field(default_factory=list)
    skipped: str = ""


@dataclass
class Suite:
    """Options for one crash test."""

    root: Path
    runs: int = 20
    seed: int = 1
    scale: int = 1
    targets: tuple[str, ...] = tuple(t.name for t in TARGETS)
    protected_targets: tuple[str, ...] = tuple(t.name for t in TARGETS)  # also run on a protected database
    keep_passing: bool = False  # keep the folders of runs that passed (failed ones are always kept)
    #: Un-killed runs to measure; the shortest is used (the first is slowed by cold caches, and a
    #: duration measured too long lets many kills come after the run has ended).
    measure_runs: int = 2


def build_databases(suite: Suite, say: Say) -> dict[str, tuple[Database, Path]]:
    """The demo home at ``suite.scale``, clear, and a protected copy of it (protected with the CLI's
    own 'protect' and --password-file, as a manager would)."""
    base = suite.root / "base"
    base.mkdir(parents=True)
    plain = base / "plain.sqlite3"
    made = run_to_end(cli("demo", "--db", str(plain), "--scale", str(suite.scale), "--today", "22/11/2026"),
                      base / "userdata")
    assert made.returncode == 0, made.stderr
    found = {"plain": (Database("plain"), plain)}
    if suite.protected_targets:
        from carehome_desk.store.protection import unlock

        password_file = base / "password.txt"
        password_file.write_text(PASSWORD + "\n")
        password_file.chmod(0o600)
        protected = base / "protected.sqlite3"
        copy_database(plain, protected)
        done = run_to_end(cli("protect", "--db", str(protected), "--new-password-file", str(password_file)),
                          base / "userdata")
        assert done.returncode == 0, done.stderr
        found["protected"] = (Database("protected", password_file, unlock(protected, password=PASSWORD)), protected)
    say(f"base database: demo scale {suite.scale}, {plain.stat().st_size // 1024} KB")
    return found


def new_run(folder: Path, base: Path, database: Database, files: dict[str, Path], target: Target) -> Run:
    folder.mkdir(parents=True)
    run = Run(work=folder, db=folder / "home.sqlite3", database=database, files=dict(files))
    copy_database(base, run.db)
    target.setup_run(run)
    return run


def _steps(run: Run, final: Counts, before: Counts) -> list[Counts]:
    """The states a run went through: the window driver prints one per save; a command has one."""
    saved = [json.loads(line.split(" ", 2)[2]) for line in run.stdout.splitlines() if line.startswith("saved ")]
    return [before, *saved] if saved else [before, final]


def measure(target: Target, database: Database, base: Path, files: dict[str, Path], folder: Path
            ) -> tuple[float, list[Counts]]:
    """Run the target to its end once: how long it takes, and the record counts it goes through."""
    run = new_run(folder, base, database, files, target)
    before = counts(run.db, run.key())
    start = now()
    start_and_kill(run, target.command(run), delay=600)
    duration = now() - start
    assert not run.killed, f"{target.name} did not finish in 600 s"
    assert run.returncode == 0, f"{target.name} failed when not killed (exit {run.returncode}): {run.stderr}"
    states = _steps(run, counts(run.db, run.key()), before)
    problems = [p for path in target.products(run) if (p := target.product_ok(run, path))]
    assert not problems and not temporary_files(run), (problems, temporary_files(run), run.stderr)
    shutil.rmtree(folder)
    return duration, states


def kill_once(target: Target, database: Database, base: Path, files: dict[str, Path], folder: Path,
              delay: float, states: list[Counts]) -> list[str]:
    """One kill at ``delay`` seconds and every check after it; returns the problems found."""
    run = new_run(folder, base, database, files, target)
    start_and_kill(run, target.command(run), delay)
    confirmed = sum(line.startswith("saved ") for line in run.stdout.splitlines())
    outcome = checks.Outcome(run, target, states, confirmed if run.killed else len(states) - 1,
                             survivors=group_members(run.pid))
    wal = Path(f"{run.db}-wal")
    left = [str(p.relative_to(run.work)) for p in temporary_files(run)]
    left_work = run.killed and (bool(left) or (wal.exists() and wal.stat().st_size > 0))
    problems = [f"{c.name}: {p}" for c in checks.enabled(checks.AFTER_KILL) if (p := c.check(outcome))]
    try:
        final = counts(run.db, run.key())
        ended_done = run.killed and final == states[-1] and final != states[0]
    except Exception:  # noqa: BLE001 - unreadable: the integrity check has said so already
        ended_done = False
    outcome.next_run = run_to_end(target.next_run(run), run.home)
    problems += [f"{c.name}: {p}" for c in checks.enabled(checks.AFTER_NEXT_RUN) if (p := c.check(outcome))]
    end_group(run.pid)  # whatever a failing run left must not run on into the next
    (folder / "run.json").write_text(json.dumps({
        "target": target.name, "database": database.name, "delay": delay, "killed": run.killed, "pid": run.pid,
        "left_work": left_work, "temporary_files_right_after_kill": left, "confirmed_steps": outcome.confirmed,
        "ended_done": ended_done,
        "survivors_right_after_kill": outcome.survivors, "stdout": run.stdout[-2000:],
        "stderr": run.stderr[-2000:], "problems": problems}, indent=2))
    return problems


def kill_moment(rng: random.Random, duration: float) -> float:
    """When to kill: any moment of the measured run, later ones more often (density rising to the end).

    Each command starts the same way (Python, imports, opening the database) and does its writing
    last: the import's transaction, the pack's save, the backup's copy. Drawn uniformly, most kills
    land in the start-up, which is the least interesting part; ``duration × √u`` still reaches every
    moment but puts 36 % of the kills in the last fifth instead of 20 %.
    """
    return duration * math.sqrt(rng.random())


def run_target(suite: Suite, target: Target, database: Database, base: Path, say: Say) -> TargetReport:
    """Measure one target, then kill it ``suite.runs`` times at random moments."""
    report = TargetReport(target.name, database.name)
    if not target.available():
        report.skipped = "its command does not exist on this build"
        say(f"{target.name} ({database.name}): skipped, {report.skipped}")
        return report
    folder = suite.root / f"{target.name}-{database.name}"
    folder.mkdir()
    started = now()
    shared, files = base, dict[str, Path]()
    if target.prepare is not None:
        shared, files = target.prepare(base, database, folder)
    measured = [measure(target, database, shared, files, folder / f"measured-{n}") for n in range(suite.measure_runs)]
    report.duration, states = min(d for d, _ in measured), measured[0][1]
    rng = rng_for(suite.seed)
    for n in range(suite.runs):
        delay = kill_moment(rng(target.name, database.name, n), report.duration)
        problems = kill_once(target, database, shared, files, folder / f"run-{n:03d}", delay, states)
        run_json = json.loads((folder / f"run-{n:03d}" / "run.json").read_text())
        report.runs += 1
        report.killed += bool(run_json["killed"])
        report.left_work += bool(run_json["left_work"])
        report.ended_done += bool(run_json["ended_done"])
        for problem in problems:
            report.failures.append(Failure(target.name, database.name, n, delay, problem, folder / f"run-{n:03d}"))
            say(f"  FAIL {target.name} ({database.name}) run {n} at {delay:.3f} s: {problem}")
        if not problems and not suite.keep_passing:
            shutil.rmtree(folder / f"run-{n:03d}")
    report.seconds = now() - started
    say(f"{target.name} ({database.name}): {report.runs} runs, {report.killed} killed mid-run "
        f"({report.left_work} left work to recover, {report.ended_done} ended done), "
        f"{len(report.failures)} problems; un-killed run {report.duration:.2f} s; {report.seconds:.1f} s in all")
    return report


def run_suite(suite: Suite, say: Say = print) -> list[TargetReport]:
    """The whole crash test: every chosen target on the clear database, and on a protected one for
    those in ``suite.protected_targets``."""
    say(f"crash test: seed {suite.seed}, {suite.runs} kills per target, in {suite.root}")
    databases = build_databases(suite, say)
    reports = []
    for target in TARGETS:
        if target.name not in suite.targets:
            continue
        for name, (database, base) in databases.items():
            if name in target.databases and (name == "plain" or target.name in suite.protected_targets):
                reports.append(run_target(suite, target, database, base, say))
    return reports


def summary(reports: list[TargetReport]) -> str:
    """A Markdown table of the results."""
    lines = ["| target | database | runs | killed mid-run | left work to recover | ended done | un-killed run (s) "
             "| problems | time (s) |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in reports:
        if r.skipped:
            lines.append(f"| {r.target} | {r.database} | skipped: {r.skipped} | | | | | | |")
        else:
            lines.append(f"| {r.target} | {r.database} | {r.runs} | {r.killed} | {r.left_work} | {r.ended_done} "
                         f"| {r.duration:.2f} | "
                         f"{len(r.failures)} | {r.seconds:.1f} |")
    return "\n".join(lines)
