"""What is checked after each kill: one table entry per check.

``AFTER_KILL`` runs as soon as the killed process is gone; ``AFTER_NEXT_RUN`` once the next run (the
command again, as a manager would start it after a crash) has run. Each check returns None when all
is well, else one sentence saying what is wrong. To add a check, add a ``Check`` to a table; one
that needs a command this build may not have says so with ``available``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.crash.database import Counts, counts, integrity_problem
from tests.crash.harness import Run, cli, group_members, run_to_end, temporary_files
from tests.crash.targets import Target, command_exists


@dataclass
class Outcome:
    """What one kill left, and what it may legitimately have left."""

    run: Run
    target: Target
    #: The record counts the database may hold, in order: before the command, then after each of its
    #: all-or-nothing steps (an import is one step; the window's saves are one step each).
    states: list[Counts]
    #: How many steps the killed process said were done before it was killed (they must have stayed).
    confirmed: int = 0
    next_run: subprocess.CompletedProcess[str] | None = None
    survivors: list[tuple[int, str]] = field(default_factory=list)  # its processes right after the kill


def _integrity(o: Outcome) -> str | None:
    return integrity_problem(o.run.db, o.run.key())


def _all_or_nothing(o: Outcome) -> str | None:
    found = counts(o.run.db, o.run.key())
    allowed = o.states[o.confirmed:]
    if found in allowed:
        return None
    if found in o.states:
        return (f"a step the process reported done was lost: it confirmed {o.confirmed}, the database holds "
                f"the state after {o.states.index(found)}")
    base = o.states[0]
    diff = {t: found.get(t, 0) - base.get(t, 0) for t in sorted(set(found) | set(base))
            if found.get(t, 0) != base.get(t, 0)}
    return f"record counts are part-way: changed since the start {diff}, allowed {len(allowed)} whole states"


def _verify(o: Outcome) -> str | None:
    done = run_to_end(cli("verify", "--db", str(o.run.db), *o.run.password_args()), o.run.home)
    if done.returncode != 0:
        return f"'carehome-desk verify' failed (exit {done.returncode}): {(done.stdout + done.stderr).strip()[-500:]}"
    return None


def _products(o: Outcome) -> str | None:
    problems = [p for path in o.target.products(o.run) if (p := o.target.product_ok(o.run, path))]
    return "; ".join(problems) or None


def _next_run_works(o: Outcome) -> str | None:
    done = o.next_run
    if done is not None and done.returncode != 0:
        return f"the next run failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()[-500:]}"
    return None


def _no_temporary_files(o: Outcome) -> str | None:
    left = temporary_files(o.run)
    if left:
        return "temporary files left after the next run: " + ", ".join(str(p.relative_to(o.run.work)) for p in left)
    return None


def _no_processes(o: Outcome) -> str | None:
    left = group_members(o.run.pid)
    if left:
        return "processes of the killed run still running after the next run: " + "; ".join(
            f"{pid} {cmd[:120]}" for pid, cmd in left)
    return None


@dataclass(frozen=True)
class Check:
    """One check: its name, the function, and whether it can run on this build."""

    name: str
    check: Callable[[Outcome], str | None]
    available: Callable[[], bool] = lambda: True


AFTER_KILL: tuple[Check, ...] = (
    Check("integrity_check", _integrity),
    Check("all-or-nothing", _all_or_nothing),
    Check("verify", _verify, available=lambda: command_exists("verify")),  # part 1 of issue 15
    Check("target absent or complete", _products),
)

AFTER_NEXT_RUN: tuple[Check, ...] = (
    Check("next run works", _next_run_works),
    Check("no temporary files", _no_temporary_files),
    Check("no child processes", _no_processes),
)


def enabled(checks: tuple[Check, ...]) -> tuple[Check, ...]:
    """The checks this build can run."""
    return tuple(c for c in checks if c.available())
