"""The short crash test run by 'make test': 3 kills each of import, export, backup, a window save and
restore (once it exists; verify is checked after every kill once it exists), on a clear database and,
for the export, a password-protected one. 'make crashtest' runs the long one (20 kills each, more
with CRASHTEST_RUNS, protect too), and the checks themselves are tested below."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.crash import checks, targets
from tests.crash.database import integrity_problem, open_pack
from tests.crash.harness import Database, Run, group_members, temporary_files
from tests.crash.runner import Suite, run_suite
from tests.crash.targets import TARGETS, command_exists, target

SEED = int(os.environ.get("CRASHTEST_SEED", "20261206"))


def test_killed_at_random_moments_nothing_is_half_done_or_left_behind(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "IMPORT_ROWS", 100)  # smaller work than 'make crashtest', the same checks
    monkeypatch.setattr(targets, "WINDOW_SAVES", 3)
    lines: list[str] = []
    short = tuple(t.name for t in TARGETS if t.name != "protect")  # protect: in 'make crashtest' only
    suite = Suite(root=tmp_path / "crash", runs=3, seed=SEED, scale=1, targets=short, protected_targets=("export",),
                  measure_runs=1)
    reports = run_suite(suite, say=lines.append)
    problems = [f"{f.target} ({f.database}) run {f.run} killed at {f.delay:.3f} s: {f.problem}"
                for r in reports for f in r.failures]
    assert not problems, f"seed {SEED}:\n" + "\n".join(problems)
    ran = {(r.target, r.database) for r in reports if not r.skipped}
    expected = {(t.name, "plain") for t in TARGETS if t.available() and t.name in short} | {("export", "protected")}
    assert ran == expected
    assert all(r.runs == 3 for r in reports if not r.skipped)
    assert sum(r.killed for r in reports) >= len(ran)  # the kills mostly land while the work is running
    assert ("restore", "plain") in ran or not command_exists("restore")


# -- the checks themselves find what they are for ------------------------------------------------

def _run(tmp_path: Path) -> Run:
    work = tmp_path / "run"
    (work / "userdata").mkdir(parents=True)
    return Run(work=work, db=work / "home.sqlite3", database=Database("plain"))


def test_a_torn_pack_or_database_is_reported(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    book.create_sheet("Staff")
    book.create_sheet("Manifest").append(["Sheet"])
    whole = tmp_path / "pack.xlsx"
    book.save(whole)
    assert "does not list Staff" in (open_pack(whole, Database("plain")) or "")
    torn = tmp_path / "torn.xlsx"
    torn.write_bytes(whole.read_bytes()[:2000])
    assert "does not open" in (open_pack(torn, Database("plain")) or "")
    half = tmp_path / "half.sqlite3"
    half.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 100)
    assert integrity_problem(half, None) is not None


def test_part_way_counts_and_lost_saves_are_reported(tmp_path: Path) -> None:
    import sqlite3

    run = _run(tmp_path)
    with sqlite3.connect(run.db) as conn:
        conn.execute("CREATE TABLE staff (id INTEGER)")
        conn.executemany("INSERT INTO staff VALUES (?)", [(n,) for n in range(3)])
    conn.close()
    outcome = checks.Outcome(run, target("import"), states=[{"staff": 0}, {"staff": 5}])
    assert "part-way" in (checks._all_or_nothing(outcome) or "")
    outcome.states = [{"staff": 0}, {"staff": 3}, {"staff": 4}]
    assert checks._all_or_nothing(outcome) is None
    outcome.states, outcome.confirmed = [{"staff": 3}, {"staff": 4}], 1  # a confirmed save went missing
    assert "was lost" in (checks._all_or_nothing(outcome) or "")


def test_leftover_files_and_processes_are_reported(tmp_path: Path) -> None:
    run = _run(tmp_path)
    (run.work / ".pack-x1.xlsx.part").write_bytes(b"")
    (run.home / "tmp" / "pack-1-abc-def").mkdir(parents=True)
    assert [p.name for p in temporary_files(run)] == [".pack-x1.xlsx.part", "pack-1-abc-def"]
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        run.pid = sleeper.pid
        assert "still running" in (checks._no_processes(checks.Outcome(run, target("export"), [])) or "")
    finally:
        os.kill(sleeper.pid, signal.SIGKILL)
        sleeper.wait()
    time.sleep(0.05)
    assert group_members(sleeper.pid) == []


@pytest.mark.parametrize("name", [t.name for t in TARGETS])
def test_every_target_is_one_table_entry(name: str) -> None:
    t = target(name)
    assert callable(t.command) and callable(t.next_run) and callable(t.available)


def test_kill_moments_are_replayable_and_within_the_run() -> None:
    from tests.crash.harness import rng_for
    from tests.crash.runner import kill_moment

    first = [kill_moment(rng_for(7)("export", "plain", n), 2.0) for n in range(200)]
    again = [kill_moment(rng_for(7)("export", "plain", n), 2.0) for n in range(200)]
    other = [kill_moment(rng_for(8)("export", "plain", n), 2.0) for n in range(200)]
    assert first == again and first != other  # the printed seed replays every kill moment
    assert all(0 <= d < 2.0 for d in first)
    assert 0.25 < sum(d >= 1.6 for d in first) / len(first) < 0.5  # the last fifth: ~36 %, not 20 %
