"""Real database files with real damage: a demo home, then 4 KB overwritten in its middle.

The offset is chosen so that SQLite's full integrity_check really fails (a page of a table or an index
is hit); if one candidate does not, its bytes are put back and the next page is tried, so every test
starts from the same damaged file.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.store.connect import DATABASE_ERRORS, open_connection

PAGE = 4096
DAMAGE = bytes([0xA5]) * PAGE


def build_sound(path: Path, scale: int = 1) -> Path:
    """A fictional demo home (deterministic: fixed seed and date) at ``path``."""
    return build_demo(path, DemoOptions(scale=scale, seed=2015, today=date(2026, 11, 22)))


def integrity_fails(path: Path, key: bytes | None = None) -> bool:
    """True when SQLite's full integrity_check does not say ok (or cannot even run)."""
    try:
        conn = open_connection(path, key=key, read_only=True)
        try:
            return conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
        finally:
            conn.close()
    except DATABASE_ERRORS:
        return True


def damage_middle(path: Path, key: bytes | None = None) -> int:
    """Overwrite 4 KB (one page) in the middle of ``path`` so that integrity_check fails; return the offset."""
    pages = path.stat().st_size // PAGE
    middle = pages // 2
    for step in range(pages):
        page = middle + (step // 2 + 1) * (1 if step % 2 else -1) if step else middle
        if not 1 <= page < pages:  # page 0 is the header and schema: damage there is another test
            continue
        offset = page * PAGE
        with open(path, "r+b") as file:
            file.seek(offset)
            original = file.read(PAGE)
            file.seek(offset)
            file.write(DAMAGE)
        if integrity_fails(path, key):
            return offset
        with open(path, "r+b") as file:  # a free page, say: put it back and try the next
            file.seek(offset)
            file.write(original)
    raise AssertionError(f"no page of {path} made integrity_check fail")


def damage_first_page(path: Path) -> None:
    """Overwrite the first 4 KB after the first 16 bytes (the header or an encrypted file's salt)."""
    with open(path, "r+b") as file:
        file.seek(16)
        file.write(DAMAGE[16:])


def digest(path: Path) -> str:
    """The file's SHA-256, to show it was not changed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_database(source: Path, target: Path) -> Path:
    """A plain copy of a closed database file (and its key file, if it has one)."""
    shutil.copyfile(source, target)
    keys = Path(f"{source}.keys")
    if keys.exists():
        shutil.copyfile(keys, Path(f"{target}.keys"))
    return target
