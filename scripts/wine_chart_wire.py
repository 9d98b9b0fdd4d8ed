"""Check the chart process's wire (ui/dashboard/chart_wire.py) under Wine, with Windows' own CPython.

    .venv/bin/python scripts/wine_chart_wire.py

The window's charts cannot run under Wine 8 (numpy stops it: docs/windows.md), so this runs the wire alone:
the embeddable CPython the installer carries (fetched and hash-checked as scripts/build_windows.py does),
this work tree's chart_wire.py, chart_render.py and chart_process.py, and small child processes that answer,
hang, die, send junk, answer late, or never read their requests. Each case's outcome is compared with what
the app needs; the exit code is 0 when every one is as it should be. Needs Debian's wine; a throwaway
WINEPREFIX in a temp folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_windows import ROOT, fetch_runtime  # noqa: E402 - the build's own fetch, hash-checked

MODULES = ("chart_wire.py", "chart_render.py", "chart_process.py")

CHECK = r'''
import json, os, pickle, select, subprocess, sys, threading, time
from carehome_desk.ui.dashboard import chart_process, chart_wire
from carehome_desk.ui.dashboard.chart_wire import NoReply, Wire

CHILD = """
import os, pickle, sys, time
from carehome_desk.ui.dashboard.chart_wire import write_reply
from carehome_desk.ui.dashboard.chart_render import Picture
mode = sys.argv[1]
if mode == "deaf":
    time.sleep(600)
while True:
    try:
        request = pickle.load(sys.stdin.buffer)
    except EOFError:
        sys.exit(0)
    if mode == "hang":
        time.sleep(600)
    elif mode == "dead":
        os._exit(3)
    elif mode == "junk":
        sys.stdout.buffer.write(b"Traceback (most recent call last):\\n"); sys.stdout.buffer.flush()
    elif mode == "late":
        time.sleep(3)
        write_reply(sys.stdout.buffer, ("ok", Picture("late", 2, 1, bytes(8))))
    else:
        write_reply(sys.stdout.buffer, ("ok", Picture(str(request[1]), 300, 200, bytes(300 * 200 * 4))))
"""
found = {"on thread": chart_wire.READ_ON_THREAD}

def outcome(wire, request, wait):
    try:
        return "reply " + wire.ask(request, wait)[1].summary
    except NoReply as exc:
        return "late" if exc.late else "ended" if exc.ended else "refused"

child = subprocess.Popen([sys.executable, "-c", CHILD, "good"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
try:
    select.select([child.stdout.fileno()], [], [], 0)
    found["select on a pipe"] = "worked"
except OSError:
    found["select on a pipe"] = "OSError"
child.kill(); child.wait()

for mode in ("good", "hang", "dead", "junk", "late", "deaf"):
    child = subprocess.Popen([sys.executable, "-c", CHILD, mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    wire = Wire(child.stdin, child.stdout)
    big = b"x" * (1 << 20) if mode == "deaf" else b""  # far more than a pipe holds
    wait = 1.0 if mode in ("hang", "late", "deaf") else 60.0
    answers = [outcome(wire, ("render", "first", big), wait)]
    if mode == "late":
        time.sleep(4)  # its reply to the first request is there now
    if mode in ("good", "late"):
        answers.append(outcome(wire, ("render", "second", b""), 60.0))
    child.kill(); child.wait(10)
    wire.close()
    time.sleep(0.5)
    answers.append("tidy" if child.stdin.closed and child.stdout.closed and not [
        t for t in threading.enumerate() if t.name == "chart process wire"] else "left behind")
    found[mode] = answers

child = subprocess.Popen([sys.executable, "-c", "import sys, time\n"
                          "from carehome_desk.ui.dashboard.chart_process import nothing_waiting\n"
                          "print(nothing_waiting(sys.stdin.buffer), flush=True)\n"
                          "time.sleep(2)\nprint(nothing_waiting(sys.stdin.buffer), flush=True)\n"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
first = child.stdout.readline().strip()
child.stdin.write("a request"); child.stdin.flush()
found["nothing waiting"] = [first, child.stdout.readline().strip()]
child.kill(); child.wait()
print(json.dumps(found), flush=True)
'''

EXPECTED = {
    "on thread": True,
    "select on a pipe": "OSError",
    "good": ["reply first", "reply second", "tidy"],
    "hang": ["late", "tidy"],
    "dead": ["ended", "tidy"],
    "junk": ["refused", "tidy"],
    "late": ["late", "late", "tidy"],  # the late reply is never taken for the second request's
    "deaf": ["late", "tidy"],
    "nothing waiting": ["True", "False"],
}


def main() -> int:
    if shutil.which("wine") is None:
        print("wine_chart_wire needs Debian's wine:  sudo apt-get install wine wine64")
        return 1
    runtime, _name = fetch_runtime()
    with tempfile.TemporaryDirectory(prefix="chart-wire-wine-") as temp:
        here = Path(temp) / "python"
        shutil.copytree(runtime, here)
        package = here / "carehome_desk" / "ui" / "dashboard"
        package.mkdir(parents=True)
        for folder in (here / "carehome_desk", here / "carehome_desk" / "ui", package):
            (folder / "__init__.py").write_text("", encoding="utf-8")
        (here / "carehome_desk" / "paths.py").write_text('DB_ENV = "CAREHOME_DESK_DB"\n', encoding="utf-8")
        for module in MODULES:
            shutil.copy(ROOT / "carehome_desk" / "ui" / "dashboard" / module, package / module)
        (here / "check.py").write_text(CHECK, encoding="utf-8")
        env = dict(os.environ, WINEPREFIX=str(Path(temp) / "prefix"), WINEDEBUG="-all")
        done = subprocess.run(["wine", str(here / "python.exe"), str(here / "check.py")], env=env,
                              capture_output=True, text=True, timeout=600, cwd=here)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        print(f"wine_chart_wire: the check did not finish under Wine (exit code {done.returncode}):\n{done.stderr}")
        return 1
    found = json.loads(lines[-1])
    failed = 0
    for case, expected in EXPECTED.items():
        ok = found.get(case) == expected
        failed += not ok
        print(f"{'pass' if ok else 'FAIL'}  {case}: {found.get(case)}" + ("" if ok else f" (expected {expected})"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
