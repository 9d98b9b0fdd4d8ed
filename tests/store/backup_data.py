"""Real database files for the backup and restore tests: a demo home, and a way to damage one."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from carehome_desk.store.protection import KdfParams

CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
_BUILT: dict[str, Path] = {}


def demo_copy(tmp_path: Path, name: str = "carehome.sqlite3") -> Path:
    """A fresh copy of a demo home's database (built once per test session), at ``tmp_path/name``."""
    if "demo" not in _BUILT:
        from carehome_desk.demo import DemoOptions, build_demo

        folder = Path(tempfile.mkdtemp(prefix="carehome-backup-tests-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "demo.sqlite3"
        build_demo(path, DemoOptions())
        _BUILT["demo"] = path
    target = tmp_path / name
    shutil.copyfile(_BUILT["demo"], target)
    target.chmod(0o600)
    return target


def corrupt_middle(path: Path, size: int = 4096) -> Path:
    """Overwrite ``size`` bytes in the middle of the file (page-aligned), as a failing disk might."""
    length = path.stat().st_size
    assert length > 8 * size, "the file must have more than a few pages"
    offset = (length // 2) // size * size
    with open(path, "r+b") as file:
        file.seek(offset)
        file.write(bytes((i * 37 + 11) % 256 for i in range(size)))
    return path
