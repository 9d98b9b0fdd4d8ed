"""Load on a PostgreSQL server: N office PCs saving and refreshing their dashboards at once (issue 21).

Starts a throwaway server (tests/pg_server.py) unless --db names one, builds the demo at --scale in a
file and copies it onto the server (carehome-desk copy), then starts one process per PC. Each PC
works on its own home: it saves a new member of staff (one audited transaction, timed), refreshes
that home's dashboard as the window does after a save (timed), then waits --think seconds, until
--seconds have passed. Afterwards it checks that every save reported done is on the server exactly
once (no lost or duplicated write), that the audit trail verifies, and counts refused saves
(deadlocks would show here). Prints a table for docs/performance.md.

    .venv/bin/python scripts/bench_server.py [--pcs 20] [--seconds 300] [--scale 100] [--think 1.0]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 22)


def _pc(number: int, url: str, home_id: int, seconds: float, think: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from carehome_desk.models.staff import StaffDetails, StaffRole
    from carehome_desk.services.dashboard import needs_action, tiles
    from carehome_desk.store import Store, StoreError

    now = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
    saves: list[float] = []
    refreshes: list[float] = []
    refused: list[str] = []
    names: list[str] = []
    with Store.open(url, user=f"PC {number}", clock=lambda: now) as store:
        home = store.homes.get(home_id)  # type: ignore[arg-type]
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            n += 1
            name = f"Load PC{number:02} Person {n:05}"
            t = time.perf_counter()
            try:
                store.staff.add(home.id, StaffDetails(name, StaffRole.RESIDENTIAL_WORKER, TODAY))
            except StoreError as exc:
                refused.append(str(exc))
            else:
                saves.append(time.perf_counter() - t)
                names.append(name)
            t = time.perf_counter()
            tiles(store, home, TODAY, now)
            needs_action(store, TODAY, home.urn)
            refreshes.append(time.perf_counter() - t)
            time.sleep(think)
    out.put({"pc": number, "saves": saves, "refreshes": refreshes, "refused": refused, "names": names})


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pcs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a PC waits between saves")
    parser.add_argument("--db", default=None, help="an empty server database (default: a throwaway server)")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from carehome_desk import paths
    from carehome_desk.demo import DemoOptions, build_demo
    from carehome_desk.store import Store
    from carehome_desk.store.copy import copy_into
    from carehome_desk.store.schema import staff

    folder = Path(tempfile.mkdtemp(prefix="carehome-load-"))
    paths.init(folder / "userdata")
    server = None
    url = args.db
    if url is None:
        from tests.pg_server import start_server

        server = start_server()
        url = server.url(server.empty_database())
    try:
        t = time.perf_counter()
        demo = build_demo(folder / "demo.sqlite3", DemoOptions(scale=args.scale, today=TODAY))
        with Store.open(demo, create=False) as original:
            copy_into(original.engine, url)
        print(f"Demo at scale {args.scale} built and copied in {time.perf_counter() - t:.0f} s", flush=True)
        with Store.open(url, create=False) as store:
            homes = [h.id for h in store.homes.list()]
            before = store.audit.head()[0]
        out: mp.Queue = mp.get_context("spawn").Queue()  # type: ignore[type-arg]
        ctx = mp.get_context("spawn")
        workers = [ctx.Process(target=_pc, args=(i + 1, url, int(homes[i % len(homes)]), args.seconds, args.think, out))
                   for i in range(args.pcs)]
        for w in workers:
            w.start()
        results = [out.get() for _ in workers]
        for w in workers:
            w.join()
        saves = [s for r in results for s in r["saves"]]
        refreshes = [s for r in results for s in r["refreshes"]]
        refused = [s for r in results for s in r["refused"]]
        written = [n for r in results for n in r["names"]]
        with Store.open(url, create=False) as store:
            with store.read() as conn:
                stored = [str(r[0]) for r in conn.execute(select(staff.c.full_name).where(
                    staff.c.full_name.like("Load PC%")))]
                total = int(conn.execute(select(func.count()).select_from(staff)).scalar_one())
            report = store.audit.verify()
        lost = sorted(set(written) - set(stored))
        duplicated = len(stored) - len(set(stored))
        unexpected = sorted(set(stored) - set(written))
        print(f"\n{args.pcs} PCs for {args.seconds:.0f} s at scale {args.scale} ({len(homes)} homes, {total:,} staff "
              f"after), think time {args.think} s")
        print("| measure | value |\n|---|---|")
        print(f"| saves done | {len(saves):,} |")
        print(f"| saves refused (deadlock, conflict, other) | {len(refused)} |")
        print(f"| save p50 / p95 / max | {_quantile(saves, .5) * 1000:.0f} / {_quantile(saves, .95) * 1000:.0f} / "
              f"{max(saves, default=0) * 1000:.0f} ms |")
        print(f"| dashboard refresh p50 / p95 | {_quantile(refreshes, .5) * 1000:.0f} / "
              f"{_quantile(refreshes, .95) * 1000:.0f} ms |")
        print(f"| lost writes / duplicated / unexpected | {len(lost)} / {duplicated} / {len(unexpected)} |")
        print(f"| audit trail | {report.summary()} (+{report.count - before:,} rows) |")
        if refused:
            print("Refused:", "; ".join(sorted(set(refused))[:3]))
        ok = not lost and not duplicated and not unexpected and report.intact
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        paths.init(None)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
