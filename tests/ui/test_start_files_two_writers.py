"""Two copies of the app (or an app and its chart process) writing the same kept file at the same moment: a
reader only ever finds one writer's whole file, and nothing is left beside it.

Real processes writing real files in a loop while this test reads. Nothing is timed: with one temporary name
shared by every writer (as the layouts had), a reader found a mixture or a cut-short file hundreds of times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carehome_desk import paths
from carehome_desk.start_snapshot import FILENAME
from carehome_desk.ui.dashboard.chart_render import LAYOUTS_FILE

WRITES = 1000

LAYOUTS_WRITER = f"""
import sys
from pathlib import Path
from carehome_desk.ui.dashboard.chart_render import Renderer
renderer = Renderer(Path(sys.argv[1]) / {LAYOUTS_FILE!r})
renderer._layouts = {{f"chart{{i}}": ("k" * 10000 + sys.argv[2], [[0.1, 0.1, 0.8, 0.8]], None) for i in range(20)}}
for _ in range({WRITES}):
    renderer._write_layouts()
"""

SNAPSHOT_WRITER = f"""
import sys
from pathlib import Path
from carehome_desk import paths, start_snapshot
paths.init(Path(sys.argv[1]))
kept = start_snapshot.Snapshot({{"file": sys.argv[2], "day": "2026-12-07"}}, 1, [(1, "Oak Lodge " + "x" * 40000, "SC1")], False, "", [])
for _ in range({WRITES}):
    start_snapshot.save(kept)
"""


@pytest.mark.parametrize(("writer", "name"), [(LAYOUTS_WRITER, LAYOUTS_FILE), (SNAPSHOT_WRITER, FILENAME)],
                         ids=["layouts", "tiles"])
def test_two_writers_at_once_leave_one_whole_file(tmp_path: Path, writer: str, name: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    paths.init(folder)
    target = folder / name
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    writers = [subprocess.Popen([sys.executable, "-c", writer, str(folder), who], env=env) for who in "AB"]
    unreadable = whole = 0
    while any(w.poll() is None for w in writers):
        try:
            json.loads(target.read_text(encoding="utf-8"))
            whole += 1
        except FileNotFoundError:
            pass
        except ValueError:
            unreadable += 1
    assert [w.returncode for w in writers] == [0, 0]
    assert unreadable == 0, f"{unreadable} of {unreadable + whole} reads found a mixture or a cut-short file"
    assert [p.name for p in folder.iterdir()] == [name]
