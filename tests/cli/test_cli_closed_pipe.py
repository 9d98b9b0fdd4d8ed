"""`carehome-desk … | head`: the reader closing the pipe early is no error worth a message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from carehome_desk.demo import DemoOptions, build_demo


@pytest.mark.skipif(os.name != "posix", reason="a pipe closed by its reader is a POSIX shell's case")
def test_history_into_a_reader_that_has_gone_says_nothing_and_reports_a_closed_pipe(tmp_path: Path) -> None:
    db = build_demo(tmp_path / "demo.sqlite3", DemoOptions())
    env = dict(os.environ, CAREHOME_DESK_HOME=str(tmp_path / "home"))
    shown = subprocess.run(
        f'"{sys.executable}" -m carehome_desk history --db "{db}" | true; echo "rc=${{PIPESTATUS[0]}}"',
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=env, timeout=120)
    # `true` has gone before the command, still starting, writes its first change: the pipe is closed by then
    assert shown.stdout.splitlines() == ["rc=141"]
    assert "Broken pipe" not in shown.stderr and "Traceback" not in shown.stderr
    assert shown.stderr == ""
