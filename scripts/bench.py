"""make bench: time and peak memory of the things a manager waits for, against bare baselines.

Builds demo databases at scale 1, 10 and 100 (cached in bench-out/), then runs each
measurement in a fresh Python process so peak memory is that job's alone. Prints a table and
writes bench-out/results.md; copy it into docs/performance.md with the machine it ran on.

    .venv/bin/python scripts/bench.py [floor] [main] [encryption] [--full] [--scales 1 10] [--pairs 7]

With no part named, `floor` runs (`make bench`, a few minutes): issue 20's rows at scales 1 and 10,
each measured process paired A B A B with a bare-Qt baseline in fresh processes (scripts/bench_floor.py);
`--full` adds scale 100 and the all-homes row. `main` runs the older best-of-three rows (export,
window, save) and `encryption` the scale-10 clear-against-encrypted rows (issue 14), also paired.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import bench_floor
from bench_jobs import JOBS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
TODAY = "22/11/2026"
#: What can be run alone: `scripts/bench.py encryption` runs only the encryption rows.
PARTS = {
    "floor": "issue 20: window, dashboard, save, keystrokes (and all homes at scale 100), paired with bare Qt",
    "main": "export, window, dashboard, keystroke and save at each of --scales, against bare baselines",
    "encryption": "scale 10, clear against an SQLCipher copy, paired (issue 14)",
    "own-import": "a manager's own 300-staff × 30-course matrix: read, mapped and imported (issue 19; target 3 s)",
}



def run(job: str, *args: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(OUT / "userdata"))
    proc = subprocess.run([sys.executable, "-c", JOBS[job], *args], capture_output=True, text=True, env=env,
                          timeout=1800)
    if proc.returncode != 0:
        return {"seconds": None, "peak_mb": None, "extra": proc.stderr.strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def own_import(repeat: int) -> list[str]:
    """Issue 19: scripts/own_import_benchmark.py in fresh processes, the best of ``repeat`` runs."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(OUT / "userdata"),
               PYTHONPATH=str(ROOT))
    runs = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "own_import_benchmark.py"), "--json"],
                              capture_output=True, text=True, env=env, timeout=600)
        if proc.returncode == 0:
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    got = min(runs, key=lambda r: r["seconds"]) if runs else {"seconds": None, "peak_mb": None, "extra": "failed"}
    lines = ["", "| measurement | time | peak memory | note |", "|---|---|---|---|",
             f"| own training matrix: read, suggest, import | {fmt(got['seconds'])} | {fmt(got['peak_mb'], 'MB')} | "
             f"{got['extra']} |"]
    for line in lines:
        print(line, flush=True)
    return lines


def best(job: str, repeat: int, *args: str) -> dict[str, object]:
    runs = [run(job, *args) for _ in range(repeat)]
    timed = [r for r in runs if r["seconds"] is not None]
    return min(timed, key=lambda r: r["seconds"]) if timed else runs[0]  # type: ignore[arg-type,return-value]


def demo(scale: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"demo-scale{scale}.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "carehome_desk", "demo", "--db", str(path), "--scale", str(scale),
                        "--today", TODAY], check=True, stdout=subprocess.DEVNULL)
        print(f"built scale {scale} demo in {time.perf_counter() - t:.1f} s", flush=True)
    return path


def _copy(db: Path) -> bool:
    """A scratch copy for the job that saves, so the cached demo stays as built."""
    import shutil

    shutil.copyfile(db, str(db) + ".save")
    return True


def fmt(value: object, unit: str = "s") -> str:
    if value is None:
        return "—"
    return f"{value:.3f} {unit}" if unit == "s" else f"{value:.0f} MB"


def encryption(pairs: int) -> list[str]:
    """Scale 10, clear against encrypted (issue 14: target ≤ 1.15×), paired A B A B in one run.

    Each pair runs the clear job then the encrypted one, each in a fresh process, and the ratio
    is taken within the pair, so the VM's drift over minutes cancels; the median of the ratios is
    the figure, the quartiles and the range its spread. The encrypted copy's password is sealed
    with a cheap Argon2id; the real derivation is timed on its own below the table.
    """
    scale = 10
    clear = demo(scale)
    password = OUT / "bench-password.txt"
    password.write_text("bench password for the encrypted copy\n", encoding="utf-8")
    password.chmod(0o600)
    secret = OUT / f"demo-scale{scale}-encrypted.sqlite3"
    real = OUT / f"demo-scale{scale}-encrypted-default-kdf.sqlite3"
    for target, kdf in ((secret, "cheap"), (real, "default")):
        made = run("protect", str(clear), str(target), str(password), kdf)
        if made["seconds"] is None:
            raise SystemExit(f"could not protect a copy of the scale-{scale} demo: {made['extra']}")
        print(f"encrypted a copy of the scale {scale} demo in {made['seconds']:.1f} s ({made['extra']})", flush=True)
    jobs = [
        ("evidence pack export, `carehome-desk export` start to finish", "cli_export",
         (str(clear), str(OUT / "pack-clear.xlsx")), (str(secret), str(OUT / "pack-encrypted.xlsx"), str(password)),
         "a fresh command each time (Python start-up, imports, writer process, 10 homes read); pack unprotected "
         "in both, the password given through CAREHOME_DESK_PASSWORD_FILE"),
        ("dashboard figures, the home on show", "dashboard_figures", (str(clear), "one"),
         (str(secret), "one", str(password)),
         "services/dashboard_data.compute as the window asks when it opens (tiles, needs list, four charts), "
         "first call in a fresh process, store opened before the clock"),
        ("dashboard figures, all homes", "dashboard_figures", (str(clear), "all"), (str(secret), "all", str(password)),
         "the All homes view: every home's summary row and needs list"),
    ]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in jobs}
    memory: dict[str, tuple[object, object]] = {}
    failed: dict[str, int] = {name: 0 for name, *_ in jobs}
    started = time.perf_counter()
    for i in range(pairs):
        for name, job, a_args, b_args, _ in jobs:
            a = run(job, *a_args)
            b = run(job, *b_args)
            if a["seconds"] is None or b["seconds"] is None:
                failed[name] += 1
                print(f"  {name}: a run failed: {a['extra'] if a['seconds'] is None else b['extra']}", flush=True)
                continue
            times[name].append((a["seconds"], b["seconds"]))  # type: ignore[arg-type]
            memory[name] = (a["peak_mb"], b["peak_mb"])
        print(f"  pair {i + 1}/{pairs} done ({time.perf_counter() - started:.0f} s)", flush=True)

    def spread(values: list[float]) -> str:
        if len(values) < 4:
            return f"range {min(values):.2f}–{max(values):.2f}×"
        q1, _, q3 = statistics.quantiles(values, n=4)
        return f"quartiles {q1:.2f}–{q3:.2f}×, range {min(values):.2f}–{max(values):.2f}×"

    lines = ["", f"Encryption at rest, scale {scale}: clear ÷ SQLCipher 4, {pairs} pairs run A B A B, each run a "
             "fresh process; ratio = encrypted ÷ clear within each pair (target ≤ 1.15×)", "",
             "| scale | measurement | clear (median) | encrypted (median) | ratio, median of pairs | spread of the "
             "ratios | peak memory, clear / encrypted | note |", "|---|---|---|---|---|---|---|---|"]
    for name, _, _, _, note in jobs:
        got = times[name]
        if not got:
            lines.append(f"| {scale} | {name} | — | — | — | — | — | every run failed |")
            continue
        ratios = [b / a for a, b in got]
        mem_a, mem_b = memory[name]
        lost = f"; {failed[name]} pair(s) failed and left out" if failed[name] else ""
        lines.append(f"| {scale} | {name} | {fmt(statistics.median(a for a, _ in got))} | "
                     f"{fmt(statistics.median(b for _, b in got))} | {statistics.median(ratios):.2f}× | "
                     f"{spread(ratios)} ({len(got)} pairs) | {fmt(mem_a, 'MB')} / {fmt(mem_b, 'MB')} | {note}{lost} |")
    # The one-off cost of unlocking with the real Argon2id (DEFAULT_KDF), once each, fresh processes.
    opened = [("clear", run("open", str(clear))), ("encrypted, cheap Argon2id", run("open", str(secret), str(password))),
              ("encrypted, real Argon2id", run("open", str(real), str(password)))]
    lines += ["", "Opening the store (fresh process each, run once): `Store.open` plus a first query, which for an "
              "encrypted file includes deriving the key from the password; before it, in the same process, the "
              "derivation alone (`protection.unlock`, what each lock-screen try costs) is timed on its own.", "",
              "| scale | file | Store.open, first query included | Argon2id derivation alone |", "|---|---|---|---|"]
    for label, result in opened:
        derive = result["extra"] if isinstance(result["extra"], float) else None
        lines.append(f"| {scale} | {label} | {fmt(result['seconds'])} | {fmt(derive)} |")
    for line in lines:
        print(line, flush=True)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", metavar="PART",
                        help=f"which rows to run: {', '.join(PARTS)} (default: floor and own-import)")
    parser.add_argument("--scales", type=int, nargs="+", default=None, help="default 1 10 (1 10 100 with --full)")
    parser.add_argument("--full", action="store_true", help="scale 100 as well (building its demo takes ~1 min)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=None,
                        help="pairs for the paired rows (default 7 for floor, 10 for encryption)")
    parser.add_argument("--rows", nargs="+", choices=bench_floor.ROWS, default=bench_floor.ROWS,
                        help="which floor rows to run (default all)")
    parser.add_argument("--saves", type=int, default=5, help="saves of each kind timed in the floor rows")
    args = parser.parse_args()
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(PARTS)}")
    parts = args.parts or ["floor", "own-import"]
    scales = args.scales or ([1, 10, 100] if args.full else [1, 10])
    # As installed (pip compiles a package's modules to bytecode as it installs it), not compiled from source at
    # every start: with PYTHONDONTWRITEBYTECODE set, a checkout's modules would be, while PySide6's are not.
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "carehome_desk"), quiet=1)
    lines = [f"Machine: {platform.node()} — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {platform.system()} {platform.release()}; run {date.today()}"]
    if "floor" in parts:
        lines += bench_floor.HEADER
        for scale in scales:
            lines += bench_floor.floor(demo(scale), scale, args.pairs or 7, args.saves,
                                       tuple(args.rows))
    if "main" in parts:
        lines += ["", "| scale | measurement | time | peak memory | baseline | ratio | note |",
                  "|---|---|---|---|---|---|---|"]
    for scale in scales if "main" in parts else []:
        db = demo(scale)
        ini = str(OUT / f"window-{scale}.ini")
        export = best("export", args.repeat, str(db), str(OUT / f"pack-{scale}.xlsx"))
        inline = best("export", args.repeat, str(db), str(OUT / f"pack-inline-{scale}.xlsx"), "inline")
        warm = best("export", args.repeat, str(db), str(OUT / f"pack-warm-{scale}.xlsx"), "prestarted")
        dump = best("raw_dump", args.repeat, str(OUT / f"dump-{scale}.xlsx"), str(export.get("extra") or 1000))
        same = best("same_dump", args.repeat, str(OUT / f"same-{scale}.xlsx"), str(OUT / f"pack-{scale}.xlsx"))
        window = best("window", args.repeat, str(db), ini)
        plain = best("plain_window", args.repeat)
        dashboard = best("dashboard", 1, str(db), ini)
        keystroke = best("filter_keystroke", 1, str(db), ini)
        save = best("save_refresh", 1, str(db) + ".save", ini) if _copy(db) else {"seconds": None, "peak_mb": None}

        def ratio(a: dict[str, object], b: dict[str, object]) -> str:
            if a["seconds"] is None or b["seconds"] is None:
                return "—"
            return f"{a['seconds'] / b['seconds']:.2f}×"  # type: ignore[operator]

        rows = [
            ("export of the pack", warm, "raw write-only dump of the pack's own cell values", same,
             f"{export.get('extra')} cells; as the window and the command line run it: the writer process is "
             "started when the Evidence pack page opens, or before the command opens the database"),
            ("export of the pack", warm, "raw write-only dump of as many short synthetic cells", dump,
             "the same export against the synthetic dump"),
            ("export, writer started at the click", export, "raw write-only dump of the pack's own cell values", same,
             "no head start: the writer process starts up while the registers are read"),
            ("export, writer started at the click", export, "raw write-only dump of as many short synthetic cells",
             dump, ""),
            ("export, written in one process", inline, "raw write-only dump of the pack's own cell values", same,
             "as on a one-core machine"),
            ("first window shown", window, "plain window", plain, ""),
            ("dashboard fully drawn", dashboard, "plain window", plain, dashboard.get("extra") or ""),
            ("filter keystroke, incident log", keystroke, "—", {"seconds": None}, keystroke.get("extra") or ""),
            ("save plus dashboard refresh", save, "—", {"seconds": None}, save.get("extra") or ""),
        ]
        for name, got, base_name, base, note in rows:
            line = (f"| {scale} | {name} | {fmt(got['seconds'])} | {fmt(got['peak_mb'], 'MB')} | {base_name}: "
                    f"{fmt(base['seconds'])} | {ratio(got, base)} | {note} |")
            print(line, flush=True)
            lines.append(line)
    if "encryption" in parts:
        lines += encryption(args.pairs or 10)
    if "own-import" in parts:
        lines += own_import(args.repeat)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWritten to {OUT / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
