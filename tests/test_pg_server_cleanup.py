"""The throwaway PostgreSQL server of the tests is stopped, and its folder removed, when a test run is ended
by SIGTERM (a CI job's time limit, ``timeout``), not only when it finishes."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.pg_server import PgServer


_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from tests.pg_server import start_server
server = start_server()
print(server.folder, flush=True)
sys.stdin.read()  # until the parent ends it
"""


def _running(folder: Path) -> bool:
    found = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return any(line.endswith(f"-D {folder}/data") or f"-D {folder}/data " in line for line in found.splitlines())


def test_sigterm_stops_the_server_and_removes_its_folder(pg_server: PgServer) -> None:
    root = str(Path(__file__).resolve().parents[1])
    child = subprocess.Popen([sys.executable, "-c", _CHILD, root], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout is not None
        folder = Path(child.stdout.readline().strip())
        assert folder.is_dir() and _running(folder)
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert code == -signal.SIGTERM  # it still ends as SIGTERM asked
    assert not folder.exists()
    assert not _running(folder)


