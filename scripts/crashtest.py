"""make crashtest: kill import, export, backup, restore (when it exists) and a window save at random
moments, and check after each kill that nothing was half-done or left behind.

    CRASHTEST_RUNS=100 make crashtest          # more kills per target (default 20)
    CRASHTEST_SEED=1234 make crashtest         # replay: the same seed gives the same kill moments
    python scripts/crashtest.py --targets export --databases protected --runs 5 --seed 1234

The machinery and its tables of targets and checks live in tests/crash/ (harness.py explains the
method). Exit code 0 only when every check passed after every kill.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.crash.runner import Suite, run_suite, summary  # noqa: E402
from tests.crash.targets import TARGETS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    names = [t.name for t in TARGETS]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("CRASHTEST_RUNS", "20")),
                        help="kills per target and database (default: CRASHTEST_RUNS, else 20)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASHTEST_SEED") or random.randrange(10**6)),
                        help="the seed of every kill moment (default: CRASHTEST_SEED, else a new one, printed)")
    parser.add_argument("--scale", type=int, default=int(os.environ.get("CRASHTEST_SCALE", "2")),
                        help="size of the demo database, in homes (default 2)")
    parser.add_argument("--targets", nargs="+", choices=names, default=names)
    parser.add_argument("--protected", nargs="*", choices=names, default=names,
                        help="targets also run on a password-protected database (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the folders of runs that passed too")
    parser.add_argument("--root", type=Path, default=None, help="work folder (default: a new temporary one)")
    args = parser.parse_args(argv)
    root = args.root or Path(tempfile.mkdtemp(prefix="carehome-crashtest-"))
    suite = Suite(root=root / "work", runs=args.runs, seed=args.seed, scale=args.scale,
                  targets=tuple(args.targets), protected_targets=tuple(args.protected), keep_passing=args.keep)
    started = time.monotonic()
    reports = run_suite(suite, say=lambda line: print(line, flush=True))
    print()
    print(summary(reports))
    failures = [f for r in reports for f in r.failures]
    print(f"\nseed {suite.seed}; {sum(r.runs for r in reports)} kills in {time.monotonic() - started:.0f} s; "
          f"{len(failures)} problems")
    for f in failures:
        print(f"- {f.target} ({f.database}) run {f.run}, killed at {f.delay:.3f} s: {f.problem}\n"
              f"  kept in {f.folder}; replay: python scripts/crashtest.py --seed {suite.seed} "
              f"--targets {f.target} --runs {f.run + 1}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
