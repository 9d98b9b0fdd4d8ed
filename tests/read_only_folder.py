"""A real folder the program cannot write in, holding a copy of a database: for the tests of a healthy file
that SQLite cannot open there.

As root (who ignores a folder's permissions) the folder is a small tmpfs remounted read-only; otherwise a
plain folder whose write permission is taken away (chmod 0555). A test is skipped only when neither is
possible (root without permission to mount).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = os.geteuid() == 0


@contextmanager
def read_only_folder(where: Path, *files: Path) -> Iterator[Path]:
    """``where`` made, given copies of ``files`` (same names), then made read-only until the block ends."""
    where.mkdir(parents=True)
    if ROOT:
        made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m,mode=0755", "tmpfs", str(where)],
                              capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"root cannot mount a tmpfs here, and ignores folder permissions: {made.stderr.strip()}")
    try:
        for file in files:
            shutil.copyfile(file, where / file.name)
            (where / file.name).chmod(0o600)
        if ROOT:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        else:
            where.chmod(0o555)
        yield where
    finally:
        if ROOT:
            subprocess.run(["umount", "-l", str(where)], check=False)
        else:
            where.chmod(0o755)
