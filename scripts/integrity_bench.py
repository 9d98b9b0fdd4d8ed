"""Time the open-time integrity check (store/integrity.py) on database files: median of N runs.

    python scripts/integrity_bench.py FILE [FILE …] [--password-file F] [--runs 5]

Each run opens its own read-only connection, as the store does, so the time includes the open.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from carehome_desk.store.connect import is_clear_sqlite, open_connection
from carehome_desk.store.integrity import check_file
from carehome_desk.store.protection import unlock


def _pragma(path: Path, key: bytes | None, pragma: str) -> float:
    started = time.perf_counter()
    conn = open_connection(path, key=key, read_only=True)
    try:
        conn.execute(pragma).fetchall()
    finally:
        conn.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--password-file", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    password = args.password_file.read_text().splitlines()[0] if args.password_file else None
    for path in args.files:
        key = None if is_clear_sqlite(path) else unlock(path, password=password)
        rows = {"check on open (check_file)": lambda: check_file(path, key).seconds}
        for pragma in ("PRAGMA quick_check", "PRAGMA integrity_check"):
            rows[pragma] = lambda pragma=pragma: _pragma(path, key, pragma)
        size = path.stat().st_size / 1e6
        print(f"{path.name}: {size:.0f} MB, {'encrypted' if key else 'clear'}")
        for name, run in rows.items():
            times = sorted(run() for _ in range(args.runs))
            print(f"  {name:<28} median {statistics.median(times) * 1000:7.1f} ms  "
                  f"(min {times[0] * 1000:.1f}, max {times[-1] * 1000:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
