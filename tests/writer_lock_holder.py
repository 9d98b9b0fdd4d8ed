"""Another process holding a database's writer lock, as a second window or a writing command does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Takes the lock through the same core function as the window and the CLI, says so, then waits on stdin.
HOLDER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from carehome_desk.store.writer_lock import take_writer_lock\n"
    "lock = take_writer_lock(Path(sys.argv[1]))\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


@contextmanager
def lock_held_elsewhere(db: Path) -> Iterator[subprocess.Popen[str]]:
    """A second process holds ``db``'s writer lock until it is killed (at the end, if not before)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline().strip()
        assert line == "held", holder.stderr.read() if holder.stderr else line
        yield holder
    finally:
        kill(holder)


def kill(holder: subprocess.Popen[str]) -> None:
    """End the holder the hard way (SIGKILL: it releases nothing itself) and wait for it to be gone."""
    if holder.poll() is None:
        holder.kill()
    if holder.stdout is not None and not holder.stdout.closed:
        holder.communicate(timeout=30)  # reaps it and closes its pipes
